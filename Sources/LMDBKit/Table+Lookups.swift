#if canImport(Glibc)
import Glibc
#endif
import CLMDB

/// Many point lookups in one table through one cursor, for one transaction. Lookups in ascending key order (a scan
/// of another table keyed the same way, looking up each key here) stay on the cursor's current leaf page while the
/// key falls within it: LMDB then searches that page alone instead of descending from the root, which makes the
/// lookup a merge join.
///
/// Obtained from `Table.withLookups(in:_:)`; valid only inside that closure (the cursor closes when it returns, and
/// a later use traps: that is misuse, not data). Not `Sendable`: it belongs to its transaction's thread.
public final class TableLookups<Key: KeyCodec, Value: ValueCodec> {
    @usableFromInline let table: Table<Key, Value>
    @usableFromInline var cursor: OpaquePointer?
    @usableFromInline let txn: ReadTxn
    @usableFromInline var buffer: [UInt8] = []

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
        let found = try buffer.withUnsafeBytes { key in try table.raw.cursorGet(cursor, key, in: txn) }
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
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.cursor) {
            throw note(.injected(code, operation: "mdb_cursor_open"), txn)
        }
        #endif
        var opened: OpaquePointer?
        do { try check(mdb_cursor_open(txn.handle, dbi, &opened), "mdb_cursor_open") } catch { throw note(error, txn) }
        guard let cursor = opened else { throw note(.mdb(MDBCode(rawValue: EINVAL), operation: "mdb_cursor_open"), txn) }
        let lookups = TableLookups(table: self, cursor: cursor, txn: txn)
        defer {
            lookups.cursor = nil
            mdb_cursor_close(cursor)
        }
        return try body(lookups)
    }
}

extension RawTable {
    /// `MDB_SET_KEY` on `cursor`: the stored bytes for `key`, or `nil`.
    @usableFromInline
    func cursorGet(
        _ cursor: OpaquePointer, _ key: UnsafeRawBufferPointer, in txn: ReadTxn
    ) throws(LMDBError) -> UnsafeRawBufferPointer? {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.get) { throw note(.injected(code, operation: "mdb_cursor_get"), txn) }
        #endif
        var data = MDB_val()
        let rc = withMDBVal(key) { keyVal in mdb_cursor_get(cursor, &keyVal, &data, MDB_SET_KEY) }
        if rc == MDB_NOTFOUND { return nil }
        do { try check(rc, "mdb_cursor_get") } catch { throw note(error, txn) }
        return data.buffer
    }
}
