#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `--skip-invalid --rejects PATH`: good rows are imported, bad ones written with line and reason.
@Suite("Skip invalid rows")
struct SkipInvalidTests {
    @Test("good rows imported, bad rows in the rejects file (mode 0600) with line and reason")
    func rejects() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try dir.write("p.csv", """
            customer_id,order_id,occurred_at,amount,category
            c1,o1,2024-01-01,10.00,books
            c2,o2,2024-02-30,11.00,books
            c3,o3,2024-01-03,nan,books
            c4,o4,2024-01-04,13.00,books
            c5,o5,2024-01-05
            c1,o1,2024-01-01,99.00,books
            c6,o6,2024-01-06,16.00,books

            """)
        let rejects = dir.file("rejects.csv")
        let result = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--skip-invalid",
                                  "--rejects", rejects, "--batch-size", "3", file])
        #expect(result.status == 0, "\(result)")
        let summary = keyValues(result.stdout)
        #expect(summary["rows read"] == "7")
        #expect(summary["imported"] == "3")
        #expect(summary["rejected"] == "4")
        let text = try String(contentsOfFile: rejects, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "file,line,column,reason")
        #expect(lines.contains { $0.hasPrefix("\(file),3,occurred_at,") && $0.contains("does not exist") })
        #expect(lines.contains { $0.hasPrefix("\(file),4,amount,") })
        #expect(lines.contains { $0.hasPrefix("\(file),6,amount,") && $0.contains("missing") })
        // Rejected by the store (the order id is stored with other content), found while writing the batch.
        #expect(lines.contains { $0.hasPrefix("\(file),7,order_id,") && $0.contains("another customer or amount") })
        // The rejected row itself follows the reason.
        #expect(lines.contains { $0.hasSuffix(",c3,o3,2024-01-03,nan,books") })
        var info = stat()
        #expect(stat(rejects, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        let stats = StatsSnapshot(try CLI.run(["stats", "--store", store, "--output", "csv"]).stdout)
        #expect(stats.values["purchases"] == "3")
        #expect(stats.values["gross_revenue"] == "39.00")
        #expect(try CLI.run(["verify", "--store", store]).status == 0)
    }

    @Test("--rejects without --skip-invalid is a usage error")
    func rejectsNeedsSkip() throws {
        let dir = try TemporaryDirectory()
        let result = try CLI.run(["import", "purchases", "--store", dir.file("s"), "--rejects", dir.file("r"),
                                  try dir.write("p.csv", "customer_id,occurred_at,amount\n")])
        #expect(result.status == 64, "\(result)")
    }
}
