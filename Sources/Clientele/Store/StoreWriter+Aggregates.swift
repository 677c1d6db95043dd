import LMDBKit

/// A customer aggregate changed by the current write transaction, written back by `flushAggregates`.
struct PendingAggregate {
    /// What LMDB holds.
    var stored: CustomerStats?
    /// What the transaction has made of it.
    var current: CustomerStats?
    /// The customer's external id when the writer knows it (the value of its ordered-view entries); looked up from
    /// the customer record otherwise.
    var externalID: String?
    /// What this transaction recorded for the customer last, for its change-feed events: the line's instant and
    /// whether any line was a purchase (else refunds only).
    var lastInstant: Instant?
    var hadPurchase = false
}

extension StoreWriter {
    /// Aggregates held past this count are written back and dropped (bounded memory for any batch size).
    static let maxCachedAggregates = 16_384

    /// The customer's aggregate as this transaction has it. The customer becomes the "hot" one, whose aggregate is
    /// kept out of the dictionary (consecutive purchases of one customer then cost no hashing).
    func aggregate(of id: CustomerID) throws -> CustomerStats? {
        if let hot = hotAggregate, hot.id == id.rawValue { return hot.pending.current }
        if let hot = hotAggregate { aggregates[hot.id] = hot.pending }
        hotAggregate = nil
        if let pending = aggregates.removeValue(forKey: id.rawValue) {
            hotAggregate = (id.rawValue, pending)
            return pending.current
        }
        if aggregates.count >= Self.maxCachedAggregates { try flushAggregates() }
        let stored = try schema.stats.get(id.rawValue, in: txn, buffer: &scratch)
        hotAggregate = (id.rawValue, PendingAggregate(stored: stored, current: stored))
        return stored
    }

    /// Replaces the customer's aggregate, which `aggregate(of:)` has just read; written back at the end.
    func setAggregate(_ id: CustomerID, _ new: CustomerStats?) throws {
        if hotAggregate?.id != id.rawValue { _ = try aggregate(of: id) }
        hotAggregate?.pending.current = new
    }

    /// Writes every changed aggregate, in id order, with its ordered-view entries, and empties the cache.
    func flushAggregates() throws {
        if let hot = hotAggregate { aggregates[hot.id] = hot.pending }
        hotAggregate = nil
        guard !aggregates.isEmpty else { return }
        for id in aggregates.keys.sorted() {
            guard let pending = aggregates[id], pending.current != pending.stored else { continue }
            try saveStats(CustomerID(rawValue: id), old: pending.stored, new: pending.current,
                          externalID: pending.externalID)
            try feedChange(CustomerID(rawValue: id), old: pending.stored, new: pending.current,
                           externalID: pending.externalID, cause: pending.hadPurchase ? .purchase : .refund,
                           instant: pending.lastInstant ?? .now)
        }
        aggregates.removeAll(keepingCapacity: true)
    }

    /// Writes the aggregate and moves the ordered-view entries whose key changed (their value is the customer's
    /// external id: `externalID`, or read from the customer record). Aggregates are written back in id order, so
    /// `stats` takes clustered puts.
    func saveStats(_ id: CustomerID, old: CustomerStats?, new: CustomerStats?, externalID: String? = nil) throws {
        noteResidentStep()
        if let new {
            try schema.stats.put(new, for: id.rawValue, flags: .clustered, in: txn, buffer: &scratch)
        } else {
            try schema.stats.delete(id.rawValue, in: txn, buffer: &scratch)
        }
        let oldViews = old.flatMap { OrderedViews($0) }
        let newViews = new.flatMap { OrderedViews($0) }
        guard oldViews != newViews else { return }
        let raw = id.rawValue
        if let oldViews {
            if oldViews.recency != newViews?.recency {
                try schema.byRecency.delete((oldViews.recency, raw), in: txn, buffer: &scratch)
            }
            if oldViews.frequency != newViews?.frequency {
                try schema.byFrequency.delete((oldViews.frequency, raw), in: txn, buffer: &scratch)
            }
            if oldViews.monetary != newViews?.monetary {
                try schema.byMonetary.delete((oldViews.monetary, raw), in: txn, buffer: &scratch)
            }
        }
        if let newViews {
            let name = try externalID ?? schema.externalIDOfAggregate(raw, in: txn)
            if oldViews?.recency != newViews.recency {
                try schema.byRecency.put(name, for: (newViews.recency, raw), in: txn, buffer: &scratch)
            }
            if oldViews?.frequency != newViews.frequency {
                try schema.byFrequency.put(name, for: (newViews.frequency, raw), in: txn, buffer: &scratch)
            }
            if oldViews?.monetary != newViews.monetary {
                try schema.byMonetary.put(name, for: (newViews.monetary, raw), in: txn, buffer: &scratch)
            }
        }
    }

}

/// The keys of a customer's entries in the ordered views (only customers with purchases have them).
struct OrderedViews: Equatable {
    var recency: Int64
    var frequency: Int64
    var monetary: Int64

    init?(_ stats: CustomerStats) {
        guard stats.hasPurchases else { return nil }
        recency = stats.lastPurchase.microseconds
        frequency = Int64(stats.orders)
        monetary = stats.netMonetary.minorUnits
    }
}
