/// An invalid setting passed to ``CSVReader``, ``AmountParser`` or ``TimestampParser``.
///
/// These come from code or command-line flags, never from the data being imported, so the description may name
/// the offending value.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The CSV delimiter is a quote, CR, LF, NUL or a non-ASCII byte.
    case invalidDelimiter(UInt8)
    /// A size or count limit is outside its allowed range.
    case limitOutOfRange(name: String, value: Int, allowed: ClosedRange<Int>)
    /// An amount scale outside `0...9`.
    case invalidScale(Int)
    /// A UTC offset in seconds outside ±18 hours.
    case invalidUTCOffset(seconds: Int)
    /// A year range that is not inside `0...9999`.
    case invalidYearRange(ClosedRange<Int>)

    public var description: String {
        switch self {
        case .invalidDelimiter(let byte):
            "invalid CSV delimiter byte \(byte): must be ASCII and not a quote, CR, LF or NUL"
        case .limitOutOfRange(let name, let value, let allowed):
            "\(name) \(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .invalidScale(let scale):
            "invalid amount scale \(scale): must be in 0...9"
        case .invalidUTCOffset(let seconds):
            "invalid UTC offset \(seconds) s: must be within ±18 hours"
        case .invalidYearRange(let range):
            "invalid year range \(range.lowerBound)...\(range.upperBound): must be inside 0...9999"
        }
    }
}
