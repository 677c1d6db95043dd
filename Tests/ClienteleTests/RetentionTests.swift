import Testing
@testable import Clientele

/// Retention figures against small cases computed by hand.
///
/// The population (UTC, 2024, amounts in dollars; categories interned in this order: books 1, music 2, toys 3):
///
/// | customer | purchases                                                       | active months |
/// |----------|-----------------------------------------------------------------|---------------|
/// | P1       | 01-05 books 20 · 02-10 music 30 · 04-15 books 10                | Jan Feb Apr   |
/// | P2       | 01-20 music 50                                                  | Jan           |
/// | P3       | 02-03 12:00 books 15 · 02-03 18:00 music 5 · 03-01 books 25     | Feb Mar       |
/// | P4       | 03-10 toys 40 · refund 03-12 toys −10                           | Mar           |
/// | P5       | 03-25 books 30 · 05-05 books 20 · 05-06 toys 10 · refund 06-02 toys −5 | Mar May |
/// | P6       | 05-20 12:00 (no category) 12 · 05-20 19:00 (no category) 3      | May           |
@Suite("Retention analytics")
struct RetentionTests {
    static let purchases: [Purchase] = [
        line("P1", at(2024, 1, 5), 2_000, "books"), line("P1", at(2024, 2, 10), 3_000, "music"),
        line("P1", at(2024, 4, 15), 1_000, "books"),
        line("P2", at(2024, 1, 20), 5_000, "music"),
        line("P3", at(2024, 2, 3, 12), 1_500, "books"), line("P3", at(2024, 2, 3, 18), 500, "music"),
        line("P3", at(2024, 3, 1), 2_500, "books"),
        line("P4", at(2024, 3, 10), 4_000, "toys"), line("P4", at(2024, 3, 12), -1_000, "toys"),
        line("P5", at(2024, 3, 25), 3_000, "books"), line("P5", at(2024, 5, 5), 2_000, "books"),
        line("P5", at(2024, 5, 6), 1_000, "toys"), line("P5", at(2024, 6, 2), -500, "toys"),
        line("P6", at(2024, 5, 20), 1_200), line("P6", at(2024, 5, 20, 19), 300),
    ]
    static let asOf = at(2024, 6, 15)

    static func make() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        try temp.store.recordAll(purchases)
        return temp
    }

    static func month(_ m: Int) -> Month { Month(year: 2024, month: m) }

    // MARK: - Churn

    @Test func churnWithAOneMonthWindow() throws {
        let temp = try Self.make()
        // Base of month M = customers with a purchase in M−1; retained = those of them with a purchase in M.
        // Feb: base {P1, P2}, retained {P1}. Mar: base {P1, P3}, retained {P3}. Apr: base {P3, P4, P5}, none back
        // (P1 buys in April but was not active in March). May: base {P1}, none. Jun: base {P5, P6}, none.
        let expected: [(Int, Int, Int)] = [(2, 2, 1), (3, 2, 1), (4, 3, 0), (5, 1, 0), (6, 2, 0)]
        let churn = try temp.store.churn(windowMonths: 1, asOf: Self.asOf)
        #expect(churn.map(\.month) == expected.map { Self.month($0.0) })
        for (row, (_, base, retained)) in zip(churn, expected) {
            #expect(row.base == base && row.retained == retained && row.churned == base - retained, "\(row.month)")
            #expect(near(row.rate, Double(base - retained) / Double(base)), "\(row.month)")
        }
    }

    @Test func churnWithLongerWindowsAndAsOf() throws {
        let temp = try Self.make()
        // Two months: Mar: base {P1, P2, P3} (Jan–Feb), retained {P3}. Apr: base {P1, P3, P4, P5}, retained {P1}.
        // May: base {P1, P3, P4, P5}, retained {P5}. Jun: base {P1, P5, P6}, retained none.
        let two = try temp.store.churn(windowMonths: 2, asOf: Self.asOf)
        #expect(two.map { [$0.month.monthOfYear, $0.base, $0.retained, $0.churned] }
            == [[3, 3, 1, 2], [4, 4, 1, 3], [5, 4, 1, 3], [6, 3, 0, 3]])
        // As of 04-10, P1's 04-15 purchase has not happened: April retains nobody yet.
        let early = try temp.store.churn(windowMonths: 2, asOf: at(2024, 4, 10))
        #expect(early.map { [$0.month.monthOfYear, $0.base, $0.retained] } == [[3, 3, 1], [4, 4, 0]])
        #expect(early.last?.rate == 1)
        // Three months: Apr: base {P1…P5}, retained {P1}; May: base {P1, P3, P4, P5}, retained {P5};
        // Jun: base {P1, P3, P4, P5, P6}, retained none.
        let three = try temp.store.churn(windowMonths: 3, asOf: Self.asOf)
        #expect(three.map { [$0.month.monthOfYear, $0.base, $0.retained] } == [[4, 5, 1], [5, 4, 1], [6, 5, 0]])
        // No month has a full window yet; an empty store has no months.
        #expect(try temp.store.churn(windowMonths: 6, asOf: Self.asOf).isEmpty)
        #expect(try TemporaryStore().store.churn(asOf: Self.asOf).isEmpty)
        #expect(throws: ClienteleError.self) { try temp.store.churn(windowMonths: 0) }
    }

    // MARK: - Conversion

    @Test func conversionOverallByCohortAndByEntryCategory() throws {
        let temp = try Self.make()
        let report = try temp.store.conversion()
        // Two occasions or more: P1 (3 days), P3 (02-03, 03-01), P5 (3 days). P4's refund day is no occasion; P6's
        // two orders are on one day.
        #expect(report.overall == ConversionRow(key: "all", customers: 6, converted: 3, rate: 0.5))
        #expect(report.byCohort == [
            ConversionRow(key: "2024-01", customers: 2, converted: 1, rate: 0.5),   // P1 yes, P2 no
            ConversionRow(key: "2024-02", customers: 1, converted: 1, rate: 1),     // P3
            ConversionRow(key: "2024-03", customers: 2, converted: 1, rate: 0.5),   // P4 no, P5 yes
            ConversionRow(key: "2024-05", customers: 1, converted: 0, rate: 0),     // P6: two orders, one day
        ])
        // Entry category = the first purchase's (P3's 12:00 books before its 18:00 music); lowest rate first, then
        // by name.
        #expect(report.byEntryCategory == [
            ConversionRow(key: "(none)", customers: 1, converted: 0, rate: 0),
            ConversionRow(key: "music", customers: 1, converted: 0, rate: 0),
            ConversionRow(key: "toys", customers: 1, converted: 0, rate: 0),
            ConversionRow(key: "books", customers: 3, converted: 3, rate: 1),
        ])
    }

    // MARK: - Cohorts

    @Test func cohortMatrixCountsSharesAndRevenue() throws {
        let temp = try Self.make()
        let matrix = try temp.store.cohortMatrix()
        func cell(_ m: Int, _ offset: Int, _ active: Int, _ share: Double, _ cents: Int64) -> CohortRow.Cell {
            CohortRow.Cell(month: Self.month(m), offset: offset, activeCustomers: active, share: share,
                           revenue: money(cents))
        }
        #expect(matrix == [
            // January: P1, P2. February P1 only (30); April P1 (10).
            CohortRow(cohort: Self.month(1), size: 2, cells: [
                cell(1, 0, 2, 1, 7_000), cell(2, 1, 1, 0.5, 3_000), cell(4, 3, 1, 0.5, 1_000)]),
            // February: P3 (15 + 5, then 25 in March).
            CohortRow(cohort: Self.month(2), size: 1, cells: [cell(2, 0, 1, 1, 2_000), cell(3, 1, 1, 1, 2_500)]),
            // March: P4 (40 − 10), P5 (30); May P5 (20 + 10); June: P5's refund only, nobody active.
            CohortRow(cohort: Self.month(3), size: 2, cells: [
                cell(3, 0, 2, 1, 6_000), cell(5, 2, 1, 0.5, 3_000), cell(6, 3, 0, 0, -500)]),
            CohortRow(cohort: Self.month(5), size: 1, cells: [cell(5, 0, 1, 1, 1_500)]),
        ])
    }

    // MARK: - Average check, seasonality, next purchase

    @Test func averageCheckPerMonthAndTrend() throws {
        let temp = try Self.make()
        let report = try temp.store.averageCheckByMonth()
        // Purchases only (refunds excluded); June has a refund only and is not listed.
        // Jan 70/2 = 35.00 · Feb 50/3 = 16.66 · Mar 95/3 = 31.66 · Apr 10/1 · May 45/4 = 11.25 (minor units, toward 0).
        #expect(report.months.map(\.month) == (1...5).map(Self.month))
        #expect(report.months.map(\.orders) == [2, 3, 3, 1, 4])
        #expect(report.months.map(\.revenue) == [7_000, 5_000, 9_500, 1_000, 4_500].map(money))
        #expect(report.months.map(\.averageCheck) == [3_500, 1_666, 3_166, 1_000, 1_125].map(money))
        #expect(report.months[0].change == nil)
        let changes = [1_666.0 / 3_500 - 1, 3_166.0 / 1_666 - 1, 1_000.0 / 3_166 - 1, 1_125.0 / 1_000 - 1]
        for (row, change) in zip(report.months.dropFirst(), changes) { #expect(near(row.change, change)) }
        // Least squares over x = 0…4, y = the checks: ȳ = 2091.4, Σ(x−2)(y−ȳ) = −5416, Σ(x−2)² = 10.
        #expect(near(report.trendPerMonth, -541.6, 1e-9))
        let empty = try TemporaryStore().store.averageCheckByMonth()
        #expect(empty.months.isEmpty && empty.trendPerMonth == nil)
    }

    @Test func categoryByMonth() throws {
        let temp = try Self.make()
        let rows = try temp.store.categoryMonths()
        func row(_ category: String?, _ m: Int, _ cents: Int64, _ orders: Int) -> CategoryMonthRow {
            CategoryMonthRow(category: category, month: Self.month(m), revenue: money(cents), orders: orders)
        }
        // Net revenue (refunds included, in their own month) and purchases, by (category id, month).
        #expect(rows == [
            row(nil, 5, 1_500, 2),
            row("books", 1, 2_000, 1), row("books", 2, 1_500, 1), row("books", 3, 5_500, 2), row("books", 4, 1_000, 1),
            row("books", 5, 2_000, 1),
            row("music", 1, 5_000, 1), row("music", 2, 3_500, 2),
            row("toys", 3, 3_000, 1), row("toys", 5, 1_000, 1), row("toys", 6, -500, 0),
        ])
    }

    @Test func nextPurchaseShares() throws {
        let temp = try Self.make()
        // Consecutive purchases in time order (refunds skipped, same day included):
        // P1 books→music→books; P3 books→music→books; P5 books→books→toys; P6 (none)→(none).
        #expect(try temp.store.nextPurchase(after: "books") == [
            NextPurchaseShare(category: "music", count: 2, share: 0.5),
            NextPurchaseShare(category: "books", count: 1, share: 0.25),
            NextPurchaseShare(category: "toys", count: 1, share: 0.25),
        ])
        #expect(try temp.store.nextPurchase(after: "music") == [NextPurchaseShare(category: "books", count: 2, share: 1)])
        #expect(try temp.store.nextPurchase(after: "toys").isEmpty)
        #expect(try temp.store.nextPurchase(after: nil) == [NextPurchaseShare(category: nil, count: 1, share: 1)])
        #expect(try temp.store.nextPurchase(after: "unknown").isEmpty)
    }

    // MARK: - One customer's history

    @Test func purchaseIntervals() throws {
        let temp = try Self.make()
        // P5: days 03-25, 05-05, 05-06 → gaps 41, 1; mean = median = 21; 40 days since 05-06 on 06-15.
        let p5 = try #require(try temp.store.intervals(externalID: "P5", asOf: Self.asOf))
        #expect(p5 == PurchaseIntervals(gapsDays: [41, 1], meanDays: 21, medianDays: 21, lastGapDays: 1,
                                        daysSinceLast: 40, overdueRatio: 40.0 / 21))
        // P1: 01-05, 02-10, 04-15 → 36, 65.
        let p1 = try #require(try temp.store.intervals(externalID: "P1", asOf: Self.asOf))
        #expect(p1.gapsDays == [36, 65] && p1.meanDays == 50.5 && p1.medianDays == 50.5 && p1.lastGapDays == 65)
        #expect(p1.daysSinceLast == 61)
        // P3: two purchases on 02-03 are one occasion; 02-03 → 03-01 (leap year) is 27 days.
        #expect(try temp.store.intervals(externalID: "P3", asOf: Self.asOf)?.gapsDays == [27])
        // P4: one occasion (the refund day is not one).
        #expect(try temp.store.intervals(externalID: "P4", asOf: Self.asOf) == PurchaseIntervals(
            gapsDays: [], meanDays: nil, medianDays: nil, lastGapDays: nil, daysSinceLast: 97, overdueRatio: nil))
        #expect(try temp.store.intervals(externalID: "nobody") == nil)
        #expect(try temp.store.intervals(externalID: "P6", asOf: at(2024, 5, 1)) == nil)   // nothing bought yet
    }

    @Test func purchaseIntervalsOddMedianAndAsOf() throws {
        let temp = try TemporaryStore()
        try temp.store.recordAll([
            line("Q", day2024(0), 100), line("Q", day2024(10, 9), 100), line("Q", day2024(10, 17), 100),
            line("Q", day2024(13), 100), line("Q", day2024(20), -100), line("Q", day2024(30), 100),
        ])
        // Days 0, 10, 13, 30 → gaps 10, 3, 17: mean 10, median 10 (sorted 3, 10, 17), last 17.
        let all = try #require(try temp.store.intervals(externalID: "Q", asOf: day2024(40)))
        #expect(all == PurchaseIntervals(gapsDays: [10, 3, 17], meanDays: 10, medianDays: 10, lastGapDays: 17,
                                         daysSinceLast: 10, overdueRatio: 1))
        // As of day 12: days 0 and 10 only.
        let early = try #require(try temp.store.intervals(externalID: "Q", asOf: day2024(12)))
        #expect(early == PurchaseIntervals(gapsDays: [10], meanDays: 10, medianDays: 10, lastGapDays: 10,
                                           daysSinceLast: 2, overdueRatio: 0.2))
    }

    @Test func profileHistoryAtEachMonthEnd() throws {
        let temp = try Self.make()
        // P1's scores among the customers with purchases by each month end (N = 2, 3, 5, 5, 6):
        // Jan 31: P1 vs P2 — older, tie on 1 order broken by number, less money → 1 1 1, Hibernating.
        // Feb 29: N = 3 (scores 1, 2, 4 by rank): most recent (rank 2 → R4); orders (1 P2, 2 P1, 2 P3) rank 1 → F2;
        //         net (20 P3, 50 P1, 50 P2) rank 1 → M2 → Potential Loyalist.
        // Mar 31: N = 5 (score = rank + 1): recency P2 P1 P3 P4 P5 → R2; orders P2 P4 P5 P1 P3 → F4;
        //         net (30 P4, 30 P5, 45 P3, 50 P1, 50 P2) → M4 → At Risk.
        // Apr 30: P1 buys again: latest → R5; 3 orders ties P3, lower number → rank 3, F4; 60 the most → M5 → Champions.
        // May 31: N = 6 (scores 1 1 2 3 4 5): recency P2 P3 P4 P1 P5 P6 → R3; orders (1 P2, 1 P4, 2 P6, 3 P1, 3 P3,
        //         3 P5) → F3;
        //         net (15, 30, 45, 50, 60 P1, 60 P5) → M4 → Need Attention. June is not over on 06-15.
        let history = try temp.store.profileHistory(externalID: "P1", asOf: Self.asOf)
        let expected: [(Day, RFMScores, String)] = [
            (Day(year: 2024, month: 1, day: 31)!, RFMScores(recency: 1, frequency: 1, monetary: 1), "Hibernating"),
            (Day(year: 2024, month: 2, day: 29)!, RFMScores(recency: 4, frequency: 2, monetary: 2), "Potential Loyalist"),
            (Day(year: 2024, month: 3, day: 31)!, RFMScores(recency: 2, frequency: 4, monetary: 4), "At Risk"),
            (Day(year: 2024, month: 4, day: 30)!, RFMScores(recency: 5, frequency: 4, monetary: 5), "Champions"),
            (Day(year: 2024, month: 5, day: 31)!, RFMScores(recency: 3, frequency: 3, monetary: 4), "Need Attention"),
        ]
        #expect(history == expected.map { ProfileHistoryPoint(monthEnd: $0.0, scores: $0.1, segment: $0.2) })
        // Each point equals the as-of RFM at the end of that day (an independent path: PastPopulation).
        for point in history {
            let rfm = try temp.store.customerRFM(externalID: "P1", asOf: endOfDay(point.monthEnd))
            #expect(rfm?.scores == point.scores && rfm?.segment == point.segment, "\(point.monthEnd)")
        }
        // P6 first bought in May: one point. Unknown customers and customers without purchases: none.
        #expect(try temp.store.profileHistory(externalID: "P6", asOf: Self.asOf).map(\.monthEnd)
            == [Day(year: 2024, month: 5, day: 31)!])
        #expect(try temp.store.profileHistory(externalID: "nobody", asOf: Self.asOf).isEmpty)
        #expect(try temp.store.profileHistory(externalID: "P1", asOf: at(2024, 1, 30)).isEmpty)
    }

    // MARK: - Status rules and exit analysis

    @Test func statusRuleBoundaries() {
        let rules = StatusRules()   // new ≤ 30 · at risk > max(90, 1.5 gap) · lapsed > max(180, 3 gap) · lost > 365
        func status(_ since: Int, first: Int? = nil, occasions: Int = 2, gap: Double? = nil) -> CustomerStatus {
            rules.status(daysSinceLast: since, daysSinceFirst: first ?? since + 100, occasions: occasions,
                         usualGapDays: gap)
        }
        #expect(status(365) == .lapsed && status(366) == .lost)
        #expect(status(366, gap: 400) == .lost)                          // lost ignores the usual gap
        #expect(status(180) == .atRisk && status(181) == .lapsed)        // no gap: the store default
        #expect(status(300, gap: 100) == .atRisk && status(301, gap: 100) == .lapsed)   // 3 × 100 > 180
        #expect(status(90) == .active && status(91) == .atRisk)
        #expect(status(120, gap: 80) == .active && status(121, gap: 80) == .atRisk)     // 1.5 × 80 > 90
        #expect(status(10, gap: 5) == .active)                           // a short gap never lowers the defaults
        #expect(status(30, first: 30, occasions: 1) == .new && status(31, first: 31, occasions: 1) == .active)
        #expect(status(5, first: 5, occasions: 2) == .active)            // two occasions are never new
        #expect(status(95, first: 95, occasions: 1) == .atRisk)
        var custom = StatusRules()
        custom.lapsedAfterDays = 10
        custom.lapsedGapMultiple = 2
        #expect(custom.status(daysSinceLast: 11, daysSinceFirst: 50, occasions: 3, usualGapDays: 5) == .lapsed)
        #expect(custom.status(daysSinceLast: 11, daysSinceFirst: 50, occasions: 3, usualGapDays: 6) == .active)
    }

    /// Customers relative to today (exit analysis and the present status read the clock; margins of several days
    /// keep the expectations true whatever the hour).
    static let exitRules = StatusRules.days(new: 10, atRisk: 30, lapsed: 60, lost: 120)

    static func exitStore() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        try temp.store.recordAll([
            line("E1", daysAgo(200), 1_000, "a"),                                    // lost
            line("E2", daysAgo(100), 1_000, "x"), line("E2", daysAgo(70), 1_000, "b"),  // gap 30: at risk
            line("E3", daysAgo(80), 1_000, "b"),                                     // lapsed
            line("E4", daysAgo(5), 1_000, "a"),                                      // new
            line("E5", daysAgo(20), 1_000, "c"), line("E5", daysAgo(3), 1_000, "c"), // active
            line("E6", daysAgo(150), 1_000, "a"),                                    // lost
        ])
        return temp
    }

    @Test func presentStatusThroughTheStore() throws {
        let temp = try Self.exitStore()
        let expected: [String: CustomerStatus] = ["E1": .lost, "E2": .atRisk, "E3": .lapsed, "E4": .new, "E5": .active,
                                                  "E6": .lost]
        for (customer, status) in expected {
            #expect(try temp.store.customerRFM(externalID: customer, status: Self.exitRules)?.status == status,
                    "\(customer)")
        }
    }

    @Test func exitAnalysisComparesTheLastCategories() throws {
        let temp = try Self.exitStore()
        // Left (lapsed or lost): E1 a, E6 a, E3 b → a 2/3, b 1/3. Staying: E2 b, E4 a, E5 c → 1/3 each.
        // Sorted by left share − staying share: a (+1/3), b (0), c (−1/3); x is nobody's last category.
        let rows = try temp.store.exitAnalysis(status: Self.exitRules)
        #expect(rows.map(\.category) == ["a", "b", "c"])
        #expect(rows.map(\.leftCustomers) == [2, 1, 0] && rows.map(\.stayingCustomers) == [1, 1, 1])
        #expect(near(rows[0].leftShare, 2.0 / 3) && near(rows[0].stayingShare, 1.0 / 3))
        #expect(near(rows[2].leftShare, 0) && near(rows[2].stayingShare, 1.0 / 3))
        // Default rules: only E1 (200 days > 180) has left; E6 (150) is at risk, E3 (80, one occasion) active.
        // a: 1/1 left vs 2/5 staying (+0.6); c: 0 vs 1/5 (−0.2); b: 0 vs 2/5 (−0.4).
        let defaults = try temp.store.exitAnalysis()
        #expect(defaults.map(\.category) == ["a", "c", "b"])
        #expect(defaults.map(\.leftCustomers) == [1, 0, 0] && defaults.map(\.stayingCustomers) == [2, 1, 2])
    }
}
