import Foundation
import Testing

/// The answer commands on a generated store: every output format parses, and the answers hold together.
@Suite("Answer commands")
struct AnswerCommandsTests {
    /// A store with 500 generated customers and their purchases (end 2025-06-30), built once for the read-only
    /// tests and removed when the test process exits.
    static let shared = Result { try Fixture(removeAtExit: true) }

    /// A store with 500 generated customers and their purchases (end 2025-06-30).
    final class Fixture: @unchecked Sendable {
        let dir: TemporaryDirectory
        let store: String
        let customersFile: String

        init(removeAtExit: Bool = false) throws {
            dir = try TemporaryDirectory(removeAtExit: removeAtExit)
            store = dir.file("store")
            let generated = try CLI.run(["generate", "--customers", "500", "--seed", "21", "--end", "2025-06-30",
                                         "--out", dir.file("data"), "--quiet"])
            #expect(generated.status == 0, "\(generated)")
            customersFile = dir.file("data/customers.csv")
            #expect(try CLI.run(["import", "customers", "--store", store, "--quiet", customersFile]).status == 0)
            #expect(try CLI.run(["import", "purchases", "--store", store, "--quiet",
                                 dir.file("data/purchases.csv")]).status == 0)
        }

        func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments + ["--store", store]) }
    }

    static let commands: [[String]] = [
        ["stats"], ["summary", "--period", "week"], ["summary", "--period", "month", "--as-of", "2025-06-30"],
        ["summary", "--calibration-end", "2025-01-31", "--as-of", "2025-06-30", "--holdout"],
        ["rfm"], ["rfm", "--as-of", "2025-03-31"], ["segments"], ["top", "--by", "frequency", "--limit", "5"],
        ["top", "--by", "recency"], ["lapsed", "--since", "2025-01-01"], ["cohorts"], ["cohorts", "--values", "revenue"],
        ["churn", "--as-of", "2025-06-30"], ["conversion"], ["next", "coffee"], ["customer", "C0000002"],
    ]

    @Test("csv, json and table outputs", arguments: commands)
    func formats(_ command: [String]) throws {
        let fixture = try Self.shared.get()
        let csv = try fixture.run(command + ["--output", "csv"])
        #expect(csv.status == 0, "\(csv)")
        #expect(!csv.stdout.isEmpty)
        let json = try fixture.run(command + ["--output", "json"])
        #expect(json.status == 0, "\(json)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(json.stdout.prefix(500))")
        let table = try fixture.run(command + ["--output", "table"])
        #expect(table.status == 0, "\(table)")
    }

    @Test("top, lapsed, segments and the summary's holdout columns agree with their definitions")
    func answers() throws {
        let fixture = try Self.shared.get()
        let top = simpleCSV(try fixture.run(["top", "--by", "monetary", "--limit", "5", "--output", "csv"]).stdout)
        #expect(top.first == ["rank", "customer_id", "net_monetary"])
        let values = top.dropFirst().compactMap { Double($0[2]) }
        #expect(values.count == 5 && values == values.sorted(by: >))

        let lapsed = simpleCSV(try fixture.run(["lapsed", "--since", "2024-06-01", "--output", "csv"]).stdout)
        #expect(lapsed.count > 1)
        #expect(lapsed.dropFirst().allSatisfy { $0[1] < "2024-06-01" })

        let segments = simpleCSV(try fixture.run(["segments", "--output", "csv"]).stdout)
        let shares = segments.dropFirst().compactMap { Double($0[2]) }
        #expect(abs(shares.reduce(0, +) - 1) < 0.01)

        let holdout = simpleCSV(try fixture.run(["summary", "--calibration-end", "2025-01-31", "--as-of",
                                                 "2025-06-30", "--holdout", "--output", "csv"]).stdout)
        #expect(holdout.first == ["customer_id", "frequency", "recency", "T", "monetary_value", "frequency_holdout",
                                  "monetary_value_holdout", "duration_holdout"])
        // 2025-01-31 to 2025-06-30 is 150 days.
        #expect(holdout.dropFirst().allSatisfy { $0[7] == "150.0" })
    }

    @Test("export leaves out do-not-contact customers")
    func exportSuppression() throws {
        let fixture = try Self.shared.get()
        let lines = try String(contentsOfFile: fixture.customersFile, encoding: .utf8).split(separator: "\n")
        let suppressed = Set(lines.filter { $0.hasSuffix(",true") }.map { String($0.prefix { $0 != "," }) })
        #expect(!suppressed.isEmpty)
        var exported = Set<String>()
        var everyone = Set<String>()
        for segment in ["Champions", "Loyal", "Potential Loyalist", "New Customers", "Promising", "Need Attention",
                        "About to Sleep", "At Risk", "Can't Lose Them", "Hibernating"] {
            let result = try fixture.run(["export", "--segment", segment])
            #expect(result.status == 0, "\(result)")
            let rows = simpleCSV(result.stdout)
            #expect(rows.first == ["customer_id", "email", "phone", "name", "city", "segment", "r", "f", "m"])
            exported.formUnion(rows.dropFirst().map { $0[0] })
            let members = simpleCSV(try fixture.run(["rfm", "--segment", segment, "--output", "csv"]).stdout)
            everyone.formUnion(members.dropFirst().map { $0[0] })
        }
        #expect(exported.isDisjoint(with: suppressed))
        #expect(exported == everyone.subtracting(suppressed))
        let unknown = try fixture.run(["export", "--segment", "nobody"])
        #expect(unknown.status == 64, "\(unknown)")
    }

    @Test("tag, untag, erase, and unknown customers")
    func customerCommands() throws {
        let fixture = try Fixture()
        #expect(try fixture.run(["tag", "C0000003", "advocate"]).status == 0)
        #expect(try fixture.run(["customer", "C0000003", "--output", "csv"]).stdout.contains("tags,advocate"))
        #expect(try fixture.run(["untag", "C0000003", "advocate"]).status == 0)
        #expect(try fixture.run(["customer", "C0000003", "--output", "csv"]).stdout.contains("tags,\n"))
        #expect(try fixture.run(["tag", "nobody", "x"]).status == 66)
        #expect(try fixture.run(["customer", "nobody"]).status == 66)

        let before = StatsSnapshot(try fixture.run(["stats", "--output", "csv"]).stdout)
        #expect(try fixture.run(["erase", "C0000004"]).status == 0)
        #expect(try fixture.run(["customer", "C0000004"]).status == 66)
        #expect(try fixture.run(["erase", "C0000004"]).status == 66)
        let after = StatsSnapshot(try fixture.run(["stats", "--output", "csv"]).stdout)
        #expect(Int(after.values["customers"] ?? "") == (Int(before.values["customers"] ?? "") ?? 0) - 1)
        #expect(try fixture.run(["verify"]).status == 0)
    }

    @Test("bad arguments are usage errors (64)")
    func usage() throws {
        let fixture = try Self.shared.get()
        #expect(try fixture.run(["summary", "--as-of", "2024-02-30"]).status == 64)
        #expect(try fixture.run(["summary", "--multiplier", "0"]).status == 64)
        #expect(try fixture.run(["summary", "--holdout"]).status == 64)
        #expect(try fixture.run(["top", "--by", "height"]).status == 64)
        #expect(try fixture.run(["rfm", "--segment", "nobody"]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
    }
}
