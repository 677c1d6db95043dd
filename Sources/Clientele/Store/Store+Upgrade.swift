import LMDBKit

extension Store {
    /// Format 2 → 3: deletes `purchases_by_day` (its pages go back to the free list). Runs inside the open's write
    /// transaction, so a crash leaves format 2 and the next open upgrades again.
    /// - Throws: `.storage` for LMDB errors.
    static func dropDayIndex(txn: WriteTxn, environment: Environment) throws {
        _ = try environment.deleteTable(named: Schema.formerDayIndex, in: txn)
    }

    /// Format 1 → 2: every ordered-view entry gets its customer's external id as its value (format 1 stored empty
    /// values). Runs once, inside the open's write transaction, so a crash leaves the store at format 1 and the next
    /// open upgrades it again. One pass over the aggregates, in customer order.
    /// - Throws: `ClienteleError.corrupted` for a damaged record or an aggregate without a customer; `.storage`.
    static func upgradeViews(schema: Schema, txn: WriteTxn) throws {
        var entries: [(OrderedViews, UInt64)] = []
        try schema.stats.scan(in: txn) { id, stats in
            if let views = OrderedViews(stats) { entries.append((views, id)) }
            return true
        }
        for (views, id) in entries {
            let name = try schema.externalIDOfAggregate(id, in: txn)
            try schema.byRecency.put(name, for: (views.recency, id), in: txn)
            try schema.byFrequency.put(name, for: (views.frequency, id), in: txn)
            try schema.byMonetary.put(name, for: (views.monetary, id), in: txn)
        }
    }
}

extension Store {
    /// Formats 1-3 → 4: every `purchase_by_order` value, the 24-byte `purchases` key of the order's line, is
    /// rewritten compactly (`OrderLineCodec`), into full pages: the entries go in key order, by `MDB_APPEND`, into a
    /// staging table, then back into the emptied index, and the staging table is deleted. Runs inside the open's
    /// write transaction, so a crash leaves the store at its old format and the next open upgrades it again. Two
    /// passes over the index: about 2 s per million orders on the project's machine.
    /// - Throws: `ClienteleError.corrupted` for a value that is not a purchase key or keys out of order; `.storage`.
    static func compactOrderIndex(schema: Schema, environment: Environment, txn: WriteTxn) throws {
        let index = schema.purchaseByOrder
        let staging = try environment.openTable(
            Schema.orderIndexStaging, key: StringKey.self, value: OrderLineCodec.self, in: txn)
        var line: [UInt8] = []
        try index.scanRaw(in: txn) { order, value in
            line.removeAll(keepingCapacity: true)
            guard value.count == 24, (try? OrderLineCodec.encode(purchaseKey: value, into: &line)) != nil else {
                throw ClienteleError.corrupted(table: "purchase_by_order", reason: "a value is not a purchase key")
            }
            try line.withUnsafeBytes { try appendEntry(order, $0, to: staging, txn: txn) }
            return true
        }
        try index.removeAll(in: txn)
        try staging.scanRaw(in: txn) { order, value in
            try appendEntry(order, value, to: index, txn: txn)
            return true
        }
        try environment.deleteTable(named: Schema.orderIndexStaging, in: txn)
    }

    /// Formats 1-3 → 4: the customers-by-external-id table, `customer_by_key` until format 3, becomes
    /// `customer_by_external_id` (copied in key order by `MDB_APPEND`, then the old table deleted), inside the open's
    /// write transaction.
    /// - Throws: `ClienteleError.corrupted` for keys out of order; `.storage`.
    static func renameExternalIDIndex(schema: Schema, environment: Environment, txn: WriteTxn) throws {
        guard let former = try environment.existingTable(
            Schema.formerExternalIDIndex, key: StringKey.self, value: UInt64Value.self, in: txn) else { return }
        try schema.customerByExternalID.removeAll(in: txn)
        try former.scanRaw(in: txn) { key, value in
            try appendEntry(key, value, to: schema.customerByExternalID, txn: txn)
            return true
        }
        try environment.deleteTable(named: Schema.formerExternalIDIndex, in: txn)
    }

    /// Appends an entry whose key sorts after every key of `table`.
    private static func appendEntry<Key, Value>(
        _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, to table: Table<Key, Value>, txn: WriteTxn
    ) throws {
        let refused = try table.putEncoded(value, forEncodedKey: key, flags: .append, in: txn) { _ in true }
        if refused != nil {
            throw ClienteleError.corrupted(table: table.name, reason: "keys out of order during the format upgrade")
        }
    }
}
