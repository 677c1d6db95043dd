#if canImport(Glibc)
import Glibc
#endif
import CLMDB

/// Many point lookups in one table through one cursor, for one transaction. Lookups in ascending key order (a scan
/// of another table keyed the same way, looking up each key here) make a merge join: when the key is at most a few
/// entries past the cursor's, the cursor steps to it (`MDB_NEXT`) instead of searching; otherwise LMDB searches, from
/// the current leaf page when the key falls within it.
///
/// Obtained from `Table.withLookups(in:_:)`; valid only inside that closure (the cursor closes when it returns, and
/// a later use traps: that is misuse, not data). Not `Sendable`: it belongs to its transaction's thread.
public final class TableLookups<Key: KeyCodec, Value: ValueCodec> {
    @usableFromInline let table: Table<Key, Value>
    @usableFromInline var cursor: OpaquePointer?
    @usableFromInline let txn: ReadTxn
    @usableFromInline @exclusivity(unchecked) var buffer: [UInt8] = []
    /// Whether the cursor rests on an entry (after a lookup that found one).
    @usableFromInline @exclusivity(unchecked) var positioned = false

    init(table: Table<Key, Value>, cursor: OpaquePointer, txn: ReadTxn) {
        self.table = table
        self.cursor = cursor
        self.txn = txn
    }

    /// Calls `body` with the stored bytes for `key`, or returns `nil` when there is none. The bytes are valid only
    /// inside `body`.
    /// - Throws: key encoding and LMDB errors; whatever `body` throws.
    @inlinable
    public func withRawValue<R>(
        for key: Key.Value, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        guard let cursor else { preconditionFailure("LMDBKit: lookups used after their closure returned") }
        buffer.removeAll(keepingCapacity: true)
        try table.appendKey(key, to: &buffer)
        let found = try buffer.withUnsafeBytes { key in
            try table.raw.cursorGet(cursor, key, in: txn, positioned: &positioned)
        }
        guard let found else { return nil }
        return try body(found)
    }

    /// Whether a value is stored for `key`.
    /// - Throws: key encoding and LMDB errors.
    @inlinable
    public func contains(_ key: Key.Value) throws -> Bool {
        try withRawValue(for: key) { _ in true } ?? false
    }
}

extension Table {
    /// Runs `body` with a lookup cursor on this table (see `TableLookups`), closed when `body` returns.
    ///
    /// ```swift
    /// try names.withLookups(in: txn) { names in
    ///     try stats.scan(in: txn) { id, stats in
    ///         let name = try names.withRawValue(for: id) { String(decoding: $0, as: UTF8.self) }
    ///         return true
    ///     }
    /// }
    /// ```
    /// - Throws: LMDB errors opening the cursor; whatever `body` throws.
    public func withLookups<R>(
        in txn: ReadTxn, _ body: (TableLookups<Key, Value>) throws -> R
    ) throws -> R {
        let cursor = try MDB.cursorOpen(txn, dbi)
        let lookups = TableLookups(table: self, cursor: cursor, txn: txn)
        defer {
            lookups.cursor = nil
            MDB.cursorClose(cursor)
        }
        return try body(lookups)
    }
}

extension RawTable {
    /// How many entries a lookup steps forward before it searches instead.
    static let maxForwardSteps = 4

    /// The stored bytes for `key` through `cursor`, or `nil`: steps forward from the cursor's entry when the key is
    /// just past it (`positioned` says the cursor rests on an entry), else `MDB_SET_KEY`.
    @usableFromInline
    func cursorGet(
        _ cursor: OpaquePointer, _ key: UnsafeRawBufferPointer, in txn: ReadTxn, positioned: inout Bool
    ) throws(LMDBError) -> UnsafeRawBufferPointer? {
        try checkKeySize(key.count)
        try MDB.lookupFault(txn)
        var current = MDB_val()
        var data = MDB_val()
        if positioned {
            var rc = MDB.cursorProbe(cursor, &current, &data, MDB_GET_CURRENT)
            var steps = 0
            while rc == 0 {
                let order = Self.compare(current.buffer, key)
                if order == 0 { return data.buffer }
                // Past the key after stepping from before it: the key is not stored.
                if order > 0 { if steps > 0 { return nil } else { break } }
                if steps == Self.maxForwardSteps { break }
                rc = MDB.cursorProbe(cursor, &current, &data, MDB_NEXT)
                steps += 1
            }
            if rc == MDB_NOTFOUND && steps > 0 {
                // Stepped off the end from a smaller key: not stored; the cursor no longer rests on an entry.
                positioned = false
                return nil
            }
            // Otherwise (past the step limit, the key behind the cursor, or the cursor's entry gone: a write in this
            // transaction deleted it) the search below decides, and reports any real error.
        }
        var keyVal = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        positioned = try MDB.cursorGet(txn, cursor, &keyVal, &data, MDB_SET_KEY)
        return positioned ? data.buffer : nil
    }

    /// LMDB's default key order: bytes compared as unsigned, a prefix before its extensions.
    @inline(__always)
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}
