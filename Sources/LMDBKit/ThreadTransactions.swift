#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts, per OS thread, the transactions the thread has open: in all environments together and in each one.
///
/// A transaction nested in one of the same environment must not re-enter that environment's resize gate (it already
/// holds it, and re-entering could deadlock behind a waiting resize). A transaction nested in one of *another*
/// environment must enter its own environment's gate, or that environment could remap its map under it; it enters
/// without waiting for pending resizes (see `ResizeGate.enterSharedNested`). A thread that holds any transaction
/// never grows a map itself.
enum ThreadTransactions {
    /// One thread's counts; reached only from its own thread.
    private final class Counts {
        var total = 0
        var perEnvironment: [ObjectIdentifier: Int] = [:]
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Counts>.fromOpaque(pointer).release() }
        }
        return key
    }()

    private static var counts: Counts {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Counts>.fromOpaque(pointer).takeUnretainedValue()
        }
        let counts = Counts()
        pthread_setspecific(key, Unmanaged.passRetained(counts).toOpaque())
        return counts
    }

    /// Transactions this thread has open, in every environment.
    static var depth: Int { counts.total }

    /// Transactions this thread has open in `environment`.
    static func depth(in environment: ObjectIdentifier) -> Int {
        counts.perEnvironment[environment] ?? 0
    }

    static func enter(_ environment: ObjectIdentifier) {
        let counts = self.counts
        counts.total += 1
        counts.perEnvironment[environment, default: 0] += 1
    }

    static func leave(_ environment: ObjectIdentifier) {
        let counts = self.counts
        counts.total -= 1
        let remaining = (counts.perEnvironment[environment] ?? 1) - 1
        counts.perEnvironment[environment] = remaining > 0 ? remaining : nil
    }
}
