import Testing
@testable import Clientele
import LMDBKit

/// A refund naming its order (`refund_of`) may not exceed what remains of it, predate it, or refund a refund
/// (issue 16); the store is left unchanged and verify stays clean.
@Suite("Refund rules")
struct RefundRulesTests {
    private func storeWithOrder() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        try temp.store.write { writer in
            _ = try writer.record(Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 3, 1),
                                           amount: money(10_000)))
        }
        return temp
    }

    private func refund(_ cents: Int64, of order: String? = "o1", on day: Int = 5, id: String?) -> Purchase {
        Purchase(customer: "c1", orderID: id, occurredAt: at(2024, 3, day), amount: money(-cents), refundOf: order)
    }

    private func expectUnchanged(_ temp: TemporaryStore, purchases: Int) throws {
        #expect(try temp.store.read { try $0.counts().purchases } == purchases)
        let report = try temp.store.verify()
        #expect(report.isClean, "\(report.differences)")
    }

    @Test func aRefundLargerThanTheOrderIsRejected() throws {
        let temp = try storeWithOrder()
        #expect(throws: ClienteleError.refundRejected(.exceedsRemaining)) {
            try temp.store.write { _ = try $0.record(refund(10_001, id: "r1")) }
        }
        try expectUnchanged(temp, purchases: 1)
        #expect(try temp.store.write { try $0.record(refund(10_000, id: "r1")) } == .recorded(createdCustomer: false))
    }

    @Test func refundsAddUpAcrossTransactionsAndWithinOne() throws {
        let temp = try storeWithOrder()
        try temp.store.write { _ = try $0.record(refund(6_000, id: "r1")) }
        #expect(throws: ClienteleError.refundRejected(.exceedsRemaining)) {
            try temp.store.write { _ = try $0.record(refund(4_001, id: "r2")) }
        }
        // Two refunds in one batch that each fit but together exceed the rest: the second is refused, the batch too.
        #expect(throws: ClienteleError.refundRejected(.exceedsRemaining)) {
            try temp.store.write { writer in
                _ = try writer.record(refund(3_000, id: "r2"))
                _ = try writer.record(refund(1_001, id: "r3"))
            }
        }
        try expectUnchanged(temp, purchases: 2)
        try temp.store.write { writer in
            _ = try writer.record(refund(3_000, id: "r2"))
            _ = try writer.record(refund(1_000, id: "r3"))
        }
        try expectUnchanged(temp, purchases: 4)
    }

    /// A refused refund writes nothing, also when the caller catches the error and the transaction commits: for a
    /// customer the store does not know, the customer is not created.
    @Test func aRefusedRefundForANewCustomerCreatesNoCustomer() throws {
        let temp = try storeWithOrder()
        let stranger = Purchase(customer: "c2", orderID: "r1", occurredAt: at(2024, 3, 5), amount: money(-1_000),
                                refundOf: "o1")
        try temp.store.write { writer in
            #expect(throws: ClienteleError.refundTargetInvalid(reason: "the refunded order belongs to another customer")) {
                try writer.record(stranger)
            }
            #expect(throws: ClienteleError.refundTargetInvalid(reason: "the refunded order is not stored")) {
                try writer.record(Purchase(customer: "c3", orderID: "r2", occurredAt: at(2024, 3, 5),
                                           amount: money(-1_000), refundOf: "o9"))
            }
        }
        #expect(try temp.store.read { try $0.counts().customers } == 1)
        #expect(try temp.store.read { try $0.customerID(externalID: "c2") } == nil)
        try expectUnchanged(temp, purchases: 1)
    }

    @Test func aRefundDatedBeforeItsOrderIsRejected() throws {
        let temp = try storeWithOrder()
        #expect(throws: ClienteleError.refundRejected(.predatesOrder)) {
            try temp.store.write { _ = try $0.record(refund(100, on: 1, id: "r1").with(hour: 11)) }
        }
        try expectUnchanged(temp, purchases: 1)
        // The same instant is allowed.
        let sameInstant = refund(100, on: 1, id: "r1")
        #expect(try temp.store.write { try $0.record(sameInstant) } == .recorded(createdCustomer: false))
    }

    @Test func aRefundOfARefundIsRejected() throws {
        let temp = try storeWithOrder()
        try temp.store.write { _ = try $0.record(refund(100, id: "r1")) }
        #expect(throws: ClienteleError.refundRejected(.refundsARefund)) {
            try temp.store.write { _ = try $0.record(refund(50, of: "r1", id: "r2")) }
        }
        // A refund without refund_of, stored with an order id, cannot be refunded either.
        try temp.store.write { _ = try $0.record(refund(100, of: nil, id: "r3")) }
        #expect(throws: ClienteleError.refundRejected(.refundsARefund)) {
            try temp.store.write { _ = try $0.record(refund(50, of: "r3", id: "r4")) }
        }
        try expectUnchanged(temp, purchases: 3)
    }

    @Test func aRefundWithoutRefundOfKeepsItsMeaning() throws {
        let temp = try storeWithOrder()
        // Larger than any order and dated before it: no order is named, so no rule applies.
        try temp.store.write { _ = try $0.record(refund(50_000, of: nil, on: 1, id: nil)) }
        try expectUnchanged(temp, purchases: 2)
        let stats = try #require(try temp.store.read { try $0.profile(externalID: "c1")?.stats })
        #expect(stats.refundTotal == money(50_000))
    }

    @Test func descriptionsNameTheRuleWithoutData() {
        for rule in [RefundRule.exceedsRemaining, .predatesOrder, .refundsARefund] {
            let text = ClienteleError.refundRejected(rule).description
            #expect(text.hasPrefix("invalid refund: "))
            #expect(!text.contains("o1") && !text.contains("100"))
        }
    }
}

private extension Purchase {
    /// The purchase at `hour` o'clock of its day (UTC).
    func with(hour: Int) -> Purchase {
        var copy = self
        let day = occurredAt.microseconds / 86_400_000_000 * 86_400_000_000
        copy.occurredAt = Instant(microseconds: day + Int64(hour) * 3_600_000_000)
        return copy
    }
}
