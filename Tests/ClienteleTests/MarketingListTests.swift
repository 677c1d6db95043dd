import Testing
@testable import Clientele

/// Marketing lists on the ten hand-computed customers of `TenCustomers` (c6 and c7 do-not-contact; c7 and c8 tagged
/// `advocate`, c9 `toxic`): every list leaves do-not-contact customers out unless the caller asks for them.
@Suite("Marketing lists")
struct MarketingListTests {
    static func ids(_ list: [RankedCustomer]) -> [String] { list.map(\.externalID) }

    @Test func topByMonetaryFrequencyAndRecency() throws {
        let temp = try TenCustomers.make()
        let store = temp.store!
        // Net: c7 300 (do-not-contact), c9 100, c4 60, then c1 c2 c10 tied at 50 — best first, so among equal values
        // the higher customer number comes first (the reverse of the view's order, as in the scores).
        #expect(Self.ids(try store.top(by: .monetary, limit: 3)) == ["c9", "c4", "c10"])
        #expect(Self.ids(try store.top(by: .monetary, limit: 3, includeDoNotContact: true)) == ["c7", "c9", "c4"])
        #expect(try store.top(by: .monetary, limit: 1).first?.value == 10_000)
        // Orders: c9 5; c8 c7 c6 3 (c7 and c6 do-not-contact); c5 c4 2.
        #expect(Self.ids(try store.top(by: .frequency, limit: 4)) == ["c9", "c8", "c5", "c4"])
        #expect(Self.ids(try store.top(by: .frequency, limit: 4, includeDoNotContact: true)) == ["c9", "c8", "c7", "c6"])
        // Last purchase: c10 and c8 on day 40 (tied instant), c5 on day 30 (its refund on day 31 is no purchase).
        let recent = try store.top(by: .recency, limit: 3)
        #expect(Self.ids(recent) == ["c10", "c8", "c5"])
        #expect(recent.map(\.value) == [day2024(40), day2024(40), day2024(30)].map(\.microseconds))
        // Everyone with purchases, and nobody else (c11 has none, c12 a refund only).
        #expect(try store.top(by: .monetary, limit: 100).count == 8)
        #expect(try store.top(by: .monetary, limit: 100, includeDoNotContact: true).count == 10)
        #expect(throws: ClienteleError.self) { try store.top(by: .monetary, limit: 0) }
    }

    @Test func lapsedSinceWithPagination() throws {
        let temp = try TenCustomers.make()
        let store = temp.store!
        // Last purchase strictly before day 20 12:00, longest-lapsed first: c1 (1), c6 (6, do-not-contact), c4 (10),
        // c9 (16). c2, c3 and c7 bought at exactly day 20 12:00 and are not lapsed.
        let since = day2024(20)
        #expect(Self.ids(try store.lapsed(since: since)) == ["c1", "c4", "c9"])
        #expect(Self.ids(try store.lapsed(since: since, includeDoNotContact: true)) == ["c1", "c6", "c4", "c9"])
        var pages: [[String]] = []
        var after: RankedCustomer?
        repeat {
            let page = try store.lapsed(since: since, limit: 2, after: after)
            pages.append(Self.ids(page))
            after = page.last
        } while after != nil
        #expect(pages == [["c1", "c4"], ["c9"], []])
        // One microsecond later the day-20 buyers are in, ties by customer number (c7 is do-not-contact).
        let later = Instant(microseconds: since.microseconds + 1)
        #expect(Self.ids(try store.lapsed(since: later)) == ["c1", "c4", "c9", "c2", "c3"])
        let page = try store.lapsed(since: later, limit: 4)
        #expect(Self.ids(try store.lapsed(since: later, limit: 4, after: page.last)) == ["c3"])
        #expect(try store.lapsed(since: day2024(0)).isEmpty)
        #expect(throws: ClienteleError.self) { try store.lapsed(since: since, limit: 0) }
    }

    @Test func customersTaggedWith() throws {
        let temp = try TenCustomers.make()
        let store = temp.store!
        func tagged(_ tag: String, _ include: Bool = false) throws -> [String] {
            try store.customers(taggedWith: tag, includeDoNotContact: include).map(\.customer.externalID)
        }
        #expect(try tagged("advocate") == ["c8"])
        #expect(try tagged("advocate", true) == ["c7", "c8"])
        #expect(try tagged("toxic") == ["c9"])
        #expect(try tagged("nobody").isEmpty && tagged("").isEmpty)
        // Tags and the flag change with the customer.
        try store.write { w in
            try w.untag("c8", "advocate")
            try w.setDoNotContact("c7", false)
            try w.tag("c11", "advocate")
        }
        #expect(try tagged("advocate") == ["c7", "c11"])
        let profile = try #require(try store.customers(taggedWith: "advocate").first)
        #expect(profile.id == CustomerID(rawValue: 7) && profile.stats?.orders == 3)
    }

    @Test func segmentListsLeaveOutDoNotContact() throws {
        let temp = try TenCustomers.make()
        let store = temp.store!
        #expect(try store.segmentMembers("Loyal").isEmpty)                             // c7 only, do-not-contact
        #expect(try store.segmentMembers("Loyal", includeDoNotContact: true).map(\.externalID) == ["c7"])
        #expect(try store.segmentMembers("At Risk").map(\.externalID) == ["c4"])
        #expect(try store.segmentMembers("At Risk", includeDoNotContact: true).map(\.externalID) == ["c4", "c6"])
        // Pagination with a stable cursor: one member per page.
        let first = try store.segmentMembers("About to Sleep", limit: 1)
        #expect(first.map(\.externalID) == ["c2"])
        let second = try store.segmentMembers("About to Sleep", limit: 1, after: first.last?.id)
        #expect(second.map(\.externalID) == ["c3"])
        #expect(try store.segmentMembers("About to Sleep", limit: 1, after: second.last?.id).isEmpty)
        // The segment summary counts everyone (it is not a contact list).
        #expect(try store.segmentSummary().first { $0.name == "Loyal" }?.customers == 1)
    }
}
