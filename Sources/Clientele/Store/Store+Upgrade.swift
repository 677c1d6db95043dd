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
