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
        return try MDB.get(txn, dbi, key)
    }

    /// What a put did.
    @usableFromInline
    enum PutOutcome {
        /// The value is stored.
        case stored
        /// The flags refused it; with `.noOverwrite` the bytes are the stored value (valid until the transaction
        /// writes again or ends).
        case refused(UnsafeRawBufferPointer)

        @usableFromInline var stored: Bool { if case .stored = self { true } else { false } }
    }

    /// The one put every typed put ends in: `MDB.put`, or `MDB.put with a cursor` through the transaction's put cursor of
    /// this table with `.clustered` (LMDB then searches only the cursor's page when the key falls on it, or after
    /// the last key of the last page, instead of descending from the root, so keys that arrive in order or close
    /// together are stored faster).
    @usableFromInline
    func put(
        _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, flags: PutFlags, in txn: WriteTxn
    ) throws(LMDBError) -> PutOutcome {
        try checkKeySize(key.count)
        let cursor = flags.contains(.clustered) ? try txn.cursor(for: dbi) : nil
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        guard try MDB.put(txn, dbi, cursor: cursor, key, &data, flags: flags.lmdbFlags) else {
            return .refused(data.buffer)
        }
        txn.bytesPut &+= key.count &+ value.count &+ 8
        #if CLIENTELE_FAULT_POINTS
        CrashPoint.pass(.put)
        #endif
        return .stored
    }

    /// `MDB.del`; returns whether the key was there.
    @usableFromInline
    func delete(_ key: UnsafeRawBufferPointer, in txn: WriteTxn) throws(LMDBError) -> Bool {
        try checkKeySize(key.count)
        txn.closeCursor(for: dbi)
        return try MDB.del(txn, dbi, key)
    }
}

