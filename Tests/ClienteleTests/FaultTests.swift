import Testing
@testable import Clientele
import LMDBKit

/// Injected LMDB failures (debug builds): a typed error reaches the caller, nothing partial is stored, verify is
/// clean. The failure point moves forward one call per round, as in SQLite's I/O-error loops.
@Suite("Injected faults")
struct FaultTests {
    static func batch(_ round: Int) -> [Purchase] {
        (0..<5).map { index in
            Purchase(customer: "c\(index % 3)", orderID: "r\(round)-\(index)", occurredAt: at(2024, 1, 1 + index),
                     amount: money(Int64(100 * (index + 1))), category: "k\(index % 2)")
        }
    }

    @Test(arguments: [(FaultPoints.Point.put, MDBCode.io), (.put, .txnFull), (.get, .io), (.delete, .io),
                      (.cursor, .io), (.commit, .io), (.commit, .noSpace), (.beginWrite, .io)])
    func failuresAreTypedAndLeaveNothing(point: FaultPoints.Point, code: MDBCode) throws {
        let temp = try TemporaryStore()
        try temp.store.write { w in for p in Self.batch(-1) { try w.record(p) } }
        var fired = 0
        for call in 1...60 {
            let before = try ConservationTests.sums(temp.store)
            let counts = try temp.store.read { try $0.counts() }
            temp.store.environment.faults.arm(point, onCall: call, code: code)
            do {
                try temp.store.write { w in
                    for p in Self.batch(call) { try w.record(p) }
                    // An erase makes the batch use deletes and cursors too.
                    try w.erase(externalID: "c2")
                }
                // The armed call was not reached (the batch needed fewer calls): the write went through.
                temp.store.environment.faults.disarm()
                continue
            } catch let error as ClienteleError {
                guard case .storage(let storage) = error else {
                    Issue.record("expected a storage error, got \(error)")
                    continue
                }
                #expect(storage.code == code)
                fired += 1
            }
            temp.store.environment.faults.disarm()
            try temp.reopen()
            #expect(try temp.store.read { try $0.counts() } == counts, "call \(call)")
            #expect(try ConservationTests.sums(temp.store) == before, "call \(call)")
        }
        #expect(fired > 0)
        #expect(try temp.store.verify().isClean)
        print("injected faults: \(point) failing with \(code): \(fired) fired, nothing partial after any")
    }

    @Test func anInjectedMapFullIsAbsorbedByGrowthAndReplay() throws {
        let temp = try TemporaryStore()
        temp.store.environment.faults.arm(.put, onCall: 9, code: .mapFull)
        try temp.store.write { w in for p in Self.batch(1) { try w.record(p) } }
        #expect(temp.store.environment.faults.fired == 1)
        #expect(try temp.store.read { try $0.counts() }.purchases == 5)
        #expect(try temp.store.verify().isClean)
    }

    @Test func readersFullIsRetriedOnceAfterClearingStaleReaders() throws {
        let temp = try TemporaryStore()
        temp.store.environment.faults.arm(.beginRead, onCall: 1, code: .readersFull)
        #expect(try temp.store.read { try $0.counts() }.purchases == 0)
        temp.store.environment.faults.arm(.beginRead, onCall: 1, code: .io)
        #expect(throws: ClienteleError.self) { try temp.store.read { try $0.counts() } }
    }
}
