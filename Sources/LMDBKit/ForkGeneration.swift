#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Incremented in every child process right after `fork()`, so an environment can tell in one atomic load that
/// it is being used in a process that did not open it.
enum ForkGeneration {
    private static let counter = Atomic<Int>(0)
    private static let installed: Bool = {
        pthread_atfork(nil, nil, { ForkGeneration.counter.add(1, ordering: .relaxed) })
        return true
    }()

    /// The current generation; installs the fork handler on first use.
    static var current: Int {
        _ = installed
        return counter.load(ordering: .relaxed)
    }
}
