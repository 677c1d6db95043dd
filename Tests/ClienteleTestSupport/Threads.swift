#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization


/// A set of OS threads (not tasks: LMDB transactions belong to threads) that can be joined.
public final class ThreadGroup: Sendable {
    public init() {}
    private let group = DispatchGroup()

    /// Starts `body` on a new thread.
    public func spawn(name: String = "lmdbkit-test", _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread { [group] in
            body()
            group.leave()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for every spawned thread to finish.
    public func join() { group.wait() }

    /// Waits at most `seconds` for every spawned thread; returns whether they all finished. Only a guard against
    /// deadlocks (a test that would otherwise hang forever), never a performance assertion.
    public func join(deadlockGuard seconds: Int) -> Bool {
        group.wait(timeout: .now() + .seconds(seconds)) == .success
    }
}

/// A flag set once by one thread and polled by others.
public final class StopFlag: Sendable {
    public init() {}
    private let value = Atomic<Bool>(false)
    public var isSet: Bool { value.load(ordering: .acquiring) }
    public func set() { value.store(true, ordering: .releasing) }
}

/// A thread-safe counter.
public final class Counter: Sendable {
    public init() {}
    private let value = Atomic<Int>(0)
    public func add(_ amount: Int = 1) { value.add(amount, ordering: .relaxed) }
    public var count: Int { value.load(ordering: .acquiring) }
}

/// Collects failures seen on background threads (where `#expect` has no test to attach to), to check afterwards.
public final class FailureLog: Sendable {
    public init() {}
    private let entries = Mutex<[String]>([])

    public func record(_ message: String) { entries.withLock { $0.append(message) } }

    public var all: [String] { entries.withLock { $0 } }

    /// The first few entries, for a failure message.
    public var summary: String {
        let all = self.all
        return all.isEmpty ? "none" : "\(all.count) failures, first: " + all.prefix(5).joined(separator: " | ")
    }
}
