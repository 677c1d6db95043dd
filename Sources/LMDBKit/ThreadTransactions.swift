#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts, per OS thread, the transactions the thread has open across all environments, so that a nested
/// transaction neither re-enters the resize gate (which could deadlock behind a waiting resize) nor tries to grow
/// the map while the thread itself holds the gate.
enum ThreadTransactions {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var depth: Int {
        Int(bitPattern: pthread_getspecific(key))
    }

    static func enter() {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: depth + 1))
    }

    static func leave() {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: depth - 1))
    }
}
