import Foundation
import Testing

/// `--store`, `CLIENTELE_STORE`, `./clientele-store`; read-only commands never create a store.
@Suite("Store selection")
struct StoreSelectionTests {
    static let readOnly: [[String]] = [
        ["stats"], ["summary"], ["rfm"], ["segments"], ["top"], ["lapsed", "--since", "2024-01-01"], ["cohorts"],
        ["churn"], ["conversion"], ["next", "books"], ["customer", "c1"], ["export", "--segment", "champions"],
        ["verify"], ["compact"], ["tag", "c1", "x"], ["untag", "c1", "x"], ["erase", "c1"],
    ]

    @Test("commands that only read never create a store", arguments: readOnly)
    func neverCreates(_ command: [String]) throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("missing")
        let result = try CLI.run(command + ["--store", store])
        #expect(result.status == 74, "\(result)")
        #expect(result.stderr.contains("no store at"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("CLIENTELE_STORE, then ./clientele-store")
    func environmentAndDefault() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("p.csv", "customer_id,order_id,occurred_at,amount\nc1,o1,2024-01-01,1.00\n")
        let viaEnvironment = try CLI.run(["import", "purchases", "--quiet", file],
                                         environment: ["CLIENTELE_STORE": dir.file("env-store")])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment)")
        #expect(FileManager.default.fileExists(atPath: dir.file("env-store/data.mdb")))

        let viaDefault = try CLI.run(["import", "purchases", "--quiet", file], in: dir.path)
        #expect(viaDefault.status == 0, "\(viaDefault)")
        #expect(FileManager.default.fileExists(atPath: dir.file("clientele-store/data.mdb")))
        let stats = try CLI.run(["stats", "--output", "csv"], in: dir.path)
        #expect(StatsSnapshot(stats.stdout).values["purchases"] == "1", "\(stats)")
    }
}
