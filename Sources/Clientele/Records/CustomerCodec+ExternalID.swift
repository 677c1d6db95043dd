import LMDBKit

extension CustomerCodec {
    /// The external id of a stored customer record, after checking its checksum, without decoding the rest (lists
    /// and summaries need only the id; the attributes and tags would cost a dictionary and a set per row).
    /// - Throws: `CodecError` when the record is damaged.
    /// - Throws: `ClienteleError.corrupted` (table `customers`) when the record is damaged.
    static func externalID(_ bytes: UnsafeRawBufferPointer) throws -> String {
        do {
            var reader = try RecordReader(bytes, versions: 1...1)
            return try reader.string()
        } catch let error as CodecError {
            throw ClienteleError.corrupted(table: "customers", reason: error.reason)
        }
    }
}

extension Schema {
    /// The external id of customer `id`, reading only its record's first field (checksum checked), or `nil` when
    /// there is no such customer.
    /// - Throws: `ClienteleError.corrupted` for a damaged record; `.storage`.
    func externalID(of id: UInt64, in txn: ReadTxn) throws -> String? {
        try customers.withRawValue(forEncodedKey: try customers.encodeKey(id), in: txn) { try CustomerCodec.externalID($0) }
    }

    /// `externalID(of:in:)` for a customer that has an aggregate, which must exist.
    /// - Throws: `ClienteleError.corrupted` when the record is missing or damaged; `.storage`.
    func externalIDOfAggregate(_ id: UInt64, in txn: ReadTxn) throws -> String {
        guard let name = try externalID(of: id, in: txn) else {
            throw ClienteleError.corrupted(table: "stats", reason: "aggregate of a missing customer")
        }
        return name
    }
}

extension StoreReader {
    /// Runs `body` with a function giving the external id of a customer number, for lists and tables that name
    /// many customers: one cursor per table serves every lookup (a merge join when the numbers ascend). The function
    /// returns `nil` for a missing customer and, with `excludingDoNotContact`, for a do-not-contact one (that check
    /// is skipped when no customer is marked).
    /// - Throws: `ClienteleError.corrupted` for a damaged record; `.storage`; whatever `body` throws.
    func withExternalIDs<R>(
        excludingDoNotContact: Bool = false, _ body: (_ externalID: (UInt64) throws -> String?) throws -> R
    ) throws -> R {
        let txn = self.txn
        let checkDoNotContact = try excludingDoNotContact && schema.doNotContact.count(in: txn) > 0
        return try schema.customers.withLookups(in: txn) { customers in
            try schema.doNotContact.withLookups(in: txn) { doNotContact in
                try body { id in
                    if checkDoNotContact, try doNotContact.contains(id) { return nil }
                    return try customers.withRawValue(for: id) { try CustomerCodec.externalID($0) }
                }
            }
        }
    }
}

extension StoreReader {
    /// Runs `body` with a function telling whether a customer number is to be left out of a list: with `excluding`,
    /// the do-not-contact customers (no lookup at all when none is marked); without, none.
    /// - Throws: `.storage`; whatever `body` throws.
    func withDoNotContactFilter<R>(excluding: Bool, _ body: (_ excluded: (UInt64) throws -> Bool) throws -> R) throws -> R {
        let txn = self.txn
        guard excluding, try schema.doNotContact.count(in: txn) > 0 else { return try body { _ in false } }
        return try schema.doNotContact.withLookups(in: txn) { marks in try body { try marks.contains($0) } }
    }
}
