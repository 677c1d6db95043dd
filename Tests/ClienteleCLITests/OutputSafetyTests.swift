import Foundation
import Testing

/// CSV output neutralises spreadsheet formulas (OWASP: a leading ' before =, +, -, @, tab, CR; numbers untouched) and
/// escapes control characters unless `--raw`; tables escape every control character (issue 16).
@Suite("Output safety")
struct OutputSafetyTests {
    static let ids = ["=1+2", "@SUM(A1)", "+cmd", "-2+3"]

    /// A store with formula-like ids and categories, and a customer whose name and city hold ESC and C1 controls.
    static func hostileStore(_ dir: TemporaryDirectory) throws -> String {
        let store = dir.file("store")
        var purchases = "customer_id,order_id,occurred_at,amount,category\n"
        for (index, id) in ids.enumerated() {
            purchases += "\"\(id)\",o\(index),2024-01-0\(index + 1),1\(index).00,\"=HYPERLINK(\"\"x\"\")\"\n"
        }
        purchases += "\"=1+2\",r1,2024-01-09,-5.00,\n"
        let customers = "customer_id,email,name,city\n"
            + "\"=1+2\",=evil@example.com,\"\u{1B}[31mRed\u{1B}[0m\",\"\u{9B}2J-town\"\n"
        let p = try dir.write("p.csv", purchases)
        let c = try dir.write("c.csv", customers)
        let first = try CLI.run(["import", "purchases", "--store", store, "--quiet", p])
        #expect(first.status == 0, "\(first)")
        let second = try CLI.run(["import", "customers", "--store", store, "--quiet", c])
        #expect(second.status == 0, "\(second)")
        return store
    }

    /// Fields of simple CSV (no quoted delimiters in these outputs).
    static func fields(_ csv: String) -> [String] {
        csv.split(whereSeparator: { $0 == "\n" || $0 == "," }).map(String.init)
    }

    static func isNumber(_ text: String) -> Bool { Double(text) != nil }

    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    static let commands: [[String]] = [
        ["top"], ["top", "--by", "frequency"], ["lapsed", "--since", "2030-01-01"], ["rfm"], ["summary"],
        ["segments"], ["customer", "=1+2"], ["export", "--segment", "hibernating"], ["stats"],
        ["next", "=HYPERLINK(\"x\")"],
    ]

    @Test("no CSV cell starts a formula, no raw control character", arguments: commands)
    func csvCellsAreNeutralised(_ command: [String]) throws {
        let dir = try TemporaryDirectory()
        let store = try Self.hostileStore(dir)
        let result = try CLI.run(command + ["--store", store, "--output", "csv"])
        #expect(result.status == 0, "\(result)")
        for field in Self.fields(result.stdout) {
            guard let first = field.first, "=+-@".contains(first) else { continue }
            #expect(Self.isNumber(field), "\(command): \(field)")
        }
        #expect(!Self.hasControl(result.stdout), "\(command): \(result.stdout)")
    }

    @Test func formulaIdsAreQuotedAndNumbersAreNot() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.hostileStore(dir)
        let top = try CLI.run(["top", "--store", store, "--output", "csv", "--limit", "10"])
        for id in Self.ids { #expect(top.stdout.contains("'\(id)"), "\(top)") }
        let customer = try CLI.run(["customer", "--store", store, "--output", "csv", "=1+2"])
        #expect(customer.stdout.contains(",-5.00,"), "a negative amount stays a number: \(customer)")
        #expect(customer.stdout.contains("'=HYPERLINK"), "\(customer)")
        #expect(customer.stdout.contains("'=evil@example.com"), "\(customer)")
        let raw = try CLI.run(["top", "--store", store, "--output", "csv", "--raw"])
        #expect(raw.stdout.contains("\n1,=1+2,") || raw.stdout.contains(",=1+2,"), "\(raw)")
        #expect(!raw.stdout.contains("'="), "\(raw)")
        // The segment the customer is in (scores are relative: its place among the others decides it).
        let segment = try #require(customer.stdout.split(separator: "\n").first { $0.hasPrefix("segment,") })
            .dropFirst("segment,".count)
        let export = try CLI.run(["export", "--store", store, "--segment", String(segment), "--raw"])
        #expect(export.stdout.contains("\u{1B}[31m"), "--raw keeps the name as stored: \(export)")
    }

    @Test func tablesEscapeControlCharactersAndNamesKeepThem() throws {
        let dir = try TemporaryDirectory()
        let store = try Self.hostileStore(dir)
        let table = try CLI.run(["customer", "--store", store, "--output", "table", "=1+2"])
        #expect(table.status == 0, "\(table)")
        #expect(!Self.hasControl(table.stdout), "\(table.stdout)")
        #expect(table.stdout.contains("\\u{1B}[31mRed\\u{1B}[0m"), "\(table.stdout)")
        #expect(table.stdout.contains("\\u{9B}2J-town"), "\(table.stdout)")
        // The name is stored as given: JSON carries it (escaped as JSON).
        let json = try CLI.run(["customer", "--store", store, "--output", "json", "=1+2"])
        #expect(json.stdout.contains("\\u001b[31mRed\\u001b[0m"), "\(json.stdout)")
        #expect(json.stdout.contains("\\u009b2J-town"), "\(json.stdout)")
        #expect(!Self.hasControl(json.stdout))
    }

    @Test func rejectsFilesAreNeutralisedUnlessRaw() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try dir.write("bad.csv", "customer_id,order_id,occurred_at,amount,category\n"
            + "\"=cmd|' /C calc'!A0\",o1,not-a-date,-3.50,@SUM(A1)\nok,o2,2024-01-01,1.00,books\n")
        for raw in [false, true] {
            let rejects = dir.file("rejects-\(raw).csv")
            let result = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--skip-invalid",
                                      "--rejects", rejects, file] + (raw ? ["--raw"] : []))
            #expect(result.status == 0, "\(result)")
            let text = try String(contentsOfFile: rejects, encoding: .utf8)
            if raw {
                #expect(text.contains(",=cmd|") && text.contains(",@SUM(A1)"), "\(text)")
            } else {
                #expect(text.contains(",'=cmd|") && text.contains(",'@SUM(A1)"), "\(text)")
                #expect(text.contains(",-3.50,"), "numbers untouched: \(text)")
            }
        }
    }
}
