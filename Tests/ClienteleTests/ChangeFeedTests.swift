import Testing
@testable import Clientele

/// The lifecycle change feed (issue 14, item 3): events by purchase, refund, time and sweep; the due index;
/// consumers with durable cursors; pruning; the baseline built on open.
@Suite("Change feed")
struct ChangeFeedTests {
    private static func options(interval: Int64? = nil, batch: Int = 50_000) -> StoreOptions {
        var options = TemporaryStore.defaultOptions
        options.changeFeed.segmentSweepInterval = interval
        options.changeFeed.advanceBatch = batch
        return options
    }

    private func all(_ store: Store) throws -> [ChangeEvent] { try store.read { try $0.events(after: 0, limit: 100_000) } }

    private func buy(_ store: Store, _ customer: String, _ order: String, _ day: Instant, _ cents: Int64 = 1_000) throws {
        try store.write { _ = try $0.record(Purchase(customer: customer, orderID: order, occurredAt: day,
                                                      amount: money(cents))) }
    }

    @Test func aFirstPurchaseAndTheDaysAfterItGiveOneEventPerStatusChange() throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        try buy(store, "c1", "o1", at(2024, 1, 10))
        var events = try all(store)
        #expect(events.map(\.kind) == [.status])
        #expect(events.first?.from == nil && events.first?.to == "new" && events.first?.cause == .purchase)
        #expect(events.first?.instant == at(2024, 1, 10) && events.first?.externalID == "c1")
        let summary = try store.advance(to: at(2025, 3, 1))
        events = try all(store)
        #expect(summary.statusEvents == 4)
        let steps = events.dropFirst().map { "\($0.from ?? "-")>\($0.to ?? "-")@\(store.day(of: $0.instant))" }
        // 1 occasion on Jan 10: new through day +30, active from +31, at risk from +91, lapsed +181, lost +366.
        #expect(steps == ["new>active@2024-02-10", "active>at risk@2024-04-10", "at risk>lapsed@2024-07-09",
                          "lapsed>lost@2025-01-10"])
        #expect(events.dropFirst().allSatisfy { $0.cause == .time })
        // Idempotent: the same instant (or an earlier one) writes nothing more.
        #expect(try store.advance(to: at(2025, 3, 1)).statusEvents == 0)
        #expect(try store.advance(to: at(2024, 6, 1)).statusEvents == 0)
        try buy(store, "c1", "o2", at(2025, 3, 2))
        let back = try all(store).last
        #expect(back?.from == "lost" && back?.to == "active" && back?.cause == .purchase)
        #expect(try store.verify().isClean)
    }

    @Test func segmentsComeFromSweepsAndFromTheCustomersOwnPurchasesAfterOne() throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        for i in 0..<10 { try buy(store, "c\(i)", "o\(i)", at(2024, 1, 1 + i)) }
        #expect(try all(store).allSatisfy { $0.kind == .status })
        let swept = try store.sweepSegments(at: at(2024, 1, 20))
        #expect(swept == 10)
        let segments = try all(store).filter { $0.kind == .segment }
        #expect(segments.count == 10 && segments.allSatisfy { $0.from == nil && $0.cause == .sweep })
        // Nothing moved: a second sweep writes nothing.
        #expect(try store.sweepSegments(at: at(2024, 1, 21)) == 0)
        // c0 (least recent, one order) buys three more times: its own purchase moves its segment at once.
        let before = try all(store).count
        try store.write { w in
            for n in 0..<3 {
                _ = try w.record(Purchase(customer: "c0", orderID: "x\(n)", occurredAt: at(2024, 1, 22 + n),
                                          amount: money(500)))
            }
        }
        let own = try all(store).dropFirst(before)
        // One transaction, so one event per changed part of the state (not one per purchase).
        let described = own.map { "\($0.externalID) \($0.kind) \($0.from ?? "") \($0.to ?? "") \($0.cause)" }
        #expect(described == ["c0 status new active purchase", "c0 segment Hibernating Champions purchase"])
        #expect(own.allSatisfy { $0.instant == at(2024, 1, 24) }, "the instant of the customer's last line")
        // The others' relative position changed; the next sweep reports it.
        #expect(try store.sweepSegments(at: at(2024, 1, 25)) > 0)
        #expect(try store.verify().isClean)
    }

    @Test func aRefundCanChangeTheSegment() throws {
        var options = Self.options()
        options.changeFeed.segments = try SegmentMap(rules: [SegmentRule("Big", monetary: 4...5)], fallback: "Small")
        let temp = try TemporaryStore(options: options)
        let store = temp.store!
        for i in 0..<5 { try buy(store, "c\(i)", "o\(i)", at(2024, 2, 1), 1_000 * Int64(i + 1)) }
        try store.sweepSegments(at: at(2024, 2, 2))
        let before = try all(store).count
        try store.write { _ = try $0.record(Purchase(customer: "c4", orderID: "r1", occurredAt: at(2024, 2, 3),
                                                      amount: money(-4_900), refundOf: "o4")) }
        let refund = try all(store).dropFirst(before)
        #expect(refund.map { "\($0.kind) \($0.from ?? "") \($0.to ?? "") \($0.cause)" } == ["segment Big Small refund"])
        #expect(try store.verify().isClean)
    }

    @Test func doNotContactIsFlaggedAndErasureIsAnEvent() throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        try store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: "quiet"))
            try w.setDoNotContact("quiet", true)
            _ = try w.record(Purchase(customer: "quiet", orderID: "o1", occurredAt: at(2024, 1, 1), amount: money(100)))
            _ = try w.record(Purchase(customer: "loud", orderID: "o2", occurredAt: at(2024, 1, 1), amount: money(100)))
        }
        try store.advance(to: at(2024, 3, 1))
        let events = try all(store)
        let quietFlags = events.filter { $0.externalID == "quiet" }.map(\.doNotContact)
        #expect(quietFlags == [true, true])
        #expect(events.filter { $0.externalID == "loud" }.allSatisfy { !$0.doNotContact })
        #expect(events.filter { $0.externalID == "quiet" }.count == 2)
        #expect(try store.write { try $0.erase(externalID: "loud") })
        let erased = try all(store).last
        #expect(erased?.kind == .erased && erased?.from == "active" && erased?.to == nil && erased?.cause == .erasure)
        let loudID = try #require(events.first { $0.externalID == "loud" }?.id)
        let redacted = try all(store).filter { $0.id == loudID }
        #expect(redacted.count == 3 && redacted.allSatisfy { $0.externalID.isEmpty }, "no external id is kept")
        #expect(try store.read { try $0.consumers() }.isEmpty)
        #expect(try store.verify().isClean)
        // The erased customer has no due entry left: advancing a year writes only the other customer's events.
        try store.advance(to: at(2025, 3, 1))
        #expect(try all(store).dropFirst(events.count + 1).allSatisfy { $0.externalID == "quiet" })
    }

    @Test func smallAdvanceBatchesWriteTheSameEventsAsOne() throws {
        func run(batch: Int) throws -> ([String], Int) {
            let temp = try TemporaryStore(options: Self.options(batch: batch))
            let store = temp.store!
            try store.write { w in
                for i in 0..<60 {
                    _ = try w.record(Purchase(customer: "c\(i % 20)", orderID: "o\(i)",
                                              occurredAt: at(2024, 1 + i % 6, 1 + i % 27), amount: money(100)))
                }
            }
            let summary = try store.advance(to: at(2025, 6, 1))
            #expect(try store.verify().isClean)
            return (try all(store).map { "\($0.externalID) \($0.from ?? "") \($0.to ?? "") \($0.instant)" },
                    summary.transactions)
        }
        let (one, oneTransactions) = try run(batch: 100_000)
        let (many, manyTransactions) = try run(batch: 3)
        #expect(one == many)
        #expect(oneTransactions == 1 && manyTransactions > 5)
    }

    @Test func aConsumerResumesAfterItsAcknowledgedOffsetAcrossReopen() async throws {
        let temp = try TemporaryStore(options: Self.options())
        for i in 0..<5 { try buy(temp.store, "c\(i)", "o\(i)", at(2024, 1, 1)) }
        try await temp.store.write { w in _ = try w.registerConsumer("crm") }
        var seen: [UInt64] = []
        for try await event in temp.store.events(consumer: "mailer", follow: false) {
            seen.append(event.offset)
            if event.offset == 3 { try await temp.store.acknowledge(consumer: "mailer", through: 3) }
        }
        #expect(seen == [1, 2, 3, 4, 5])
        try temp.reopen()
        // At least once: 4 and 5 were read but not acknowledged, so they come again; 1–3 do not.
        var again: [UInt64] = []
        for try await event in temp.store.events(consumer: "mailer", follow: false) { again.append(event.offset) }
        #expect(again == [4, 5])
        let consumer = try await temp.store.read { try $0.consumer("mailer") }
        #expect(consumer?.acknowledged == 3)
        // Another consumer has its own position (and, registered, kept 1–3 from being pruned).
        var other = 0
        for try await _ in temp.store.events(consumer: "crm", follow: false) { other += 1 }
        #expect(other == 5)
    }

    @Test func aFollowingConsumerWakesOnTheNextCommit() async throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        let reader = Task { () -> ChangeEvent? in
            for try await event in store.events(consumer: "live") { return event }
            return nil
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        _ = try await store.record(Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 1), amount: money(1)))
        let event = try await reader.value
        #expect(event?.externalID == "c1" && event?.offset == 1)
    }

    @Test func acknowledgedEventsArePrunedAndAHorizonPrunesUnacknowledgedOnes() throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        for i in 0..<6 { try buy(store, "c\(i)", "o\(i)", at(2024, 1, 1)) }
        try store.write { w in
            try w.registerConsumer("a")
            try w.registerConsumer("b")
        }
        try store.acknowledge(consumer: "a", through: 4)
        #expect(try all(store).first?.offset == 1, "b has acknowledged nothing")
        try store.acknowledge(consumer: "b", through: 2)
        #expect(try all(store).map(\.offset) == [3, 4, 5, 6])
        // b sets a one-hour horizon: an hour later, what a acknowledged goes, b's unacknowledged ones too.
        try store.write { try $0.setRetention(consumer: "b", horizonSeconds: 3600) }
        let later = Instant(microseconds: Instant.now.microseconds + 3_601_000_000)
        #expect(try store.write { try $0.pruneEvents(now: later) } == 2)
        #expect(try all(store).map(\.offset) == [5, 6])
        #expect(throws: ClienteleError.self) { try store.acknowledge(consumer: "a", through: 7) }
        #expect(try store.verify().isClean)
    }

    @Test func aStoreWrittenWithTheFeedDisabledGetsItsBaselineOnTheNextOpen() throws {
        var options = Self.options()
        options.changeFeed.enabled = false
        let temp = try TemporaryStore(options: options)
        for i in 0..<8 { try buy(temp.store, "c\(i)", "o\(i)", at(2024, 1, 1 + i)) }
        #expect(try all(temp.store).isEmpty)
        #expect(throws: ClienteleError.self) { try temp.store.advance(to: at(2024, 6, 1)) }
        temp.options.changeFeed.enabled = true
        try temp.reopen()
        #expect(try all(temp.store).isEmpty, "the baseline has no events")
        #expect(try temp.store.verify().isClean)
        // The baseline ranked everyone once: a later sweep with nothing changed writes nothing; time does.
        #expect(try temp.store.sweepSegments(at: at(2024, 1, 20)) == 0)
        #expect(try temp.store.advance(to: at(2024, 3, 1)).statusEvents == 8)
        #expect(try temp.store.verify().isClean)
    }

    @Test func verifyReportsADamagedDueIndexAndABrokenEventChain() throws {
        let temp = try TemporaryStore(options: Self.options())
        let store = temp.store!
        for i in 0..<3 { try buy(store, "c\(i)", "o\(i)", at(2024, 1, 1 + i)) }
        #expect(try store.verify().isClean)
        // New customers' due entries are placed by the next advance.
        try store.advance(to: at(2024, 1, 1))
        #expect(try store.verify().isClean)
        // A due entry lost: the customer would change state without an event.
        let due = try #require(try store.read { r in try store.schema.feedDue.first(in: r.txn)?.key })
        try store.environment.write { txn in _ = try store.schema.feedDue.delete(due, in: txn) }
        let report = try store.verify()
        #expect(report.differences.contains { $0.table == "feed_due" }, "\(report.differences)")
        try store.environment.write { txn in _ = try store.schema.feedDue.put((), for: due, flags: [], in: txn) }
        #expect(try store.verify().isClean)
        // An event whose state does not follow from the previous one.
        var event = try #require(try all(store).first)
        event.to = "lapsed"
        try store.environment.write { txn in try store.schema.feedEvents.put(event, for: event.offset, in: txn) }
        #expect(try store.verify().differences.contains { $0.table == "feed_events" })
    }

    @Test func advanceSweepsSegmentsAtTheConfiguredCadence() throws {
        let temp = try TemporaryStore(options: Self.options(interval: 86_400))
        let store = temp.store!
        for i in 0..<5 { try buy(store, "c\(i)", "o\(i)", at(2024, 1, 1 + i)) }
        #expect(try store.advance(to: at(2024, 1, 10)).sweepEvents == 5)
        #expect(try store.advance(to: at(2024, 1, 10, 18)).sweepEvents == nil, "within a day of the last sweep")
        #expect(try store.advance(to: at(2024, 1, 11, 12)).sweepEvents == 0)
    }
}
