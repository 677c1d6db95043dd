import Testing
@testable import Clientele

// Helpers shared by the query tests (SummaryTests, CDNOWSummaryTests, AsOfTests, ScoresAndSegmentsTests,
// RetentionTests, MarketingListTests).

/// A purchase (or, with a negative amount, a refund) of `cents` minor units.
func line(_ customer: String, _ instant: Instant, _ cents: Int64, _ category: String? = nil) -> Purchase {
    Purchase(customer: customer, occurredAt: instant, amount: money(cents), category: category)
}

/// The instant `offset` days after 2024-01-01 at `hour`:`minute` UTC.
func day2024(_ offset: Int, _ hour: Int = 12, _ minute: Int = 0) -> Instant {
    let base = Instant(day: Day(year: 2024, month: 1, day: 1)!.advanced(by: offset)).microseconds
    return Instant(microseconds: base + Int64(hour * 3600 + minute * 60) * 1_000_000)
}

/// The instant `days` days before today (UTC) at noon: for the queries that are only "as of now".
func daysAgo(_ days: Int) -> Instant {
    let today = Day(Instant.now)
    return Instant(microseconds: Instant(day: today.advanced(by: -days)).microseconds + 12 * 3_600_000_000)
}

/// The last microsecond of `day` in a store whose time zone is `utcOffsetSeconds` east of UTC.
func endOfDay(_ day: Day, utcOffsetSeconds: Int32 = 0) -> Instant {
    Instant(microseconds: Instant(day: day.advanced(by: 1)).microseconds - 1 - Int64(utcOffsetSeconds) * 1_000_000)
}

extension Store {
    /// Records `purchases` in one write transaction.
    func recordAll(_ purchases: [Purchase]) throws {
        try write { w in
            for purchase in purchases { try w.record(purchase) }
        }
    }

    /// Creates the customers in this order (so their customer numbers are 1, 2, … in it).
    func createCustomers(_ ids: [String]) throws {
        try write { w in
            for id in ids { try w.upsertCustomer(CustomerUpdate(externalID: id)) }
        }
    }
}

/// A summary row, for literal expectations.
func summaryRow(
    _ id: String, _ x: Int, _ recency: Double, _ T: Double, _ m: Double,
    holdout: (frequency: Int, monetary: Double, duration: Double)? = nil
) -> SummaryRow {
    SummaryRow(externalID: id, frequency: x, recency: recency, T: T, monetaryValue: m,
               frequencyHoldout: holdout?.frequency, monetaryValueHoldout: holdout?.monetary,
               durationHoldout: holdout?.duration)
}

/// Whether two doubles agree to `tolerance`.
func near(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (a?, b?): return abs(a - b) <= tolerance
    default: return false
    }
}
