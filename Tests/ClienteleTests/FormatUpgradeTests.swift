import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Format 2 keeps each customer's external id in the ordered views (a covering index for top and lapsed); format 3
/// has no `purchases_by_day`. Format 1 stores (empty view values) and format 2 stores (with the day index) are
/// upgraded when opened, and verify checks the values.
@Suite struct FormatUpgradeTests {
    private func filled() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            for (index, name) in ["ana", "bjørn", "c-3", "Zoë", "d"].enumerated() {
                for visit in 0...index {
                    _ = try w.record(Purchase(
                        customer: name, orderID: "\(name)-\(visit)", occurredAt: at(2024, 1 + visit, 1 + index),
                        amount: money(Int64(1_000 * (index + 1)))))
                }
            }
        }
        return temp
    }

    /// Rewrites the store as format 1 wrote it: empty view values, format marker 1.
    private func downgrade(_ store: Store) throws {
        try store.environment.write { txn in
            for table in [store.schema.byRecency, store.schema.byFrequency, store.schema.byMonetary] {
                var keys: [(Int64, UInt64)] = []
                try table.scanKeys(in: txn) { keys.append($0); return true }
                for key in keys { try table.put("", for: key, in: txn) }
            }
            try store.schema.meta.setNumber(.format, 1, in: txn)
        }
    }

    @Test func viewsCarryTheExternalID() throws {
        let temp = try filled()
        let top = try temp.store.top(by: .monetary, limit: 10)
        #expect(top.map(\.externalID) == ["d", "Zoë", "c-3", "bjørn", "ana"])
        let lapsed = try temp.store.lapsed(since: at(2030, 1, 1), limit: 100)
        #expect(Set(lapsed.map(\.externalID)) == ["ana", "bjørn", "c-3", "Zoë", "d"])
        #expect(try temp.store.verify().isClean)
    }

    @Test func aFormatOneStoreIsUpgradedOnOpen() throws {
        let temp = try filled()
        let before = try temp.store.top(by: .frequency, limit: 10)
        try downgrade(temp.store)
        // What format 1 looked like: verify reads the empty values as wrong.
        #expect(!(try temp.store.verify().isClean))
        try temp.reopen()
        #expect(try temp.store.verify().isClean)
        #expect(try temp.store.top(by: .frequency, limit: 10) == before)
        let format = try temp.store.environment.read { txn in
            try temp.store.schema.meta.number(.format, in: txn)
        }
        #expect(format == 3)
        #expect(try !temp.store.environment.hasTable("purchases_by_day"))
    }

    /// Adds what format 2 had and format 3 has not: a `purchases_by_day` entry (day, customer, sequence) per line.
    private func addDayIndex(_ store: Store) throws -> Int {
        let dayIndex = try store.environment.openTable(
            "purchases_by_day", key: Triple<Int32Key, UInt64Key, UInt64Key>.self, value: EmptyValue.self)
        return try store.environment.write { txn in
            var lines: [(Int32, UInt64, UInt64)] = []
            try store.schema.purchases.scanKeys(in: txn) { key in
                lines.append((store.day(of: Instant(microseconds: key.1)).rawValue, key.0, key.2))
                return true
            }
            for line in lines { try dayIndex.put((), for: line, in: txn) }
            try store.schema.meta.setNumber(.format, 2, in: txn)
            return lines.count
        }
    }

    @Test func aFormatTwoStoreLosesItsDayIndexOnOpen() throws {
        let temp = try filled()
        let top = try temp.store.top(by: .monetary, limit: 10)
        let summary = try temp.store.summary()
        #expect(try addDayIndex(temp.store) == 15)
        #expect(try temp.store.environment.hasTable("purchases_by_day"))
        try temp.reopen()
        #expect(try !temp.store.environment.hasTable("purchases_by_day"))
        let format = try temp.store.environment.read { txn in try temp.store.schema.meta.number(.format, in: txn) }
        #expect(format == 3)
        #expect(try temp.store.verify().isClean)
        #expect(try temp.store.top(by: .monetary, limit: 10) == top)
        #expect(try temp.store.summary() == summary)
        // Writes go on as before, and a second open changes nothing.
        try temp.store.write { w in
            _ = try w.record(Purchase(customer: "ana", orderID: "ana-9", occurredAt: at(2024, 6, 1), amount: money(500)))
        }
        try temp.reopen()
        #expect(try temp.store.verify().isClean)
        #expect(try temp.store.read { try $0.counts().purchases } == 16)
    }

    @Test func verifyReportsAWrongNameInAView() throws {
        let temp = try filled()
        let id = try #require(try temp.store.read { try $0.customerID(externalID: "ana") })
        try temp.store.environment.write { txn in
            var key: (Int64, UInt64)?
            try temp.store.schema.byMonetary.scanKeys(in: txn) { entry in
                if entry.1 == id.rawValue { key = entry }
                return key == nil
            }
            try temp.store.schema.byMonetary.put("someone-else", for: try #require(key), in: txn)
        }
        let report = try temp.store.verify()
        #expect(!report.isClean)
        #expect(report.differences.contains { $0.table == "by_monetary" })
        #expect(!report.differences.contains { "\($0)".contains("someone-else") })
    }
}
