import Testing
@testable import Clientele
import LMDBKit

@Suite("Writing customers and purchases")
struct StoreWriteTests {
    @Test func recordsAPurchaseAndItsAggregate() throws {
        let temp = try TemporaryStore()
        let outcome = try temp.store.write { w in
            try w.record(Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5), amount: money(1250),
                                  category: "books"))
        }
        #expect(outcome == .recorded(createdCustomer: true))
        let profile = try #require(try temp.store.read { try $0.profile(externalID: "c1") })
        let stats = try #require(profile.stats)
        #expect(stats.orders == 1)
        #expect(stats.occasions == 1)
        #expect(stats.grossRevenue == money(1250))
        #expect(stats.firstDay == Day(year: 2024, month: 1, day: 5))
        #expect(try temp.store.verify().isClean)
    }

    @Test func aFailingBatchLeavesNothing() throws {
        let temp = try TemporaryStore()
        _ = try temp.store.write { try $0.record(Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5),
                                                          amount: money(100))) }
        #expect(throws: ClienteleError.self) {
            try temp.store.write { w in
                try w.record(Purchase(customer: "c2", orderID: "o2", occurredAt: at(2024, 1, 6), amount: money(200)))
                try w.record(Purchase(customer: "", orderID: "o3", occurredAt: at(2024, 1, 6), amount: money(200)))
            }
        }
        #expect(try temp.store.read { try $0.counts() } == (1, 1))
        #expect(try temp.store.read { try $0.profile(externalID: "c2") } == nil)
        #expect(try temp.store.verify().isClean)
    }

    @Test func refundsAreCountedApartAndMustNameTheirOwnOrder() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            try w.record(Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5), amount: money(1000)))
            try w.record(Purchase(customer: "c2", orderID: "o2", occurredAt: at(2024, 1, 5), amount: money(500)))
            try w.record(Purchase(customer: "c1", orderID: "r1", occurredAt: at(2024, 1, 9), amount: money(-400),
                                  refundOf: "o1"))
        }
        let stats = try #require(try temp.store.read { try $0.profile(externalID: "c1") }?.stats)
        #expect(stats.orders == 1)
        #expect(stats.refundCount == 1)
        #expect(stats.refundTotal == money(400))
        #expect(stats.netMonetary == money(600))
        #expect(throws: ClienteleError.refundTargetInvalid(reason: "the refunded order belongs to another customer")) {
            try temp.store.write { try $0.record(Purchase(customer: "c1", occurredAt: at(2024, 1, 9),
                                                           amount: money(-1), refundOf: "o2")) }
        }
        #expect(throws: ClienteleError.self) {
            try temp.store.write { try $0.record(Purchase(customer: "c1", occurredAt: at(2024, 1, 9),
                                                           amount: money(-1), refundOf: "missing")) }
        }
        #expect(try temp.store.verify().isClean)
    }

    @Test func partialUpsertKeepsOtherFieldsAndReindexesEmail() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: "c1", email: " Ada@Example.com ", name: "Ada",
                                                attributes: ["tier": "gold"]))
            try w.upsertCustomer(CustomerUpdate(externalID: "c1", city: "London"))
        }
        let profile = try #require(try temp.store.read { try $0.profile(externalID: "c1") })
        #expect(profile.customer.name == "Ada")
        #expect(profile.customer.city == "London")
        #expect(profile.customer.attributes == ["tier": "gold"])
        #expect(try temp.store.read { try $0.profiles(email: "ada@example.com") }.map(\.id) == [profile.id])
        try temp.store.write { try $0.upsertCustomer(CustomerUpdate(externalID: "c1", email: "ada@new.example")) }
        #expect(try temp.store.read { try $0.profiles(email: "ada@example.com") }.isEmpty)
        #expect(try temp.store.read { try $0.profiles(email: "ADA@new.example") }.count == 1)
        #expect(try temp.store.verify().isClean)
    }

    @Test func unknownCustomersCanBeRejected() throws {
        var options = TemporaryStore.defaultOptions
        options.unknownCustomers = .reject
        let temp = try TemporaryStore(options: options)
        #expect(throws: ClienteleError.unknownCustomer) {
            try temp.store.write { try $0.record(Purchase(customer: "nobody", occurredAt: at(2024, 1, 1),
                                                           amount: money(1))) }
        }
        try temp.store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: "known"))
            try w.record(Purchase(customer: "known", occurredAt: at(2024, 1, 1), amount: money(1)))
        }
        #expect(try temp.store.read { try $0.counts() } == (1, 1))
    }

    @Test(arguments: [
        ("", "customer_id"), (String(repeating: "x", count: 257), "customer_id"), ("a\u{0}b", "customer_id"),
    ])
    func invalidIdentifiersAreTypedErrors(id: String, field: String) throws {
        let temp = try TemporaryStore()
        #expect {
            try temp.store.write { try $0.record(Purchase(customer: id, occurredAt: at(2024, 1, 1), amount: money(1))) }
        } throws: { error in
            guard case ClienteleError.invalidInput(let named, _) = error else { return false }
            return named == field && !"\(error)".contains(id.isEmpty ? "\u{1}" : id)
        }
    }

    @Test func datesOutOfRangeAreRejected() throws {
        let temp = try TemporaryStore()
        let future = Instant(microseconds: Instant.now.microseconds + 3 * 86_400_000_000)
        for instant in [future, Instant(microseconds: Instant.earliest.microseconds - 1)] {
            #expect(throws: ClienteleError.self) {
                try temp.store.write { try $0.record(Purchase(customer: "c", occurredAt: instant, amount: money(1))) }
            }
        }
    }

    @Test func moneyOverflowIsATypedError() throws {
        let temp = try TemporaryStore()
        try temp.store.write { try $0.record(Purchase(customer: "c", occurredAt: at(2024, 1, 1),
                                                       amount: money(Int64.max - 10))) }
        #expect(throws: ClienteleError.overflow(field: "revenue")) {
            try temp.store.write { try $0.record(Purchase(customer: "c", occurredAt: at(2024, 1, 2), amount: money(11))) }
        }
        #expect(try temp.store.verify().isClean)
    }

    @Test func tagsAndDoNotContact() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            try w.upsertCustomer(CustomerUpdate(externalID: "c1"))
            try w.tag("c1", "advocate")
            try w.tag("c1", "vip")
            try w.untag("c1", "vip")
            try w.setDoNotContact("c1", true)
        }
        let customer = try #require(try temp.store.read { try $0.profile(externalID: "c1") }?.customer)
        #expect(customer.tags == ["advocate"])
        #expect(customer.doNotContact)
        #expect(throws: ClienteleError.customerNotFound) { try temp.store.write { try $0.tag("nobody", "x") } }
        #expect(try temp.store.verify().isClean)
    }

    @Test func purchasesArePaginatedInTimeOrder() throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            for day in (1...25).reversed() {
                try w.record(Purchase(customer: "c1", orderID: "o\(day)", occurredAt: at(2024, 3, day), amount: money(100)))
            }
        }
        var seen: [String] = []
        var page = try temp.store.purchases(of: "c1", limit: 10)
        seen += page.lines.compactMap(\.orderID)
        while let next = page.next {
            page = try temp.store.purchases(of: "c1", limit: 10, after: next)
            seen += page.lines.compactMap(\.orderID)
        }
        #expect(seen == (1...25).map { "o\($0)" })
        let window = try temp.store.purchases(of: "c1", from: at(2024, 3, 10, 0), to: at(2024, 3, 12, 0))
        #expect(window.lines.compactMap(\.orderID) == ["o10", "o11"])
        #expect(try temp.store.verify().isClean)
    }

    @Test func reopeningKeepsEverything() throws {
        let temp = try TemporaryStore()
        try temp.store.write { try $0.record(Purchase(customer: "c1", orderID: "o1", occurredAt: at(2024, 1, 5),
                                                       amount: money(1250), category: "books")) }
        try temp.reopen()
        #expect(try temp.store.read { try $0.counts() } == (1, 1))
        #expect(try temp.store.verify().isClean)
    }
}
