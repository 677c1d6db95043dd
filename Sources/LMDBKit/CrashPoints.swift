#if CLIENTELE_FAULT_POINTS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Named crash points for crash tests (debug builds only): `CLIENTELE_CRASH_AT=point:n` makes the process kill
/// itself with SIGKILL the n-th time it reaches `point`:
///
/// - `put`: inside a write transaction, right after the n-th put (counted over the process),
/// - `before-commit`: after a write closure returned, before `MDB.txnCommit`,
/// - `after-commit`: after `MDB.txnCommit` succeeded, before `write` returns to its caller.
///
/// A test runs a child process with the variable set and checks that each transaction is entirely present or
/// entirely absent after reopening.
public enum CrashPoint: String, Sendable, CaseIterable {
    case put
    case beforeCommit = "before-commit"
    case afterCommit = "after-commit"

    private static let plan: (point: CrashPoint, count: Int)? = {
        guard let raw = getenv("CLIENTELE_CRASH_AT") else { return nil }
        let parts = String(cString: raw).split(separator: ":")
        guard parts.count == 2, let point = CrashPoint(rawValue: String(parts[0])), let count = Int(parts[1]),
              count >= 1 else { return nil }
        return (point, count)
    }()

    private static let reached = Atomic<Int>(0)
    private static let armed = Atomic<Bool>(false)

    /// Starts counting (call it once the process has opened what it needs: opening a store writes too).
    public static func arm() { armed.store(true, ordering: .releasing) }

    /// Counts a pass through `point`; kills the process when the plan says so.
    static func pass(_ point: CrashPoint) {
        guard let plan, plan.point == point, armed.load(ordering: .acquiring) else { return }
        let count = reached.add(1, ordering: .relaxed).newValue
        if count == plan.count { kill(getpid(), SIGKILL) }
    }
}
#endif
