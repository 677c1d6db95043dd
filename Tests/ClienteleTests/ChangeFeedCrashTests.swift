import Foundation
import Testing
@testable import Clientele

/// The change feed under SIGKILL (issue 14): a child records purchases, advances the clock in small batches, sweeps
/// segments and acknowledges part of the feed, and is killed at random moments. After each kill every committed
/// state change has exactly one event: the retained events are contiguous up to the counter, start at or before the
/// consumer's offset + 1, and equal, offset by offset, the changes `FeedModel` recomputes from the stored purchases
/// (all of them up to the last committed step; the last step's advance may be partly done).
@Suite("Change feed crash safety", .serialized)
struct ChangeFeedCrashTests {
    /// As `clientele-torture feed`.
    static func instant(_ k: Int) -> Instant { Instant(microseconds: 1_262_304_000_000_000 + Int64(k) * 86_400_000_000) }

    static func purchases(_ k: Int) -> [Purchase] {
        (3 * k..<3 * k + 3).map { n in
            let refund = n % 13 == 0 && n >= 11
            return Purchase(customer: "c-\(n % 11)", orderID: "f-\(n)",
                            occurredAt: Instant(microseconds: instant(k).microseconds + Int64(n % 3) * 1_000_000),
                            amount: Money(minorUnits: refund ? -Int64(1 + n % 50) : Int64(100 + (n * 37) % 5_000)))
        }
    }

    static func options() -> StoreOptions {
        var options = StoreOptions()
        options.environment.initialMapSize = 1 << 20
        options.changeFeed.advanceBatch = 2
        options.changeFeed.segmentSweepInterval = 10 * 86_400
        return options
    }

    @Test func killedWritersLeaveExactlyOneEventPerCommittedChange() throws {
        let soak = try KillSoak(roundsVariable: "CLIENTELE_FEED_KILLS", defaultRounds: 15)
        var checked = 0
        try soak.run("feed", delay: 10_000...60_000) { round, _ in
            let store = try Store.open(at: soak.path, options: Self.options())
            let purchases = try store.read { try $0.counts().purchases }
            #expect(purchases % 3 == 0, "a step's purchases are one transaction")
            let steps = purchases / 3
            var model = FeedModel(map: .standard)
            var full: [FeedModel.Expected] = []
            var minimum = 0
            var lastSweep: Int64?
            for k in 0..<steps {
                full += model.apply(.purchases(Self.purchases(k)))
                if k == steps - 1 { minimum = full.count }
                let t = Self.instant(k)
                full += model.apply(.advance(t))
                if lastSweep.map({ t.microseconds - $0 >= 10 * 86_400_000_000 }) ?? true {
                    full += model.apply(.sweep(t))
                    lastSweep = t.microseconds
                }
            }
            let (events, last, acknowledged) = try store.read { r in
                (try r.events(after: 0, limit: 1_000_000), try r.lastEventOffset(),
                 try r.consumer("torture")?.acknowledged ?? 0)
            }
            let first = events.first?.offset ?? last + 1
            #expect(first <= acknowledged + 1, "nothing after the consumer's offset was pruned, round \(round)")
            #expect(events.map(\.offset) == Array(first..<last + 1), "no gaps, round \(round)")
            #expect(Int(last) >= minimum && Int(last) <= full.count,
                    "round \(round): \(last) events, model \(minimum)…\(full.count) \(soak.comment)")
            for event in events where Int(event.offset) <= full.count {
                #expect(event.expected == full[Int(event.offset) - 1], "round \(round) offset \(event.offset)")
                checked += 1
            }
            if soak.verifiesStore(after: round, every: 5) {
                let report = try store.verify()
                #expect(report.isClean, "round \(round): \(report.differences.prefix(3))")
            }
        }
        let steps = try Store.open(at: soak.path, options: Self.options()).read { try $0.counts().purchases } / 3
        #expect(steps > soak.rounds, "the children made progress")
        print("change feed crash soak: \(soak.rounds) SIGKILLs, \(steps) steps, \(checked) event checks "
              + "\(soak.comment)")
    }
}
