import Foundation
import Testing
@testable import Clientele

/// IANA time zones for day boundaries (issue 14 item 4): `DayCalendar` against Foundation's own calendar, stores whose
/// days follow daylight saving, the stored zone on reopen, and old fixed-offset stores unchanged.
@Suite("IANA time zones")
struct TimeZoneTests {
    /// The local day of `instant` in `zone`, by Foundation's Gregorian calendar: the oracle.
    static func foundationDay(_ instant: Instant, _ zone: TimeZone) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant.date)
        return Day(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0) ?? Day(rawValue: .min)
    }

    /// The instant of a local wall-clock time in `zone` (Foundation; the earlier one in a repeated hour).
    /// The test stores' options with the time zone `zone` or the fixed offset `offset`.
    static func options(zone: String? = nil, offset: Int32? = nil) -> StoreOptions {
        var options = TemporaryStore.defaultOptions
        options.timeZone = zone
        if let offset { options.utcOffsetSeconds = offset }
        return options
    }

    /// A store made with `options`, holding one purchase of `c1` at `instant`, closed (reopen it with other options).
    static func closedStore(_ options: StoreOptions, purchaseAt instant: Instant) throws -> TemporaryStore {
        let temp = try TemporaryStore(options: options)
        try temp.store.write { try $0.record(line("c1", instant, 2_450)) }
        try temp.close()
        return temp
    }

    static func local(_ zone: String, _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Instant {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
        return Instant(date ?? Date(timeIntervalSince1970: 0))
    }

    static let zones = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago", "America/Havana",
                        "Asia/Kolkata", "Pacific/Chatham", "Europe/London", "UTC"]

    @Test(arguments: zones)
    func everyHalfHourAroundTransitionsMatchesFoundation(_ identifier: String) throws {
        let calendar = try DayCalendar(timeZoneIdentifier: identifier)
        let zone = try #require(TimeZone(identifier: identifier))
        // Every 30 minutes through 2024 (both transitions of every zone with daylight saving), and 1970 and 1916.
        for year in [1916, 1970, 2024] {
            var micros = Instant(day: Day(year: year, month: 1, day: 1)!).microseconds
            let end = Instant(day: Day(year: year + 1, month: 1, day: 1)!).microseconds
            while micros < end {
                let instant = Instant(microseconds: micros)
                let expected = Self.foundationDay(instant, zone)
                guard calendar.day(of: instant) == expected else {
                    Issue.record("\(identifier) \(instant): \(calendar.day(of: instant)) ≠ Foundation's \(expected)")
                    return
                }
                micros += 1_800_000_000
            }
        }
    }

    @Test func randomInstantsInAndOutsideTheTableMatchFoundation() throws {
        var gen = TestGenerator(seed: TestSeed.fresh())
        for identifier in Self.zones {
            let calendar = try DayCalendar(timeZoneIdentifier: identifier)
            let zone = try #require(TimeZone(identifier: identifier))
            // 1850...2300: the table (1900...2100) and Foundation's fallback on both sides.
            let low = Instant(day: Day(year: 1850, month: 1, day: 1)!).microseconds
            let high = Instant(day: Day(year: 2300, month: 1, day: 1)!).microseconds
            for _ in 0..<2_000 {
                let instant = Instant(microseconds: Int64.random(in: low..<high, using: &gen) / 1_000_000 * 1_000_000)
                #expect(calendar.day(of: instant) == Self.foundationDay(instant, zone), "\(identifier) \(instant) \(gen.comment)")
            }
        }
    }

    @Test(arguments: zones)
    func firstInstantOfADayIsFoundationsStartOfDay(_ identifier: String) throws {
        let calendar = try DayCalendar(timeZoneIdentifier: identifier)
        var foundation = Calendar(identifier: .gregorian)
        foundation.timeZone = try #require(TimeZone(identifier: identifier))
        let first = Day(year: 2023, month: 12, day: 25)!
        for day in first..<first.advanced(by: 380) {
            let start = calendar.firstInstant(of: day)
            #expect(calendar.day(of: start) == day, "\(identifier) \(day)")
            #expect(calendar.day(of: Instant(microseconds: start.microseconds - 1)) == day.advanced(by: -1), "\(identifier) \(day)")
            let expected = foundation.startOfDay(for: start.date)
            #expect(start.date == expected, "\(identifier) \(day): \(start) ≠ \(Instant(expected))")
            #expect(calendar.lastInstant(of: day).microseconds == calendar.firstInstant(of: day.advanced(by: 1)).microseconds - 1)
        }
    }

    @Test func fixedOffsetCalendarIsTheOldDayArithmetic() {
        let calendar = DayCalendar(utcOffsetSeconds: -18_000)
        let instant = at(2024, 3, 11, 4, 30)   // 23:30 on the 10th at UTC-5
        #expect(calendar.day(of: instant) == Day(instant, utcOffsetSeconds: -18_000))
        #expect(calendar.day(of: instant) == Day(year: 2024, month: 3, day: 10))
        #expect(calendar.firstInstant(of: Day(year: 2024, month: 3, day: 10)!) == at(2024, 3, 10, 5, 0))
        #expect(calendar.description == "UTC-05:00")
        #expect(DayCalendar(utcOffsetSeconds: 19_800).description == "UTC+05:30")
    }

    @Test func unknownZoneIsATypedError() {
        #expect(throws: ClienteleError.invalidInput(field: "time zone", reason: "not a known IANA time zone identifier")) {
            _ = try DayCalendar(timeZoneIdentifier: "Mars/Olympus_Mons")
        }
        var options = Self.options(zone: "Europe/Atlantis")
        #expect(throws: ClienteleError.invalidInput(field: "time zone", reason: "not a known IANA time zone identifier")) {
            _ = try TemporaryStore(options: options)
        }
        options.timeZone = "Europe/Berlin"
        options.utcOffsetSeconds = 3_600
        #expect(throws: ClienteleError.invalidInput(field: "time zone", reason: "set a time zone or a UTC offset, not both")) {
            _ = try TemporaryStore(options: options)
        }
    }

    /// Purchases at 23:30 and 00:30 local time on the days around both 2024 transitions land on their local day,
    /// in the aggregate (first and last day, occasions) and in verify's re-derivation.
    @Test(arguments: [
        ("America/New_York", [(3, 9), (3, 10), (3, 11), (11, 2), (11, 3), (11, 4)]),
        ("Europe/Berlin", [(3, 30), (3, 31), (4, 1), (10, 26), (10, 27), (10, 28)]),
    ])
    func purchasesNearMidnightAroundTransitionsLandOnTheLocalDay(_ identifier: String, _ days: [(Int, Int)]) throws {
        let temp = try TemporaryStore(options: Self.options(zone: identifier))
        let store = temp.store!
        #expect(store.timeZone == identifier)
        for (index, (month, day)) in days.enumerated() {
            let late = Self.local(identifier, 2024, month, day, 23, 30)
            let early = Self.local(identifier, 2024, month, day, 0, 30)
            let expected = Day(year: 2024, month: month, day: day)!
            #expect(store.day(of: late) == expected, "\(identifier) 23:30 on \(expected)")
            #expect(store.day(of: early) == expected, "\(identifier) 00:30 on \(expected)")
            // One customer per day, with both purchases: one occasion on that local day.
            let customer = "c\(index)"
            try store.write { w in
                _ = try w.record(line(customer, early, 1_000))
                _ = try w.record(line(customer, late, 2_000))
            }
            let stats = try #require(try store.customerStats(externalID: customer))
            #expect(stats.firstDay == expected && stats.lastDay == expected && stats.occasions == 1,
                    "\(identifier) \(expected): \(stats.firstDay)…\(stats.lastDay), \(stats.occasions) occasions")
        }
        // All on one customer, out of order: the re-derivation (not the incremental path) agrees.
        for (month, day) in days.reversed() {
            try store.write { w in
                _ = try w.record(line("all", Self.local(identifier, 2024, month, day, 23, 30), 500))
                _ = try w.record(line("all", Self.local(identifier, 2024, month, day, 0, 30), 500))
            }
        }
        let all = try #require(try store.customerStats(externalID: "all"))
        #expect(all.occasions == UInt32(days.count))
        #expect(all.firstDay == Day(year: 2024, month: days[0].0, day: days[0].1))
        #expect(try store.verify().isClean)
    }

    @Test func theZoneIsStoredAndAnotherOneOnReopenIsAMismatch() throws {
        let sunday = Self.local("America/New_York", 2024, 3, 10, 23, 30)
        let temp = try Self.closedStore(Self.options(zone: "America/New_York"), purchaseAt: sunday)
        #expect(throws: ClienteleError.timeZoneMismatch(stored: "America/New_York", requested: "Europe/Berlin")) {
            _ = try Store.open(at: temp.path, options: Self.options(zone: "Europe/Berlin"))
        }
        #expect(throws: ClienteleError.timeZoneMismatch(stored: "America/New_York", requested: "UTC-05:00")) {
            _ = try Store.open(at: temp.path, options: Self.options(offset: -18_000))
        }
        let unset = try Store.open(at: temp.path, options: TemporaryStore.defaultOptions)
        #expect(unset.timeZone == "America/New_York")
        #expect(unset.dayCalendar.timeZoneIdentifier == "America/New_York")
        #expect(unset.day(of: sunday) == Day(year: 2024, month: 3, day: 10))
        #expect(try unset.customerStats(externalID: "c1")?.lastDay == Day(year: 2024, month: 3, day: 10))
        #expect(try unset.verify().isClean)
        // Its settled options open it again (the zone is set, the offset is not).
        _ = try Store.open(at: temp.path, options: unset.options)
        _ = try Store.open(at: temp.path, options: Self.options(zone: "America/New_York"))
    }

    @Test func oldFixedOffsetStoresKeepTheirDays() throws {
        // 00:30 EDT on 2024-03-11 is 23:30 on the 10th at a fixed UTC-5: the old store keeps its fixed-offset day.
        let instant = Self.local("America/New_York", 2024, 3, 11, 0, 30)
        let temp = try Self.closedStore(Self.options(offset: -18_000), purchaseAt: instant)
        #expect(throws: ClienteleError.timeZoneMismatch(stored: "UTC-05:00", requested: "America/New_York")) {
            _ = try Store.open(at: temp.path, options: Self.options(zone: "America/New_York"))
        }
        let reopened = try Store.open(at: temp.path, options: TemporaryStore.defaultOptions)
        #expect(reopened.timeZone == nil)
        #expect(reopened.utcOffsetSeconds == -18_000)
        #expect(reopened.dayCalendar == DayCalendar(utcOffsetSeconds: -18_000))
        #expect(try reopened.customerStats(externalID: "c1")?.lastDay == Day(year: 2024, month: 3, day: 10))
        #expect(try reopened.verify().isClean)
    }
}
