extension Table {
    // MARK: - Clustered puts

    /// `put(_:for:flags:in:buffer:)` through the transaction's put cursor of this table: LMDB searches only the page
    /// of the previous clustered put when the key falls on it, so keys that arrive in order (or close together) cost
    /// less than with `put`. The result is the same as `put`'s.
    /// - Throws: as `put(_:for:in:)`.
    @inlinable
    @discardableResult
    public func putClustered(
        _ value: Value.Value, for key: Key.Value, flags: UInt32 = 0, in txn: WriteTxn, buffer: inout [UInt8]
    ) throws -> Bool {
        buffer.removeAll(keepingCapacity: true)
        try appendKey(key, to: &buffer)
        let keyCount = buffer.count
        try appendValue(value, to: &buffer)
        return try buffer.withUnsafeBytes { bytes in
            try raw.putClustered(
                UnsafeRawBufferPointer(rebasing: bytes[..<keyCount]), UnsafeRawBufferPointer(rebasing: bytes[keyCount...]),
                flags: flags, in: txn)
        }
    }

    /// `putEncoded` through the transaction's put cursor of this table (see `putClustered(_:for:flags:in:buffer:)`).
    /// - Throws: key-size and LMDB errors.
    @inlinable
    @discardableResult
    public func putEncodedClustered(
        _ value: [UInt8], forEncodedKey key: [UInt8], flags: UInt32 = 0, in txn: WriteTxn
    ) throws -> Bool {
        try key.withUnsafeBytes { keyBytes in
            try value.withUnsafeBytes { valueBytes in try raw.putClustered(keyBytes, valueBytes, flags: flags, in: txn) }
        }
    }

    /// `insertOrRead` through the transaction's put cursor of this table (see `putClustered(_:for:flags:in:buffer:)`).
    /// - Throws: as `insertOrRead`.
    @inlinable
    public func insertOrReadClustered<R>(
        _ value: Value.Value, for key: Key.Value, in txn: WriteTxn, buffer: inout [UInt8],
        existing: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        buffer.removeAll(keepingCapacity: true)
        try appendKey(key, to: &buffer)
        let keyCount = buffer.count
        try appendValue(value, to: &buffer)
        return try buffer.withUnsafeBytes { bytes in
            try raw.insertOrReadClustered(
                UnsafeRawBufferPointer(rebasing: bytes[..<keyCount]), UnsafeRawBufferPointer(rebasing: bytes[keyCount...]),
                in: txn, existing: existing)
        }
    }
}
