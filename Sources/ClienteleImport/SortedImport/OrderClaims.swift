import Clientele

/// An order id as a row of the input claims it: the order id, the row's line and its customer. A sorted import
/// sorts the claims by order id (``RunSorter``) to find, before it writes anything, the rows whose order id an
/// earlier row of the same file has (``OrderRepeats``).
///
/// Record layout (as ``RunRecord``'s head, so runs sort the same way): `u32 n`, `u16` and the order id's bytes,
/// `u64 line`, `u16` and the customer's bytes.
struct OrderClaim {
    var order: String
    var customer: String
}

extension RunCodec where Record == OrderClaim {
    static let orderClaims = RunCodec(
        size: { 4 + 2 + $0.record.order.utf8.count + 8 + 2 + $0.record.customer.utf8.count },
        write: { row, size, base in
            var writer = RawWriter(at: base)
            writer.put(UInt32(size - 4))
            writer.putText16(row.record.order)
            writer.put(UInt64(row.line))
            writer.putText16(row.record.customer)
        },
        decode: { record, _ in
            var reader = RawReader(at: record + 4)
            let order = String(decoding: reader.bytes16(), as: UTF8.self)
            let line = Int(reader.take(UInt64.self))
            let customer = String(decoding: reader.bytes16(), as: UTF8.self)
            return PendingRow(line: line, record: OrderClaim(order: order, customer: customer), fields: nil)
        },
        category: { _ in nil })
}

/// What the order-id sort of an input found: the lines whose order id an earlier line has, for the same customer
/// (`repeats`: the writer looks among the customer's lines for it) or for another one (`conflicts`: refused, as
/// the input order refuses them).
struct OrderRepeats {
    /// Sorted line numbers.
    private(set) var repeats: [Int] = []
    private(set) var conflicts: [Int] = []

    /// Reads every claim in order-id order; for each order id the first line is the one the others are measured
    /// against.
    init(merging claims: RunMerger<OrderClaim>) throws(ImportError) {
        var first: PendingRow<OrderClaim>?
        while let claim = try claims.next() {
            if let earlier = first, earlier.record.order.utf8.elementsEqual(claim.record.order.utf8) {
                if earlier.record.customer.utf8.elementsEqual(claim.record.customer.utf8) {
                    repeats.append(claim.line)
                } else {
                    conflicts.append(claim.line)
                }
            } else {
                first = claim
            }
        }
        repeats.sort()
        conflicts.sort()
    }

    /// The first conflicting line, if any.
    var firstConflict: Int? { conflicts.first }

    func repeatsEarlierRow(_ line: Int) -> Bool { Self.contains(repeats, line) }

    func conflicts(_ line: Int) -> Bool { Self.contains(conflicts, line) }

    private static func contains(_ sorted: [Int], _ line: Int) -> Bool {
        guard !sorted.isEmpty else { return false }
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < line { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == line
    }
}

/// The order index entries a sorted import's batches deferred (``DeferredOrder``), gathered into sorted runs as
/// each batch commits, and written in order-id order at the end.
final class DeferredOrderRuns: DeferredOrderSink {
    let sorter: RunSorter<DeferredOrder>

    init(runBytes: Int, directory: String, file: String) {
        sorter = RunSorter(codec: .deferredOrders, runBytes: runBytes, directory: directory, file: file)
    }

    /// The first failure to keep the entries of a committed batch (the sort file could not be written): the import
    /// stops with it, and the store's mark stays, so the next open completes the index from the lines.
    private(set) var failure: ImportError?

    /// Never throws: the batch is already committed, so a failure is kept for the import to stop with.
    func committed(_ entries: [DeferredOrder]) {
        guard failure == nil else { return }
        do {
            for entry in entries { try sorter.add(PendingRow(line: 0, record: entry, fields: nil)) }
        } catch {
            failure = error
        }
    }

    /// Writes every entry in order-id order, then clears the store's mark.
    /// - Throws: the kept ``failure``; ``ImportError`` for the sort file; what `Store.writeDeferredOrders` throws.
    func write(to store: Store) throws {
        if let failure { throw failure }
        let merger = try sorter.merged(readBufferBytes: 8 << 20)
        try store.writeDeferredOrders {
            guard let record = try merger.nextRecord() else { return nil }
            return RunCodec<DeferredOrder>.fields(of: record)
        }
    }
}

extension RunCodec where Record == DeferredOrder {
    /// Layout: `u32 n`, `u16` and the order id's bytes, `u64` 0, `u16` and the entry's value (`DeferredOrder.line`).
    static let deferredOrders = RunCodec(
        size: { 4 + 2 + $0.record.order.utf8.count + 8 + 2 + $0.record.line.count },
        write: { row, size, base in
            var writer = RawWriter(at: base)
            writer.put(UInt32(size - 4))
            writer.putText16(row.record.order)
            writer.put(UInt64(0))
            writer.putBytes16(row.record.line)
        },
        decode: { record, _ in
            let (order, key) = fields(of: record)
            return PendingRow(
                line: 0, record: DeferredOrder(order: String(decoding: order, as: UTF8.self), line: Array(key)),
                fields: nil)
        },
        category: { _ in nil })

    /// The order id's bytes and the entry's value of a record (valid while the record is).
    static func fields(of record: UnsafeRawPointer) -> (order: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) {
        var reader = RawReader(at: record + 4)
        let order = reader.bytes16()
        _ = reader.take(UInt64.self)
        return (order, reader.bytes16())
    }
}
