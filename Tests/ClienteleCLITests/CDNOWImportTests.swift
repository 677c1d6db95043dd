import Foundation
import Testing

/// The CDNOW sample through `import --format cdnow` and `summary`, against the published BG/NBD summary.
@Suite("CDNOW import and summary")
struct CDNOWImportTests {
    @Test("summary --period day --multiplier 7 --as-of 1997-09-30 equals cdnow_customers_summary.csv")
    func summaryMatchesPublishedFile() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let imported = try CLI.run(["import", "purchases", "--store", store, "--format", "cdnow", "--quiet",
                                    try Fixtures.path("CDNOW_sample.txt")])
        #expect(imported.status == 0, "\(imported)")
        let summary = keyValues(imported.stdout)
        #expect(summary["rows read"] == "6919")
        #expect(summary["imported"] == "6919")
        #expect(summary["customers created"] == "2357")

        let result = try CLI.run(["summary", "--store", store, "--period", "day", "--multiplier", "7",
                                  "--as-of", "1997-09-30", "--output", "csv"])
        #expect(result.status == 0, "\(result)")
        let rows = simpleCSV(result.stdout)
        #expect(rows.first == ["customer_id", "frequency", "recency", "T", "monetary_value"])
        var ours: [String: [String]] = [:]
        for row in rows.dropFirst() { ours[row[0]] = row }

        let published = simpleCSV(try String(contentsOfFile: try Fixtures.path("cdnow_customers_summary.csv"), encoding: .utf8))
        #expect(published.first == ["ID", "frequency", "recency", "T"])
        #expect(published.count - 1 == 2357)
        #expect(ours.count == 2357)
        var mismatches: [String] = []
        for row in published.dropFirst() {
            guard let mine = ours[row[0]] else {
                mismatches.append("\(row[0]): missing")
                continue
            }
            let frequencyOK = Int(mine[1]) == Int(row[1])
            let recencyOK = abs((Double(mine[2]) ?? .nan) - (Double(row[2]) ?? .nan)) < 0.005 + 1e-9
            let ageOK = abs((Double(mine[3]) ?? .nan) - (Double(row[3]) ?? .nan)) < 0.005 + 1e-9
            if !(frequencyOK && recencyOK && ageOK) { mismatches.append("\(row) vs \(mine)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
        // Σx = 2457 and 1411 customers with x = 0 (the published anchors).
        let frequencies = ours.values.compactMap { Int($0[1]) }
        #expect(frequencies.reduce(0, +) == 2457)
        #expect(frequencies.filter { $0 == 0 }.count == 1411)
    }

    @Test("a second import of the same file adds nothing")
    func secondImportAddsNothing() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try Fixtures.path("CDNOW_sample.txt")
        let first = try CLI.run(["import", "purchases", "--store", store, "--format", "cdnow", "--quiet", file])
        #expect(first.status == 0, "\(first)")
        let before = try CLI.run(["stats", "--store", store, "--output", "csv"])
        let second = try CLI.run(["import", "purchases", "--store", store, "--format", "cdnow", "--quiet", file])
        #expect(second.status == 0, "\(second)")
        let summary = keyValues(second.stdout)
        #expect(summary["imported"] == "0")
        #expect(summary["duplicates"] == "6919")
        #expect(summary["customers created"] == "0")
        let after = try CLI.run(["stats", "--store", store, "--output", "csv"])
        #expect(StatsSnapshot(before.stdout) == StatsSnapshot(after.stdout))
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test("the master file's header line is skipped and its ids lose their leading zeros")
    func masterLayout() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let result = try CLI.run(["import", "purchases", "--store", store, "--format", "cdnow", "--quiet",
                                  try Fixtures.path("CDNOW_master_head.txt")])
        #expect(result.status == 0, "\(result)")
        #expect(keyValues(result.stdout)["rows read"] == "2000")
        #expect(keyValues(result.stdout)["imported"] == "2000")
        // ` 00002 19970112  1   12.00` and ` 00002 19970112  5   77.00`: customer 2, two purchases on one day.
        let customer = try CLI.run(["customer", "2", "--store", store, "--output", "csv", "--purchases", "0"])
        #expect(customer.status == 0, "\(customer)")
        let fields = Dictionary(simpleCSV(customer.stdout).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil },
                                uniquingKeysWith: { a, _ in a })
        #expect(fields["orders"] == "2")
        #expect(fields["occasions"] == "1")
        #expect(fields["gross_revenue"] == "89.00")
    }
}

/// The figures of `stats --output csv` that describe the content (not the file size).
struct StatsSnapshot: Equatable, CustomStringConvertible {
    var values: [String: String]

    init(_ csv: String) {
        var values: [String: String] = [:]
        for row in simpleCSV(csv).dropFirst() where row.count == 2 && !row[0].hasPrefix("store_") {
            values[row[0]] = row[1]
        }
        self.values = values
    }

    var description: String { values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
}
