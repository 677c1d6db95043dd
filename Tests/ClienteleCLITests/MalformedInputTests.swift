import Foundation
import Testing

/// A corpus of malformed purchase files: each is rejected with `FILE:LINE: column NAME: reason`, exit 65, no field
/// content in the output, and the store exactly as before.
@Suite("Malformed input corpus")
struct MalformedInputTests {
    static let canary = "CANARY7q"
    static let header = "customer_id,order_id,occurred_at,amount,category\n"
    /// Two good rows before the bad one (lines 2 and 3): they share its batch, so they must not be stored either.
    static let goodRows = "g1,o10,2024-03-01,10.00,books\ng2,o11,2024-03-02T10:00:00Z,20.00,music\n"
    static let after = "g3,o12,2024-03-03,30.00,books\n"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The whole file.
        var bytes: [UInt8]
        var line: Int
        /// The column name expected after `column `; `nil` for none.
        var column: String?
        var reason: String

        var testDescription: String { name }

        /// A file with the standard header, the good rows, `bad` as line 4, and one more good row.
        static func row(_ name: String, _ bad: [UInt8], column: String?, reason: String) -> Case {
            Case(name: name, bytes: Array((header + goodRows).utf8) + bad + Array(("\n" + after).utf8), line: 4,
                 column: column, reason: reason)
        }

        static func row(_ name: String, _ bad: String, column: String?, reason: String) -> Case {
            row(name, Array(bad.utf8), column: column, reason: reason)
        }

        static func file(_ name: String, _ text: String, line: Int, column: String?, reason: String) -> Case {
            Case(name: name, bytes: Array(text.utf8), line: line, column: column, reason: reason)
        }

        /// A bad row of the canary customer whose `occurred_at` field is `value` (named `date VALUE` unless named).
        static func date(_ value: String, named name: String? = nil, reason: String) -> Case {
            row(name ?? "date \(value)", "\(canary),o4,\(value),1.00,books", column: "occurred_at", reason: reason)
        }

        /// A bad row of the canary customer whose `amount` field is `value` (named `amount VALUE` unless named).
        static func amount(_ value: String, named name: String? = nil, reason: String) -> Case {
            row(name ?? "amount \(value)", "\(canary),o4,2024-01-05,\(value),books", column: "amount", reason: reason)
        }
    }

    static let c = canary
    static let cases: [Case] = [
        // CSV structure
        .row("unterminated quote", "c4,\"o4-\(c),2024-01-05,1.00,books", column: "order_id", reason: "not closed"),
        .row("quote inside an unquoted field", "c4,o4\"\(c),2024-01-05,1.00,books", column: "order_id",
             reason: "quote character"),
        .row("garbage after a closing quote", "c4,\"o4\"\(c),2024-01-05,1.00,books", column: "order_id",
             reason: "after a closing quote"),
        .row("ragged row: too few fields", "\(c),o4,2024-01-05", column: "amount", reason: "missing"),
        .row("ragged row: too many fields", "\(c),o4,2024-01-05,1.00,books,extra", column: "6",
             reason: "unexpected field"),
        .row("invalid UTF-8", Array("c4,o4,2024-01-05,1.00,\(c)".utf8) + [0xC3, 0x28], column: "category",
             reason: "not valid UTF-8"),
        .row("overlong UTF-8", Array("c4,o4,2024-01-05,1.00,\(c)".utf8) + [0xC0, 0xAF], column: "category",
             reason: "not valid UTF-8"),
        .row("UTF-16 surrogate", Array("c4,o4,2024-01-05,1.00,\(c)".utf8) + [0xED, 0xA0, 0x80], column: "category",
             reason: "not valid UTF-8"),
        .row("NUL byte", Array("\(c)".utf8) + [0] + Array(",o4,2024-01-05,1.00,books".utf8), column: "customer_id",
             reason: "NUL"),
        .row("huge field", "c4,o4,2024-01-05,1.00," + String(repeating: c, count: 20_000), column: "category",
             reason: "longer than the limit"),
        .row("too many fields", String(repeating: "\(c),", count: 2_000), column: "1025", reason: "more than the limit"),
        .row("bare carriage return", "c4,o4\r\(c),2024-01-05,1.00,books", column: "order_id",
             reason: "carriage return"),
        .row("byte order mark inside the file (joined files)", [0xEF, 0xBB, 0xBF] + Array("\(c),o4,2024-01-05,1.00,books".utf8),
             column: "customer_id", reason: "byte order mark"),
        .amount("\"1.0\n0\"", named: "line feed inside a quoted amount", reason: "unexpected character"),
        .date("\"2024-01-05\r\n\"", named: "CR LF inside a quoted date", reason: "expected YYYY-MM-DD"),
        .row("1 MiB field", "\(c),o4,2024-01-05,1.00," + String(repeating: "x", count: 1 << 20), column: "category",
             reason: "longer than the limit"),
        .row("100,000 columns", String(repeating: "\(c),", count: 100_000), column: "1025", reason: "more than the limit"),
        // dates
        .date("2024-02-30", reason: "does not exist"),
        .date("2023-02-29", reason: "does not exist"),
        .date("0000-01-01", reason: "year outside"),
        .date("99999-01-01", reason: "expected YYYY-MM-DD"),
        .date("1899-12-31", reason: "year outside"),
        .date("2024-13-01", named: "month 13", reason: "month"),
        .date("2024-01-02T25:00:00Z", named: "hour 25", reason: "hour"),
        .date("2024-01-02T10:00:00", named: "date-time without a zone", reason: "missing time zone"),
        .date("2999-01-01", named: "date in the future", reason: "in the future"),
        .row("date as text", "c4,o4,\(c),1.00,books", column: "occurred_at", reason: "expected YYYY-MM-DD"),
        .date("", named: "empty date", reason: "empty"),
        // amounts
        .amount("nan", reason: "unexpected character"),
        .amount("inf", reason: "unexpected character"),
        .amount("1e400", reason: "unexpected character"),
        .amount("0x1p3", reason: "unexpected character"),
        .row("amount 12abc", "c4,o4,2024-01-05,12\(c),books", column: "amount", reason: "unexpected character"),
        .amount("\"1,5\"", named: "amount 1,5", reason: "separator"),
        .amount("1.234", named: "amount with too many decimals", reason: "more than 2 decimal places"),
        .amount("99999999999999999999", named: "amount overflow", reason: "out of range"),
        .amount("", named: "empty amount", reason: "empty"),
        .amount("--5", named: "amount with two signs", reason: "unexpected character"),
        .amount("\u{2212}5.00", named: "amount with a Unicode minus sign", reason: "unexpected character"),
        // identifiers and labels
        .row("empty customer id", ",o4-\(c),2024-01-05,1.00,books", column: "customer_id", reason: "is empty"),
        .row("blank customer id", "   ,o4-\(c),2024-01-05,1.00,books", column: "customer_id", reason: "is empty"),
        .row("customer id too long", String(repeating: c, count: 40) + ",o4,2024-01-05,1.00,books",
             column: "customer_id", reason: "longer than 256 bytes"),
        .row("control character", "\(c),o4,2024-01-05,1.00,bo\u{01}oks", column: "category",
             reason: "control characters"),
        .row("order id stored with other content", "\(c),o1,2024-01-05,1.00,books", column: "order_id",
             reason: "already stored for another customer or amount"),
        // whole-file problems
        .file("missing required column", "customer_id,order_id,occurred_at,category\nc4,o4,2024-01-05,books\n",
              line: 1, column: "amount", reason: "required column is missing"),
        .file("duplicate column names", "customer_id,amount,amount,occurred_at\n\(c),1.00,2.00,2024-01-05\n",
              line: 1, column: "3", reason: "same name"),
        .file("refund of an unknown order",
              "customer_id,order_id,occurred_at,amount,refund_of\ng1,o10,2024-03-01,10.00,\nc4,r4,2024-03-05,-1.00,o999-\(c)\n",
              line: 3, column: "refund_of", reason: "not stored"),
        .file("refund with a positive amount",
              "customer_id,order_id,occurred_at,amount,refund_of\ng1,o10,2024-03-01,10.00,\n\(c),r4,2024-03-05,1.00,o10\n",
              line: 3, column: "amount", reason: "negative amount"),
        .file("quantity not an integer",
              "customer_id,order_id,occurred_at,amount,quantity\ng1,o10,2024-03-01,10.00,1\n\(c),o4,2024-03-05,1.00,two\n",
              line: 3, column: "quantity", reason: "not an integer"),
    ]

    @Test("the corpus has at least 30 cases")
    func corpusSize() {
        #expect(Self.cases.count >= 30)
    }

    @Test("rejected with line, column and reason; exit 65; no content; store unchanged", arguments: cases)
    func rejected(_ testCase: Case) throws {
        let result = try expectRefusedImport(
            base: Self.header + "b1,o1,2024-01-01,5.00,books\nb2,o2,2024-01-02,6.00,tea\n", bad: testCase.bytes,
            line: testCase.line, column: testCase.column, reason: testCase.reason)
        #expect(!result.stderr.contains(Self.canary) && !result.stdout.contains(Self.canary))
        #expect(!result.stderr.contains("CANARY") && !result.stdout.contains("CANARY"))
    }
}
