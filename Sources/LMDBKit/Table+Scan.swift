import CLMDB

extension Table {
    /// Visits the entries within `bounds` in key order (or reverse order), decoding each; `body` returns `false` to
    /// stop early.
    ///
    /// ```swift
    /// try table.scan(in: txn, over: .prefix(prefixBytes)) { key, value in
    ///     total += value
    ///     return true
    /// }
    /// ```
    /// - Throws: `LMDBError.decoding` for an undecodable entry; LMDB errors; whatever `body` throws.
    @inlinable
    public func scan(
        in txn: ReadTxn, over bounds: KeyBounds = .all, reverse: Bool = false,
        _ body: (Key.Value, Value.Value) throws -> Bool
    ) throws {
        try scanRaw(in: txn, over: bounds, reverse: reverse) { key, value in
            try body(decodeKey(key), decodeValue(value))
        }
    }

    /// Visits the keys within `bounds` without decoding values; `body` returns `false` to stop early.
    /// - Throws: `LMDBError.decoding` for an undecodable key; LMDB errors; whatever `body` throws.
    @inlinable
    public func scanKeys(
        in txn: ReadTxn, over bounds: KeyBounds = .all, reverse: Bool = false,
        _ body: (Key.Value) throws -> Bool
    ) throws {
        try scanRaw(in: txn, over: bounds, reverse: reverse) { key, _ in try body(decodeKey(key)) }
    }

    /// The first entry within `bounds` (the last when `reverse`), or `nil`.
    /// - Throws: as `scan`.
    @inlinable
    public func first(
        in txn: ReadTxn, over bounds: KeyBounds = .all, reverse: Bool = false
    ) throws -> (key: Key.Value, value: Value.Value)? {
        var found: (Key.Value, Value.Value)?
        try scan(in: txn, over: bounds, reverse: reverse) { key, value in
            found = (key, value)
            return false
        }
        return found.map { (key: $0.0, value: $0.1) }
    }

    /// Bounds from `lower` (inclusive) to `upper` (exclusive unless `upperInclusive`), either end open when `nil`.
    /// - Throws: `LMDBError.encoding` when a key cannot be encoded.
    public func bounds(
        from lower: Key.Value? = nil, to upper: Key.Value? = nil, upperInclusive: Bool = false
    ) throws -> KeyBounds {
        var bounds = KeyBounds(upperInclusive: upperInclusive)
        if let lower { bounds.lower = try encodeKey(lower) }
        if let upper { bounds.upper = try encodeKey(upper) }
        return bounds
    }

    /// Visits raw key and value bytes within `bounds`; the views are valid only inside `body`, which returns
    /// `false` to stop early.
    /// - Throws: LMDB errors; whatever `body` throws.
    public func scanRaw(
        in txn: ReadTxn, over bounds: KeyBounds = .all, reverse: Bool = false,
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let cursor = try MDB.cursorOpen(txn, dbi)
        defer { MDB.cursorClose(cursor) }
        var key = MDB_val()
        var data = MDB_val()
        var found = try position(cursor, &key, &data, bounds: bounds, reverse: reverse, in: txn)
        while found {
            let keyBytes = key.buffer
            if reverse {
                if !bounds.admitsFromBelow(keyBytes) { return }
            } else {
                if !bounds.admitsFromAbove(keyBytes) { return }
            }
            guard try body(keyBytes, data.buffer) else { return }
            found = try MDB.cursorGet(txn, cursor, &key, &data, reverse ? MDB_PREV : MDB_NEXT)
        }
    }

    /// Puts the cursor on the first entry to visit; false when there is none.
    private func position(
        _ cursor: OpaquePointer, _ key: inout MDB_val, _ data: inout MDB_val, bounds: KeyBounds, reverse: Bool,
        in txn: ReadTxn
    ) throws(LMDBError) -> Bool {
        // LMDB keys are never empty, so an empty lower bound admits every key and an empty upper bound none
        // (`KeyBounds.prefix([])` is every key). LMDB itself rejects an empty probe with MDB_BAD_VALSIZE.
        if !reverse {
            guard let lower = bounds.lower, !lower.isEmpty else {
                return try MDB.cursorGet(txn, cursor, &key, &data, MDB_FIRST)
            }
            try checkKeySize(lower.count)
            guard try seek(cursor, to: lower, &key, &data, in: txn) else { return false }
            if !bounds.admitsFromBelow(key.buffer) { return try MDB.cursorGet(txn, cursor, &key, &data, MDB_NEXT) }
            return true
        }
        guard let upper = bounds.upper else { return try MDB.cursorGet(txn, cursor, &key, &data, MDB_LAST) }
        if upper.isEmpty { return false }
        try checkKeySize(upper.count)
        guard try seek(cursor, to: upper, &key, &data, in: txn) else {
            return try MDB.cursorGet(txn, cursor, &key, &data, MDB_LAST)
        }
        if !bounds.admitsFromAbove(key.buffer) { return try MDB.cursorGet(txn, cursor, &key, &data, MDB_PREV) }
        return true
    }

    /// `MDB_SET_RANGE`: the cursor on the first entry at or after `probe`; false when there is none.
    private func seek(
        _ cursor: OpaquePointer, to probe: [UInt8], _ key: inout MDB_val, _ data: inout MDB_val, in txn: ReadTxn
    ) throws(LMDBError) -> Bool {
        // `probe` outlives the call; LMDB only reads the probe bytes and points `key` at the stored key.
        let found = try probe.withUnsafeBytes { bytes in
            var probeVal = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            let found = Result { () throws(LMDBError) in try MDB.cursorGet(txn, cursor, &probeVal, &data, MDB_SET_RANGE) }
            key = probeVal
            return found
        }
        return try found.get()
    }
}
