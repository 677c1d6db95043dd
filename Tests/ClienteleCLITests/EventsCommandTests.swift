import Foundation
import Testing

/// `clientele events` and `clientele advance` (issue 14): an import writes the purchases' events, advance the
/// time-driven ones; `--ack` moves the consumer so the next run prints only what is new.
@Suite("Events command")
struct EventsCommandTests {
    @Test func importAdvanceAndAcknowledgedReads() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let file = try dir.write("p.csv", """
            customer_id,order_id,occurred_at,amount
            c1,o1,2024-01-10T10:00:00Z,10.00
            c2,o2,2024-01-11T10:00:00Z,20.00
            c1,o3,2024-02-01T10:00:00Z,5.00

            """)
        let imported = try CLI.run(["import", "purchases", "--store", store, "--quiet", file])
        #expect(imported.status == 0, "\(imported)")
        let first = try CLI.run(["events", "--store", store, "--consumer", "mail", "--ack"])
        #expect(first.status == 0, "\(first)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "one status event per customer (one import batch): \(first.stdout)")
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.map { $0?["externalID"] as? String } == ["c1", "c2"])
        #expect(objects.map { $0?["to"] as? String } == ["active", "new"])
        #expect(objects.allSatisfy { $0?["cause"] as? String == "purchase" && $0?["doNotContact"] as? Bool == false })
        #expect(objects.first??["instant"] as? String == "2024-02-01T10:00:00.000000Z")

        // Acknowledged: a second run prints nothing.
        let again = try CLI.run(["events", "--store", store, "--consumer", "mail"])
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again)")

        let advanced = try CLI.run(["advance", "--store", store, "--to", "2024-06-01"])
        #expect(advanced.status == 0, "\(advanced)")
        #expect(advanced.stdout.contains("clock: 2024-06-01") && advanced.stdout.contains("status events: 3"),
                "\(advanced)")
        let table = try CLI.run(["events", "--store", store, "--consumer", "mail", "--output", "table"])
        #expect(table.status == 0, "\(table)")
        #expect(table.stdout.contains("at risk") && table.stdout.contains("time"), "\(table)")
        #expect(table.stdout.split(separator: "\n").count >= 4, "a header and the three time-driven events")
        // Without --ack the position did not move; --limit stops early.
        let limited = try CLI.run(["events", "--store", store, "--consumer", "mail", "--limit", "1"])
        #expect(limited.stdout.split(separator: "\n").count == 1, "\(limited)")
        let unknown = try CLI.run(["events", "--store", dir.file("missing"), "--consumer", "mail"])
        #expect(unknown.status != 0)
    }
}
