import Dispatch
import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// One customer's scores right after a write (`Store.customerRFM`, `StoreOptions.scoreStaleness`): ranked against a
/// population snapshot at most that old, rebuilt by one caller, exact after a refresh.
@Suite("Score staleness")
struct ScoreStalenessTests {
    /// A store with that score staleness and 300 customers' purchases drawn from `random`; `warmed`: with the
    /// population snapshot built (by one read).
    static func store(staleness: Double, warmed: Bool = false, random: inout TestGenerator) throws -> TemporaryStore {
        let customers = 300
        var options = TemporaryStore.defaultOptions
        options.scoreStaleness = staleness
        let temporary = try TemporaryStore(options: options)
        // Every customer buys at least once (so `c1` exists), some several times.
        try temporary.store.recordAll((0..<customers * 3).map { index in
            line("c\(index < customers ? index : Int.random(in: 0..<customers, using: &random))",
                 daysAgo(Int.random(in: 1...700, using: &random)), Int64.random(in: 100...90_000, using: &random))
        })
        if warmed { _ = try temporary.store.customerRFM(externalID: "c1") }
        return temporary
    }

    /// `store(staleness:warmed:random:)` with a fresh generator.
    static func store(staleness: Double, warmed: Bool = false) throws -> TemporaryStore {
        var random = TestGenerator()
        return try store(staleness: staleness, warmed: warmed, random: &random)
    }

    /// The scores of every customer in a snapshot built now, from scratch.
    static func fullRebuild(_ store: Store) throws -> ScoreSnapshot {
        try store.read { reader in
            try ScoreSnapshot.build(reader.schema, txn: reader.txn, customerCeiling: try reader.customerCeiling())
        }
    }

    @Test("N reads after writes build the population snapshot at most once within the staleness")
    func oneRebuild() throws {
        var random = TestGenerator()
        let temporary = try Self.store(staleness: 3_600, warmed: true, random: &random)
        let store = temporary.store!
        let before = store.scoreCache.buildCount
        for round in 0..<50 {
            let customer = "c\(Int.random(in: 0..<300, using: &random))"
            try store.write { try $0.record(line(customer, daysAgo(0), 5_000)) }
            let rfm = try store.customerRFM(externalID: customer)
            #expect(rfm?.orders ?? 0 >= 1, "round \(round), seed \(random.seed)")
        }
        #expect(store.scoreCache.buildCount == before, "seed \(random.seed)")
    }

    @Test("with staleness 0 every read after a write rebuilds (the counter counts)")
    func zeroStalenessRebuildsEachTime() throws {
        let temporary = try Self.store(staleness: 0, warmed: true)
        let store = temporary.store!
        let before = store.scoreCache.buildCount
        for _ in 0..<5 {
            try store.write { try $0.record(line("c2", daysAgo(0), 5_000)) }
            _ = try store.customerRFM(externalID: "c2")
            _ = try store.customerRFM(externalID: "c3")
        }
        #expect(store.scoreCache.buildCount == before + 5)
    }

    @Test("concurrent reads after a write build the snapshot once", arguments: [0.0, 3_600])
    func concurrentReadsBuildOnce(staleness: Double) throws {
        let temporary = try Self.store(staleness: staleness)
        let store = temporary.store!
        try store.write { try $0.record(line("c4", daysAgo(0), 5_000)) }
        let before = store.scoreCache.buildCount
        let failures = Locked<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            do {
                _ = try store.customerRFM(externalID: "c\(index % 8)")
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(store.scoreCache.buildCount == before + 1)
    }

    @Test("stale scores rank the current figures against the older snapshot; exact after the refresh")
    func staleThenExact() throws {
        var random = TestGenerator()
        let temporary = try Self.store(staleness: 3_600, warmed: true, random: &random)
        let store = temporary.store!
        let old = try Self.fullRebuild(store)
        var changed: Set<String> = []
        for _ in 0..<40 {
            let customer = "c\(Int.random(in: 0..<300, using: &random))"
            changed.insert(customer)
            try store.write {
                try $0.record(line(customer, daysAgo(0), Int64.random(in: 100...400_000, using: &random)))
            }
        }
        let current = try Self.fullRebuild(store)
        let builds = store.scoreCache.buildCount
        for customer in changed.sorted() {
            guard let rfm = try store.customerRFM(externalID: customer),
                  let (id, stats) = try store.read({ reader -> (CustomerID, CustomerStats)? in
                      guard let id = try reader.customerID(externalID: customer),
                            let stats = try reader.stats(id: id) else { return nil }
                      return (id, stats)
                  }),
                  let views = OrderedViews(stats)
            else {
                Issue.record("\(customer) has no RFM, seed \(random.seed)")
                continue
            }
            let expected = RFMScores(
                recency: old.score(.recency, value: views.recency, id: id.rawValue),
                frequency: old.score(.frequency, value: views.frequency, id: id.rawValue),
                monetary: old.score(.monetary, value: views.monetary, id: id.rawValue))
            #expect(rfm.scores == expected, "\(customer), seed \(random.seed)")
            #expect(rfm.orders == Int(stats.orders), "the customer's own figures are current")
        }
        #expect(store.scoreCache.buildCount == builds, "the reads used the older snapshot")
        // The refresh: the next read after the cache is dropped (or the staleness has passed) is exact.
        store.invalidateScoreCache()
        for customer in changed.sorted() {
            guard let id = try store.read({ try $0.customerID(externalID: customer) }) else { continue }
            #expect(try store.customerRFM(externalID: customer)?.scores == current.scores(of: id.rawValue),
                    "\(customer), seed \(random.seed)")
        }
    }

    /// The scores of `customer`'s current figures ranked against `snapshot`.
    static func ranked(_ store: Store, _ customer: String, against snapshot: ScoreSnapshot) throws -> RFMScores? {
        try store.read { reader in
            guard let id = try reader.customerID(externalID: customer), let stats = try reader.stats(id: id),
                  let views = OrderedViews(stats) else { return nil }
            return RFMScores(
                recency: snapshot.score(.recency, value: views.recency, id: id.rawValue),
                frequency: snapshot.score(.frequency, value: views.frequency, id: id.rawValue),
                monetary: snapshot.score(.monetary, value: views.monetary, id: id.rawValue))
        }
    }

    /// A warmed store (its snapshot taken, and returned as rebuilt from scratch) where c5 then bought and `waiting`
    /// seconds passed, with the build count at that point.
    static func staleAfterAPurchase(
        staleness: Double, waiting: Double
    ) throws -> (TemporaryStore, ScoreSnapshot, Int) {
        let temporary = try store(staleness: staleness, warmed: true)
        let old = try fullRebuild(temporary.store)
        try temporary.store.write { try $0.record(line("c5", daysAgo(0), 900_000)) }
        usleep(UInt32(waiting * 1_000_000))
        return (temporary, old, temporary.store.scoreCache.buildCount)
    }

    @Test("past the staleness a read keeps the old ranking while one background rebuild replaces it; then exact")
    func expiresInTheBackground() throws {
        let (temporary, old, before) = try Self.staleAfterAPurchase(staleness: 0.2, waiting: 0.3)
        let store = temporary.store!
        // Within ten stalenesses: served from the old snapshot at once, and one rebuild starts on another thread.
        #expect(try store.customerRFM(externalID: "c5")?.scores == Self.ranked(store, "c5", against: old))
        var waited = 0
        while store.scoreCache.buildCount == before, waited < 10_000 {
            usleep(1_000)
            waited += 1
        }
        #expect(store.scoreCache.buildCount == before + 1, "the background rebuild did not finish within 10 s")
        let id = try #require(try store.read { try $0.customerID(externalID: "c5") })
        #expect(try store.customerRFM(externalID: "c5")?.scores == Self.fullRebuild(store).scores(of: id.rawValue))
        #expect(store.scoreCache.buildCount == before + 1, "one rebuild, not one per read")
    }

    @Test("ten stalenesses past (a refresh that never came), the reader rebuilds and is exact")
    func longPastTheStalenessTheReaderBuilds() throws {
        let (temporary, _, before) = try Self.staleAfterAPurchase(staleness: 0.01, waiting: 0.15)
        let store = temporary.store!
        let id = try #require(try store.read { try $0.customerID(externalID: "c5") })
        #expect(try store.customerRFM(externalID: "c5")?.scores == Self.fullRebuild(store).scores(of: id.rawValue))
        #expect(store.scoreCache.buildCount == before + 1)
    }

    @Test("a stale read returns the cached snapshot without building and asks for one refresh")
    func aStaleReadAsksForOneRefresh() throws {
        let (temporary, _, before) = try Self.staleAfterAPurchase(staleness: 0.2, waiting: 0.3)
        let store = temporary.store!
        let asked = Locked(0)
        for _ in 0..<3 {
            let snapshot = try store.read { reader in
                (try store.scoreCache.snapshot(reader, staleness: 0.2) { asked.withLock { $0 += 1 } }, reader.txn.id)
            }
            #expect(snapshot.0.transactionID < snapshot.1, "the older snapshot is served")
        }
        #expect(asked.withLock { $0 } == 1, "one refresh while it runs, not one per read")
        #expect(store.scoreCache.buildCount == before, "no reader built")
        store.scoreCache.refreshed()
        _ = try store.read { reader in try store.scoreCache.snapshot(reader, staleness: 0.2) { asked.withLock { $0 += 1 } } }
        #expect(asked.withLock { $0 } == 2, "after the refresh ended (here without building), the next stale read asks again")
    }
}
