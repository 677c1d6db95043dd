import Testing
@testable import Clientele

/// The change feed against a model (issue 14): random purchases, refunds, advances and sweeps; the event stream
/// must equal the state changes the model recomputes from the purchases, step by step.
@Suite("Change feed model")
struct ChangeFeedModelTests {
    @Test func theEventStreamEqualsTheChangesRecomputedFromThePurchases() throws {
        var random = TestGenerator()
        var causes: [ChangeEvent.Cause: Int] = [:]
        let wanted: [ChangeEvent.Cause] = [.purchase, .refund, .time, .sweep]
        // At least 6 rounds, and more (up to 40) until every cause occurred: a refund that changes a state is rare
        // in one round (about one round in four has none).
        for round in 0..<40 where round < 6 || !wanted.allSatisfy({ (causes[$0] ?? 0) > 0 }) {
            var options = TemporaryStore.defaultOptions
            options.changeFeed.segmentSweepInterval = nil
            options.changeFeed.segments = FeedModel.segments
            options.changeFeed.advanceBatch = Int.random(in: 1...20, using: &random)
            let temp = try TemporaryStore(options: options)
            var model = FeedModel()
            var offset: UInt64 = 0
            for (index, step) in FeedModel.scenario(&random, steps: 60, customers: 12).enumerated() {
                let expected = model.apply(step)
                try FeedModel.run(step, on: temp.store)
                let events = try temp.store.read { try $0.events(after: offset, limit: 10_000) }
                offset = events.last?.offset ?? offset
                for event in events { causes[event.cause, default: 0] += 1 }
                #expect(events.map(\.expected) == expected, "round \(round) step \(index) \(step) \(random.comment)")
                if events.map(\.expected) != expected { return }
            }
            let report = try temp.store.verify()
            #expect(report.isClean, "\(report.differences) \(random.comment)")
            let offsets = try temp.store.read { try $0.events(after: 0, limit: 100_000) }.map(\.offset)
            #expect(offsets == (0..<UInt64(offsets.count)).map { $0 + 1 }, "no gaps")
        }
        // The scenarios exercise every cause the model knows (so the comparison is not vacuous).
        #expect(wanted.allSatisfy { (causes[$0] ?? 0) > 0 }, "\(causes) \(random.comment)")
    }
}
