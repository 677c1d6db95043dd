/// Parses decimal money amounts into Int64 minor units (cents for scale 2), strictly.
///
/// Grammar, after trimming surrounding ASCII spaces and tabs:
///
///     amount   = [ "-" | "+" ] digits [ separator 1*scale(digit) ]
///     digits   = 1*DIGIT          ; ASCII 0-9, leading zeros allowed
///
/// The separator is `.` (or `,` with `decimalComma`). So `0.5` is accepted and `.5` and `5.` are not; there are no
/// exponents, hex, `nan`/`inf`, thousands separators or inner spaces, and no rounding: more decimals than the scale
/// is an error. Fewer are padded (`12.5` at scale 2 is 1250). The full Int64 range is available, including
/// `Int64.min`; anything beyond throws ``AmountError/overflow`` and never traps.
///
/// ```swift
/// let cents = try AmountParser.standard.parse("-12.50")   // -1250
/// ```
public struct AmountParser: Sendable, Hashable {
    /// Digits after the decimal separator, `0...9`.
    public let scale: Int
    /// Whether `,` is the decimal separator (then `.` is rejected).
    public let decimalComma: Bool
    private let scaleFactor: UInt64

    /// Scale 2 with a decimal point.
    public static let standard = AmountParser(validScale: 2, decimalComma: false)

    /// Creates a parser.
    ///
    /// - Parameters:
    ///   - scale: Number of minor-unit digits, `0...9` (2 for cents).
    ///   - decimalComma: Use `,` as the decimal separator instead of `.`.
    /// - Throws: ``ConfigurationError/invalidScale(_:)`` for a scale outside `0...9`.
    public init(scale: Int = 2, decimalComma: Bool = false) throws(ConfigurationError) {
        guard (0...9).contains(scale) else { throw .invalidScale(scale) }
        self.init(validScale: scale, decimalComma: decimalComma)
    }

    private init(validScale: Int, decimalComma: Bool) {
        scale = validScale
        self.decimalComma = decimalComma
        var factor: UInt64 = 1
        for _ in 0..<validScale { factor &*= 10 }  // at most 10^9
        scaleFactor = factor
    }

    /// Parses `input` (UTF-8 bytes) into minor units.
    ///
    /// - Throws: ``AmountError`` describing the first violation of the grammar, or overflow.
    public func parse(_ input: UnsafeRawBufferPointer) throws(AmountError) -> Int64 {
        var lower = 0
        var upper = input.count
        while lower < upper && Self.isBlank(input[lower]) { lower += 1 }
        while upper > lower && Self.isBlank(input[upper - 1]) { upper -= 1 }
        guard lower < upper else { throw .empty }

        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        let otherSeparator = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var i = lower
        var negative = false
        if input[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if input[i] == UInt8(ascii: "+") {
            i += 1
        }

        var integer: UInt64 = 0
        let integerStart = i
        while i < upper, let digit = Self.digit(input[i]) {
            integer = try Self.appendDigit(digit, to: integer)
            i += 1
        }
        let integerDigits = i - integerStart

        var fraction: UInt64 = 0
        var fractionDigits = 0
        if i < upper && input[i] == separator {
            guard integerDigits > 0 else { throw .missingIntegerDigits }
            i += 1
            while i < upper, let digit = Self.digit(input[i]) {
                fractionDigits += 1
                guard fractionDigits <= scale else { throw .tooManyFractionDigits(scale: scale) }
                fraction = fraction &* 10 &+ digit  // below 10^9
                i += 1
            }
            if fractionDigits == 0 {
                throw i < upper ? Self.classify(input[i], otherSeparator: otherSeparator) : .missingFractionDigits
            }
        }
        if i < upper { throw Self.classify(input[i], otherSeparator: otherSeparator) }
        guard integerDigits > 0 else { throw .missingIntegerDigits }

        // magnitude = integer * 10^scale + fraction * 10^(scale - fractionDigits)
        var fractionFactor: UInt64 = 1
        for _ in fractionDigits..<scale { fractionFactor &*= 10 }
        let (scaled, overflow1) = integer.multipliedReportingOverflow(by: scaleFactor)
        let (magnitude, overflow2) = scaled.addingReportingOverflow(fraction &* fractionFactor)
        guard !overflow1 && !overflow2 else { throw .overflow }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw .overflow }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw .overflow }
        return Int64(magnitude)
    }

    /// Parses a string into minor units.
    ///
    /// - Throws: ``AmountError``.
    public func parse(_ text: String) throws(AmountError) -> Int64 {
        var copy = text
        let result = copy.withUTF8 { bytes in
            Result { () throws(AmountError) -> Int64 in try parse(UnsafeRawBufferPointer(bytes)) }
        }
        return try result.get()
    }

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> UInt64? {
        byte &- 0x30 < 10 ? UInt64(byte &- 0x30) : nil
    }

    private static func appendDigit(_ digit: UInt64, to value: UInt64) throws(AmountError) -> UInt64 {
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(digit)
        guard !overflow1 && !overflow2 else { throw .overflow }
        return sum
    }

    private static func classify(_ byte: UInt8, otherSeparator: UInt8) -> AmountError {
        byte == otherSeparator ? .unexpectedSeparator : .invalidCharacter
    }
}
