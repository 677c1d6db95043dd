import CLMDB

/// A named LMDB table (a "database" in LMDB's words) whose keys and values go through codecs.
///
/// A table is a cheap `Sendable` handle: open it once with `Environment.openTable` and use it from any thread.
/// Every operation takes the transaction it runs in, so several operations form one atomic write.
///
/// ```swift
/// let names = try env.openTable("names", key: UInt64Key.self, value: StringValue.self)
/// try env.write { txn in
///     try names.put("Ada", for: 1, in: txn)
///     _ = try names.insert("Grace", for: 2, in: txn)   // false when key 2 is already there
/// }
/// ```
public struct Table<Key: KeyCodec, Value: ValueCodec>: Sendable {
    /// The table's name in the environment.
    public let name: String
    let dbi: MDB_dbi
    let maxKeySize: Int

    init(name: String, dbi: MDB_dbi, maxKeySize: Int) {
        self.name = name
        self.dbi = dbi
        self.maxKeySize = maxKeySize
    }

    // MARK: - Encoding

    /// Encodes `key` and checks LMDB's size limits before LMDB sees it.
    /// - Throws: `LMDBError.keyTooLarge`, `LMDBError.emptyKey`, or `LMDBError.encoding`.
    public func encodeKey(_ key: Key.Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try Key.encode(key, into: &bytes)
        } catch let error as CodecError {
            throw LMDBError.encoding(table: name, reason: error.reason)
        }
        try checkKeySize(bytes.count)
        return bytes
    }

    func checkKeySize(_ size: Int) throws(LMDBError) {
        if size == 0 { throw .emptyKey(table: name) }
        if size > maxKeySize { throw .keyTooLarge(table: name, size: size, limit: maxKeySize) }
    }

    func encodeValue(_ value: Value.Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            try Value.encode(value, into: &bytes)
        } catch let error as CodecError {
            throw LMDBError.encoding(table: name, reason: error.reason)
        }
        return bytes
    }

    func decodeKey(_ bytes: UnsafeRawBufferPointer) throws -> Key.Value {
        do { return try Key.decode(bytes) } catch let error as CodecError {
            throw LMDBError.decoding(table: name, reason: "key: " + error.reason)
        }
    }

    func decodeValue(_ bytes: UnsafeRawBufferPointer) throws -> Value.Value {
        do { return try Value.decode(bytes) } catch let error as CodecError {
            throw LMDBError.decoding(table: name, reason: error.reason)
        }
    }

    // MARK: - Point operations

    /// The value stored for `key`, or `nil` when there is none.
    /// - Throws: `LMDBError.decoding` when the stored bytes are not a valid value; key and LMDB errors.
    public func get(_ key: Key.Value, in txn: ReadTxn) throws -> Value.Value? {
        try withRawValue(forEncodedKey: encodeKey(key), in: txn) { try decodeValue($0) }
    }

    /// Whether a value is stored for `key`.
    /// - Throws: key and LMDB errors.
    public func contains(_ key: Key.Value, in txn: ReadTxn) throws -> Bool {
        try withRawValue(forEncodedKey: encodeKey(key), in: txn) { _ in () } != nil
    }

    /// Calls `body` with the stored bytes for an already encoded key, or returns `nil` when there is none. The bytes
    /// are valid only inside `body`.
    /// - Throws: LMDB errors and whatever `body` throws.
    public func withRawValue<R>(
        forEncodedKey key: [UInt8], in txn: ReadTxn, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.get) { throw note(.injected(code, operation: "mdb_get"), txn) }
        #endif
        var data = MDB_val()
        let rc = key.withUnsafeBytes { keyBytes in
            withMDBVal(keyBytes) { keyVal in mdb_get(txn.handle, dbi, &keyVal, &data) }
        }
        if rc == MDB_NOTFOUND { return nil }
        do { try check(rc, "mdb_get") } catch { throw note(error, txn) }
        return try body(data.buffer)
    }

    /// Stores `value` for `key`, replacing what was there.
    /// - Throws: `LMDBError.keyTooLarge`/`.emptyKey` before anything is written; `LMDBError.encoding`; LMDB errors.
    public func put(_ value: Value.Value, for key: Key.Value, in txn: WriteTxn) throws {
        try putEncoded(encodeValue(value), forEncodedKey: encodeKey(key), flags: 0, in: txn)
    }

    /// Stores `value` for `key` only when the key is absent (`MDB_NOOVERWRITE`); returns whether it was stored.
    /// - Throws: as `put`.
    @discardableResult
    public func insert(_ value: Value.Value, for key: Key.Value, in txn: WriteTxn) throws -> Bool {
        try putEncoded(encodeValue(value), forEncodedKey: encodeKey(key), flags: UInt32(MDB_NOOVERWRITE), in: txn)
    }

    /// Stores already encoded bytes; returns `false` when `MDB_NOOVERWRITE` found the key present.
    /// - Throws: key-size and LMDB errors.
    @discardableResult
    public func putEncoded(
        _ value: [UInt8], forEncodedKey key: [UInt8], flags: UInt32 = 0, in txn: WriteTxn
    ) throws -> Bool {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.put) { throw note(.injected(code, operation: "mdb_put"), txn) }
        #endif
        let rc = key.withUnsafeBytes { keyBytes in
            value.withUnsafeBytes { valueBytes in
                withMDBVal(keyBytes) { keyVal in
                    withMDBVal(valueBytes) { dataVal in mdb_put(txn.handle, dbi, &keyVal, &dataVal, flags) }
                }
            }
        }
        if rc == MDB_KEYEXIST { return false }
        do { try check(rc, "mdb_put") } catch { throw note(error, txn) }
        #if CLIENTELE_FAULT_POINTS
        CrashPoint.pass(.put)
        #endif
        return true
    }

    /// Removes `key`; returns whether it was there.
    /// - Throws: key-size and LMDB errors.
    @discardableResult
    public func delete(_ key: Key.Value, in txn: WriteTxn) throws -> Bool {
        try deleteEncoded(encodeKey(key), in: txn)
    }

    /// Removes an already encoded key; returns whether it was there.
    /// - Throws: key-size and LMDB errors.
    @discardableResult
    public func deleteEncoded(_ key: [UInt8], in txn: WriteTxn) throws -> Bool {
        try checkKeySize(key.count)
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.delete) { throw note(.injected(code, operation: "mdb_del"), txn) }
        #endif
        let rc = key.withUnsafeBytes { keyBytes in
            withMDBVal(keyBytes) { keyVal in mdb_del(txn.handle, dbi, &keyVal, nil) }
        }
        if rc == MDB_NOTFOUND { return false }
        do { try check(rc, "mdb_del") } catch { throw note(error, txn) }
        return true
    }

    /// The number of entries (`mdb_stat`).
    /// - Throws: LMDB errors.
    public func count(in txn: ReadTxn) throws -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(txn.handle, dbi, &stat), "mdb_stat")
        return stat.ms_entries
    }

    /// Removes every entry, keeping the table (`mdb_drop` with 0).
    /// - Throws: LMDB errors.
    public func removeAll(in txn: WriteTxn) throws {
        do { try check(mdb_drop(txn.handle, dbi, 0), "mdb_drop") } catch { throw note(error, txn) }
    }

    /// Records a failure on a write transaction so that the environment aborts (and, for a full map, replays) it.
    func note(_ error: LMDBError, _ txn: ReadTxn) -> LMDBError {
        (txn as? WriteTxn)?.note(error) ?? error
    }
}

extension Environment {
    /// Opens (creating when missing) the named table with the given codecs.
    ///
    /// Open every table once, at startup, and keep the handle.
    /// - Throws: `LMDBError.mdb(.tablesFull, …)` when `maxTables` is too small; other LMDB errors.
    public func openTable<Key: KeyCodec, Value: ValueCodec>(
        _ name: String, key: Key.Type, value: Value.Type
    ) throws -> Table<Key, Value> {
        let dbi: MDB_dbi = try write { txn in
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn.handle, name, UInt32(MDB_CREATE), &dbi)
            if rc != 0 { throw txn.note(.mdb(MDBCode(rawValue: rc), operation: "mdb_dbi_open")) }
            return dbi
        }
        return Table(name: name, dbi: dbi, maxKeySize: maxKeySize)
    }
}

extension Environment {
    /// Whether a named table exists, without creating it.
    /// - Throws: LMDB errors other than "not found".
    public func hasTable(_ name: String) throws -> Bool {
        try read { txn in
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn.handle, name, 0, &dbi)
            if rc == MDB_NOTFOUND { return false }
            try check(rc, "mdb_dbi_open")
            return true
        }
    }
}
