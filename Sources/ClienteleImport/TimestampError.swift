/// Why a date or timestamp was rejected. Descriptions never contain the input.
public enum TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing but spaces and tabs (or nothing at all).
    case empty
    /// The text matches none of the accepted layouts (see ``TimestampParser``).
    case invalidFormat
    /// The year is outside the parser's allowed range (attached).
    case yearOutOfRange(ClosedRange<Int>)
    /// The month is not 1...12.
    case invalidMonth
    /// The day does not exist in that month (e.g. 2023-02-29, 2024-02-30, day 00).
    case invalidDay
    /// The hour is not 0...23.
    case invalidHour
    /// The minute is not 0...59.
    case invalidMinute
    /// The second is not 0...59 (leap seconds are rejected).
    case invalidSecond
    /// More than six fraction-of-second digits; nothing is truncated.
    case tooManyFractionDigits
    /// A date-time without `Z` or a `±HH:MM` offset, and the parser does not assume UTC.
    case missingTimeZoneOffset
    /// An offset with minutes ≥ 60 or beyond ±18:00.
    case invalidOffset
    /// The instant does not fit in Int64 microseconds.
    case outOfRange

    public var description: String {
        switch self {
        case .empty: "invalid timestamp: empty"
        case .invalidFormat: "invalid timestamp: expected YYYY-MM-DD, YYYYMMDD or YYYY-MM-DDTHH:MM[:SS[.ffffff]]±HH:MM"
        case .yearOutOfRange(let range):
            "invalid timestamp: year outside \(range.lowerBound)...\(range.upperBound)"
        case .invalidMonth: "invalid timestamp: month is not 01-12"
        case .invalidDay: "invalid timestamp: day does not exist in that month"
        case .invalidHour: "invalid timestamp: hour is not 00-23"
        case .invalidMinute: "invalid timestamp: minute is not 00-59"
        case .invalidSecond: "invalid timestamp: second is not 00-59"
        case .tooManyFractionDigits: "invalid timestamp: more than 6 fraction-of-second digits"
        case .missingTimeZoneOffset: "invalid timestamp: missing time zone offset (Z or ±HH:MM)"
        case .invalidOffset: "invalid timestamp: UTC offset beyond ±18:00 or minutes above 59"
        case .outOfRange: "invalid timestamp: out of range"
        }
    }
}
