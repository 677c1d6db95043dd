import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// A real full reader table (RELIABILITY.md pitfall 2, test 8), not an injected one (FaultTests): a store opened with
/// `maxReaders = 4`, four child processes each holding a read. A read here then gets a typed `readersFull` error (no
/// crash, no hang); once a child is killed, the next read clears its stale slot (`mdb_reader_check`) and is retried;
/// and a store opened while a dead reader's slot is still taken reports it cleared at open.
@Suite("Reader table", .serialized)
struct ReaderTableTests {
    static func isReadersFull(_ error: any Error) -> Bool {
        guard case ClienteleError.storage(let storage) = error else { return false }
        return storage.code == .readersFull
    }

    @Test func aFullReaderTableIsATypedErrorAndDeadReadersAreCleared() throws {
        let torture = try builtProduct("clientele-torture")
        var options = TemporaryStore.defaultOptions
        options.environment.maxReaders = 4
        let temp = try TemporaryStore(options: options)
        try temp.store.write { w in
            _ = try w.record(Purchase(customer: "c", orderID: "o", occurredAt: at(2024, 1, 1), amount: money(100)))
        }
        // This process keeps the store open, so the children use its 4-slot reader table.
        var readers: [ChildProcess] = []
        for _ in 0..<4 {
            let child = try ChildProcess(torture, ["reader", temp.path])
            #expect(child.waitFor("reading"))
            readers.append(child)
        }
        #expect(temp.store.environment.info.maxReaders == 4)

        // Full: a typed error after clearing found nothing stale.
        #expect { try temp.store.read { try $0.counts() } } throws: { Self.isReadersFull($0) }
        #expect { _ = try temp.store.verify() } throws: { Self.isReadersFull($0) }
        // Writes need no reader slot.
        try temp.store.write { w in
            _ = try w.record(Purchase(customer: "c", orderID: "o2", occurredAt: at(2024, 1, 2), amount: money(100)))
        }

        // A reader dies: its slot is cleared by the next read, which then succeeds.
        readers.removeFirst().kill()
        #expect(try temp.store.read { try $0.counts() } == (1, 2))
        #expect(try temp.store.environment.clearStaleReaders() == 0, "the read's retry cleared the slot already")

        // Another dies; a store opened now (the other children keep the environment open, so LMDB keeps its reader
        // table) reports the slot cleared at open.
        readers.removeFirst().kill()
        try temp.reopen()
        #expect(temp.store.environment.staleReadersClearedAtOpen == 1)
        #expect(try temp.store.read { try $0.counts() } == (1, 2))

        for child in readers { child.kill() }
        #expect(try temp.store.verify().isClean)
    }
}
