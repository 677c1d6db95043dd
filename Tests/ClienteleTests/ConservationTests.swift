import Testing
@testable import Clientele
import LMDBKit

/// Σ net monetary over customers = Σ purchase amounts = Σ daily revenue − Σ daily refunds, and Σ orders = number of
/// purchases, checked inside read snapshots.
@Suite("Conservation invariants")
struct ConservationTests {
    struct Sums: Equatable {
        var netMonetary: Int64 = 0
        var amounts: Int64 = 0
        var dailyNet: Int64 = 0
        var orders: Int64 = 0
        var purchaseLines: Int64 = 0
        var dailyOrders: Int64 = 0
    }

    static func sums(_ store: Store) throws -> Sums {
        try store.read { reader in
            var sums = Sums()
            let schema = store.schema
            try schema.stats.scan(in: reader.txn) { _, stats in
                sums.netMonetary += stats.netMonetary.minorUnits
                sums.orders += Int64(stats.orders)
                return true
            }
            try schema.purchases.scan(in: reader.txn) { _, purchase in
                sums.amounts += purchase.amount.minorUnits
                if !purchase.isRefund { sums.purchaseLines += 1 }
                return true
            }
            try schema.daily.scan(in: reader.txn) { _, totals in
                sums.dailyNet += totals.revenue - totals.refunds
                sums.dailyOrders += totals.orders
                return true
            }
            return sums
        }
    }

    static func check(_ sums: Sums) -> Bool {
        sums.netMonetary == sums.amounts && sums.amounts == sums.dailyNet && sums.orders == sums.purchaseLines
            && sums.dailyOrders == sums.purchaseLines
    }

    @Test func conservationHoldsThroughRandomWrites() throws {
        var random = TestGenerator()
        let temp = try TemporaryStore()
        for batch in 0..<20 {
            try temp.store.write { w in
                for index in 0..<50 {
                    let customer = "c\(Int.random(in: 0..<30, using: &random))"
                    let amount = Int64.random(in: -500...5_000, using: &random)
                    let instant = at(2024, 1, 1).advanced(minutes: Int.random(in: 0..<200_000, using: &random))
                    try w.record(Purchase(customer: customer, orderID: "o\(batch)-\(index)", occurredAt: instant,
                                          amount: money(amount), category: ["a", "b"].randomElement(using: &random)))
                }
                if batch % 5 == 4 { try w.erase(externalID: "c\(Int.random(in: 0..<30, using: &random))") }
            }
            let sums = try Self.sums(temp.store)
            #expect(Self.check(sums), "\(sums) \(random.comment)")
        }
        #expect(try temp.store.verify().isClean, random.comment)
    }
}
