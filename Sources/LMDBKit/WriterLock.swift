#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock that serializes write transactions inside the process (LMDB serializes them across processes too, but
/// growing the map needs the writer to stay out while it waits for readers).
final class WriterLock: @unchecked Sendable {
    // @unchecked: a pthread mutex is safe to share between threads; it is only locked and unlocked.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func locked<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Like `locked`, but polls instead of blocking, and throws `LMDBError.mapFullInNestedTransaction` as soon as
    /// `giveUp` returns true while the lock is taken. For a thread that holds the resize gate, whose lock holder may be
    /// waiting for it.
    func lockedPolling<R>(giveUpWhen giveUp: () -> Bool, _ body: () throws -> R) throws -> R {
        var pause: UInt32 = 20
        while pthread_mutex_trylock(mutex) != 0 {
            if giveUp() { throw LMDBError.mapFullInNestedTransaction }
            usleep(pause)
            pause = min(pause * 2, 1_000)
        }
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
