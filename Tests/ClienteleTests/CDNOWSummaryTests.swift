import Testing
@testable import Clientele

/// CDNOW reproduction: the sample (2,357 customers, 6,919 purchases) loaded through the public API must give
/// lifetimes' published `cdnow_customers_summary.csv` (weeks as days / 7, observation end 1997-09-30) for every
/// customer.
@Suite("CDNOW summary reproduction")
struct CDNOWSummaryTests {
    /// Loads `CDNOW_sample.txt` (`orig_id sample_id YYYYMMDD cds dollars`, whitespace-separated, CRLF): the sample id
    /// is the external id, every row one purchase at midnight UTC of its day, no order id.
    static func load() throws -> TemporaryStore {
        var purchases: [Purchase] = []
        for row in try Fixtures.text("CDNOW_sample.txt").split(whereSeparator: \.isNewline) {
            let fields = row.split(whereSeparator: \.isWhitespace)
            guard fields.count == 5 else { continue }
            let date = try #require(Int(fields[2]))
            let day = try #require(Day(year: date / 10_000, month: date / 100 % 100, day: date % 100))
            let dollars = fields[4].split(separator: ".")
            let fraction = dollars.count > 1 ? String(dollars[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "0"
            let cents = try #require(Int64(dollars[0])) * 100 + (try #require(Int64(fraction)))
            purchases.append(Purchase(customer: String(fields[1]), occurredAt: Instant(day: day), amount: money(cents)))
        }
        #expect(purchases.count == 6_919)
        let temp = try TemporaryStore()
        try temp.store.recordAll(purchases)
        return temp
    }

    /// `ID,frequency,recency,T` by numeric id.
    static func published() throws -> [Int: (frequency: Int, recency: Double, T: Double)] {
        var rows: [Int: (Int, Double, Double)] = [:]
        for row in try Fixtures.text("cdnow_customers_summary.csv").split(whereSeparator: \.isNewline).dropFirst() {
            let fields = row.split(separator: ",")
            guard fields.count == 4 else { continue }
            rows[try #require(Int(fields[0]))] = (try #require(Int(fields[1])), try #require(Double(fields[2])),
                                                  try #require(Double(fields[3])))
        }
        return rows
    }

    /// Hundredths, as the published file rounds them (k/7 is never exactly halfway, so rounding is unambiguous).
    static func cents(_ value: Double) -> Int { Int((value * 100).rounded()) }

    @Test func reproducesThePublishedSummaryForEveryCustomer() throws {
        let temp = try Self.load()
        let expected = try Self.published()
        #expect(expected.count == 2_357)
        // The observation end: any instant of 1997-09-30. lifetimes floors the end and every purchase to its day
        // (`freq='D'`), so midnight at the start of the day is what `'1997-09-30'` means there, and purchases on
        // that day count. The day after (1997-10-01 00:00) would add 1/7 to every T.
        let end = Instant(day: Day(year: 1997, month: 9, day: 30)!)
        let rows = try temp.store.summary(SummaryOptions(period: .day, multiplier: 7, observationEnd: end))
        #expect(rows.count == 2_357)
        var mismatches: [String] = []
        var previous = 0
        for row in rows {
            let id = try #require(Int(row.externalID))
            #expect(id > previous, "rows in customer-number order (the file's order)")
            previous = id
            guard let reference = expected[id] else {
                mismatches.append("\(id): not in the published file")
                continue
            }
            if row.frequency != reference.frequency || Self.cents(row.recency) != Self.cents(reference.recency)
                || Self.cents(row.T) != Self.cents(reference.T) {
                mismatches.append("\(id): got (\(row.frequency), \(row.recency), \(row.T)), published \(reference)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
        // The anchors of RFM.md §1.3: 1,411 customers with x = 0, Σx = 2,457.
        #expect(rows.filter { $0.frequency == 0 }.count == 1_411)
        #expect(rows.reduce(0) { $0 + $1.frequency } == 2_457)
        // Customer 1: x = 2, t_x = 30.43, T = 38.86.
        let firstID = try #require(rows.first?.externalID)   // "0001": the ids keep the file's zero padding
        let first = try #require(try temp.store.customerSummary(
            externalID: firstID, SummaryOptions(multiplier: 7, observationEnd: end)))
        #expect(first.frequency == 2 && Self.cents(first.recency) == 3_043 && Self.cents(first.T) == 3_886)

        // Every instant of 1997-09-30 gives the same rows; the next midnight does not.
        let lastInstant = endOfDay(Day(year: 1997, month: 9, day: 30)!)
        #expect(try temp.store.summary(SummaryOptions(multiplier: 7, observationEnd: lastInstant)) == rows)
        let nextDay = try temp.store.summary(SummaryOptions(multiplier: 7, observationEnd: Instant(
            day: Day(year: 1997, month: 10, day: 1)!)))
        #expect(zip(nextDay, rows).allSatisfy { near($0.T, $1.T + 1.0 / 7) })
    }

    @Test func aggregateAndPurchaseLogPathsAgree() throws {
        // Customers without purchases after the end come from their aggregates, the others from the purchase log;
        // each customer's row must not depend on the path: compare with the one-customer query, and with the
        // calibration columns of a split (which always reads the purchase log).
        let temp = try Self.load()
        let end = Instant(day: Day(year: 1997, month: 9, day: 30)!)
        let rows = try temp.store.summary(SummaryOptions(multiplier: 7, observationEnd: end))
        var generator = TestGenerator()
        for row in rows.shuffled(using: &generator).prefix(50) {
            #expect(try temp.store.customerSummary(externalID: row.externalID,
                                                   SummaryOptions(multiplier: 7, observationEnd: end)) == row,
                    generator.comment)
        }
        // A calibration split at the same end reads every purchase: its calibration columns equal the summary.
        let split = try temp.store.summary(SummaryOptions(
            multiplier: 7, observationEnd: Instant(day: Day(year: 1998, month: 6, day: 30)!),
            calibrationEnd: endOfDay(Day(year: 1997, month: 9, day: 30)!)))
        #expect(split.map(\.externalID) == rows.map(\.externalID))
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.externalID, $0) })
        let differing = split.filter { a in
            guard let b = byID[a.externalID] else { return true }
            return a.frequency != b.frequency || a.recency != b.recency || a.T != b.T
                || a.monetaryValue != b.monetaryValue || a.durationHoldout != 273.0 / 7
        }
        #expect(differing.isEmpty, "\(differing.count) differ, first: \(differing.prefix(3))")
        #expect(split.reduce(0) { $0 + ($1.frequencyHoldout ?? 0) } > 0)
    }
}
