import Clientele
import Foundation
import Testing

/// `clientele import --time-zone NAME` (issue 14 item 4): a new store whose days follow the zone's daylight saving,
/// date-only values at its local midnight, the zone fixed at creation.
@Suite("Time zone option")
struct TimeZoneCLITests {
    @Test func importWithATimeZoneCreatesAZoneStore() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        // 00:30 EDT on 2024-03-11 (04:30Z), and a date-only purchase on 2024-03-10 (midnight EST, 05:00Z).
        let csv = try dir.write("p.csv", "customer_id,order_id,occurred_at,amount\nn1,o1,2024-03-11T04:30:00Z,10.00\nn1,o2,2024-03-10,5.00\n")
        let imported = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--time-zone", "America/New_York", csv])
        #expect(imported.status == 0, "\(imported)")
        let stats = try CLI.run(["stats", "--store", store, "--output", "json"])
        #expect(stats.stdout.contains("\"time_zone\""), "\(stats)")
        #expect(stats.stdout.contains("America/New_York"), "\(stats)")

        let opened = try Store.openExisting(at: store)
        #expect(opened.timeZone == "America/New_York")
        let lines = try opened.purchases(of: "n1").lines
        #expect(lines.map(\.occurredAt.microseconds) == [1_710_046_800_000_000, 1_710_131_400_000_000])
        let customer = try #require(try opened.customerStats(externalID: "n1"))
        #expect(customer.firstDay.description == "2024-03-10" && customer.lastDay.description == "2024-03-11")
        try opened.close()

        // The zone is fixed at creation: another one is refused, and so is a name Foundation does not know.
        let other = try CLI.run(["import", "purchases", "--store", store, "--quiet", "--time-zone", "Europe/Berlin", csv])
        #expect(other.status != 0 && other.stderr.contains("time zone"), "\(other)")
        let unknown = try CLI.run(["import", "purchases", "--store", dir.file("s2"), "--quiet", "--time-zone", "Nowhere/Else", csv])
        #expect(unknown.status != 0 && unknown.stderr.contains("--time-zone"), "\(unknown)")
    }
}
