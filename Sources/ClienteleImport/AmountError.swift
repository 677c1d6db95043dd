/// Why a money amount was rejected. Descriptions never contain the input.
public enum AmountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing but spaces and tabs (or nothing at all).
    case empty
    /// A character outside the grammar: a letter (`nan`, `inf`, `1e5`, `0x1p3`, `12abc`), an inner space, a
    /// second sign, a second decimal separator.
    case invalidCharacter
    /// The other separator (`,` in dot mode, `.` in comma mode): a thousands separator or the wrong decimal mark.
    case unexpectedSeparator
    /// No digit before the decimal separator (`-`, `.`, `.5`).
    case missingIntegerDigits
    /// A decimal separator with no digit after it (`5.`).
    case missingFractionDigits
    /// More fraction digits than the scale allows (the scale is attached); nothing is rounded.
    case tooManyFractionDigits(scale: Int)
    /// The value does not fit in Int64 minor units.
    case overflow

    public var description: String {
        switch self {
        case .empty: "invalid amount: empty"
        case .invalidCharacter: "invalid amount: unexpected character"
        case .unexpectedSeparator: "invalid amount: thousands separator or wrong decimal separator"
        case .missingIntegerDigits: "invalid amount: no digits before the decimal separator"
        case .missingFractionDigits: "invalid amount: no digits after the decimal separator"
        case .tooManyFractionDigits(let scale): "invalid amount: more than \(scale) decimal places"
        case .overflow: "invalid amount: out of range for 64-bit minor units"
        }
    }
}
