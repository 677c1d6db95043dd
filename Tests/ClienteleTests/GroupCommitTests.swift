import Testing
@testable import Clientele

@Suite("Group commit")
struct GroupCommitTests {
    @Test func concurrentWritersAreAllCommittedAndABadOneFailsAlone() async throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var failures = 0
                    for index in 0..<60 {
                        let bad = task == 3 && index == 10
                        do {
                            try await store.record(Purchase(
                                customer: bad ? "" : "c\(task)", orderID: "t\(task)-\(index)",
                                occurredAt: at(2024, 1, 1).advanced(minutes: index), amount: money(Int64(100 + index))))
                        } catch ClienteleError.invalidInput {
                            failures += 1
                        }
                    }
                    return failures
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 1)
        #expect(try await store.read { try $0.counts() } == (16, 16 * 60 - 1))
        #expect(try await store.record(Purchase(customer: "c0", orderID: "t0-0", occurredAt: at(2024, 1, 1),
                                                amount: money(100))) == .duplicate)
        #expect(try store.verify().isClean)
    }
}
