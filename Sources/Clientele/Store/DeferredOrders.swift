#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDBKit

/// A `purchase_by_order` entry a sorted import left for later: the order id and its value, the `purchases` key of
/// its line as `OrderLineCodec` encodes it.
package struct DeferredOrder: Sendable {
    package var order: String
    package var line: [UInt8]

    package init(order: String, line: [UInt8]) {
        self.order = order
        self.line = line
    }
}

/// Receives, after each commit of a write with deferred order index entries, the entries that commit deferred.
package protocol DeferredOrderSink: AnyObject {
    /// The entries of the transaction that just committed, in the order their lines were recorded.
    func committed(_ entries: [DeferredOrder]) throws
}

/// How a sorted import keeps the order index (`purchase_by_order`) without writing one entry per line at a random
/// place of a large tree in every batch:
///
/// 1. Its batches are written with the entries deferred (`Store.write(deferringOrdersTo:_:)`). The first one sets
///    `pending_orders` in `meta` (the purchase sequence before its first line); the entries go to the sink. While
///    it is set, every other write is refused with `ClienteleError.importInProgress` (a duplicate of one of the
///    import's lines would not be found), and the import finds earlier lines of its own by their customer.
/// 2. At the end the entries are written in order-id order (`writeDeferredOrders`), by `MDB_APPEND` into an empty
///    index, in chunks; the last transaction removes `pending_orders`.
/// 3. An import killed in between leaves `pending_orders` set. The next open of the store (or the next refused
///    write), when no import holds the store's import lock (`ImportLock`), puts the entry of every line after the
///    marked sequence (`completePendingOrders`) and removes the marker.
extension Store {
    /// Runs `body` in one write transaction whose `record` calls defer their order index entries to `sink` (see
    /// above); the entries reach `sink` after the commit. Used by the importer only.
    /// - Throws: as `write(_:)`, and what `sink` throws.
    package func write<R>(deferringOrdersTo sink: any DeferredOrderSink, _ body: (StoreWriter) throws -> R) throws -> R {
        var deferred: [DeferredOrder] = []
        let result = try write(defersOrders: true) { writer in
            let result = try body(writer)
            deferred = writer.deferredOrders
            return result
        }
        try sink.committed(deferred)
        return result
    }

    /// The purchase sequence after which lines may lack their order index entry, or `nil` when none may.
    package func pendingOrders() throws -> UInt64? {
        try read { reader in try schema.meta.number(.pendingOrders, in: reader.txn).map { UInt64(bitPattern: $0) } }
    }

    /// Writes deferred entries given in increasing order of their order id bytes (`next` returns the UTF-8 bytes
    /// of the order id and the entry's value, `DeferredOrder.line`, valid until the next call; `nil` at the end), `chunk` per
    /// transaction, and removes `pending_orders` in the last one.
    /// - Throws: `ClienteleError.corrupted` when an order id repeats or is already indexed for another line;
    ///   `.storage`; what `next` throws.
    package func writeDeferredOrders(
        chunk: Int = 100_000, next: () throws -> (order: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer)?
    ) throws {
        let table = schema.purchaseByOrder
        let append = try read { reader in try table.count(in: reader.txn) == 0 }
        // Each chunk is copied out of `next` before its transaction: the transaction's closure runs again when the
        // map grows, and must then find the same entries.
        var bytes: [UInt8] = []
        var entries: [(order: Range<Int>, key: Range<Int>)] = []
        var done = false
        while !done {
            bytes.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            while entries.count < chunk {
                guard let (order, key) = try next() else {
                    done = true
                    break
                }
                let start = bytes.count
                bytes.append(contentsOf: order)
                bytes.append(contentsOf: key)
                entries.append((start..<start + order.count, start + order.count..<bytes.count))
            }
            try storage {
                try environment.write { txn in
                    try bytes.withUnsafeBytes { all in
                        for entry in entries {
                            try Self.putOrder(
                                UnsafeRawBufferPointer(rebasing: all[entry.order]),
                                UnsafeRawBufferPointer(rebasing: all[entry.key]), table: table, append: append, txn: txn)
                        }
                    }
                    if done { try schema.meta.delete(.pendingOrders, in: txn) }
                }
            }
        }
    }

    /// Puts one order index entry; an entry already there must point at the same line.
    private static func putOrder(
        _ order: UnsafeRawBufferPointer, _ key: UnsafeRawBufferPointer, table: Table<StringKey, OrderLineCodec>,
        append: Bool, txn: WriteTxn
    ) throws {
        // A refused append is a key that does not sort last (the bytes passed are then not a stored value).
        let refusal = try table.putEncoded(
            key, forEncodedKey: order, flags: append ? .append : .noOverwrite, in: txn
        ) { stored in !append && stored.elementsEqual(key) }
        switch refusal {
        case nil, true?: return
        case false?:
            throw ClienteleError.corrupted(
                table: "purchase_by_order",
                reason: append ? "deferred order ids out of order or repeated" : "an order id is indexed for another line")
        }
    }

    /// Completes the order index an import left pending (see above) when no import is running: the entry of every
    /// line after the marked sequence, `chunk` lines scanned per transaction, then removes `pending_orders`.
    /// Returns whether there was anything to complete.
    /// - Throws: `ClienteleError.corrupted` for a damaged line or a conflicting entry; `.storage`.
    @discardableResult
    package func completePendingOrders(chunk: Int = 50_000) throws -> Bool {
        guard let from = try pendingOrders(), !ImportLock.isHeld(storePath: path) else { return false }
        var resume: [UInt8]?
        var done = false
        while !done {
            try storage {
                try environment.write { txn in
                    // Another thread may have completed it meanwhile.
                    guard try schema.meta.number(.pendingOrders, in: txn) != nil else {
                        done = true
                        return
                    }
                    var bounds = KeyBounds()
                    if let resume {
                        bounds.lower = resume
                        bounds.lowerInclusive = false
                    }
                    var scanned = 0
                    var entries: [(order: [UInt8], line: [UInt8])] = []
                    var last: [UInt8]?
                    try schema.purchases.scanRaw(in: txn, over: bounds) { key, value in
                        scanned += 1
                        last = Array(key)
                        let line = try PurchaseKey.decode(key)
                        if line.2 > from, let order = try StoredPurchaseCodec.decode(value).orderID {
                            var encoded: [UInt8] = []
                            OrderLineCodec.encode(line, into: &encoded)
                            entries.append((Array(order.utf8), encoded))
                        }
                        return scanned < chunk
                    }
                    for entry in entries {
                        try entry.order.withUnsafeBytes { order in
                            try entry.line.withUnsafeBytes { line in
                                try Self.putOrder(order, line, table: schema.purchaseByOrder, append: false, txn: txn)
                            }
                        }
                    }
                    resume = last
                    if scanned < chunk {
                        done = true
                        try schema.meta.delete(.pendingOrders, in: txn)
                    }
                }
            }
        }
        return true
    }
}

extension StoreWriter {
    /// Defers the order index entry of the line being recorded (`line`: its `purchases` key), marking the store
    /// (`pending_orders`) in this transaction when it is not marked yet.
    func deferOrder(_ order: String, line: (UInt64, Int64, UInt64)) throws {
        if !pendingOrdersMarked {
            try schema.meta.setNumber(.pendingOrders, Int64(bitPattern: initialPurchaseSequence), in: txn)
            pendingOrdersMarked = true
        }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(OrderLineCodec.maximumCount)
        OrderLineCodec.encode(line, into: &encoded)
        deferredOrders.append(DeferredOrder(order: order, line: encoded))
    }

    /// The `purchases` key of the customer's line with order id `order`, found among its lines (with deferred
    /// entries, an earlier line of the import has no index entry yet).
    func lineKey(holding order: String, customer id: CustomerID) throws -> (UInt64, Int64, UInt64)? {
        for line in try history(of: id) {
            guard let named = line.purchase.orderID, Identifiers.sameBytes(named, order) else { continue }
            return (id.rawValue, line.occurredAt.microseconds, line.sequence)
        }
        return nil
    }
}

/// The lock a sorted import holds on the store while its order index entries are deferred: an exclusive `flock`
/// on `data.mdb` (LMDB itself locks `lock.mdb`, with other calls), released by the kernel when the importer exits,
/// also when it is killed. Whoever finds `pending_orders` set and can take the lock knows the import is gone.
package final class ImportLock {
    private let fd: Int32

    /// Takes the lock, or returns `nil` when another import holds it.
    /// - Throws: `ClienteleError.storage` when `data.mdb` cannot be opened.
    package init?(storePath: String) throws {
        let opened = open(storePath + "/data.mdb", O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            throw ClienteleError.storage(.fileSystem(operation: "open", path: storePath + "/data.mdb", errno: errno))
        }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            close(opened)
            return nil
        }
        fd = opened
    }

    deinit { close(fd) }

    /// Whether an import holds the lock of the store at `storePath` now.
    package static func isHeld(storePath: String) -> Bool {
        (try? ImportLock(storePath: storePath)) == nil
    }
}
