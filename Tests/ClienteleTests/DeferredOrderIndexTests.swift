@testable import Clientele
import LMDBKit
import Testing

/// The sorted import's deferred order index (`Store.write(deferringOrdersTo:_:)`): lines recorded without their
/// `purchase_by_order` entry mark the store; nothing else may write meanwhile; the entries written in order-id
/// order complete it; an import that is gone is completed by the next open or write.
@Suite("Deferred order index")
struct DeferredOrderIndexTests {
    final class Collecting: DeferredOrderSink {
        var entries: [DeferredOrder] = []
        func committed(_ entries: [DeferredOrder]) { self.entries += entries }
    }

    /// Feeds `entries` to `Store.writeDeferredOrders` in order-id order through stable memory.
    static func writeSorted(_ entries: [DeferredOrder], to store: Store, chunk: Int, reversed: Bool = false) throws {
        let ascending = entries.sorted { Array($0.order.utf8).lexicographicallyPrecedes(Array($1.order.utf8)) }
        let sorted = reversed ? Array(ascending.reversed()) : ascending
        var index = 0
        var held: UnsafeMutableRawBufferPointer?
        defer { held?.deallocate() }
        try store.writeDeferredOrders(chunk: chunk) {
            held?.deallocate()
            held = nil
            guard index < sorted.count else { return nil }
            let order = Array(sorted[index].order.utf8)
            let key = sorted[index].line
            index += 1
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: order.count + key.count, alignment: 8)
            held = bytes
            bytes.copyBytes(from: order + key)
            return (UnsafeRawBufferPointer(rebasing: bytes[..<order.count]),
                    UnsafeRawBufferPointer(rebasing: bytes[order.count...]))
        }
    }

    /// Twenty purchases of five customers (a refund of one of them among them), entries deferred.
    static func recordDeferred(_ store: Store, into sink: Collecting) throws {
        try store.write(deferringOrdersTo: sink) { w in
            for index in 0..<20 {
                _ = try w.record(Purchase(
                    customer: "c\(index % 5)", orderID: "o\(index)", occurredAt: at(2024, 1, 1 + index),
                    amount: money(1_000 + Int64(index))), repeatsEarlierRow: false)
            }
            // A refund of a line of this import (found among the customer's lines: its entry is pending).
            _ = try w.record(Purchase(
                customer: "c3", orderID: "r3", occurredAt: at(2024, 2, 1), amount: money(-500), refundOf: "o3"),
                repeatsEarlierRow: false)
            // The same order again for its customer: a duplicate, found among the customer's lines.
            let again = try w.record(Purchase(
                customer: "c2", orderID: "o7", occurredAt: at(2024, 3, 1), amount: money(1_007)), repeatsEarlierRow: true)
            #expect(again == .duplicate)
        }
    }

    @Test("entries stay pending, other writes are refused, until they are written in order-id order")
    func pendingUntilWritten() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let lock = try #require(try ImportLock(storePath: store.path))
        let sink = Collecting()
        try Self.recordDeferred(store, into: sink)
        #expect(sink.entries.count == 21)
        #expect(try store.pendingOrders() == 0)
        #expect(try store.read { try $0.counts().purchases } == 21)
        #expect(throws: ClienteleError.importInProgress) { try store.write { _ in } }
        #expect(try store.completePendingOrders() == false, "the import holds the lock")
        let report = try store.verify()
        #expect(report.differences.contains { $0.table == "purchase_by_order" && $0.found.hasPrefix("pending") })

        try Self.writeSorted(sink.entries, to: store, chunk: 4)
        withExtendedLifetime(lock) {}
        #expect(try store.pendingOrders() == nil)
        #expect(try store.verify().isClean)
        // The index now answers: the same order again is a duplicate, another customer's use of it a conflict.
        let outcome = try store.write { w in
            try w.record(Purchase(customer: "c4", orderID: "o4", occurredAt: at(2024, 5, 1), amount: money(1_004)))
        }
        #expect(outcome == .duplicate)
        #expect(throws: ClienteleError.orderConflict) {
            try store.write { w in
                try w.record(Purchase(customer: "c1", orderID: "o4", occurredAt: at(2024, 5, 1), amount: money(1_004)))
            }
        }
    }

    @Test("an import that is gone is completed by the next write")
    func completedByTheNextWrite() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        var lock = try ImportLock(storePath: store.path)
        #expect(lock != nil)
        try Self.recordDeferred(store, into: Collecting())
        lock = nil
        // The importer is gone (its lock released): the write completes the index from the lines, then runs.
        let outcome = try store.write { w in
            try w.record(Purchase(customer: "c0", orderID: "o0", occurredAt: at(2024, 6, 1), amount: money(1_000)))
        }
        #expect(outcome == .duplicate)
        #expect(try store.pendingOrders() == nil)
        #expect(try store.verify().isClean)
    }

    @Test("an import that is gone is completed by the next open, in chunks")
    func completedByTheNextOpen() throws {
        let temp = try TemporaryStore()
        do {
            let lock = try ImportLock(storePath: temp.store.path)
            try Self.recordDeferred(temp.store, into: Collecting())
            withExtendedLifetime(lock) {}
        }
        #expect(try temp.store.pendingOrders() == 0)
        try temp.reopen()
        #expect(try temp.store.pendingOrders() == nil)
        #expect(try temp.store.verify().isClean)
        #expect(try temp.store.read { try $0.counts().purchases } == 21)

        // Chunked: three lines per transaction.
        let other = try TemporaryStore()
        var lock = try ImportLock(storePath: other.store.path)
        #expect(lock != nil)
        try Self.recordDeferred(other.store, into: Collecting())
        #expect(try other.store.completePendingOrders(chunk: 3) == false)
        lock = nil
        #expect(ImportLock.isHeld(storePath: other.store.path) == false)
        #expect(try other.store.completePendingOrders(chunk: 3))
        #expect(try other.store.verify().isClean)
    }

    @Test("the deferred entries survive the map growing while they are written (the transaction runs again)")
    func mapGrowthWhileWriting() throws {
        var options = TemporaryStore.defaultOptions
        options.environment.initialMapSize = 1 << 20
        let temp = try TemporaryStore(options: options)
        let store = temp.store!
        let lock = try ImportLock(storePath: store.path)
        let sink = Collecting()
        try store.write(deferringOrdersTo: sink) { w in
            for index in 0..<30_000 {
                _ = try w.record(Purchase(
                    customer: "c\(index % 700)", orderID: "order-\(index)", occurredAt: at(2024, 1 + index % 12, 1),
                    amount: money(100 + Int64(index % 50))), repeatsEarlierRow: false)
            }
        }
        #expect(sink.entries.count == 30_000)
        // Grows the map again while the entries are written, 7,000 per transaction.
        try Self.writeSorted(sink.entries, to: store, chunk: 7_000)
        withExtendedLifetime(lock) {}
        #expect(try store.pendingOrders() == nil)
        #expect(try store.environment.read { txn in try store.schema.purchaseByOrder.count(in: txn) } == 30_000)
        #expect(try store.verify().isClean)
    }

    @Test("entries out of order are refused, not skipped")
    func outOfOrderIsRefused() throws {
        let temp = try TemporaryStore()
        let store = temp.store!
        let lock = try ImportLock(storePath: store.path)
        let sink = Collecting()
        try Self.recordDeferred(store, into: sink)
        #expect(throws: ClienteleError.self) {
            try Self.writeSorted(sink.entries, to: store, chunk: 100, reversed: true)
        }
        withExtendedLifetime(lock) {}
        #expect(try store.pendingOrders() != nil, "the mark stays: the next open completes the index")
    }
}
