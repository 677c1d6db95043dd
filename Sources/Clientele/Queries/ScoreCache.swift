#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDBKit

/// The latest population score snapshot, with the rules for reusing it.
///
/// Population queries need the snapshot of the transaction they read (`snapshot(_:)`): it is reused while no write
/// has committed since it was taken. One customer's scores may use an older snapshot (`snapshot(_:staleness:)`):
/// one taken at most `staleness` seconds ago, ranking the customer's current values against that population. Either
/// way at most one snapshot is built at a time: callers that need one while another caller builds it wait for that
/// one and use it when it fits, so N callers after a write build it once, not N times.
final class ScoreCache: Sendable {
    private struct Entry: Sendable {
        var snapshot: ScoreSnapshot
        /// When it was built (monotonic seconds).
        var builtAt: Double
    }

    private let latest = Locked<Entry?>(nil)
    /// Held while building, so builds are one at a time.
    private let building = Locked<Int>(0)
    /// Snapshots built so far (for tests: the number of population rebuilds).
    private let builds = Locked<Int>(0)

    /// How many snapshots were built since the store was opened.
    var buildCount: Int { builds.withLock { $0 } }

    /// Forgets the cached snapshot.
    func invalidate() { latest.withLock { $0 = nil } }

    /// The snapshot for the transaction `reader` reads, building it when the cached one is older.
    func snapshot(_ reader: StoreReader) throws -> ScoreSnapshot {
        try snapshot(reader) { entry in entry.snapshot.transactionID == reader.txn.id }
    }

    /// A snapshot built at most `staleness` seconds ago (any transaction), else the one of `reader`'s transaction.
    /// Inside a write transaction (whose changes may yet be rolled back) only the transaction's own snapshot is used.
    func snapshot(_ reader: StoreReader, staleness: Double) throws -> ScoreSnapshot {
        guard staleness > 0, !reader.isInsideWrite else { return try snapshot(reader) }
        let id = reader.txn.id
        return try snapshot(reader) { entry in
            entry.snapshot.transactionID == id
                || (entry.snapshot.transactionID <= id && Self.now() - entry.builtAt <= staleness)
        }
    }

    private func snapshot(_ reader: StoreReader, fits: (Entry) -> Bool) throws -> ScoreSnapshot {
        if let cached = latest.withLock({ $0 }), fits(cached) { return cached.snapshot }
        return try building.withLock { _ in
            // Another caller may have built a fitting one while this one waited.
            if let cached = latest.withLock({ $0 }), fits(cached) { return cached.snapshot }
            let built = try ScoreSnapshot.build(
                reader.schema, txn: reader.txn, customerCeiling: try reader.customerCeiling())
            builds.withLock { $0 += 1 }
            // A snapshot taken inside a write transaction is not kept: the write may still be rolled back.
            if !reader.isInsideWrite {
                let entry = Entry(snapshot: built, builtAt: Self.now())
                latest.withLock { current in
                    if (current?.snapshot.transactionID ?? Int.min) <= built.transactionID { current = entry }
                }
            }
            return built
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

extension StoreReader {
    /// The highest customer number handed out so far.
    func customerCeiling() throws -> UInt64 {
        try schema.meta.counter(.customerSequence, in: txn)
    }
}
