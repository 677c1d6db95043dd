import Foundation
import Synchronization
import Testing
@testable import Clientele

/// `Store.read/write async`, the async queries and `record(_:upserting:)`.
@Suite("Async API")
struct AsyncAPITests {
    /// Every async read and write below blocks its thread until a flag is set by a separate task. Run on Swift's
    /// cooperative threads (as many as cores), the first few would occupy them all and the task setting the flag could
    /// not run until they gave up (after 10 s, reporting `false`). On the store's threads the flag task runs at once.
    /// No timing is asserted, only that every body saw the flag, and where each ran. (Other suites running in
    /// parallel also occupy cooperative threads, which is why this is not measured as latency.)
    @Test func blockedReadsAndWritesLeaveTheCooperativePoolFree() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let flag = Flag()
        let calls = max(8, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let results = try await withThrowingTaskGroup(of: (sawFlag: Bool, pool: String).self) { group in
            for index in 0..<calls {
                group.addTask {
                    try await store.write { w in
                        let saw = flag.wait()
                        try w.upsertCustomer(CustomerUpdate(externalID: "c\(index)"))
                        return (saw, StoreThreads.currentPool ?? "")
                    }
                }
                group.addTask {
                    try await store.read { r in
                        _ = try r.counts()
                        return (flag.wait(), StoreThreads.currentPool ?? "")
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(50))
                flag.set()
                return (true, "setter")
            }
            var results: [(sawFlag: Bool, pool: String)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(results.filter { !$0.sawFlag }.isEmpty)
        #expect(results.filter { $0.pool == "clientele-w" }.count == calls)
        #expect(results.filter { $0.pool == "clientele-r" }.count == calls)
        #expect(try await store.read { try $0.counts().customers } == calls)
    }

    /// A write queued behind another when its task is cancelled never runs; one that has started commits.
    @Test func cancellationSkipsQueuedWritesAndCompletesStartedOnes() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let started = Atomic<Bool>(false)
        let release = Atomic<Bool>(false)
        let running = Task {
            try await store.write { w -> Int in
                started.store(true, ordering: .releasing)
                while !release.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.001) }
                try w.upsertCustomer(CustomerUpdate(externalID: "started"))
                return 7
            }
        }
        while !started.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(1)) }
        let queued = Task {
            try await store.write { w in try w.upsertCustomer(CustomerUpdate(externalID: "queued")) }
        }
        try await Task.sleep(for: .milliseconds(20))
        queued.cancel()
        running.cancel()
        release.store(true, ordering: .releasing)
        #expect(try await running.value == 7)
        await #expect(throws: CancellationError.self) { _ = try await queued.value }
        let ids = try await store.read { r in
            (try r.customerID(externalID: "started"), try r.customerID(externalID: "queued"))
        }
        #expect(ids.0 != nil)
        #expect(ids.1 == nil)
        // A task cancelled before the call never runs its body.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.write { w in try w.upsertCustomer(CustomerUpdate(externalID: "early")).id }
        }
        await #expect(throws: CancellationError.self) { _ = try await early.value }
        #expect(try await store.read { try $0.customerID(externalID: "early") } == nil)
    }

    @Test func upsertAndRecordAreOneTransaction() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let (id, outcome) = try await store.record(
            Purchase(customer: "ann", orderID: "o1", occurredAt: at(2024, 3, 1), amount: money(1_250)),
            upserting: CustomerUpdate(externalID: "ann", email: "ann@example.com"))
        #expect(outcome == .recorded(createdCustomer: true), "the upsert created ann")
        let again = try await store.record(
            Purchase(customer: "ann", orderID: "o0", occurredAt: at(2024, 2, 1), amount: money(500)),
            upserting: CustomerUpdate(externalID: "ann", email: "ann@example.com"))
        #expect(again.outcome == .recorded(createdCustomer: false) && again.customer == id)
        let profile = try #require(try await store.read { try $0.profile(externalID: "ann") })
        #expect(profile.id == id)
        #expect(profile.customer.email == "ann@example.com")
        #expect(profile.stats?.orders == 2)
        // A purchase the store rejects (dated far in the future) stores neither the customer nor the purchase.
        await #expect(throws: ClienteleError.self) {
            _ = try await store.record(
                Purchase(customer: "bob", orderID: "o2", occurredAt: Instant(microseconds: Instant.now.microseconds
                         + 30 * 86_400_000_000), amount: money(100)),
                upserting: CustomerUpdate(externalID: "bob", email: "bob@example.com"))
        }
        #expect(try await store.read { try $0.customerID(externalID: "bob") } == nil)
        await #expect(throws: ClienteleError.self) {
            _ = try await store.record(Purchase(customer: "ann", occurredAt: at(2024, 3, 2), amount: money(1)),
                                       upserting: CustomerUpdate(externalID: "someone-else"))
        }
        #expect(try store.verify().isClean)
    }

    /// The async twins, the `Store` versions and one reader answering several queries agree.
    @Test func asyncQueriesReaderQueriesAndStoreQueriesAgree() async throws {
        var random = TestGenerator()
        let seed = random.seed
        let temp = try TemporaryStore()
        let store = temp.store!
        let purchases = (0..<300).map { index in
            Purchase(
                customer: "c\(Int.random(in: 0..<60, using: &random))", orderID: "o\(index)",
                occurredAt: at(2024, 1, 1).advanced(minutes: Int.random(in: 0..<400_000, using: &random)),
                amount: money(Int64.random(in: 1...50_000, using: &random)),
                category: "k\(Int.random(in: 0..<4, using: &random))")
        }
        _ = try await store.write { w in try w.record(purchases) }
        let together = try await store.read { r in
            (try r.segmentSummary(), try r.top(by: .monetary, limit: 10), try r.rfmTable(), try r.cohortMatrix(),
             try r.summary())
        }
        // The synchronous `Store` versions (a synchronous closure picks them).
        let synchronous = { () throws in (try store.segmentSummary(), try store.top(by: .monetary, limit: 10)) }
        #expect(together.0 == (try synchronous().0), "seed \(seed)")
        #expect(together.1 == (try synchronous().1), "seed \(seed)")
        #expect(together.0 == (try await store.segmentSummary()), "seed \(seed)")
        #expect(together.1 == (try await store.top(by: .monetary, limit: 10)), "seed \(seed)")
        #expect(together.3 == (try await store.cohortMatrix()), "seed \(seed)")
        #expect(together.4 == (try await store.summary()), "seed \(seed)")
        #expect(together.2.map(\.id) == (try await store.rfmTable()).map(\.id), "seed \(seed)")
        let name = try #require(together.0.first { $0.customers > 0 }?.name)
        let members = try await store.read { try $0.segmentMembers(name) }
        #expect(members == (try await store.segmentMembers(name)), "seed \(seed)")
        #expect(!members.isEmpty, "seed \(seed)")
    }
}


/// A flag one task sets and store threads wait for (at most 10 s).
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .releasing) }

    /// Blocks until the flag is set (`true`) or 10 s have passed (`false`).
    func wait() -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !value.load(ordering: .acquiring) {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return true
    }
}
