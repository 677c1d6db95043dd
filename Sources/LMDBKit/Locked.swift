#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex: `Synchronization.Mutex`'s `withLock`, on a lock Thread Sanitizer sees.
///
/// The standard `Mutex` takes its contended path inside the (uninstrumented) Synchronization library, so under
/// `scripts/tsan.sh` two threads that really were serialized by it could be reported as a race. `pthread_mutex_lock`
/// is intercepted by the sanitizer on every path. Used for the engine's few shared tables (the environment registry,
/// fault points, the group-commit queue, the score cache).
public final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is read and written only between `pthread_mutex_lock` and `pthread_mutex_unlock`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    /// - Throws: whatever `body` throws.
    public func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
