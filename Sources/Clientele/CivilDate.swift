/// A proleptic Gregorian calendar date, with conversions to and from days since 1970-01-01.
///
/// The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (<https://howardhinnant.github.io/date_algorithms.html>). They are exact for every valid date with year in
/// ``supportedYears`` and for every day count in ``supportedDays``. Outside those domains they still never trap
/// (wrapping arithmetic), but the result is meaningless; validate first with ``isValid``.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (astronomical numbering: 0 is 1 BC).
    public var year: Int
    /// The month, 1...12 when valid.
    public var month: Int
    /// The day of the month, 1...``daysInMonth(year:month:)`` when valid.
    public var day: Int

    /// Years for which the conversions are exact.
    public static let supportedYears = -1_000_000_000...1_000_000_000
    /// Day counts for which ``civil(fromDays:)`` is exact (those of ``supportedYears``).
    public static let supportedDays: ClosedRange<Int64> = -365_243_219_528...365_241_780_837

    /// Creates a date without validating it; see ``isValid``.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether the month is 1...12, the day exists in that month, and the year is in ``supportedYears``.
    public var isValid: Bool {
        CivilDate.supportedYears.contains(year) && (1...12).contains(month)
            && day >= 1 && day <= CivilDate.daysInMonth(year: year, month: month)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int64 {
        CivilDate.daysFromCivil(year: year, month: month, day: day)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year` (28...31), or 0 for a month outside 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    /// Days from 1970-01-01 to the given date (Hinnant's `days_from_civil`).
    ///
    /// Exact for valid dates with year in ``supportedYears``; never traps for other inputs.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(truncatingIfNeeded: year) &- (month <= 2 ? 1 : 0)
        let m = Int64(truncatingIfNeeded: month)
        let d = Int64(truncatingIfNeeded: day)
        let era = (y >= 0 ? y : y &- 399) / 400
        let yearOfEra = y &- era &* 400  // [0, 399]
        let shiftedMonth = m > 2 ? m &- 3 : m &+ 9  // March = 0
        let dayOfYear = (153 &* shiftedMonth &+ 2) / 5 &+ d &- 1  // [0, 365]
        let dayOfEra = yearOfEra &* 365 &+ yearOfEra / 4 &- yearOfEra / 100 &+ dayOfYear  // [0, 146096]
        return era &* 146_097 &+ dayOfEra &- 719_468
    }

    /// The date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    ///
    /// Exact for `days` in ``supportedDays``; never traps for other inputs.
    public static func civil(fromDays days: Int64) -> CivilDate {
        let z = days &+ 719_468
        let era = (z >= 0 ? z : z &- 146_096) / 146_097
        let dayOfEra = z &- era &* 146_097  // [0, 146096]
        let yearOfEra = (dayOfEra &- dayOfEra / 1460 &+ dayOfEra / 36524 &- dayOfEra / 146_096) / 365  // [0, 399]
        let y = yearOfEra &+ era &* 400
        let dayOfYear = dayOfEra &- (365 &* yearOfEra &+ yearOfEra / 4 &- yearOfEra / 100)  // [0, 365]
        let shiftedMonth = (5 &* dayOfYear &+ 2) / 153  // [0, 11]
        let d = dayOfYear &- (153 &* shiftedMonth &+ 2) / 5 &+ 1  // [1, 31]
        let m = shiftedMonth < 10 ? shiftedMonth &+ 3 : shiftedMonth &- 9  // [1, 12]
        return CivilDate(
            year: Int(truncatingIfNeeded: y &+ (m <= 2 ? 1 : 0)),
            month: Int(truncatingIfNeeded: m),
            day: Int(truncatingIfNeeded: d))
    }

    /// The date `days` after 1970-01-01.
    public init(daysSinceEpoch days: Int64) {
        self = CivilDate.civil(fromDays: days)
    }

    /// Chronological order.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD` (zero-padded to four year digits; a sign for negative years).
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value.magnitude)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return (year < 0 ? "-" : "") + pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}
