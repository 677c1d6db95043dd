import Testing
@testable import Clientele
import LMDBKit

/// A bulk write that keeps the store's pages resident below a limit (`limitResidentPages(to:)`, as the importer
/// does): with a limit of one byte the pages are dropped every 128 steps, mid-purchase and mid-write-back, and the
/// store still ends exactly as without it (verify clean, same aggregates).
@Suite struct ResidentLimitTests {
    @Test func aBatchDroppingItsPagesEndsLikeOneThatDoesNot() throws {
        let limited = try TemporaryStore()
        let plain = try TemporaryStore()
        var random = TestGenerator()
        let comment = random.comment
        var purchases: [Purchase] = []
        for index in 0..<4_000 {
            let customer = "c\(Int.random(in: 0..<600, using: &random))"
            purchases.append(Purchase(
                customer: customer, orderID: "o\(index)",
                occurredAt: at(2023, Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random)),
                amount: money(Int64.random(in: -2_000...50_000, using: &random)),
                category: "cat\(Int.random(in: 0..<5, using: &random))"))
        }
        try limited.store.write { w in
            w.limitResidentPages(to: 1)
            for purchase in purchases { _ = try w.record(purchase) }
        }
        try plain.store.write { w in
            for purchase in purchases { _ = try w.record(purchase) }
        }
        #expect(try limited.store.verify().isClean, comment)
        // The same customers with the same aggregates and scores (compared without the as-of instant, which is
        // "now" at each call).
        func digest(_ store: Store) throws -> [String] {
            try store.rfmTable().map { "\($0.externalID) \($0.orders) \($0.occasions) \($0.netMonetary) \($0.scores)" }
        }
        let a = try digest(limited.store)
        let b = try digest(plain.store)
        #expect(a.count == b.count && a.count > 500, comment)
        #expect(a.first { !b.contains($0) } == nil, comment)
        #expect(a == b, comment)
    }
}
