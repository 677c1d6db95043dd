import CLMDB
import Foundation
import Testing
@testable import Clientele
@testable import LMDBKit

/// Mass erasure (RELIABILITY.md pitfall 8, test 14): customers with 10,000 purchases each are erased one after the
/// other, in a seeded random order; after each erasure no index holds anything of that customer, the others are
/// untouched, and verify is clean. The erase path deletes exact keys (no cursor-delete loop), and no table is
/// DUPSORT, which this test also checks, so LMDB 0.9.24's DUPSORT cursor-delete bugs (ITS#9376) cannot apply.
/// More big customers with `CLIENTELE_MASS_ERASE_CUSTOMERS=N`.
@Suite("Mass erasure")
struct MassErasureTests {
    static let perCustomer = 10_000

    @Test func customersWithTenThousandPurchasesAreErasedCleanly() throws {
        var random = TestGenerator()
        let big = Int(ProcessInfo.processInfo.environment["CLIENTELE_MASS_ERASE_CUSTOMERS"] ?? "") ?? 3
        var options = TemporaryStore.defaultOptions
        options.environment.durability = .bulk
        let temp = try TemporaryStore(options: options)
        let store = temp.store!

        // No table is DUPSORT.
        try store.environment.read { txn in
            for name in Schema.tableNames {
                let table = try store.environment.openTableForInspection(name)
                var flags: UInt32 = 0
                #expect(mdb_dbi_flags(txn.handle, table.dbi, &flags) == 0)
                #expect(flags & UInt32(MDB_DUPSORT) == 0, "table \(name) is DUPSORT")
            }
        }

        // Small customers who stay, then the big ones, each with its purchases in time order (every 53 minutes from
        // 2023-01-01, spread over a year), some refunds, four categories, tags and an email.
        try store.write { w in
            for index in 0..<200 {
                try w.upsertCustomer(CustomerUpdate(externalID: "small-\(index)", email: "s\(index)@example.com",
                                                    addTags: ["keep"]))
                for line in 0..<5 {
                    try w.record(Purchase(customer: "small-\(index)", orderID: "s\(index)-\(line)",
                                          occurredAt: at(2023, 1, 1 + line * 5).advanced(minutes: index),
                                          amount: money(Int64(100 * (line + 1))), category: "c\(line % 4)"))
                }
            }
        }
        let before = try ConservationTests.sums(store)
        for customer in 0..<big {
            try store.write { w in
                try w.upsertCustomer(CustomerUpdate(externalID: "big-\(customer)", email: "big\(customer)@example.com",
                                                    addTags: ["whale", "vip"]))
                for line in 0..<Self.perCustomer {
                    let refund = line % 97 == 96
                    try w.record(Purchase(
                        customer: "big-\(customer)", orderID: "big\(customer)-\(line)",
                        occurredAt: at(2023, 1, 1).advanced(minutes: line * 53 + customer),
                        amount: money(refund ? -Int64(line % 500 + 1) : Int64(line % 9_000 + 50)),
                        category: "c\(line % 4)", refundOf: refund ? "big\(customer)-\(line - 1)" : nil))
                }
            }
        }
        let counts = try store.read { try $0.counts() }
        #expect(counts.customers == 200 + big && counts.purchases == 1_000 + big * Self.perCustomer)
        #expect(try store.verify().isClean)

        var remaining = Array(0..<big)
        remaining.shuffle(using: &random)
        for (round, customer) in remaining.enumerated() {
            let externalID = "big-\(customer)"
            let id = try #require(try store.read { try $0.customerID(externalID: externalID) })
            #expect(try store.write { try $0.erase(externalID: externalID) })
            let comment: Comment = "round \(round), \(externalID), \(random.comment)"
            try expectNoTrace(of: id.rawValue, ordersPrefix: "big\(customer)-", in: store, comment)
            let counts = try store.read { try $0.counts() }
            let left = big - round - 1
            #expect(counts.customers == 200 + left && counts.purchases == 1_000 + left * Self.perCustomer, comment)
            let report = try store.verify()
            #expect(report.isClean, "\(comment): \(report.differences.prefix(3))")
        }
        #expect(try ConservationTests.sums(store) == before, "the small customers' figures are back to where they were")
        #expect(try store.read { try $0.profile(externalID: "small-7")?.stats?.orders } == 5)
    }

    /// No table holds an entry of customer `id` or one of its orders.
    func expectNoTrace(of id: UInt64, ordersPrefix: String, in store: Store, _ comment: Comment) throws {
        let schema = store.schema
        try store.read { reader in
            let txn = reader.txn
            var left: [String: Int] = [:]
            try schema.purchases.scanKeys(in: txn, over: .prefix(try PurchaseKey.prefix(id))) { _ in
                left["purchases", default: 0] += 1
                return true
            }
            try schema.purchaseByOrder.scanKeys(in: txn) { order in
                if order.hasPrefix(ordersPrefix) { left["purchase_by_order", default: 0] += 1 }
                return true
            }
            for (name, view) in [("by_recency", schema.byRecency), ("by_frequency", schema.byFrequency),
                                 ("by_monetary", schema.byMonetary)] {
                try view.scanKeys(in: txn) { key in
                    if key.1 == id { left[name, default: 0] += 1 }
                    return true
                }
            }
            try schema.customerByEmail.scanKeys(in: txn) { key in
                if key.1 == id { left["customer_by_email", default: 0] += 1 }
                return true
            }
            try schema.tags.scanKeys(in: txn) { key in
                if key.1 == id { left["customers_by_tag", default: 0] += 1 }
                return true
            }
            if try schema.stats.contains(id, in: txn) { left["stats"] = 1 }
            if try schema.customers.contains(id, in: txn) { left["customers"] = 1 }
            #expect(left.isEmpty, "\(comment): entries left \(left)")
        }
    }
}
