import Testing
@testable import Clientele

/// The events a segment sweep writes in one batch (`StoreWriter.appendSweepEvents`: external ids and do-not-contact
/// marks through merge-join cursors, offsets taken together): each names its own customer, carries that customer's
/// do-not-contact mark, and the offsets follow on from the events before them; the stored codes decode as written.
@Suite("Change feed sweep events")
struct ChangeFeedSweepEventsTests {
    @Test func aSweepNamesAndFlagsEachCustomerWithConsecutiveOffsets() throws {
        var options = TemporaryStore.defaultOptions
        options.changeFeed.segmentSweepInterval = nil
        let temp = try TemporaryStore(options: options)
        let store = temp.store!
        var gen = TestGenerator()
        let count = 60
        var quiet: Set<String> = []
        try store.write { w in
            for index in 0..<count {
                let name = "customer-\(index)-" + String(repeating: "x", count: Int.random(in: 0...20, using: &gen))
                if Bool.random(using: &gen) {
                    try w.upsertCustomer(CustomerUpdate(externalID: name))
                    try w.setDoNotContact(name, true)
                    quiet.insert(name)
                }
                for order in 0..<Int.random(in: 1...4, using: &gen) {
                    _ = try w.record(Purchase(customer: name, orderID: "\(name)/\(order)",
                                              occurredAt: at(2024, 1 + order, 1 + index % 28),
                                              amount: money(Int64.random(in: 100...90_000, using: &gen))))
                }
            }
        }
        let before = try store.read { try $0.lastEventOffset() }
        let written = try store.sweepSegments(at: at(2024, 6, 1))
        #expect(written == count, "the first sweep ranks everyone \(gen.comment)")
        let events = try store.read { try $0.events(after: before, limit: 10_000) }
        #expect(events.map(\.offset) == Array((before + 1)...(before + UInt64(written))), "\(gen.comment)")
        for event in events {
            let profile = try #require(try store.read { try $0.profile(id: event.id) }, "\(gen.comment)")
            #expect(event.externalID == profile.customer.externalID, "\(gen.comment)")
            #expect(event.doNotContact == quiet.contains(event.externalID), "\(event.externalID) \(gen.comment)")
            #expect(event.kind == .segment && event.cause == .sweep && event.from == nil && event.to != nil)
        }
        #expect(Set(events.map(\.externalID)).count == count)
        #expect(try store.verify().isClean)
    }

    @Test func storedCodesAreTheCasesIndices() throws {
        for (index, kind) in ChangeEvent.Kind.allCases.enumerated() { #expect(Int(kind.code) == index) }
        for (index, cause) in ChangeEvent.Cause.allCases.enumerated() { #expect(Int(cause.code) == index) }
        for kind in ChangeEvent.Kind.allCases {
            for cause in ChangeEvent.Cause.allCases {
                let event = ChangeEvent(offset: 0, externalID: "c", id: CustomerID(rawValue: 3), kind: kind, from: "a",
                                        to: nil, instant: Instant(microseconds: 5), cause: cause, doNotContact: true,
                                        recordedAt: Instant(microseconds: 9))
                var bytes: [UInt8] = []
                ChangeEventCodec.encode(event, into: &bytes)
                #expect(try bytes.withUnsafeBytes { try ChangeEventCodec.decode($0) } == event)
            }
        }
    }
}
