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
}
