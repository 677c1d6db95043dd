import CLMDB

/// The byte-level operations of one table: what every typed `Table` operation ends in. Non-generic, so the typed
/// wrappers can be `@inlinable` (specialized for their codecs in the calling module) while the LMDB calls, fault
/// points and error bookkeeping stay here.
@usableFromInline
struct RawTable: Sendable {
    @usableFromInline let name: String
    @usableFromInline let dbi: MDB_dbi
    @usableFromInline let maxKeySize: Int

    init(name: String, dbi: MDB_dbi, maxKeySize: Int) {
        self.name = name
        self.dbi = dbi
        self.maxKeySize = maxKeySize
    }

    @usableFromInline
    func checkKeySize(_ size: Int) throws(LMDBError) {
        if size == 0 { throw .emptyKey(table: name) }
        if size > maxKeySize { throw .keyTooLarge(table: name, size: size, limit: maxKeySize) }
    }

    /// The stored bytes for `key`, or `nil`; the view is valid until the transaction writes again or ends.
    @usableFromInline
    func get(_ key: UnsafeRawBufferPointer, in txn: ReadTxn) throws(LMDBError) -> UnsafeRawBufferPointer? {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.get) { throw note(.injected(code, operation: "mdb_get"), txn) }
        #endif
        var data = MDB_val()
        let rc = withMDBVal(key) { keyVal in mdb_get(txn.handle, dbi, &keyVal, &data) }
        if rc == MDB_NOTFOUND { return nil }
        do { try check(rc, "mdb_get") } catch { throw note(error, txn) }
        return data.buffer
    }

    /// `mdb_put`; returns `false` when `MDB_NOOVERWRITE` found the key present or `MDB_APPEND` found a key that
    /// does not sort last (nothing is written then).
    @usableFromInline
    func put(
        _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, flags: UInt32, in txn: WriteTxn
    ) throws(LMDBError) -> Bool {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.put) { throw note(.injected(code, operation: "mdb_put"), txn) }
        #endif
        let rc = withMDBVal(key) { keyVal in
            withMDBVal(value) { dataVal in mdb_put(txn.handle, dbi, &keyVal, &dataVal, flags) }
        }
        if rc == MDB_KEYEXIST { return false }
        do { try check(rc, "mdb_put") } catch { throw note(error, txn) }
        txn.bytesPut &+= key.count &+ value.count &+ 8
        #if CLIENTELE_FAULT_POINTS
        CrashPoint.pass(.put)
        #endif
        return true
    }

    /// `mdb_put` with `MDB_NOOVERWRITE`: stores `value` when `key` is absent and returns `nil`; when it is present,
    /// stores nothing and calls `existing` with the stored bytes (one lookup for "insert or tell me what is there").
    @usableFromInline
    func insertOrRead<R>(
        _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, in txn: WriteTxn,
        existing: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.put) { throw note(.injected(code, operation: "mdb_put"), txn) }
        #endif
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = withMDBVal(key) { keyVal in mdb_put(txn.handle, dbi, &keyVal, &data, UInt32(MDB_NOOVERWRITE)) }
        if rc == MDB_KEYEXIST { return try existing(data.buffer) }
        do { try check(rc, "mdb_put") } catch { throw note(error, txn) }
        txn.bytesPut &+= key.count &+ value.count &+ 8
        #if CLIENTELE_FAULT_POINTS
        CrashPoint.pass(.put)
        #endif
        return nil
    }

    /// `mdb_cursor_put` through the transaction's put cursor of this table. LMDB searches only the cursor's page
    /// when the key falls on it (or after the last key of the last page), instead of descending from the root, so
    /// keys that arrive in order or close together are stored faster. Returns `false` as `put` does.
    @usableFromInline
    func putClustered(
        _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, flags: UInt32, in txn: WriteTxn
    ) throws(LMDBError) -> Bool {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.put) { throw note(.injected(code, operation: "mdb_put"), txn) }
        #endif
        let cursor = try txn.cursor(for: dbi)
        let rc = withMDBVal(key) { keyVal in
            withMDBVal(value) { dataVal in
                guard let cursor else { return mdb_put(txn.handle, dbi, &keyVal, &dataVal, flags) }
                return mdb_cursor_put(cursor, &keyVal, &dataVal, flags)
            }
        }
        if rc == MDB_KEYEXIST { return false }
        do { try check(rc, "mdb_cursor_put") } catch { throw note(error, txn) }
        txn.bytesPut &+= key.count &+ value.count &+ 8
        #if CLIENTELE_FAULT_POINTS
        CrashPoint.pass(.put)
        #endif
        return true
    }

    /// `insertOrRead` through the transaction's put cursor of this table (see `putClustered`).
    @usableFromInline
    func insertOrReadClustered<R>(
        _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, in txn: WriteTxn,
        existing: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.put) { throw note(.injected(code, operation: "mdb_put"), txn) }
        #endif
        let cursor = try txn.cursor(for: dbi)
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = withMDBVal(key) { keyVal in
            guard let cursor else { return mdb_put(txn.handle, dbi, &keyVal, &data, UInt32(MDB_NOOVERWRITE)) }
            return mdb_cursor_put(cursor, &keyVal, &data, UInt32(MDB_NOOVERWRITE))
        }
        if rc == MDB_KEYEXIST { return try existing(data.buffer) }
        do { try check(rc, "mdb_cursor_put") } catch { throw note(error, txn) }
        txn.bytesPut &+= key.count &+ value.count &+ 8
        #if CLIENTELE_FAULT_POINTS
        CrashPoint.pass(.put)
        #endif
        return nil
    }

    /// `mdb_del`; returns whether the key was there.
    @usableFromInline
    func delete(_ key: UnsafeRawBufferPointer, in txn: WriteTxn) throws(LMDBError) -> Bool {
        try checkKeySize(key.count)
        txn.closeCursor(for: dbi)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.delete) { throw note(.injected(code, operation: "mdb_del"), txn) }
        #endif
        let rc = withMDBVal(key) { keyVal in mdb_del(txn.handle, dbi, &keyVal, nil) }
        if rc == MDB_NOTFOUND { return false }
        do { try check(rc, "mdb_del") } catch { throw note(error, txn) }
        return true
    }

    /// Records a failure on a write transaction so that the environment aborts (and, for a full map, replays) it.
    func note(_ error: LMDBError, _ txn: ReadTxn) -> LMDBError {
        (txn as? WriteTxn)?.note(error) ?? error
    }
}

/// Flags for `Table.putEncoded(_:forEncodedKey:flags:in:)`.
public enum PutFlags {
    /// Store only when the key is absent (`MDB_NOOVERWRITE`).
    public static let noOverwrite = UInt32(MDB_NOOVERWRITE)
    /// Store only when the key sorts after every key in the table (`MDB_APPEND`): a cheaper insert that fills pages
    /// completely. LMDB checks the order; when the key does not sort last nothing is stored and the put reports
    /// `false`.
    public static let append = UInt32(MDB_APPEND)
}
