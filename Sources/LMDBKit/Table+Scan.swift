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
        #if CLIENTELE_FAULT_POINTS
        if let code = txn.environment.faults.fire(.cursor) {
            throw note(.injected(code, operation: "mdb_cursor_open"), txn)
        }
        #endif
        var cursor: OpaquePointer?
        do { try check(mdb_cursor_open(txn.handle, dbi, &cursor), "mdb_cursor_open") } catch { throw note(error, txn) }
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var data = MDB_val()
        var rc = try position(cursor, &key, &data, bounds: bounds, reverse: reverse)
        while rc == 0 {
            let keyBytes = key.buffer
            if reverse {
                if !bounds.admitsFromBelow(keyBytes) { return }
            } else {
                if !bounds.admitsFromAbove(keyBytes) { return }
            }
            guard try body(keyBytes, data.buffer) else { return }
            rc = mdb_cursor_get(cursor, &key, &data, reverse ? MDB_PREV : MDB_NEXT)
        }
        if rc != MDB_NOTFOUND {
            do { try check(rc, "mdb_cursor_get") } catch { throw note(error, txn) }
        }
    }

    /// Puts the cursor on the first entry to visit; returns LMDB's code (`MDB_NOTFOUND` when there is none).
    private func position(
        _ cursor: OpaquePointer?, _ key: inout MDB_val, _ data: inout MDB_val, bounds: KeyBounds, reverse: Bool
    ) throws -> Int32 {
        // LMDB keys are never empty, so an empty lower bound admits every key and an empty upper bound none
        // (`KeyBounds.prefix([])` is every key). LMDB itself rejects an empty probe with MDB_BAD_VALSIZE.
        if !reverse {
            guard let lower = bounds.lower, !lower.isEmpty else {
                return mdb_cursor_get(cursor, &key, &data, MDB_FIRST)
            }
            try checkKeySize(lower.count)
            var rc = lower.withUnsafeBytes { bytes in
                withMDBVal(bytes) { probe in
                    let rc = mdb_cursor_get(cursor, &probe, &data, MDB_SET_RANGE)
                    key = probe
                    return rc
                }
            }
            if rc == 0 && !bounds.admitsFromBelow(key.buffer) {
                rc = mdb_cursor_get(cursor, &key, &data, MDB_NEXT)
            }
            return rc
        }
        guard let upper = bounds.upper else { return mdb_cursor_get(cursor, &key, &data, MDB_LAST) }
        if upper.isEmpty { return MDB_NOTFOUND }
        try checkKeySize(upper.count)
        var rc = upper.withUnsafeBytes { bytes in
            withMDBVal(bytes) { probe in
                let rc = mdb_cursor_get(cursor, &probe, &data, MDB_SET_RANGE)
                key = probe
                return rc
            }
        }
        if rc == MDB_NOTFOUND { return mdb_cursor_get(cursor, &key, &data, MDB_LAST) }
        if rc == 0 && !bounds.admitsFromAbove(key.buffer) {
            rc = mdb_cursor_get(cursor, &key, &data, MDB_PREV)
        }
        return rc
    }
}
