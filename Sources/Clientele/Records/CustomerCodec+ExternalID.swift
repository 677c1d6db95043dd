import LMDBKit

extension CustomerCodec {
    /// The external id of a stored customer record, after checking its checksum, without decoding the rest (lists
    /// and summaries need only the id; the attributes and tags would cost a dictionary and a set per row).
    /// - Throws: `CodecError` when the record is damaged.
    static func externalID(_ bytes: UnsafeRawBufferPointer) throws -> String {
        var reader = try RecordReader(bytes, versions: 1...1)
        return try reader.string()
    }
}

extension StoreReader {
    /// The external id of customer `id`, reading only its record's first field (checksum checked).
    /// - Throws: `ClienteleError.corrupted` for a damaged record; `.storage`.
    func externalID(of id: UInt64) throws -> String? {
        let key = try schema.customers.encodeKey(id)
        do {
            return try schema.customers.withRawValue(forEncodedKey: key, in: txn) { try CustomerCodec.externalID($0) }
        } catch let error as CodecError {
            throw ClienteleError.corrupted(table: "customers", reason: error.reason)
        }
    }
}
