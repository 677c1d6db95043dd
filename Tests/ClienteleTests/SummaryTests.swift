import Testing
@testable import Clientele

/// The lifetimes-compatible summary: the worked examples of RFM.md §1.1 (summary_data_from_transaction_data) and
/// §1.2 (calibration_and_holdout_data), exactly. RFM.md's amounts are dollars; the store keeps them at scale 2.
@Suite("Lifetimes summary (RFM.md §1.1–1.2)")
struct SummaryTests {
    /// RFM.md §1.1: A buys 2020-01-01 09:00 $10, 2020-01-01 18:00 $5, 01-05 $20, 01-10 $30; B buys 01-20 $40;
    /// C buys 01-03 $7 and 02-10 $9.
    static let worked: [Purchase] = [
        line("A", at(2020, 1, 1, 9), 1_000), line("A", at(2020, 1, 1, 18), 500), line("A", at(2020, 1, 5), 2_000),
        line("A", at(2020, 1, 10), 3_000), line("B", at(2020, 1, 20), 4_000), line("C", at(2020, 1, 3), 700),
        line("C", at(2020, 2, 10), 900),
    ]
    /// RFM.md §1.2: C's holdout purchases are 02-10 $9, 02-10 $1 and 02-12 $4.
    static let holdoutExtra: [Purchase] = [line("C", at(2020, 2, 10, 15), 100), line("C", at(2020, 2, 12), 400)]

    /// Midnight at the start of 2020-01-31 (what lifetimes makes of the string "2020-01-31").
    static let end = at(2020, 1, 31, 0, 0)

    static func store(_ purchases: [Purchase] = worked) throws -> TemporaryStore {
        let temp = try TemporaryStore()
        try temp.store.recordAll(purchases)
        return temp
    }

    // MARK: - §1.1, days

    @Test func workedExampleDays() throws {
        let temp = try Self.store()
        let rows = try temp.store.summary(SummaryOptions(observationEnd: Self.end))
        // A: days 01-01 (two orders, one occasion, $15), 01-05, 01-10 → x = 2, t_x = 9, T = 30, m = (20 + 30) / 2.
        // B: one occasion 11 days before the end. C: 02-10 is after the end, so x = 0 and T = 28.
        #expect(rows == [summaryRow("A", 2, 9, 30, 25), summaryRow("B", 0, 0, 11, 0), summaryRow("C", 0, 0, 28, 0)])
        for row in rows {
            #expect(try temp.store.customerSummary(externalID: row.externalID, SummaryOptions(observationEnd: Self.end))
                == row)
        }
    }

    @Test func anyInstantOfTheEndDayGivesTheSameRows() throws {
        // lifetimes floors the observation end to its period; so does the store (days: the store's local day).
        let temp = try Self.store()
        let midnight = try temp.store.summary(SummaryOptions(observationEnd: Self.end))
        for end in [at(2020, 1, 31, 0, 0), at(2020, 1, 31, 12), endOfDay(Day(year: 2020, month: 1, day: 31)!)] {
            #expect(try temp.store.summary(SummaryOptions(observationEnd: end)) == midnight)
        }
        // The next midnight is the next day: every T grows by one.
        let next = try temp.store.summary(SummaryOptions(observationEnd: at(2020, 2, 1, 0, 0)))
        #expect(next.map(\.T) == [31, 12, 29])
    }

    @Test func purchasesLaterOnTheEndDayCount() throws {
        // E buys 01-30 10:00 $3 and 01-31 23:30 $4; with the end at 01-31 00:00, lifetimes floors the 23:30 row to
        // 01-31 and keeps it.
        let temp = try Self.store([line("E", at(2020, 1, 30, 10), 300), line("E", at(2020, 1, 31, 23, 30), 400)])
        let expected = summaryRow("E", 1, 1, 1, 4)
        #expect(try temp.store.summary(SummaryOptions(observationEnd: Self.end)) == [expected])
        #expect(try temp.store.customerSummary(externalID: "E", SummaryOptions(observationEnd: Self.end)) == expected)
        // The same through the purchase log (weeks: 01-30 and 01-31 are one week, the end's).
        #expect(try temp.store.summary(SummaryOptions(period: .week, observationEnd: Self.end))
            == [summaryRow("E", 0, 0, 0, 0)])
    }

    @Test func multiplierDividesDurations() throws {
        let temp = try Self.store()
        let rows = try temp.store.summary(SummaryOptions(multiplier: 7, observationEnd: Self.end))
        #expect(rows == [summaryRow("A", 2, 9.0 / 7, 30.0 / 7, 25), summaryRow("B", 0, 0, 11.0 / 7, 0),
                         summaryRow("C", 0, 0, 28.0 / 7, 0)])
    }

    @Test func refundsAreLeftOut() throws {
        // The summary counts purchases only: a refund changes neither the occasions nor the monetary value.
        let temp = try Self.store(Self.worked + [line("A", at(2020, 1, 5, 13), -500), line("B", at(2020, 1, 25), -4_000)])
        let rows = try temp.store.summary(SummaryOptions(observationEnd: Self.end))
        #expect(rows == [summaryRow("A", 2, 9, 30, 25), summaryRow("B", 0, 0, 11, 0), summaryRow("C", 0, 0, 28, 0)])
    }

    @Test func customersFirstBuyingAfterTheEndAreAbsent() throws {
        let temp = try Self.store()
        let rows = try temp.store.summary(SummaryOptions(observationEnd: at(2020, 1, 2)))
        #expect(rows == [summaryRow("A", 0, 0, 1, 0)])
        #expect(try temp.store.customerSummary(externalID: "B", SummaryOptions(observationEnd: at(2020, 1, 2))) == nil)
        #expect(try temp.store.customerSummary(externalID: "nobody") == nil)
    }

    @Test func rowsAreInCustomerNumberOrderWhateverPathTheyTake() throws {
        // C is customer #1 and has a purchase after the end (its row comes from the purchase log); A and B come
        // from their aggregates. The rows must still be in customer-number order.
        let temp = try TemporaryStore()
        try temp.store.createCustomers(["C", "A", "B"])
        try temp.store.recordAll(Self.worked)
        let rows = try temp.store.summary(SummaryOptions(observationEnd: Self.end))
        #expect(rows.map(\.externalID) == ["C", "A", "B"])
        #expect(rows == [summaryRow("C", 0, 0, 28, 0), summaryRow("A", 2, 9, 30, 25), summaryRow("B", 0, 0, 11, 0)])
    }

    // MARK: - §1.1, weeks and months

    @Test func workedExampleWeeks() throws {
        // W-SUN: A's 01-01 (Wed) and 01-05 (Sun) are one week (starting Mon 2019-12-30), 01-10 the next; the end
        // 01-31 (Fri) floors to Mon 01-27. A: x = 1, t_x = 1, T = 4, m = 30.
        let temp = try Self.store()
        let rows = try temp.store.summary(SummaryOptions(period: .week, observationEnd: Self.end))
        #expect(rows == [summaryRow("A", 1, 1, 4, 30), summaryRow("B", 0, 0, 1, 0), summaryRow("C", 0, 0, 4, 0)])
        #expect(try temp.store.customerSummary(externalID: "A", SummaryOptions(period: .week, observationEnd: Self.end))
            == summaryRow("A", 1, 1, 4, 30))
        let halves = try temp.store.summary(SummaryOptions(period: .week, multiplier: 2, observationEnd: Self.end))
        #expect(halves.first == summaryRow("A", 1, 0.5, 2, 30))
    }

    @Test func purchasesLaterInTheEndWeekCount() throws {
        // D buys Tue 01-14 $10, Fri 01-31 $6 and Mon 02-03 $7. With the end on Wed 01-29, lifetimes floors both the
        // end and the Friday purchase to Mon 01-27 and keeps the purchase: x = 1, t_x = 2, T = 2, m = 6.
        let temp = try Self.store([line("D", at(2020, 1, 14), 1_000), line("D", at(2020, 1, 31), 600),
                                   line("D", at(2020, 2, 3), 700)])
        let options = SummaryOptions(period: .week, observationEnd: at(2020, 1, 29))
        #expect(try temp.store.summary(options) == [summaryRow("D", 1, 2, 2, 6)])
        #expect(try temp.store.customerSummary(externalID: "D", options) == summaryRow("D", 1, 2, 2, 6))
    }

    @Test func workedExampleMonths() throws {
        let temp = try Self.store()
        #expect(try temp.store.summary(SummaryOptions(period: .month, observationEnd: Self.end))
            == [summaryRow("A", 0, 0, 0, 0), summaryRow("B", 0, 0, 0, 0), summaryRow("C", 0, 0, 0, 0)])
        // With the end on 02-05, C's 02-10 purchase is in the end's month and counts (lifetimes floors both to
        // 2020-02): C has x = 1, t_x = 1 month, T = 1, m = 9.
        let rows = try temp.store.summary(SummaryOptions(period: .month, observationEnd: at(2020, 2, 5)))
        #expect(rows == [summaryRow("A", 0, 0, 1, 0), summaryRow("B", 0, 0, 1, 0), summaryRow("C", 1, 1, 1, 9)])
    }

    @Test func weekIndexIsMondayBasedOnBothSidesOfTheEpoch() {
        func week(_ y: Int, _ m: Int, _ d: Int) -> Int { Period.week.index(of: Day(year: y, month: m, day: d)!) }
        #expect(week(2019, 12, 30) == week(2020, 1, 5))       // Mon … Sun
        #expect(week(2020, 1, 6) == week(2020, 1, 5) + 1)     // next Monday
        #expect(week(1969, 12, 29) == 0)                      // the Monday before 1970-01-01 (Thu)
        #expect(week(1970, 1, 4) == 0)                        // Sunday
        #expect(week(1969, 12, 28) == -1)                     // Sunday before
        #expect(week(1969, 12, 22) == -1)                     // Monday before
        #expect(week(1969, 12, 21) == -2)
        #expect(Period.month.index(of: Day(year: 2020, month: 2, day: 29)!)
            - Period.month.index(of: Day(year: 2019, month: 12, day: 31)!) == 2)
    }

    // MARK: - §1.2, calibration and holdout

    @Test func calibrationAndHoldoutWorkedExample() throws {
        let temp = try Self.store(Self.worked + Self.holdoutExtra)
        let options = SummaryOptions(observationEnd: at(2020, 2, 29, 0, 0), calibrationEnd: Self.end)
        let rows = try temp.store.summary(options)
        #expect(rows.count == 3)
        // Calibration as §1.1; duration_holdout = 29 days (01-31 → 02-29); C's holdout: two distinct days
        // (frequency_holdout counts periods, no −1) and lifetimes' monetary_value_holdout = the mean of the raw
        // rows (9 + 1 + 4) / 3 = 4.667 — not pymc-marketing's 7.0 (mean of the period sums).
        #expect(rows[0] == summaryRow("A", 2, 9, 30, 25, holdout: (0, 0, 29)))
        #expect(rows[1] == summaryRow("B", 0, 0, 11, 0, holdout: (0, 0, 29)))
        let c = rows[2]
        #expect(c.externalID == "C" && c.frequency == 0 && c.recency == 0 && c.T == 28 && c.monetaryValue == 0)
        #expect(c.frequencyHoldout == 2)
        #expect(c.durationHoldout == 29)
        #expect(near(c.monetaryValueHoldout, 14.0 / 3, 1e-12))
        #expect(((c.monetaryValueHoldout ?? 0) * 1000).rounded() == 4667)
        for row in rows { #expect(try temp.store.customerSummary(externalID: row.externalID, options) == row) }
    }

    @Test func calibrationAndHoldoutWeeks() throws {
        let temp = try Self.store(Self.worked + Self.holdoutExtra)
        let options = SummaryOptions(period: .week, observationEnd: at(2020, 2, 29, 0, 0), calibrationEnd: Self.end)
        let rows = try temp.store.summary(options)
        // Holdout weeks: Mon 01-27 (the calibration end's) to Mon 02-24 (the observation end's) → 4 weeks. C's
        // holdout purchases 02-10 (Mon) and 02-12 (Wed) are one week.
        #expect(rows.count == 3)
        #expect(rows[0] == summaryRow("A", 1, 1, 4, 30, holdout: (0, 0, 4)))
        #expect(rows[2].T == 4 && rows[2].frequencyHoldout == 1 && rows[2].durationHoldout == 4)
        #expect(near(rows[2].monetaryValueHoldout, 14.0 / 3, 1e-12))
    }

    @Test func calibrationSplitIsOnTheInstantsAsInLifetimes() throws {
        // calibration_and_holdout_data splits on the raw timestamps: with the calibration end at 01-31 00:00 a
        // purchase at 01-31 08:00 is a holdout row (though its day is the calibration end's period); with the end
        // at the last instant of 01-31 it is a calibration row.
        let temp = try Self.store([line("F", at(2020, 1, 10), 1_000), line("F", at(2020, 1, 31, 8), 2_000),
                                   line("F", at(2020, 2, 5), 3_000)])
        let midnight = try temp.store.summary(SummaryOptions(observationEnd: at(2020, 2, 29, 0, 0),
                                                             calibrationEnd: at(2020, 1, 31, 0, 0)))
        #expect(midnight == [summaryRow("F", 0, 0, 21, 0, holdout: (2, 25, 29))])
        let wholeDay = try temp.store.summary(SummaryOptions(
            observationEnd: at(2020, 2, 29, 0, 0), calibrationEnd: endOfDay(Day(year: 2020, month: 1, day: 31)!)))
        #expect(wholeDay == [summaryRow("F", 1, 21, 21, 20, holdout: (1, 30, 29))])
        // The observation end is also a raw instant for the holdout rows: 02-05 12:00 is after 02-05 00:00.
        let early = try temp.store.summary(SummaryOptions(observationEnd: at(2020, 2, 5, 0, 0),
                                                          calibrationEnd: at(2020, 1, 31, 0, 0)))
        #expect(early == [summaryRow("F", 0, 0, 21, 0, holdout: (1, 20, 5))])
    }

    @Test func holdoutLeavesOutRefundsAndCustomersNewInTheHoldout() throws {
        let temp = try Self.store(Self.worked + Self.holdoutExtra + [
            line("C", at(2020, 2, 11), -900), line("G", at(2020, 2, 15), 5_000),
        ])
        let rows = try temp.store.summary(SummaryOptions(observationEnd: at(2020, 2, 29, 0, 0), calibrationEnd: Self.end))
        #expect(rows.map(\.externalID) == ["A", "B", "C"])
        #expect(rows[2].frequencyHoldout == 2)
        #expect(near(rows[2].monetaryValueHoldout, 14.0 / 3, 1e-12))
    }

    @Test func invalidOptionsAreRejected() throws {
        let temp = try Self.store()
        let backwards = SummaryOptions(observationEnd: at(2020, 1, 1), calibrationEnd: at(2020, 1, 2))
        #expect(throws: ClienteleError.invalidInput(field: "calibration end", reason: "is after the observation end")) {
            try temp.store.summary(backwards)
        }
        #expect(throws: ClienteleError.invalidInput(field: "calibration end", reason: "is after the observation end")) {
            try temp.store.customerSummary(externalID: "A", backwards)
        }
        for multiplier in [0, -1, Double.infinity, Double.nan] {
            #expect(throws: ClienteleError.self) { try temp.store.summary(SummaryOptions(multiplier: multiplier)) }
            #expect(throws: ClienteleError.self) {
                try temp.store.customerSummary(externalID: "A", SummaryOptions(multiplier: multiplier))
            }
        }
    }
}
