import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Format 2 keeps each customer's external id in the ordered views (a covering index for top and lapsed); format 3
/// has no `purchases_by_day`; format 4 has compact `purchase_by_order` values and `customer_by_external_id` (named
/// `customer_by_key` before). Format 1 stores (empty view values), format 2 stores (with the day index) and format 3
/// stores are upgraded when opened, and verify checks the values.
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

    private func orderKey(_ order: String) -> [UInt8] {
        var bytes: [UInt8] = []
        StringKey.encode(order, into: &bytes)
        return bytes
    }

    /// Rewrites what format 4 changed as format 3 (and the older formats) had it: each `purchase_by_order` value
    /// the 24-byte `purchases` key of its line, and the customers by external id in `customer_by_key`; format
    /// marker 3. Returns the order index's pages before.
    @discardableResult
    private func downgradeToFormatThree(_ store: Store) throws -> Int {
        let former = try store.environment.openTable("customer_by_key", key: StringKey.self, value: UInt64Value.self)
        return try store.environment.write { txn in
            let schema = store.schema
            let pages = try schema.purchaseByOrder.pageCount(in: txn)
            var orders: [(String, (UInt64, Int64, UInt64))] = []
            try schema.purchaseByOrder.scan(in: txn) { orders.append(($0, $1)); return true }
            for (order, line) in orders {
                var key: [UInt8] = []
                try PurchaseKey.encode(line, into: &key)
                try schema.purchaseByOrder.putEncoded(key, forEncodedKey: orderKey(order), in: txn)
            }
            var names: [(String, UInt64)] = []
            try schema.customerByExternalID.scan(in: txn) { names.append(($0, $1)); return true }
            for (name, id) in names { try former.put(id, for: name, in: txn) }
            // Emptied, not deleted: this `Store` keeps its handle (a format-3 store has the table once a format-4
            // library has opened it: `Schema` creates every table it names, empty).
            try schema.customerByExternalID.removeAll(in: txn)
            try schema.meta.setNumber(.format, 3, in: txn)
            return pages
        }
    }

    /// Rewrites the store as format 1 wrote it: empty view values, format marker 1.
    private func downgrade(_ store: Store) throws {
        try downgradeToFormatThree(store)
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
        #expect(format == 4)
        #expect(try !temp.store.environment.hasTable("purchases_by_day"))
    }

    /// Adds what format 2 had and format 3 has not: a `purchases_by_day` entry (day, customer, sequence) per line.
    private func addDayIndex(_ store: Store) throws -> Int {
        try downgradeToFormatThree(store)
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
        #expect(format == 4)
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

    @Test func aFormatThreeStoreGetsACompactOrderIndexOnOpen() throws {
        let temp = try TemporaryStore()
        // Enough orders for a few hundred pages, so the page count compares layouts, not rounding.
        try temp.store.write { w in
            for index in 0..<20_000 {
                _ = try w.record(Purchase(
                    customer: "c\(index % 1_500)", orderID: "order-\(index)",
                    occurredAt: at(2024, 1 + index % 12, 1 + index % 28), amount: money(Int64(100 + index % 900))))
            }
        }
        let summary = try temp.store.summary()
        let top = try temp.store.top(by: .monetary, limit: 20)
        let formatThreePages = try downgradeToFormatThree(temp.store)
        #expect(try temp.store.environment.hasTable("customer_by_key"))
        try temp.reopen()
        let store: Store = temp.store
        let (format, pages, entries) = try store.environment.read { txn in
            (try store.schema.meta.number(.format, in: txn), try store.schema.purchaseByOrder.pageCount(in: txn),
             try store.schema.purchaseByOrder.count(in: txn))
        }
        #expect(format == 4)
        #expect(entries == 20_000)
        // 24-byte values became 12-13 bytes (instant, and two small varints): the index shrinks by about a fifth.
        #expect(pages * 10 < formatThreePages * 9, "pages \(pages), format 3: \(formatThreePages)")
        #expect(try !store.environment.hasTable("customer_by_key"))
        #expect(try !store.environment.hasTable(Schema.orderIndexStaging))
        #expect(try store.verify().isClean)
        #expect(try store.summary() == summary)
        #expect(try store.top(by: .monetary, limit: 20) == top)
        // The index still answers: a retry is a duplicate, another customer's use of the order a conflict, and a
        // refund finds its order.
        let retry = try store.write { w in
            try w.record(Purchase(customer: "c7", orderID: "order-7", occurredAt: at(2025, 1, 1), amount: money(107)))
        }
        #expect(retry == .duplicate)
        #expect(throws: ClienteleError.orderConflict) {
            try store.write { w in
                try w.record(Purchase(customer: "c8", orderID: "order-7", occurredAt: at(2025, 1, 1), amount: money(107)))
            }
        }
        try store.write { w in
            _ = try w.record(Purchase(customer: "c7", orderID: "refund-7", occurredAt: at(2025, 2, 1),
                                      amount: money(-50), refundOf: "order-7"))
        }
        try temp.reopen()
        #expect(try temp.store.verify().isClean)
        #expect(try temp.store.read { try $0.counts().purchases } == 20_001)
    }

    /// A `purchases` record as versions before store format 4 wrote it (version 1: presence bytes).
    private func versionOneRecord(_ purchase: StoredPurchase) -> [UInt8] {
        var bytes: [UInt8] = []
        var writer = RecordWriter(version: 1, appendingTo: &bytes, capacity: 32)
        writer.signedVarint(purchase.amount.minorUnits)
        writer.varint(UInt64(purchase.categoryID))
        writer.signedVarint(Int64(purchase.quantity))
        writer.optionalString(purchase.orderID)
        writer.optionalString(purchase.channel)
        writer.optionalString(purchase.refundOf)
        writer.seal(into: &bytes)
        return bytes
    }

    @Test func versionOnePurchaseRecordsReadAsBefore() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            _ = try w.record(Purchase(customer: "ana", orderID: "o-1", occurredAt: at(2024, 3, 1), amount: money(1_250),
                                      category: "shoes", quantity: 2, channel: "web"))
            _ = try w.record(Purchase(customer: "ana", orderID: "o-2", occurredAt: at(2024, 4, 1), amount: money(-250),
                                      refundOf: "o-1"))
            _ = try w.record(Purchase(customer: "bo", occurredAt: at(2024, 5, 1), amount: money(99)))
        }
        let id = try #require(try temp.store.read { try $0.customerID(externalID: "ana") })
        let before = try temp.store.read { try $0.history(of: id) }
        var shorter = 0
        try temp.store.environment.write { txn in
            var lines: [((UInt64, Int64, UInt64), [UInt8], StoredPurchase)] = []
            try temp.store.schema.purchases.scanRaw(in: txn) { key, value in
                lines.append((try PurchaseKey.decode(key), Array(value), try StoredPurchaseCodec.decode(value)))
                return true
            }
            for (key, current, purchase) in lines {
                let old = versionOneRecord(purchase)
                #expect(current.first == 2 && old.first == 1)
                #expect(RecordFormat.samePurchase(old, current))
                if old.count > current.count { shorter += 1 }
                var keyBytes: [UInt8] = []
                try PurchaseKey.encode(key, into: &keyBytes)
                try temp.store.schema.purchases.putEncoded(old, forEncodedKey: keyBytes, in: txn)
            }
        }
        // Version 2 is a byte shorter per string present: the two lines with an order id (and a channel or a refund)
        // are; the third has no string and the same length.
        #expect(shorter == 2)
        try temp.reopen()
        #expect(try temp.store.read { try $0.history(of: id) } == before)
        #expect(try temp.store.verify().isClean)
        #expect(RecordFormat.samePurchase([1, 2, 3], [1, 2, 3]) == false)
    }

    @Test func verifyReportsADamagedOrderIndexValue() throws {
        let temp = try filled()
        // A value of the former layout (a 24-byte purchase key) where format 4 keeps the compact one.
        try temp.store.environment.write { txn in
            let line = try #require(try temp.store.schema.purchaseByOrder.get("ana-0", in: txn))
            var key: [UInt8] = []
            try PurchaseKey.encode(line, into: &key)
            try temp.store.schema.purchaseByOrder.putEncoded(key, forEncodedKey: orderKey("ana-0"), in: txn)
        }
        let report = try temp.store.verify()
        #expect(report.differences.contains { $0.table == "purchase_by_order" })
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
