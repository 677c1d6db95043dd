#if CLIENTELE_FAULT_POINTS
import Synchronization

/// Injected LMDB failures for tests: arm a point and its n-th call fails with the given code instead of reaching
/// LMDB (for `.commit`, the transaction is aborted and the commit reports the code). Exists in debug builds only.
///
/// ```swift
/// env.faults.arm(.put, onCall: 3, code: .io)   // the third put fails with EIO
/// ```
public final class FaultPoints: Sendable {
    /// Where a failure can be injected.
    public enum Point: Sendable, Hashable, CaseIterable {
        case beginRead, beginWrite, get, put, delete, cursor, commit
    }

    private let anyArmed = Atomic<Bool>(false)
    private let armed = Locked<[Point: (remaining: Int, code: MDBCode)]>([:])
    private let firedCount = Atomic<Int>(0)

    init() {}

    /// Makes the `call`-th call (1-based) of `point` from now on fail with `code`, once.
    public func arm(_ point: Point, onCall call: Int, code: MDBCode) {
        armed.withLock { $0[point] = (max(1, call), code) }
        anyArmed.store(true, ordering: .releasing)
    }

    /// Removes every armed failure.
    public func disarm() {
        armed.withLock { $0.removeAll() }
        anyArmed.store(false, ordering: .releasing)
    }

    /// How many injected failures have fired.
    public var fired: Int { firedCount.load(ordering: .acquiring) }

    /// Counts a call of `point`; returns the code to fail with when an armed failure is due.
    func fire(_ point: Point) -> MDBCode? {
        guard anyArmed.load(ordering: .acquiring) else { return nil }
        let code: MDBCode? = armed.withLock { table in
            guard let entry = table[point] else { return nil }
            if entry.remaining <= 1 {
                table[point] = nil
                return entry.code
            }
            table[point] = (entry.remaining - 1, entry.code)
            return nil
        }
        if code != nil { firedCount.add(1, ordering: .relaxed) }
        return code
    }
}
#else
/// Release builds carry no fault points: an empty stand-in, so the LMDB call wrappers (`LMDBCalls.swift`) have one
/// signature in every build.
final class FaultPoints: Sendable {
    init() {}
}
#endif
