import Foundation
import Testing

/// Hostile identifiers and refunds through the CLI (issue 16): each is refused with `FILE:LINE: column NAME: reason`,
/// exit 65, the store unchanged and verify clean.
@Suite("Hostile identifiers and refunds")
struct HostileInputTests {
    static let header = "customer_id,order_id,occurred_at,amount,category,channel,refund_of\n"
    static let order = "g1,o10,2024-03-01,10.00,books,web,\n"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int
        var column: String
        var reason: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "C1 CSI in a customer id", text: header + "c\u{9B}31m,o1,2024-01-05,1.00,books,web,\n", line: 2,
             column: "customer_id", reason: "control characters"),
        Case(name: "C1 NEL in a category", text: header + "c1,o1,2024-01-05,1.00,bo\u{85}oks,web,\n", line: 2,
             column: "category", reason: "control characters"),
        Case(name: "ESC in a channel", text: header + "c1,o1,2024-01-05,1.00,books,w\u{1B}[2J,\n", line: 2,
             column: "channel", reason: "control characters"),
        Case(name: "zero-width space as a customer id", text: header + "\u{200B},o1,2024-01-05,1.00,books,web,\n",
             line: 2, column: "customer_id", reason: "nothing visible"),
        Case(name: "joiners as an order id", text: header + "c1,\u{200D}\u{200C},2024-01-05,1.00,books,web,\n",
             line: 2, column: "order_id", reason: "nothing visible"),
        Case(name: "soft hyphen as a category", text: header + "c1,o1,2024-01-05,1.00,\u{AD},web,\n", line: 2,
             column: "category", reason: "nothing visible"),
        Case(name: "variation selector as a channel", text: header + "c1,o1,2024-01-05,1.00,books,\u{FE0F},\n",
             line: 2, column: "channel", reason: "nothing visible"),
        Case(name: "refund larger than the order", text: header + order + "g1,r1,2024-03-02,-10.01,books,web,o10\n",
             line: 3, column: "amount", reason: "larger than what remains"),
        Case(name: "refunds in one batch larger than the order together",
             text: header + order + "g1,r1,2024-03-02,-6.00,books,web,o10\ng1,r2,2024-03-03,-4.01,books,web,o10\n",
             line: 4, column: "amount", reason: "larger than what remains"),
        Case(name: "refund dated before its order", text: header + order + "g1,r1,2024-02-28,-1.00,books,web,o10\n",
             line: 3, column: "occurred_at", reason: "dated before"),
        Case(name: "refund of a refund",
             text: header + order + "g1,r1,2024-03-02,-1.00,books,web,o10\ng1,r2,2024-03-03,-1.00,books,web,r1\n",
             line: 4, column: "refund_of", reason: "itself a refund"),
    ]

    @Test("refused with file, line, column and reason; store unchanged; verify clean", arguments: cases)
    func refused(_ testCase: Case) throws {
        try expectRefusedImport(
            base: Self.header + "b1,o1,2024-01-01,5.00,books,web,\n", bad: Array(testCase.text.utf8),
            line: testCase.line, column: testCase.column, reason: testCase.reason)
    }

    @Test func canonicallyEqualIdsFromOneFileAreOneCustomer() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try dir.write("nfc.csv", Self.header + "Jos\u{E9},o1,2024-01-01,10.00,caf\u{E9},web,\n"
            + "Jose\u{301},o2,2024-01-02,5.00,cafe\u{301},web,\n" + "Jose\u{301},r1,2024-01-03,-5.00,,,o2\n")
        let imported = try CLI.run(["import", "purchases", "--store", store, "--quiet", file])
        #expect(imported.status == 0, "\(imported)")
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0 && verify.stdout.contains("clean: 1 customers"), "\(verify)")
        let top = try CLI.run(["top", "--store", store, "--output", "csv"])
        #expect(top.stdout == "rank,customer_id,net_monetary\n1,Jos\u{E9},10.00\n", "\(top)")
        #expect(Array(top.stdout.utf8).contains(0xC3), "NFC bytes (U+00E9 is C3 A9)")
        let lookup = try CLI.run(["customer", "--store", store, "--output", "json", "Jose\u{301}"])
        #expect(lookup.status == 0, "\(lookup)")
    }
}
