import Foundation
import Testing
@testable import Clientele
import LMDBKit

@Suite("Erasure (the right to be forgotten)")
struct ErasureTests {
    @Test func erasureLeavesNoLogicalTrace() throws {
        let temp = try TemporaryStore()
        let canaryID = "canary-customer-7f3a"
        let canaryEmail = "canary.7f3a@example.org"
        try temp.store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: "other", email: "other@example.org"))
            try w.record(Purchase(customer: "other", orderID: "keep-1", occurredAt: at(2024, 2, 1), amount: money(700),
                                  category: "books"))
            try w.upsertCustomer(CustomerUpdate(externalID: canaryID, email: canaryEmail, name: "Canary Name",
                                                addTags: ["advocate"]))
            for day in 1...20 {
                try w.record(Purchase(customer: canaryID, orderID: "canary-order-\(day)", occurredAt: at(2024, 1, day),
                                      amount: money(Int64(day) * 100), category: day % 2 == 0 ? "music" : "books"))
            }
            try w.record(Purchase(customer: canaryID, orderID: "canary-refund", occurredAt: at(2024, 1, 25),
                                  amount: money(-50), refundOf: "canary-order-3"))
        }
        let id = try #require(try temp.store.read { try $0.customerID(externalID: canaryID) })
        let before = try rollupSnapshot(temp.store)
        #expect(try temp.store.write { try $0.erase(externalID: canaryID) })
        #expect(try temp.store.write { try $0.erase(externalID: canaryID) } == false)

        // Rollups equal those of a store that never saw the customer.
        let fresh = try TemporaryStore()
        try fresh.store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: "other", email: "other@example.org"))
            try w.record(Purchase(customer: "other", orderID: "keep-1", occurredAt: at(2024, 2, 1), amount: money(700),
                                  category: "books"))
        }
        let after = try rollupSnapshot(temp.store)
        #expect(after != before)
        #expect(after.daily == (try rollupSnapshot(fresh.store)).daily)
        #expect(after.cohorts == (try rollupSnapshot(fresh.store)).cohorts)
        #expect(after.entryCount == 1)

        // No table holds the customer's id, external id, email, or order ids.
        let idBytes = try Array(temp.store.schema.stats.encodeKey(id.rawValue))
        let needles: [[UInt8]] = [Array(canaryID.utf8), Array(canaryEmail.utf8), Array("canary-order".utf8),
                                  Array("Canary Name".utf8)]
        try temp.store.environment.read { txn in
            for name in Schema.tableNames {
                let table = try temp.store.environment.openTableForInspection(name)
                try table.scanRaw(in: txn) { key, value in
                    let key = Array(key), value = Array(value)
                    for needle in needles {
                        #expect(!contains(key, needle) && !contains(value, needle), "table \(name)")
                    }
                    if ["customers", "stats", "by_recency", "by_frequency", "by_monetary", "purchases",
                        "customers_by_tag", "customer_by_email"].contains(name) {
                        #expect(!containsCustomerID(name, key, idBytes), "table \(name) still holds the customer id")
                    }
                    return true
                }
            }
        }
        #expect(try temp.store.read { try $0.profiles(email: canaryEmail) }.isEmpty)
        #expect(try temp.store.verify().isClean)
    }

    @Test func erasingACustomerWithManyPurchases() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            for index in 0..<3000 {
                try w.record(Purchase(customer: "big", orderID: "b\(index)", occurredAt: at(2023, 1, 1, 0, 0)
                    .advanced(minutes: index * 7), amount: money(Int64(index)), category: "c\(index % 5)"))
            }
        }
        #expect(try temp.store.write { try $0.erase(externalID: "big") })
        #expect(try temp.store.read { try $0.counts() } == (0, 0))
        #expect(try temp.store.verify().isClean)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Whether a key of an id-keyed table belongs to the customer (the id is the key or one of its components).
    private func containsCustomerID(_ table: String, _ key: [UInt8], _ id: [UInt8]) -> Bool {
        switch table {
        case "customers", "stats", "purchases": return key.starts(with: id)
        default: return key.suffix(8).elementsEqual(id)
        }
    }

    struct Rollups: Equatable {
        var daily: [Int32: DailyTotals]
        var cohorts: [[Int32]: CohortCell]
        var entryCount: Int
    }

    private func rollupSnapshot(_ store: Store) throws -> Rollups {
        try store.read { reader in
            var daily: [Int32: DailyTotals] = [:]
            try store.schema.daily.scan(in: reader.txn) { daily[$0] = $1; return true }
            var cohorts: [[Int32]: CohortCell] = [:]
            try store.schema.cohorts.scan(in: reader.txn) { cohorts[[$0.0, $0.1]] = $1; return true }
            return Rollups(daily: daily, cohorts: cohorts, entryCount: try store.schema.entry.count(in: reader.txn))
        }
    }
}

extension Instant {
    func advanced(minutes: Int) -> Instant { Instant(microseconds: microseconds + Int64(minutes) * 60_000_000) }
}

extension Environment {
    /// Opens any table as raw bytes, for tests that inspect every table.
    func openTableForInspection(_ name: String) throws -> Table<BytesKey, BytesValue> {
        try openTable(name, key: BytesKey.self, value: BytesValue.self)
    }
}
