/// A calendar day, counted from 1970-01-01 (day 0). Which day an instant falls on depends on the store's time zone.
public struct Day: Sendable, Hashable, Comparable, Codable, Strideable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var rawValue: Int32

    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The day with this number (days since 1970-01-01).
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The day with the given civil date, or `nil` when the date does not exist (2023-02-29) or the year is outside
    /// 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        let date = CivilDate(year: year, month: month, day: day)
        guard (1...9999).contains(year), date.isValid else { return nil }
        rawValue = Int32(date.daysSinceEpoch)
    }

    /// The day `instant` falls on, `utcOffsetSeconds` east of UTC.
    public init(_ instant: Instant, utcOffsetSeconds: Int32 = 0) {
        let shifted = instant.microseconds.addingReportingOverflow(Int64(utcOffsetSeconds) * 1_000_000)
        let micros = shifted.overflow ? instant.microseconds : shifted.partialValue
        let (quotient, remainder) = micros.quotientAndRemainder(dividingBy: Day.microsecondsPerDay)
        rawValue = Int32(clamping: remainder < 0 ? quotient - 1 : quotient)
    }

    /// The civil date (proleptic Gregorian).
    public var civil: (year: Int, month: Int, day: Int) {
        let date = CivilDate.civil(fromDays: Int64(rawValue))
        return (date.year, date.month, date.day)
    }

    /// The month this day is in.
    public var month: Month {
        let date = civil
        return Month(year: date.year, month: date.month)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.rawValue < rhs.rawValue }
    public func distance(to other: Day) -> Int { Int(other.rawValue) - Int(rawValue) }
    public func advanced(by n: Int) -> Day { Day(rawValue: Int32(clamping: Int(rawValue) + n)) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let date = civil
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }
}

/// A calendar month, counted as `year * 12 + (month - 1)`.
public struct Month: Sendable, Hashable, Comparable, Codable, Strideable, CustomStringConvertible {
    /// `year * 12 + (month - 1)`.
    public var rawValue: Int32

    /// The month with this number (`year * 12 + (month - 1)`).
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The month `month` (1–12) of `year`; out-of-range numbers roll over into the neighbouring years.
    public init(year: Int, month: Int) { rawValue = Int32(clamping: year * 12 + (month - 1)) }

    /// The year.
    public var year: Int { Int(rawValue) / 12 }
    /// The month of the year, 1...12.
    public var monthOfYear: Int { Int(rawValue) % 12 + 1 }
    /// The first day of the month.
    public var firstDay: Day { Day(year: year, month: monthOfYear, day: 1) ?? Day(rawValue: 0) }
    /// The last day of the month.
    public var lastDay: Day { advanced(by: 1).firstDay.advanced(by: -1) }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.rawValue < rhs.rawValue }
    public func distance(to other: Month) -> Int { Int(other.rawValue) - Int(rawValue) }
    public func advanced(by n: Int) -> Month { Month(rawValue: Int32(clamping: Int(rawValue) + n)) }

    /// `YYYY-MM`.
    public var description: String {
        let month = monthOfYear < 10 ? "0\(monthOfYear)" : "\(monthOfYear)"
        return "\(year)-\(month)"
    }
}
