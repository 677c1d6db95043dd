import Foundation
import Synchronization
import Testing
@testable import Clientele

/// Readers and writers at once, on OS threads (the cooperative pool has only as many threads as cores): every read
/// snapshot satisfies the conservation invariants.
@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func everySnapshotConservesWhileWritersRun() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let seed = TestGenerator().seed
        let deadline = Date().addingTimeInterval(3)
        let snapshots = Atomic<Int>(0), violations = Atomic<Int>(0), errors = Atomic<Int>(0)
        let group = DispatchGroup()
        for writer in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                var random = TestGenerator(seed: seed &+ UInt64(writer))
                var batches = 0
                while Date() < deadline {
                    do {
                        try store.write { w in
                            for index in 0..<20 {
                                try w.record(Purchase(
                                    customer: "c\(Int.random(in: 0..<40, using: &random))",
                                    orderID: "w\(writer)-\(batches)-\(index)",
                                    occurredAt: at(2024, 1, 1).advanced(minutes: Int.random(in: 0..<100_000, using: &random)),
                                    amount: money(Int64.random(in: -200...5_000, using: &random))))
                            }
                            if batches % 25 == 24 { try w.erase(externalID: "c\(Int.random(in: 0..<40, using: &random))") }
                        }
                    } catch {
                        errors.add(1, ordering: .relaxed)
                    }
                    batches += 1
                }
            }.start()
        }
        for _ in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                while Date() < deadline {
                    do {
                        if !ConservationTests.check(try ConservationTests.sums(store)) { violations.add(1, ordering: .relaxed) }
                        snapshots.add(1, ordering: .relaxed)
                    } catch {
                        errors.add(1, ordering: .relaxed)
                    }
                }
            }.start()
        }
        group.wait()
        #expect(snapshots.load(ordering: .relaxed) > 0, "no snapshot was read")
        #expect(violations.load(ordering: .relaxed) == 0, "seed \(seed)")
        #expect(errors.load(ordering: .relaxed) == 0, "seed \(seed)")
        #expect(try store.verify().isClean, "seed \(seed)")
    }
}
