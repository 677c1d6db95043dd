#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gate every transaction of an environment passes: transactions hold it shared; growing the map holds it
/// exclusively, because LMDB allows `mdb_env_set_mapsize` only while no transaction of the process is open.
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

    /// Enters for a transaction nested in a transaction of *another* environment: waits only for a resize that is
    /// running, not for one that is waiting. A waiting resize may be waiting for the outer transaction to end (through
    /// the other environment), so waiting for it could deadlock; a running resize only calls `mdb_env_set_mapsize`.
    func enterSharedNested() {
        pthread_mutex_lock(mutex)
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
