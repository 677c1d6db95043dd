import Clientele
import Testing

@Suite("CivilDate")
struct CivilDateTests {
    @Test("known day numbers", arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 2, 29, 11016), (2000, 3, 1, 11017), (1900, 1, 1, -25567),
        (2024, 1, 2, 19724), (1, 1, 1, -719_162), (9999, 12, 31, 2_932_896), (0, 3, 1, -719_468),
    ] as [(Int, Int, Int, Int64)])
    func knownDays(_ year: Int, _ month: Int, _ day: Int, _ days: Int64) {
        #expect(CivilDate.daysFromCivil(year: year, month: month, day: day) == days)
        #expect(CivilDate.civil(fromDays: days) == CivilDate(year: year, month: month, day: day))
    }

    @Test("leap years and month lengths")
    func monthLengths() {
        #expect(CivilDate.isLeapYear(2024))
        #expect(CivilDate.isLeapYear(2000))
        #expect(!CivilDate.isLeapYear(1900))
        #expect(!CivilDate.isLeapYear(2023))
        #expect(CivilDate.isLeapYear(0))
        #expect(CivilDate.isLeapYear(-4))
        #expect(CivilDate.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2023, month: 2) == 28)
        #expect(CivilDate.daysInMonth(year: 2023, month: 4) == 30)
        #expect(CivilDate.daysInMonth(year: 2023, month: 12) == 31)
        #expect(CivilDate.daysInMonth(year: 2023, month: 13) == 0)
        #expect(CivilDate(year: 2024, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2023, month: 2, day: 29).isValid)
        #expect(!CivilDate(year: 2024, month: 2, day: 30).isValid)
        #expect(!CivilDate(year: 2024, month: 0, day: 1).isValid)
        #expect(!CivilDate(year: 2024, month: 1, day: 0).isValid)
    }

    @Test("consecutive day numbers walk the calendar one day at a time (1600-2400)")
    func sequentialWalk() {
        var date = CivilDate(year: 1600, month: 1, day: 1)
        var days = CivilDate.daysFromCivil(year: 1600, month: 1, day: 1)
        while date.year < 2400 {
            #expect(CivilDate.civil(fromDays: days) == date)
            #expect(date.daysSinceEpoch == days)
            // Advance by hand.
            if date.day < CivilDate.daysInMonth(year: date.year, month: date.month) {
                date.day += 1
            } else if date.month < 12 {
                date = CivilDate(year: date.year, month: date.month + 1, day: 1)
            } else {
                date = CivilDate(year: date.year + 1, month: 1, day: 1)
            }
            days += 1
        }
    }

    @Test("random civil dates round-trip through day numbers")
    func randomRoundTrip() {
        var rng = TestGenerator()
        let seed = rng.seed
        for _ in 0..<20_000 {
            let year = Int.random(in: CivilDate.supportedYears, using: &rng)
            let month = Int.random(in: 1...12, using: &rng)
            let day = Int.random(in: 1...CivilDate.daysInMonth(year: year, month: month), using: &rng)
            let date = CivilDate(year: year, month: month, day: day)
            #expect(date.isValid)
            #expect(CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date, "seed \(seed), date \(date)")
        }
        for _ in 0..<20_000 {
            let days = Int64.random(in: CivilDate.supportedDays, using: &rng)
            let date = CivilDate.civil(fromDays: days)
            #expect(date.isValid, "seed \(seed), days \(days)")
            #expect(date.daysSinceEpoch == days, "seed \(seed), days \(days)")
        }
    }

    @Test("domain edges are exact and extreme inputs do not trap")
    func extremes() {
        let lowest = CivilDate(year: CivilDate.supportedYears.lowerBound, month: 1, day: 1)
        let highest = CivilDate(year: CivilDate.supportedYears.upperBound, month: 12, day: 31)
        #expect(lowest.daysSinceEpoch == CivilDate.supportedDays.lowerBound)
        #expect(highest.daysSinceEpoch == CivilDate.supportedDays.upperBound)
        _ = CivilDate.daysFromCivil(year: .max, month: .max, day: .max)
        _ = CivilDate.daysFromCivil(year: .min, month: .min, day: .min)
        _ = CivilDate.civil(fromDays: .max)
        _ = CivilDate.civil(fromDays: .min)
    }

    @Test("ordering and description")
    func ordering() {
        #expect(CivilDate(year: 2024, month: 1, day: 31) < CivilDate(year: 2024, month: 2, day: 1))
        #expect(CivilDate(year: 999, month: 1, day: 2).description == "0999-01-02")
        #expect(CivilDate(year: -44, month: 3, day: 15).description == "-0044-03-15")
    }
}
