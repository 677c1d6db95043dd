import Testing
@testable import Clientele
@testable import LMDBKit

/// A full disk is reported as such (issue 16): `LMDBError.diskFull` with the batch's estimated size and the free
/// space, and nothing of the batch stored. The real full file system is tested in ClienteleCLITests/DiskFullCLITests.
@Suite("Disk full")
struct DiskFullTests {
    private func batch(_ count: Int) -> [Purchase] {
        (0..<count).map { index in
            Purchase(customer: "c\(index % 50)", orderID: "o\(index)", occurredAt: at(2024, 1, 1 + index % 28),
                     amount: money(Int64(100 + index)), category: "books")
        }
    }

    @Test func noSpaceAtCommitIsDiskFullWithTheBatchSize() throws {
        let temp = try TemporaryStore()
        try temp.store.write { writer in _ = try writer.record(batch(10)) }
        temp.store.environment.faults.arm(.commit, onCall: 1, code: .noSpace)
        defer { temp.store.environment.faults.disarm() }
        var caught: (any Error)?
        do {
            try temp.store.write { writer in _ = try writer.record(batch(500)) }
        } catch {
            caught = error
        }
        guard case .storage(.diskFull(let needed, _, let operation))? = caught as? ClienteleError else {
            Issue.record("expected disk full, got \(String(describing: caught))")
            return
        }
        // 500 purchases, each with several index entries of tens of bytes: well over 500 × 50 bytes.
        #expect(needed > 25_000)
        #expect(operation == "mdb_txn_commit")
        let text = caught.map { "\($0)" } ?? ""
        #expect(text.contains("disk full") && text.contains("nothing of the batch was stored"), "\(text)")
        #expect(try temp.store.read { try $0.counts().purchases } == 10)
        #expect(try temp.store.verify().isClean)
    }

    @Test func anIOErrorWithFreeSpaceStaysAnIOError() throws {
        let temp = try TemporaryStore()
        temp.store.environment.faults.arm(.commit, onCall: 1, code: .io)
        defer { temp.store.environment.faults.disarm() }
        #expect(throws: ClienteleError.storage(.mdb(.io, operation: "mdb_txn_commit"))) {
            try temp.store.write { writer in _ = try writer.record(batch(5)) }
        }
        #expect(try temp.store.read { try $0.counts().purchases } == 0)
    }

    @Test func byteCountsReadWell() {
        #expect(ByteCount.text(512) == "512 bytes")
        #expect(ByteCount.text(1536) == "1.5 KiB")
        #expect(ByteCount.text(5 * 1024 * 1024) == "5.0 MiB")
    }
}
