import Testing
@testable import Clientele

/// The order id is the idempotency key (issue 13 item 6): same order id, customer and amount is a duplicate
/// whatever the timestamp; another customer or amount is a conflict. Also: a negative quantity is refused.
@Suite("Order retries")
struct OrderRetryTests {
    @Test func aRetryWithAnotherTimestampIsADuplicateAndTheStoredPurchaseStands() throws {
        let temp = try TemporaryStore()
        let first = Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5, 10), amount: money(2_450),
                             category: "books")
        #expect(try temp.store.write { try $0.record(first) } == .recorded(createdCustomer: true))
        #expect(try temp.store.write { try $0.record(first) } == .duplicate)
        var retry = first
        retry.occurredAt = at(2024, 1, 5, 10, 1)
        retry.category = "music"
        #expect(try temp.store.write { try $0.record(retry) } == .duplicate)
        let lines = try temp.store.purchases(of: "c1").lines
        #expect(lines.count == 1)
        #expect(lines.first?.occurredAt == first.occurredAt)
        #expect(lines.first?.category == "books")

        var otherAmount = retry
        otherAmount.amount = money(2_451)
        #expect(throws: ClienteleError.orderConflict) { try temp.store.write { try $0.record(otherAmount) } }
        var otherCustomer = retry
        otherCustomer.customer = "c2"
        #expect(throws: ClienteleError.orderConflict) { try temp.store.write { try $0.record(otherCustomer) } }
        #expect(try temp.store.read { try $0.counts() } == (1, 1))
        #expect(try temp.store.verify().isClean)
    }

    @Test func groupCommitRetriesAreDuplicates() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let first = Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5, 10), amount: money(2_450))
        _ = try await store.record(first)
        var retry = first
        retry.occurredAt = at(2024, 2, 1, 9)
        #expect(try await store.record(retry) == .duplicate)
        retry.amount = money(1)
        await #expect(throws: ClienteleError.orderConflict) { try await store.record(retry) }
        #expect(try await store.read { try $0.counts() } == (1, 1))
    }

    @Test func aNegativeQuantityIsRefused() throws {
        let temp = try TemporaryStore()
        let purchase = Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5), amount: money(100),
                                quantity: -1)
        #expect(throws: ClienteleError.invalidInput(field: "quantity", reason: "must not be negative")) {
            try temp.store.write { try $0.record(purchase) }
        }
        #expect(try temp.store.read { try $0.counts() } == (0, 0))
    }
}
