#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gate every transaction of an environment passes: transactions hold it shared; growing the map holds it
/// exclusively, because LMDB allows `MDB.envSetMapSize` only while no transaction of the process is open.
///
/// A waiting resize blocks new transactions (writer preference), so readers cannot starve it.
final class ResizeGate: @unchecked Sendable {
    // Guarded by `mutex`; @unchecked Sendable because all state is accessed under the pthread mutex.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var shared = 0
    private var exclusiveWaiting = 0
    private var exclusiveHeld = false

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func enterShared() {
        pthread_mutex_lock(mutex)
        while exclusiveHeld || exclusiveWaiting > 0 { pthread_cond_wait(condition, mutex) }
        shared += 1
        pthread_mutex_unlock(mutex)
    }

    /// How long a transaction nested in one of another environment defers to a waiting resize.
    static let nestedDeferral: Int = 1_000_000_000  // nanoseconds

    /// Enters for a transaction nested in a transaction of *another* environment.
    ///
    /// It gives a waiting resize priority, as `enterShared` does, but only for `nestedDeferral`; after that it waits
    /// only for a resize that is running. The waiting resize may be waiting, through the other environment, for the
    /// very transaction this thread holds (transactions of two environments nested in opposite orders on two
    /// threads while both grow), so waiting for it without a bound could deadlock. A running resize only calls
    /// `MDB.envSetMapSize` and ends. Either way the resize never runs while this transaction is open.
    func enterSharedNested() {
        pthread_mutex_lock(mutex)
        if exclusiveHeld || exclusiveWaiting > 0 {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let nanoseconds = Int(deadline.tv_nsec) + Self.nestedDeferral
            deadline.tv_sec += nanoseconds / 1_000_000_000
            deadline.tv_nsec = nanoseconds % 1_000_000_000
            while exclusiveHeld || exclusiveWaiting > 0 {
                if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
            }
        }
        while exclusiveHeld { pthread_cond_wait(condition, mutex) }
        shared += 1
        pthread_mutex_unlock(mutex)
    }

    func leaveShared() {
        pthread_mutex_lock(mutex)
        shared -= 1
        if shared == 0 { pthread_cond_broadcast(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// Whether a resize is waiting for the gate (or holding it).
    var resizeWaiting: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return exclusiveWaiting > 0 || exclusiveHeld
    }

    /// Runs `body` once no transaction holds the gate, with new transactions kept out until it returns.
    func exclusively<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        exclusiveWaiting += 1
        while shared > 0 || exclusiveHeld { pthread_cond_wait(condition, mutex) }
        exclusiveWaiting -= 1
        exclusiveHeld = true
        pthread_mutex_unlock(mutex)
        defer {
            pthread_mutex_lock(mutex)
            exclusiveHeld = false
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        return try body()
    }
}
