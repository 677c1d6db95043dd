import Testing
@testable import Clientele

/// The checkpointed due index (issue 14, `DueSchedule`): a repeat purchase leaves the customer's `feed_due` entry in
/// place, `advance` still writes exactly the events the model recomputes, an advance left part done keeps every
/// entry where the writer looks for it, and `verify` checks the placement exactly.
@Suite("Change feed due schedule")
struct ChangeFeedDueScheduleTests {
    private static func options(batch: Int = 50_000) -> StoreOptions {
        var options = TemporaryStore.defaultOptions
        options.changeFeed.segmentSweepInterval = nil
        options.changeFeed.segments = FeedModel.segments
        options.changeFeed.advanceBatch = batch
        return options
    }

    private static func dueKeys(_ store: Store) throws -> [DueKey.Value] {
        try store.read { r in
            var keys: [DueKey.Value] = []
            try store.schema.feedDue.scanKeys(in: r.txn) { keys.append($0); return true }
            return keys
        }
    }

    /// The exact due days (`LifecycleRules.due` at the feed clock) of every customer, as the index held them before.
    private static func exactDue(_ store: Store) throws -> [[Int64]] {
        let feed = store.options.changeFeed
        let rules = LifecycleRules(status: feed.status, segments: feed.segments)
        return try store.read { r in
            let clock = try store.schema.meta.feedClock(in: r.txn)
            var due: [[Int64]] = []
            try store.schema.stats.scan(in: r.txn) { id, stats in
                if let day = rules.due(stats, clock: clock) { due.append([Int64(day), Int64(id)]) }
                return true
            }
            return due.sorted { $0.lexicographicallyPrecedes($1) }
        }
    }

    private static func events(_ store: Store) throws -> [FeedModel.Expected] {
        try store.read { try $0.events(after: 0, limit: 100_000) }.map(\.expected)
    }

    private static func day(_ year: Int, _ month: Int, _ day: Int) -> Int32 { Day(year: year, month: month, day: day)!.rawValue }

    @Test func aCheckpointIsTheFirstDayOfTheCustomersPhaseAfterTheGivenDay() {
        var random = TestGenerator()
        let spacing = DueSchedule.checkpointSpacing
        for _ in 0..<2_000 {
            let after = Int32.random(in: -1_000_000...1_000_000, using: &random)
            let id = UInt64.random(in: 1...UInt64.max, using: &random)
            let checkpoint = DueSchedule.checkpoint(after: after, id: id)
            let distance = checkpoint.map { Int64($0) - Int64(after) }
            #expect(distance.map { 1...spacing ~= $0 } == true, "\(after) \(id) \(random.comment)")
            #expect(checkpoint.map { (Int64($0) - Int64(id % UInt64(spacing))) % spacing == 0 } == true,
                    "\(after) \(id) \(random.comment)")
        }
        #expect(DueSchedule.checkpoint(after: Int32.max, id: 0) == nil)
        #expect(DueSchedule.checkpoint(after: Int32.max - 40, id: 0).map { Int64($0) } == Int64(Int32.max - 40) + 1
                + (((-Int64(Int32.max - 40) - 1) % spacing) + spacing) % spacing)
    }

    @Test func repeatPurchasesLeaveTheEntryInPlaceAndAdvanceWritesTheModelsEvents() throws {
        var random = TestGenerator()
        let temp = try TemporaryStore(options: Self.options(batch: Int.random(in: 1...6, using: &random)))
        let store = temp.store!
        var model = FeedModel()
        var expected: [FeedModel.Expected] = []
        func step(_ step: FeedStep) throws {
            expected += model.apply(step)
            try FeedModel.run(step, on: store)
        }
        // The clock on a real day, as in a service that advances.
        let start = at(2024, 3, 1)
        try step(.advance(start))
        // 40 customers, each a first purchase in the first week, then one every 1–3 days (one per transaction).
        var order = 0
        var next: [Int: Int64] = [:]
        for c in 0..<40 { next[c] = start.microseconds + Int64.random(in: 0...6, using: &random) * 86_400_000_000 }
        var bought: [Int: Int] = [:]
        var settled: [DueKey.Value]?
        var exactSettled: [[Int64]] = []
        for round in 0..<10 {
            for c in (0..<40).sorted(by: { next[$0]! < next[$1]! }) {
                order += 1
                try step(.purchases([Purchase(customer: "c\(c)", orderID: "o\(order)",
                                              occurredAt: Instant(microseconds: next[c]! + Int64(order) * 1_000_000),
                                              amount: money(Int64.random(in: 100...9_000, using: &random)))]))
                bought[c, default: 0] += 1
                next[c]! += Int64.random(in: 1...3, using: &random) * 86_400_000_000
            }
            // The first purchases made the customers: their entries wait for an advance (the clock stays).
            if round == 0 {
                #expect(try Self.dueKeys(store).isEmpty, "a new customer's first purchase writes no due entry")
                #expect(try store.verify().isClean)
                try step(.advance(start))
            }
            // From the second purchase on, the entry is at the customer's checkpoint and stays there.
            if round == 1 {
                settled = try Self.dueKeys(store)
                exactSettled = try Self.exactDue(store)
            }
        }
        let keys = try Self.dueKeys(store)
        #expect(keys.count == 40, "one entry per customer")
        #expect(keys.map { [Int64($0.0), Int64($0.1)] } == settled?.map { [Int64($0.0), Int64($0.1)] },
                "8 purchases each moved no entry \(random.comment)")
        // Not vacuous: every purchase moved the exact due day (the entry the index held before moved with it).
        let exact = try Self.exactDue(store)
        #expect(Set(exact.map { $0[1] }) == Set(exactSettled.map { $0[1] }))
        #expect(zip(exact.sorted { $0[1] < $1[1] }, exactSettled.sorted { $0[1] < $1[1] }).allSatisfy { $0[0] > $1[0] })
        #expect(try store.verify().isClean)
        // Two years of time in small batches: the checkpoint visits write nothing, the changes their events.
        let purchaseEvents = expected.count
        try step(.advance(Instant(microseconds: start.microseconds + 200 * 86_400_000_000)))
        try step(.advance(Instant(microseconds: start.microseconds + 800 * 86_400_000_000)))
        #expect(expected.count - purchaseEvents >= 120, "at risk, lapsed and lost for each customer")
        #expect(try Self.events(store) == expected, "\(random.comment)")
        #expect(try Self.dueKeys(store).isEmpty, "everyone lost: no next change")
        #expect(try store.verify().isClean)
    }

    @Test func purchasesDuringAPartDoneAdvanceFindTheirEntries() throws {
        var random = TestGenerator()
        let temp = try TemporaryStore(options: Self.options(batch: 50_000))
        let store = temp.store!
        var model = FeedModel()
        var expected: [FeedModel.Expected] = []
        var order = 0
        func purchases(_ count: Int, around instant: Instant, back: Int64) -> FeedStep {
            .purchases((0..<count).map { _ in
                order += 1
                let days = Int64.random(in: 0...back, using: &random)
                return Purchase(customer: "c\(Int.random(in: 0..<16, using: &random))", orderID: "o\(order)",
                                occurredAt: Instant(microseconds: instant.microseconds - days * 86_400_000_000
                                                    + Int64(order) * 1_000_000),
                                amount: money(Int64.random(in: 100...9_000, using: &random)))
            })
        }
        func step(_ step: FeedStep) throws {
            expected += model.apply(step)
            try FeedModel.run(step, on: store)
        }
        let t0 = at(2024, 1, 1)
        try step(.advance(t0))
        for k in 0..<6 { try step(purchases(5, around: Instant(microseconds: t0.microseconds + Int64(k) * 20 * 86_400_000_000), back: 15)) }
        try step(.advance(t0))   // places the new customers' entries (the clock stays)
        // One transaction of a long advance, as a crash would leave it: the stage is recorded, the clock part way.
        let target = at(2025, 6, 1)
        let targetDay = Self.day(2025, 6, 1)
        let batch = try store.write { w in try w.advanceBatch(to: targetDay, instant: target, limit: 1) }
        #expect(!batch.done)
        let (clock, schedule) = try store.read { r in
            (try store.schema.meta.feedClock(in: r.txn), try store.schema.meta.dueSchedule(in: r.txn))
        }
        #expect(clock < targetDay && schedule.to == targetDay && schedule.from == Self.day(2024, 1, 1))
        expected += model.apply(.advance(Instant(day: Day(rawValue: clock))))
        // Purchases meanwhile: new customers, repeat ones, out-of-order ones (some move the due day earlier).
        let now = Instant(day: Day(rawValue: clock))
        for _ in 0..<4 { try step(purchases(4, around: now, back: 90)) }
        #expect(try store.verify().isClean, "every entry where the schedule puts it")
        // The rest of the advance, then further.
        try step(.advance(at(2025, 3, 1)))
        #expect(try store.verify().isClean)
        try step(.advance(at(2026, 9, 1)))
        try step(purchases(6, around: at(2026, 9, 1), back: 400))
        try step(.advance(at(2027, 1, 1)))
        #expect(try Self.events(store) == expected, "\(random.comment)")
        #expect(try store.verify().isClean)
    }

    @Test func aNewCustomersFirstDueEntryWaitsForTheNextAdvance() throws {
        var random = TestGenerator()
        let batch = Int.random(in: 1...4, using: &random)
        let temp = try TemporaryStore(options: Self.options(batch: batch))
        let store = temp.store!
        func step(_ step: FeedStep) throws { try FeedModel.run(step, on: store) }
        func pending() throws -> Int64? { try store.read { r in try store.schema.meta.number(.feedDuePending, in: r.txn) } }
        try step(.advance(at(2024, 1, 1)))
        // Two customers known before the advance (signed up, no purchase yet): their first purchases place entries.
        let known = try store.write { w in
            try (0..<2).map { try w.upsertCustomer(CustomerUpdate(externalID: "k\($0)")).id.rawValue }
        }
        try step(.advance(at(2024, 1, 1)))
        #expect(try pending() == nil)
        var order = 0
        func purchases(_ names: [String], day: Int) -> FeedStep {
            .purchases(names.map { name in
                order += 1
                return Purchase(customer: name, orderID: "o\(order)", occurredAt: at(2024, 1, day),
                                amount: money(Int64.random(in: 100...9_000, using: &random)))
            })
        }
        try step(purchases(["k0", "k1", "n0", "n1", "n2"], day: 2))
        try step(purchases((3..<10).map { "n\($0)" } + ["n0"], day: 5))
        let firstNew = try #require(try store.read { r in try r.customerID(externalID: "n0") }).rawValue
        #expect(try pending() == Int64(firstNew), "the first customer created since the advance")
        #expect(Set(try Self.dueKeys(store).map(\.1)) == Set(known), "only the customers known before the advance")
        #expect(try store.verify().isClean, "verify expects no entry for the waiting customers")
        // An erased waiting customer needs no entry removed.
        _ = try store.write { w in try w.erase(externalID: "n9") }
        #expect(try store.verify().isClean)
        // The advance places the waiting entries, `batch` customers per transaction, without moving the clock.
        let summary = try store.advance(to: at(2024, 1, 1))
        #expect(summary.transactions >= 9 / batch, "placed in transactions of at most \(batch)")
        #expect(try pending() == nil)
        #expect(try Self.dueKeys(store).count == 11)
        #expect(try store.verify().isClean)
        // Time then moves every one of them, exactly as if the entries had been placed by the purchases.
        let erased = try store.read { try $0.events(after: 0, limit: 100_000) }.filter { $0.kind == .erased }.count
        #expect(erased == 1)
        try step(.advance(at(2025, 6, 1)))
        #expect(try store.verify().isClean)
        let statusEvents = try store.read { try $0.events(after: 0, limit: 100_000) }.filter { $0.cause == .time }
        #expect(Set(statusEvents.map(\.externalID)) == Set(["k0", "k1"] + (0..<9).map { "n\($0)" }),
                "every customer reached by time \(random.comment)")
    }

    @Test func verifyReportsAnEntryAtTheExactDueDayInsteadOfTheCheckpointAndAnExtraOne() throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        try store.advance(to: at(2024, 1, 1))
        for i in 0..<4 {
            for k in 0..<2 {
                try store.write { _ = try $0.record(Purchase(customer: "c\(i)", orderID: "o\(i)-\(k)",
                                                             occurredAt: at(2024, 1, 2 + i + 10 * k), amount: money(900))) }
            }
        }
        try store.advance(to: at(2024, 1, 1))   // places the new customers' entries (the clock stays)
        #expect(try store.verify().isClean)
        let exact = try Self.exactDue(store)
        let keys = try Self.dueKeys(store)
        // Each entry is at a checkpoint before the exact day (at risk 91 days after the last purchase).
        let (day, id) = try #require(keys.first)
        let due = try #require(exact.first { $0[1] == Int64(id) })
        #expect(Int64(day) < due[0])
        let moved = (Int32(due[0]), id)
        try store.environment.write { txn in
            _ = try store.schema.feedDue.delete((day, id), in: txn)
            try store.schema.feedDue.put((), for: moved, flags: [], in: txn)
        }
        #expect(try store.verify().differences.contains { $0.table == "feed_due" && $0.key.contains("#\(id) ") })
        try store.environment.write { txn in
            _ = try store.schema.feedDue.delete(moved, in: txn)
            try store.schema.feedDue.put((), for: (day, id), flags: [], in: txn)
        }
        #expect(try store.verify().isClean)
        // A second entry for the same customer.
        try store.environment.write { txn in try store.schema.feedDue.put((), for: (day + 1, id), flags: [], in: txn) }
        #expect(try store.verify().differences.contains { $0.table == "feed_due" })
    }

    @Test func aStoreWithTheExactIndexOfVersionOneGetsItsDueIndexRebuiltAndKeepsItsBoundaries() throws {
        var random = TestGenerator()
        let temp = try TemporaryStore(options: Self.options())
        var model = FeedModel()
        var expected: [FeedModel.Expected] = []
        func step(_ step: FeedStep) throws {
            expected += model.apply(step)
            try FeedModel.run(step, on: temp.store)
        }
        try step(.advance(at(2024, 1, 1)))
        for k in 0..<12 {
            try step(.purchases((0..<3).map { n in
                Purchase(customer: "c\(Int.random(in: 0..<10, using: &random))", orderID: "o\(k)-\(n)",
                         occurredAt: Instant(microseconds: at(2024, 1, 2).microseconds + Int64(k) * 5 * 86_400_000_000
                                             + Int64(n) * 1_000_000),
                         amount: money(Int64.random(in: 100...9_000, using: &random)))
            }))
        }
        try step(.sweep(at(2024, 3, 1)))
        // What a store of the previous version holds: the exact due days, feed_version 1.
        let exact = try Self.exactDue(temp.store)
        let store = temp.store!
        try store.environment.write { txn in
            try store.schema.feedDue.removeAll(in: txn)
            for key in exact { try store.schema.feedDue.put((), for: (Int32(key[0]), UInt64(key[1])), flags: [], in: txn) }
            try store.schema.meta.setNumber(.feedVersion, 1, in: txn)
        }
        #expect(!(try store.verify().isClean), "the exact index is not where the schedule puts the entries")
        let boundaries = try store.read { r in try store.schema.meta.bytes(.feedBoundaries, in: r.txn) }
        try temp.reopen()
        let reopened = temp.store!
        #expect(try reopened.read { r in try reopened.schema.meta.number(.feedVersion, in: r.txn) } == 2)
        #expect(try reopened.read { r in try reopened.schema.meta.bytes(.feedBoundaries, in: r.txn) } == boundaries,
                "the rebuild of the due index does not re-rank")
        #expect(try reopened.verify().isClean)
        #expect(try Self.dueKeys(reopened).count == exact.count)
        try step(.advance(at(2025, 6, 1)))
        #expect(try Self.events(reopened) == expected, "\(random.comment)")
    }
}
