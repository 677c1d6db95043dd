import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Crash safety: children killed with SIGKILL at random moments and at named crash points; the store they leave
/// holds every acknowledged purchase, at most the one in flight more, and verifies clean.
@Suite("Crash safety", .serialized)
struct CrashTests {
    /// Whether purchase number `n` (the torture child's numbering) is stored.
    static func isStored(_ store: Store, _ n: Int) throws -> Bool {
        try store.read { try store.schema.purchaseByOrder.contains("w-\(n)", in: $0.txn) }
    }

    static func reopen(_ path: String) throws -> Store {
        var options = StoreOptions()
        options.environment.initialMapSize = 1 << 20
        return try Store.open(at: path, options: options)
    }

    @Test func killedWritersLoseNothingAcknowledged() throws {
        let soak = try KillSoak(roundsVariable: "CLIENTELE_KILLS", defaultRounds: 200)
        var acknowledged = 0
        try soak.run("writer", delay: 2_000...50_000) { round, child in
            acknowledged = max(acknowledged, child.lastAck())
            let store = try Self.reopen(soak.path)
            let count = try store.read { try $0.counts().purchases }
            // Every acknowledged purchase is there; at most the one in flight beyond it.
            #expect(count >= acknowledged && count <= acknowledged + 1, "round \(round) \(soak.comment)")
            #expect(try Self.isStored(store, acknowledged) || acknowledged == 0, "round \(round)")
            if soak.verifiesStore(after: round, every: 20) {
                let report = try store.verify()
                #expect(report.isClean, "round \(round): \(report.differences.prefix(3))")
            }
            acknowledged = count
        }
        #expect(acknowledged > 0, "the children never committed anything")
        print("crash soak: \(soak.rounds) SIGKILLs, \(acknowledged) purchases acknowledged and all present, verify "
              + "clean \((soak.rounds + 19) / 20) times \(soak.comment)")
    }

    @Test(arguments: ["put:7", "put:20", "put:33", "before-commit:1", "before-commit:3", "after-commit:1",
                      "after-commit:2"])
    func everyWriteIsAllOrNothingAtCrashPoints(point: String) throws {
        let torture = try builtProduct("clientele-torture")
        let temp = try TemporaryStore()
        let path = temp.path
        try temp.close()
        // Transactions of 4 purchases; each purchase makes several puts (row, indexes, aggregate, rollups).
        let child = try ChildProcess(torture, ["batches", path, "10", "4"], environment: ["CLIENTELE_CRASH_AT": point])
        child.wait()
        #expect(child.process.terminationReason == .uncaughtSignal, "the crash point \(point) was not reached")
        let acknowledged = child.lastAck()
        let store = try Self.reopen(path)
        let count = try store.read { try $0.counts().purchases }
        #expect(count % 4 == 0, "a transaction was partly stored at \(point): \(count) purchases")
        if point.hasPrefix("after-commit") {
            #expect(count == acknowledged + 4, "the committed transaction must be there")
        } else {
            #expect(count == acknowledged)
        }
        #expect(try store.verify().isClean)
    }

    /// LMDB resets the reader table when the first process opens an environment, so a stale slot matters only
    /// while another process keeps the store open: this process does, and clears the dead child's slot.
    @Test func staleReaderSlotsAreCleared() throws {
        let torture = try builtProduct("clientele-torture")
        let temp = try TemporaryStore()
        let child = try ChildProcess(torture, ["reader", temp.path])
        #expect(child.waitFor("reading"))
        #expect(temp.store.environment.info.readersInUse >= 1)
        child.kill()
        #expect(try temp.store.environment.clearStaleReaders() == 1)
        #expect(try temp.store.environment.clearStaleReaders() == 0)
        #expect(try temp.store.verify().isClean)
    }

    @Test func aFileSizeLimitGivesATypedErrorAndKeepsCommittedData() throws {
        let torture = try builtProduct("clientele-torture")
        let temp = try TemporaryStore()
        let path = temp.path
        try temp.close()
        let child = try ChildProcess(torture, ["fsize", path, "\(1 << 20)"])
        child.wait()
        let lines = child.lines()
        let error = lines.last { $0.hasPrefix("error ") }
        #expect(error == "error 27" || error == "error 5" || error == "error 28", "\(lines.suffix(3))")
        let acknowledged = child.lastAck()
        #expect(acknowledged > 0)
        let store = try Self.reopen(path)
        #expect(try store.read { try $0.counts().purchases } == acknowledged)
        #expect(try store.verify().isClean)
    }
}
