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
///     var scratch: [UInt8] = []
///     _ = try names.put("Grace", for: 2, flags: .noOverwrite, in: txn, buffer: &scratch)  // false when 2 is there
/// }
/// ```
public struct Table<Key: KeyCodec, Value: ValueCodec>: Sendable {
    @usableFromInline let raw: RawTable

    /// The table's name in the environment.
    public var name: String { raw.name }

    init(name: String, dbi: MDB_dbi, maxKeySize: Int) {
        raw = RawTable(name: name, dbi: dbi, maxKeySize: maxKeySize)
    }

    var dbi: MDB_dbi { raw.dbi }

    // MARK: - Encoding

    /// Encodes `key` and checks LMDB's size limits before LMDB sees it.
    /// - Throws: `LMDBError.keyTooLarge`, `LMDBError.emptyKey`, or `LMDBError.encoding`.
    @inlinable
    public func encodeKey(_ key: Key.Value) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try appendKey(key, to: &bytes)
        try raw.checkKeySize(bytes.count)
        return bytes
    }

    /// Encodes `key` into `bytes` (replacing its contents; a scratch array the caller reuses) and checks LMDB's size
    /// limits.
    /// - Throws: as `encodeKey(_:)`.
    @inlinable
    public func encodeKey(_ key: Key.Value, into bytes: inout [UInt8]) throws {
        bytes.removeAll(keepingCapacity: true)
        try appendKey(key, to: &bytes)
        try raw.checkKeySize(bytes.count)
    }

    /// Appends the encoding of `key` to `bytes` (no size check: the raw operations check it).
    @inlinable
    func appendKey(_ key: Key.Value, to bytes: inout [UInt8]) throws {
        try encoding { try Key.encode(key, into: &bytes) }
    }

    /// Appends the encoding of `value` to `bytes`.
    @inlinable
    func appendValue(_ value: Value.Value, to bytes: inout [UInt8]) throws {
        try encoding { try Value.encode(value, into: &bytes) }
    }

    /// Runs `encode`, reporting a `CodecError` it throws as this table's `LMDBError.encoding`.
    @inlinable
    func encoding(_ encode: () throws -> Void) throws {
        do {
            try encode()
        } catch let error as CodecError {
            throw LMDBError.encoding(table: raw.name, reason: error.reason)
        }
    }

    func checkKeySize(_ size: Int) throws(LMDBError) { try raw.checkKeySize(size) }

    @inlinable
    func decodeKey(_ bytes: UnsafeRawBufferPointer) throws -> Key.Value {
        do { return try Key.decode(bytes) } catch let error as CodecError {
            throw LMDBError.decoding(table: raw.name, reason: "key: " + error.reason)
        }
    }

    @inlinable
    func decodeValue(_ bytes: UnsafeRawBufferPointer) throws -> Value.Value {
        do { return try Value.decode(bytes) } catch let error as CodecError {
            throw LMDBError.decoding(table: raw.name, reason: error.reason)
        }
    }

    // MARK: - Point operations

    /// The value stored for `key`, or `nil` when there is none.
    /// - Throws: `LMDBError.decoding` when the stored bytes are not a valid value; key and LMDB errors.
    @inlinable
    public func get(_ key: Key.Value, in txn: ReadTxn) throws -> Value.Value? {
        var buffer: [UInt8] = []
        return try get(key, in: txn, buffer: &buffer)
    }

    /// `get(_:in:)` encoding the key into `buffer`, a scratch array the caller reuses across calls to save an
    /// allocation per operation (its contents are replaced).
    /// - Throws: as `get(_:in:)`.
    @inlinable
    public func get(_ key: Key.Value, in txn: ReadTxn, buffer: inout [UInt8]) throws -> Value.Value? {
        buffer.removeAll(keepingCapacity: true)
        try appendKey(key, to: &buffer)
        guard let bytes = try buffer.withUnsafeBytes({ key in try raw.get(key, in: txn) }) else {
            return nil
        }
        return try decodeValue(bytes)
    }

    /// Whether a value is stored for `key`.
    /// - Throws: key and LMDB errors.
    @inlinable
    public func contains(_ key: Key.Value, in txn: ReadTxn) throws -> Bool {
        var buffer: [UInt8] = []
        try appendKey(key, to: &buffer)
        return try buffer.withUnsafeBytes { key in try raw.get(key, in: txn) } != nil
    }

    /// Calls `body` with the stored bytes for an already encoded key, or returns `nil` when there is none. The bytes
    /// are valid only inside `body`.
    /// - Throws: LMDB errors and whatever `body` throws.
    @inlinable
    public func withRawValue<R>(
        forEncodedKey key: [UInt8], in txn: ReadTxn, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        guard let bytes = try key.withUnsafeBytes({ key in try raw.get(key, in: txn) }) else {
            return nil
        }
        return try body(bytes)
    }

    /// Stores `value` for `key`, replacing what was there.
    /// - Throws: `LMDBError.keyTooLarge`/`.emptyKey` before anything is written; `LMDBError.encoding`; LMDB errors.
    @inlinable
    public func put(_ value: Value.Value, for key: Key.Value, in txn: WriteTxn) throws {
        var buffer: [UInt8] = []
        _ = try put(value, for: key, in: txn, buffer: &buffer)
    }

    /// Stores `value` for `key` as `flags` say (``PutFlags``); returns `false` when the flags refused the put
    /// (nothing is stored then).
    /// - Throws: as `put(_:for:in:)`.
    @inlinable
    @discardableResult
    public func put(_ value: Value.Value, for key: Key.Value, flags: PutFlags, in txn: WriteTxn) throws -> Bool {
        var buffer: [UInt8] = []
        return try put(value, for: key, flags: flags, in: txn, buffer: &buffer)
    }

    /// Stores `value` for `key` as `flags` say (``PutFlags``: `.noOverwrite`, `.append`, `.clustered`); returns
    /// `false` when the flags refused the put (nothing is stored then). `buffer` is scratch space the caller may reuse
    /// across calls to save an allocation per put (its contents are replaced).
    ///
    /// ```swift
    /// let stored = try names.put("Grace", for: 2, flags: .noOverwrite, in: txn, buffer: &scratch)  // false if 2 exists
    /// ```
    /// - Throws: as `put(_:for:in:)`.
    @inlinable
    @discardableResult
    public func put(
        _ value: Value.Value, for key: Key.Value, flags: PutFlags = [], in txn: WriteTxn, buffer: inout [UInt8]
    ) throws -> Bool {
        try withEncoded(value, for: key, buffer: &buffer) { key, value in
            try raw.put(key, value, flags: flags, in: txn).stored
        }
    }

    /// Stores `value` for `key` when the key is absent and returns `nil`; when it is present, stores nothing and
    /// returns `existing` applied to the stored bytes (valid only inside `existing`). One B-tree descent instead of a
    /// `get` followed by a `put`. `flags` may add `.clustered`; `.noOverwrite` is implied.
    /// - Throws: as `put`, and whatever `existing` throws.
    @inlinable
    public func insertOrRead<R>(
        _ value: Value.Value, for key: Key.Value, flags: PutFlags = [], in txn: WriteTxn, buffer: inout [UInt8],
        existing: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        try withEncoded(value, for: key, buffer: &buffer) { key, value in
            switch try raw.put(key, value, flags: flags.union(.noOverwrite), in: txn) {
            case .stored: return nil
            case .refused(let stored): return try existing(stored)
            }
        }
    }

    /// Stores already encoded bytes as `flags` say; returns `false` when the flags refused the put.
    /// - Throws: key-size and LMDB errors.
    @inlinable
    @discardableResult
    public func putEncoded(
        _ value: [UInt8], forEncodedKey key: [UInt8], flags: PutFlags = [], in txn: WriteTxn
    ) throws -> Bool {
        try key.withUnsafeBytes { keyBytes in
            try value.withUnsafeBytes { valueBytes in
                try raw.put(keyBytes, valueBytes, flags: flags, in: txn).stored
            }
        }
    }

    /// Stores already encoded bytes as `flags` say and returns `nil`; when the flags refuse the put, stores nothing
    /// and returns `refused` applied to the stored value (with `.noOverwrite`; for a refused `.append` the bytes are
    /// not a stored value and mean nothing), valid only inside `refused`.
    /// - Throws: key-size and LMDB errors, and whatever `refused` throws.
    @inlinable
    public func putEncoded<R>(
        _ value: UnsafeRawBufferPointer, forEncodedKey key: UnsafeRawBufferPointer, flags: PutFlags, in txn: WriteTxn,
        refused: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        switch try raw.put(key, value, flags: flags, in: txn) {
        case .stored: return nil
        case .refused(let stored): return try refused(stored)
        }
    }

    /// Encodes `key` then `value` into `buffer` and calls `body` with the two byte views.
    @inlinable
    func withEncoded<R>(
        _ value: Value.Value, for key: Key.Value, buffer: inout [UInt8],
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        buffer.removeAll(keepingCapacity: true)
        try appendKey(key, to: &buffer)
        let keyCount = buffer.count
        try appendValue(value, to: &buffer)
        return try buffer.withUnsafeBytes { bytes in
            try body(UnsafeRawBufferPointer(rebasing: bytes[..<keyCount]),
                     UnsafeRawBufferPointer(rebasing: bytes[keyCount...]))
        }
    }

    /// Removes `key`; returns whether it was there.
    /// - Throws: key-size and LMDB errors.
    @inlinable
    @discardableResult
    public func delete(_ key: Key.Value, in txn: WriteTxn) throws -> Bool {
        var buffer: [UInt8] = []
        return try delete(key, in: txn, buffer: &buffer)
    }

    /// `delete(_:in:)` encoding the key into `buffer`, a scratch array the caller reuses (its contents are replaced).
    /// - Throws: as `delete(_:in:)`.
    @inlinable
    @discardableResult
    public func delete(_ key: Key.Value, in txn: WriteTxn, buffer: inout [UInt8]) throws -> Bool {
        buffer.removeAll(keepingCapacity: true)
        try appendKey(key, to: &buffer)
        return try buffer.withUnsafeBytes { key in try raw.delete(key, in: txn) }
    }

    /// Removes an already encoded key; returns whether it was there.
    /// - Throws: key-size and LMDB errors.
    @inlinable
    @discardableResult
    public func deleteEncoded(_ key: [UInt8], in txn: WriteTxn) throws -> Bool {
        try key.withUnsafeBytes { key in try raw.delete(key, in: txn) }
    }

    /// The number of entries (`MDB.stat`).
    /// - Throws: LMDB errors.
    public func count(in txn: ReadTxn) throws -> Int {
        try MDB.stat(txn, dbi).ms_entries
    }

    /// The pages the table occupies: branch, leaf and overflow pages (`MDB.stat`).
    /// - Throws: LMDB errors.
    public func pageCount(in txn: ReadTxn) throws -> Int {
        let stat = try MDB.stat(txn, dbi)
        return stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages
    }

    /// Removes every entry, keeping the table (`MDB.drop` with 0).
    /// - Throws: LMDB errors.
    public func removeAll(in txn: WriteTxn) throws {
        txn.closeCursor(for: dbi)
        try MDB.drop(txn, dbi, delete: false)
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
            try MDB.dbiCreate(txn, name)
        }
        return Table(name: name, dbi: dbi, maxKeySize: maxKeySize)
    }

    /// Opens (creating when missing) the named table inside `txn`, for work confined to it (a format upgrade's
    /// staging table). LMDB closes the handle again when `txn` aborts.
    /// - Throws: `LMDBError.mdb(.tablesFull, …)` when `maxTables` is too small; other LMDB errors.
    public func openTable<Key: KeyCodec, Value: ValueCodec>(
        _ name: String, key: Key.Type, value: Value.Type, in txn: WriteTxn
    ) throws -> Table<Key, Value> {
        Table(name: name, dbi: try MDB.dbiCreate(txn, name), maxKeySize: maxKeySize)
    }

    /// Opens the named table inside `txn` when it exists (`nil` otherwise), without creating it.
    /// - Throws: LMDB errors other than "not found".
    public func existingTable<Key: KeyCodec, Value: ValueCodec>(
        _ name: String, key: Key.Type, value: Value.Type, in txn: ReadTxn
    ) throws -> Table<Key, Value>? {
        try MDB.dbiOpen(txn, name, create: false).map { Table(name: name, dbi: $0, maxKeySize: maxKeySize) }
    }
}

extension Environment {
    /// Deletes the named table and its entries in `txn` (its pages return to the free list); `false` when the
    /// environment has no such table. The table's handles must not be used afterwards.
    /// - Throws: LMDB errors.
    @discardableResult
    public func deleteTable(named name: String, in txn: WriteTxn) throws -> Bool {
        guard let dbi = try MDB.dbiOpen(txn, name, create: false) else { return false }
        txn.closeCursor(for: dbi)
        try MDB.drop(txn, dbi, delete: true)
        return true
    }

    /// Whether a named table exists, without creating it.
    /// - Throws: LMDB errors other than "not found".
    public func hasTable(_ name: String) throws -> Bool {
        try read { txn in try MDB.dbiOpen(txn, name, create: false) != nil }
    }
}
