/// A calendar day, counted from 1970-01-01 (day 0). Which day an instant falls on depends on the store's time zone.
public struct Day: Sendable, Hashable, Comparable, Codable, Strideable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var rawValue: Int32

    static let microsecondsPerDay: Int64 = 86_400_000_000

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The day with the given civil date, or `nil` when the date does not exist (2023-02-29) or is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        rawValue = Int32(era * 146_097 + dayOfEra - 719_468)
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
        // Howard Hinnant's civil_from_days.
        let z = Int(rawValue) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The month this day is in.
    public var month: Month {
        let date = civil
        return Month(year: date.year, month: date.month)
    }

    /// Whether `year` is a leap year.
    public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// The number of days in a month.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
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

    public init(rawValue: Int32) { self.rawValue = rawValue }

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
