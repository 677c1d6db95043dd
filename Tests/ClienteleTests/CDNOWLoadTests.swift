import Testing
@testable import Clientele

/// The CDNOW master file (69,659 purchases of 23,570 customers) loaded through the public API.
@Suite("CDNOW through the public API")
struct CDNOWLoadTests {
    struct Row {
        var customer: String
        var day: Day
        var cents: Int64
    }

    static func masterRows() throws -> [Row] {
        try Fixtures.text("CDNOW_master.txt").split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4 else { return nil }
            let date = Int(fields[1])!
            let parts = String(fields[3]).split(separator: ".")
            let cents = Int64(parts[0])! * 100 + (parts.count > 1 ? Int64(String(parts[1]).padding(
                toLength: 2, withPad: "0", startingAt: 0))! : 0)
            return Row(customer: String(fields[0]), day: Day(year: date / 10000, month: date / 100 % 100,
                                                               day: date % 100)!, cents: cents)
        }
    }

    /// A store holding `rows`, recorded `batchSize` to a write transaction.
    static func store(_ rows: [Row], batchSize: Int) throws -> TemporaryStore {
        let temp = try TemporaryStore()
        for chunk in stride(from: 0, to: rows.count, by: batchSize) {
            try temp.store.write { w in
                for row in rows[chunk..<min(chunk + batchSize, rows.count)] {
                    try w.record(Purchase(customer: row.customer, occurredAt: Instant(day: row.day),
                                          amount: money(row.cents)))
                }
            }
        }
        return temp
    }

    @Test func loadsAllPurchasesAndTotalsMatchARecomputation() throws {
        let rows = try Self.masterRows()
        #expect(rows.count == 69_659)
        let temp = try Self.store(rows, batchSize: 5_000)
        let counts = try temp.store.read { try $0.counts() }
        #expect(counts.customers == 23_570)
        #expect(counts.purchases == 69_659)
        let sums = try ConservationTests.sums(temp.store)
        #expect(sums.amounts == rows.reduce(0) { $0 + $1.cents })
        #expect(ConservationTests.check(sums))
        // Occasions: distinct days per customer, recomputed here.
        var days: [String: Set<Day>] = [:]
        for row in rows { days[row.customer, default: []].insert(row.day) }
        let occasions = try temp.store.read { reader in
            try days.keys.reduce(0) { $0 + Int(try reader.profile(externalID: $1)?.stats?.occasions ?? 0) }
        }
        #expect(occasions == days.values.reduce(0) { $0 + $1.count })
        let report = try temp.store.verify()
        #expect(report.isClean, "\(report.differences.prefix(3))")
    }
}
