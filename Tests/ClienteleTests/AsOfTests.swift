import Testing
@testable import Clientele

/// As-of correctness as a property: the answers of a store as of an instant t equal those of a FRESH store that
/// holds only the purchases up to t.
///
/// What makes the comparison meaningful rather than tautological: the big store answers "as of t" through the
/// as-of path (re-deriving every customer from its purchases up to t: `PastPopulation`, `PeriodSummarizer`, the
/// filtered scans), while the fresh store answers through the PRESENT path — the aggregates kept incrementally by the
/// write path (recorded out of order, so re-derivations are exercised too), the ordered views and the score snapshot
/// built from them, and for the summary the aggregate-only path. The present path evaluates the clock-dependent
/// figures (days since the last/first purchase, status) at `.now`, so those are compared against values computed
/// from the fresh store's aggregate at t; every other figure (orders, occasions, net monetary, average order value,
/// gaps, R/F/M scores, segment) does not depend on the clock and is compared as is.
///
/// "Up to t" is the query's own definition: customerRFM/rfmTable/intervals/churn keep purchases at instants ≤ t; the
/// lifetimes summary floors the end to its period (so for days it keeps the whole day of t, for weeks its whole week),
/// and profile history scores at month ends (whole days); those are compared with fresh stores cut the same way.
@Suite("As-of queries against rebuilt stores")
struct AsOfTests {
    /// Thresholds inside the 90-day window so that every status occurs.
    static let rules = StatusRules.days(new: 7, atRisk: 14, lapsed: 30, lost: 60)

    struct World {
        var customers: [String]
        var purchases: [Purchase]
        var utcOffsetSeconds: Int32
    }

    /// A few hundred purchases of 15–30 customers over ~90 days from 2024-03-01: skewed customer choice, same-day
    /// repeats, identical instants across customers (recency ties), zero amounts and ~15% refunds (some before the
    /// customer's first purchase).
    static let offsets: [Int32] = [0, 3 * 3600, -5 * 3600 - 1800]

    static func world(_ generator: inout TestGenerator, utcOffsetSeconds: Int32? = nil) -> World {
        let customers = (1...Int.random(in: 15...30, using: &generator)).map { "u\($0)" }
        let start = at(2024, 3, 1, 0, 0).microseconds
        let span: Int64 = 90 * 86_400_000_000
        var purchases: [Purchase] = []
        for _ in 0..<Int.random(in: 200...400, using: &generator) {
            let a = Int.random(in: 0..<customers.count, using: &generator)
            let b = Int.random(in: 0..<customers.count, using: &generator)
            let customer = customers[min(a, b)]
            var instant = Instant(microseconds: start + Int64.random(in: 0..<span, using: &generator))
            let roll = Int.random(in: 0..<10, using: &generator)
            if roll == 0, let other = purchases.randomElement(using: &generator) {
                instant = other.occurredAt                                    // tie with another line
            } else if roll == 1, let mine = purchases.last(where: { $0.customer == customer }) {
                instant = Instant(microseconds: mine.occurredAt.microseconds + 3_600_000_000)  // same-day-ish repeat
            }
            let refund = Int.random(in: 0..<100, using: &generator) < 15
            let cents = refund ? -Int64.random(in: 100...5_000, using: &generator)
                : (Int.random(in: 0..<20, using: &generator) == 0 ? 0 : Int64.random(in: 1...20_000, using: &generator))
            let category = ["a", "b", "c", nil].randomElement(using: &generator)!
            purchases.append(line(customer, instant, cents, category))
        }
        return World(customers: customers, purchases: purchases,
                     utcOffsetSeconds: utcOffsetSeconds ?? offsets.randomElement(using: &generator)!)
    }

    static func store(_ world: World, keeping keep: (Purchase) -> Bool, _ generator: inout TestGenerator)
        throws -> TemporaryStore {
        var options = TemporaryStore.defaultOptions
        options.utcOffsetSeconds = world.utcOffsetSeconds
        let temp = try TemporaryStore(options: options)
        try temp.store.createCustomers(world.customers)     // same customer numbers as the big store
        try temp.store.recordAll(world.purchases.filter(keep).shuffled(using: &generator))
        return temp
    }

    /// Instants to test: uniform over the window and a little around it, exact purchase instants (inclusive bound)
    /// and one microsecond before them.
    static func instants(_ world: World, _ generator: inout TestGenerator) -> [Instant] {
        let low = at(2024, 2, 27).microseconds, high = at(2024, 6, 3).microseconds
        var result: [Instant] = []
        for index in 0..<6 {
            switch index % 3 {
            case 0: result.append(Instant(microseconds: Int64.random(in: low...high, using: &generator)))
            case 1: result.append(world.purchases.randomElement(using: &generator)!.occurredAt)
            default:
                result.append(Instant(microseconds: world.purchases.randomElement(using: &generator)!
                    .occurredAt.microseconds - 1))
            }
        }
        return result
    }

    /// Compares an as-of row of the big store with the present-path row of the fresh store, evaluated at `t`.
    static func expectSame(
        _ past: CustomerRFM?, _ fresh: CustomerRFM?, freshStats: CustomerStats?, at t: Instant, store: Store,
        _ context: Comment
    ) {
        guard let fresh, let stats = freshStats else {
            #expect(past == nil, context)
            return
        }
        guard let past else {
            Issue.record("as-of row missing for \(fresh.externalID); \(context)")
            return
        }
        let today = store.day(of: t)
        let since = stats.lastDay.distance(to: today), sinceFirst = stats.firstDay.distance(to: today)
        #expect(past.externalID == fresh.externalID && past.id == fresh.id && past.asOf == t, context)
        #expect(past.orders == fresh.orders && past.occasions == fresh.occasions, context)
        #expect(past.netMonetary == fresh.netMonetary && past.averageOrderValue == fresh.averageOrderValue, context)
        #expect(past.meanGapDays == fresh.meanGapDays && past.lastGapDays == fresh.lastGapDays, context)
        #expect(past.scores == fresh.scores && past.segment == fresh.segment,
                "\(past.externalID): \(past.scores) vs \(fresh.scores); \(context)")
        #expect(past.daysSinceLastPurchase == since && past.daysSinceFirstPurchase == sinceFirst, context)
        let status = rules.status(daysSinceLast: since, daysSinceFirst: sinceFirst, occasions: Int(stats.occasions),
                                  usualGapDays: fresh.meanGapDays)
        #expect(past.status == status, context)
    }

    @Test(arguments: 0..<3)
    func asOfAnswersEqualAFreshStoreUpToT(round: Int) throws {
        var generator = TestGenerator()
        let world = Self.world(&generator, utcOffsetSeconds: Self.offsets[round % Self.offsets.count])
        let big = try Self.store(world, keeping: { _ in true }, &generator)
        defer { withExtendedLifetime(big) {} }
        let store: Store = big.store
        for t in Self.instants(world, &generator) {
            let context: Comment = "t = \(t.microseconds) µs, offset \(world.utcOffsetSeconds) s; \(generator.comment)"
            let fresh = try Self.store(world, keeping: { $0.occurredAt <= t }, &generator)
            let tDay = store.day(of: t)

            // One customer and the whole table, RFM.
            let table = try store.rfmTable(asOf: t, status: Self.rules)
            let freshTable = try fresh.store.rfmTable(status: Self.rules)
            #expect(table.map(\.externalID) == freshTable.map(\.externalID), context)
            // Segment counts and revenue as of t: the past snapshot's cells against the fresh store's live ones.
            #expect(try store.segmentSummary(asOf: t) == fresh.store.segmentSummary(), context)
            for customer in world.customers {
                let freshStats = try fresh.store.read { try $0.profile(externalID: customer)?.stats }
                    .flatMap { $0.hasPurchases ? $0 : nil }
                let past = try store.customerRFM(externalID: customer, asOf: t, status: Self.rules)
                let present = try fresh.store.customerRFM(externalID: customer, status: Self.rules)
                Self.expectSame(past, present, freshStats: freshStats, at: t, store: store, context)
                Self.expectSame(table.first { $0.externalID == customer }, present, freshStats: freshStats, at: t,
                                store: store, context)

                // Intervals: the gaps up to t.
                let intervals = try store.intervals(externalID: customer, asOf: t)
                let freshIntervals = try fresh.store.intervals(externalID: customer, asOf: t)
                #expect(intervals == freshIntervals, context)
                if let intervals, let present {
                    #expect(intervals.meanDays == present.meanGapDays && intervals.lastGapDays == present.lastGapDays,
                            context)
                }
            }

            // The lifetimes summary: the end floors to its period, so the fresh stores keep whole periods.
            let freshDays = try Self.store(world, keeping: { store.day(of: $0.occurredAt) <= tDay }, &generator)
            let dayOptions = SummaryOptions(observationEnd: t)
            #expect(try store.summary(dayOptions) == freshDays.store.summary(dayOptions), context)
            for customer in world.customers {
                #expect(try store.customerSummary(externalID: customer, dayOptions)
                    == freshDays.store.customerSummary(externalID: customer, dayOptions), context)
            }
            let week = Period.week.index(of: tDay)
            let freshWeeks = try Self.store(
                world, keeping: { Period.week.index(of: store.day(of: $0.occurredAt)) <= week }, &generator)
            let weekOptions = SummaryOptions(period: .week, multiplier: 1, observationEnd: t)
            #expect(try store.summary(weekOptions) == freshWeeks.store.summary(weekOptions), context)

            // Churn and profile history (month ends are whole days).
            #expect(try store.churn(windowMonths: 1, asOf: t) == fresh.store.churn(windowMonths: 1, asOf: t), context)
            #expect(try store.churn(windowMonths: 2, asOf: t) == fresh.store.churn(windowMonths: 2, asOf: t), context)
            for customer in world.customers.prefix(4) {
                let history = try store.profileHistory(externalID: customer, asOf: t)
                #expect(try history == freshDays.store.profileHistory(externalID: customer, asOf: t), context)
                // Each point is the as-of RFM at the last instant of its month-end day (another code path).
                for point in history {
                    let end = endOfDay(point.monthEnd, utcOffsetSeconds: world.utcOffsetSeconds)
                    let rfm = try store.customerRFM(externalID: customer, asOf: end)
                    #expect(rfm?.scores == point.scores && rfm?.segment == point.segment,
                            "\(customer) at \(point.monthEnd); \(context)")
                }
            }
        }
    }

    @Test func pastPathAtAnInstantAfterEveryPurchaseEqualsThePresentPath() throws {
        // The as-of path (re-derived from the log) and the present path (aggregates, views, cached scores) of the
        // same store must agree on every clock-free figure once the instant is after every purchase.
        var generator = TestGenerator()
        let world = Self.world(&generator)
        let temp = try Self.store(world, keeping: { _ in true }, &generator)
        let t = at(2024, 7, 1)
        let past = try temp.store.rfmTable(asOf: t, status: Self.rules)
        let present = try temp.store.rfmTable(status: Self.rules)
        #expect(past.count == present.count, generator.comment)
        for (a, b) in zip(past, present) {
            let stats = try temp.store.read { try $0.stats(id: b.id) }
            Self.expectSame(a, b, freshStats: stats, at: t, store: temp.store, generator.comment)
        }
    }
}
