import LMDBKit

/// Checks that lookups find what a sequential scan visits: every `stride`-th key, and the last one.
///
/// A scan reads the leaf pages in order and cannot notice a damaged branch page, which sends lookups and seeks to
/// the wrong leaf; entries below it are then unreachable by key. Sampling every few keys (a leaf holds dozens) and
/// the last key (the last separator of a branch) finds such damage at a small fraction of a lookup per entry.
struct LookupSampler<K: KeyCodec, V: ValueCodec> {
    let table: Table<K, V>
    let txn: ReadTxn
    private var visited = 0
    private var last: [UInt8] = []
    static var stride: Int { 16 }

    init(_ table: Table<K, V>, in txn: ReadTxn) {
        self.table = table
        self.txn = txn
    }

    /// Notes a visited key; throws `ScanMismatch` when it is a sampled one and a lookup does not find it.
    mutating func visit(_ key: UnsafeRawBufferPointer) throws {
        if visited % Self.stride == 0 {
            try confirm(Array(key))
        }
        visited += 1
        last.removeAll(keepingCapacity: true)
        last.append(contentsOf: key)
    }

    /// Looks up the last visited key; throws `ScanMismatch` when it is not found.
    func finish() throws {
        if !last.isEmpty { try confirm(last) }
    }

    private func confirm(_ key: [UInt8]) throws {
        guard try table.withRawValue(forEncodedKey: key, in: txn, { _ in true }) == true else {
            throw ScanMismatch(table: table.name)
        }
    }
}
