#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDBKit

/// The latest population score snapshot, with the rules for reusing it.
///
/// Population queries need the snapshot of the transaction they read (`snapshot(_:)`): it is reused while no write
/// has committed since it was taken. One customer's scores may use an older snapshot
/// (`snapshot(_:staleness:refresh:)`): one taken at most `staleness` seconds ago, ranking the customer's current
/// values against that population. Past `staleness` the cached snapshot is still served while one refresh rebuilds
/// it in the background, so no reader waits for a rebuild once a snapshot exists. At most one snapshot is built at
/// a time: callers that need one while another builds it wait for that one and use it when it fits, so N callers
/// after a write build it once, not N times.
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
    /// Whether a background refresh has been started and not finished.
    private let refreshing = Locked<Bool>(false)
    /// How many stalenesses old a served snapshot may grow while its refresh is late (a failed or stuck refresh);
    /// beyond it the reader rebuilds itself.
    static let refreshGrace = 10.0

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
    ///
    /// Past `staleness`, the cached snapshot is returned and `refresh` is called once to rebuild it off this thread
    /// (it must call `refreshed()` when done); only while none is cached, or when the cached one is
    /// `refreshGrace` stalenesses old, does this caller build.
    func snapshot(
        _ reader: StoreReader, staleness: Double, refresh: @Sendable () -> Void
    ) throws -> ScoreSnapshot {
        guard staleness > 0, !reader.isInsideWrite else { return try snapshot(reader) }
        let id = reader.txn.id
        if let cached = latest.withLock({ $0 }), cached.snapshot.transactionID <= id {
            let age = Self.now() - cached.builtAt
            if cached.snapshot.transactionID == id || age <= staleness { return cached.snapshot }
            if age <= staleness * Self.refreshGrace {
                let start = refreshing.withLock { running in
                    defer { running = true }
                    return !running
                }
                if start { refresh() }
                return cached.snapshot
            }
        }
        return try snapshot(reader) { entry in
            entry.snapshot.transactionID == id
                || (entry.snapshot.transactionID <= id && Self.now() - entry.builtAt <= staleness)
        }
    }

    /// Builds the snapshot of `reader`'s transaction for a background refresh, and ends the refresh.
    func refresh(_ reader: StoreReader) throws {
        defer { refreshed() }
        _ = try snapshot(reader)
    }

    /// Marks the background refresh finished (also when it failed: the next stale read starts another).
    func refreshed() { refreshing.withLock { $0 = false } }

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
