import Foundation
import Testing

/// The CSV dialect and options: `--map`, `--decimal-comma`, standard input, BOM, CRLF, quoted fields, rows without
/// order ids.
@Suite("CSV dialect and column mapping")
struct CSVDialectTests {
    @Test("--map, --decimal-comma, BOM, CRLF and quoted fields")
    func mappedColumns() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let text = "\u{FEFF}Client;Bestellung;Datum;Betrag;Kategorie\r\n"
            + "k1;b1;2024-01-02T10:00:00+01:00;\"12,50\";\"Bücher; neu\"\r\n"
            + "k1;b2;20240105;\"-2,50\";Bücher\r\n"
            + "k2;b3;2024-01-06;\"1\n000,00\";Musik\r\n"
        // The last amount holds a newline inside quotes, which the amount grammar rejects: skip-invalid keeps going.
        let file = try dir.write("p.csv", text.replacingOccurrences(of: ";", with: ","))
        let result = try CLI.run([
            "import", "purchases", "--store", store, "--quiet", "--decimal-comma", "--skip-invalid",
            "--map", "customer_id=Client", "--map", "order_id=Bestellung", "--map", "occurred_at=Datum",
            "--map", "amount=Betrag", "--map", "category=Kategorie", file,
        ])
        #expect(result.status == 0, "\(result)")
        #expect(keyValues(result.stdout)["imported"] == "2")
        #expect(keyValues(result.stdout)["rejected"] == "1")
        let customer = try CLI.run(["customer", "k1", "--store", store, "--output", "json"])
        #expect(customer.status == 0, "\(customer)")
        #expect(customer.stdout.contains("\"gross_revenue\": 12.50"), "\(customer)")
        #expect(customer.stdout.contains("\"refunded\": 2.50"), "\(customer)")
        #expect(customer.stdout.contains("\"first_category\": \"Bücher, neu\""), "\(customer)")
        #expect(customer.stdout.contains("2024-01-02T09:00:00Z"), "\(customer)")
    }

    @Test("an unknown field in --map is a usage error")
    func unknownField() throws {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["import", "purchases", "--store", dir.file("s"), "--map", "price=Betrag",
                                  try dir.write("p.csv", "customer_id,occurred_at,amount\n")])
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("unknown field"))
    }

    @Test("standard input, and rows without order ids are idempotent")
    func standardInputWithoutOrderIDs() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        // Two identical rows are two purchases (ordinals 1 and 2); 12.5 and 12.50 are the same row.
        let file = try dir.write("p.csv", """
            customer_id,occurred_at,amount
            c1,2024-01-01,12.5
            c1,2024-01-01,12.50
            c1,2024-01-02,3

            """)
        let first = try CLI.run(["import", "purchases", "--store", store, "--quiet", "-"], stdin: file)
        #expect(first.status == 0, "\(first)")
        #expect(keyValues(first.stdout)["imported"] == "3")
        let second = try CLI.run(["import", "purchases", "--store", store, "--quiet", file])
        #expect(second.status == 0, "\(second)")
        #expect(keyValues(second.stdout)["imported"] == "0")
        #expect(keyValues(second.stdout)["duplicates"] == "3")
        let customer = try CLI.run(["customer", "c1", "--store", store, "--output", "csv"])
        #expect(customer.stdout.contains("auto-"), "derived order ids are shown")
    }

    @Test("CDNOW files: tabs and lines of spaces are fine")
    func cdnowWhitespace() throws {
        let dir = try TemporaryDirectory()
        let good = try dir.write("m.txt", " customer_id  date cds dollars\n 00001\t19970101  1   11.77\n   \n 00002 19970112 1 12.00\n")
        let result = try CLI.run(["import", "purchases", "--store", dir.file("s"), "--quiet", "--format", "cdnow", good])
        #expect(result.status == 0, "\(result)")
        #expect(keyValues(result.stdout)["rows read"] == "2")
    }

    /// A file the import refuses as a whole: its exit status and how its standard error starts (`FILE`: the path).
    struct Refusal: CustomTestStringConvertible, Sendable {
        var testDescription: String
        var name: String
        /// `nil`: the file does not exist.
        var contents: String?
        var options: [String]
        var status: Int32
        var stderrStart: String
    }

    static let refusals = [
        Refusal(
            testDescription: "--max-rows stops a file with more rows", name: "p.csv",
            contents: "customer_id,occurred_at,amount\nc1,2024-01-01,1\nc2,2024-01-01,2\nc3,2024-01-01,3\n",
            options: ["--max-rows", "2"], status: 65, stderrStart: "FILE:4: more than 2 rows"),
        Refusal(
            testDescription: "a CDNOW file with a wrong column count", name: "b.txt",
            contents: " 00001 19970101 1 11.77\n 00002 19970112 12.00\n", options: ["--format", "cdnow"], status: 65,
            stderrStart: "FILE:2: column dollars: expected 4 columns, found 3"),
        Refusal(
            testDescription: "a missing input file is 'not found' (66)", name: "nope.csv", contents: nil, options: [],
            status: 66, stderrStart: "FILE: cannot open"),
    ]

    @Test(arguments: refusals)
    func refused(_ refusal: Refusal) throws {
        let dir = try TemporaryDirectory()
        let file = try refusal.contents.map { try dir.write(refusal.name, $0) } ?? dir.file(refusal.name)
        let result = try CLI.run(["import", "purchases", "--store", dir.file("s"), "--quiet"] + refusal.options + [file])
        #expect(result.status == refusal.status, "\(result)")
        #expect(result.stderr.hasPrefix(refusal.stderrStart.replacingOccurrences(of: "FILE", with: file)), "\(result)")
    }
}
