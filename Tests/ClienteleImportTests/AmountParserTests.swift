import ClienteleImport
import Testing

@Suite("AmountParser")
struct AmountParserTests {
    @Test("valid amounts at scale 2", arguments: [
        ("-12.50", -1250), ("12", 1200), ("0.5", 50), ("12.5", 1250), ("12.05", 1205), ("+3.10", 310),
        ("0", 0), ("-0", 0), ("-0.00", 0), ("007.25", 725), ("  42.00\t", 4200), ("1", 100),
        ("92233720368547758.07", Int64.max), ("-92233720368547758.08", Int64.min),
    ] as [(String, Int64)])
    func validDot(_ text: String, _ expected: Int64) throws {
        #expect(try AmountParser.standard.parse(text) == expected)
    }

    @Test("invalid amounts at scale 2", arguments: [
        ("", AmountError.empty), ("   ", .empty), ("nan", .invalidCharacter), ("NaN", .invalidCharacter),
        ("inf", .invalidCharacter), ("-inf", .invalidCharacter), ("Infinity", .invalidCharacter),
        ("1e400", .invalidCharacter), ("1e5", .invalidCharacter), ("1E5", .invalidCharacter),
        ("0x1p3", .invalidCharacter), ("0x10", .invalidCharacter), ("12abc", .invalidCharacter),
        ("1,5", .unexpectedSeparator), ("1,000.50", .unexpectedSeparator), ("1 000", .invalidCharacter),
        ("1.234", .tooManyFractionDigits(scale: 2)), ("1.2.3", .invalidCharacter), ("--1", .invalidCharacter),
        ("+-1", .invalidCharacter), ("-", .missingIntegerDigits), ("+", .missingIntegerDigits),
        (".", .missingIntegerDigits), ("-.", .missingIntegerDigits), (".5", .missingIntegerDigits),
        ("5.", .missingFractionDigits), ("5.x", .invalidCharacter), ("- 5", .invalidCharacter), ("5-", .invalidCharacter),
        ("$5", .invalidCharacter), ("5$", .invalidCharacter), ("١٢", .invalidCharacter), ("１２", .invalidCharacter),
        ("92233720368547758.08", .overflow), ("-92233720368547758.09", .overflow),
        ("99999999999999999999999", .overflow), ("18446744073709551616", .overflow),
    ] as [(String, AmountError)])
    func invalidDot(_ text: String, _ expected: AmountError) {
        #expect(throws: expected) { try AmountParser.standard.parse(text) }
    }

    @Test("decimal comma")
    func decimalComma() throws {
        let parser = try AmountParser(scale: 2, decimalComma: true)
        #expect(try parser.parse("12,50") == 1250)
        #expect(try parser.parse("-0,5") == -50)
        #expect(try parser.parse("7") == 700)
        #expect(throws: AmountError.unexpectedSeparator) { try parser.parse("12.50") }
        #expect(throws: AmountError.unexpectedSeparator) { try parser.parse("1.000,50") }
        #expect(throws: AmountError.tooManyFractionDigits(scale: 2)) { try parser.parse("1,234") }
        #expect(throws: AmountError.missingIntegerDigits) { try parser.parse(",5") }
    }

    @Test("scales 0 and 9")
    func scales() throws {
        let whole = try AmountParser(scale: 0)
        #expect(try whole.parse("9223372036854775807") == Int64.max)
        #expect(try whole.parse("-9223372036854775808") == Int64.min)
        #expect(throws: AmountError.overflow) { try whole.parse("9223372036854775808") }
        #expect(throws: AmountError.tooManyFractionDigits(scale: 0)) { try whole.parse("1.0") }
        #expect(throws: AmountError.missingFractionDigits) { try whole.parse("1.") }

        let fine = try AmountParser(scale: 9)
        #expect(try fine.parse("1.000000001") == 1_000_000_001)
        #expect(try fine.parse("-0.5") == -500_000_000)
        #expect(try fine.parse("9223372036.854775807") == Int64.max)
        #expect(throws: AmountError.overflow) { try fine.parse("9223372036.854775808") }
        #expect(throws: AmountError.tooManyFractionDigits(scale: 9)) { try fine.parse("0.0000000001") }
    }

    @Test("invalid scales are configuration errors", arguments: [-1, 10, 100])
    func invalidScale(_ scale: Int) {
        #expect(throws: ConfigurationError.invalidScale(scale)) { try AmountParser(scale: scale) }
    }

    @Test("bytes and string entry points agree")
    func bytesInput() throws {
        let bytes = Array("  -1234.5 ".utf8)
        let value = try bytes.withUnsafeBytes { (raw) throws(AmountError) -> Int64 in try AmountParser.standard.parse(raw) }
        #expect(value == -123_450)
        #expect(throws: AmountError.empty) {
            try AmountParser.standard.parse(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    @Test("random integers round-trip through their decimal text")
    func randomRoundTrip() throws {
        let seed = TestSeed.fresh()
        var rng = SplitMix64(seed: seed)
        for _ in 0..<5000 {
            let scale = Int.random(in: 0...9, using: &rng)
            let parser = try AmountParser(scale: scale)
            let value = Int64(bitPattern: rng.next()) >> Int64.random(in: 0...62, using: &rng)
            var digits = String(value.magnitude)
            if scale > 0 {
                digits = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            }
            let text = (value < 0 ? "-" : "") + digits
            #expect(try parser.parse(text) == value, "seed \(seed), text \(text), scale \(scale)")
        }
    }
}
