import ClienteleImport
import Testing

/// No error description may contain a field value: plant a canary in the offending record and check.
@Suite("Errors carry no content")
struct CSVPrivacyTests {
    static let canary = "CANARY-7f3a"

    static let inputs: [[UInt8]] = {
        let c = canary
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        return [
            bytes("id\n\(c),\"\(c)"),                      // unterminated quote
            bytes("\(c),x\(c)\"\n"),                        // unexpected quote
            bytes("\(c),\"\(c)\"\(c)\n"),                   // garbage after closing quote
            bytes("\(c),\(c)") + [0] + bytes("\n"),         // NUL
            bytes("\(c),\(c)") + [0xC3, 0x28] + bytes("\n"), // invalid UTF-8
            bytes("\(c),\(c)\r\(c)\n"),                     // bare CR
            bytes("\(c),\(String(repeating: c, count: 10_000))\n"),  // field too long
            bytes(String(repeating: "\(c),", count: 2000)),  // too many fields
        ]
    }()

    @Test("CSV error descriptions omit the canary", arguments: inputs)
    func csvErrors(_ input: [UInt8]) throws {
        let result = parseAll(input)
        let error = try #require(result.error)
        for text in [String(describing: error), String(reflecting: error), "\(error.reason)"] {
            #expect(!text.contains(Self.canary))
            #expect(!text.contains("CANARY"))
        }
    }

    @Test("header errors omit header cells")
    func headerErrors() {
        do {
            _ = try CSVHeader(names: [Self.canary, "x", Self.canary])
            Issue.record("expected a duplicate-name error")
        } catch {
            #expect(!String(describing: error).contains("CANARY"))
            #expect(!String(reflecting: error).contains("CANARY"))
        }
    }

    @Test("amount and timestamp error descriptions omit the input", arguments: [
        "CANARY", "12CANARY", "CANARY.5", "1.2CANARY", " CANARY ", "-CANARY",
    ])
    func parserErrors(_ input: String) {
        do {
            _ = try AmountParser.standard.parse(input)
            Issue.record("expected an amount error")
        } catch {
            #expect(!String(describing: error).contains("CANARY"))
            #expect(!String(reflecting: error).contains("CANARY"))
        }
        do {
            _ = try TimestampParser.standard.parse("2024-01-02T" + input)
            Issue.record("expected a timestamp error")
        } catch {
            #expect(!String(describing: error).contains("CANARY"))
            #expect(!String(reflecting: error).contains("CANARY"))
        }
    }
}
