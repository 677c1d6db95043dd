import LMDBKit

extension StoreWriter {
    /// Records a purchase (or a refund: a negative amount) with every index, the customer's aggregate and the global
    /// rollups, in this transaction.
    ///
    /// A purchase whose order id is already stored is a no-op reported as `.duplicate` when its content is the same.
    /// A purchase later than the customer's last one costs one aggregate read and write plus the index entries whose
    /// key changed; an earlier one re-derives that customer's aggregate from its own purchases.
    /// - Throws: `ClienteleError.orderConflict` when the order id is stored with other content;
    ///   `.unknownCustomer` when the store rejects unknown customers; `.refundTargetInvalid`; `.invalidInput` for
    ///   a bad id, category or date; `.overflow` when a sum would overflow.
    @discardableResult
    public func record(_ purchase: Purchase) throws -> RecordOutcome {
        try Validation.identifier(purchase.customer, field: "customer_id")
        if let order = purchase.orderID { try Validation.identifier(order, field: "order_id") }
        if let channel = purchase.channel { try Validation.label(channel, field: "channel") }
        guard purchase.occurredAt >= Instant.earliest else {
            throw ClienteleError.invalidInput(field: "occurred_at", reason: "is before 1900-01-01")
        }
        guard purchase.occurredAt <= latestAcceptedInstant else {
            throw ClienteleError.invalidInput(field: "occurred_at", reason: "is in the future")
        }
        if let refunded = purchase.refundOf {
            try Validation.identifier(refunded, field: "refund_of")
            guard purchase.isRefund else {
                throw ClienteleError.refundTargetInvalid(reason: "a refund must have a negative amount")
            }
        }
        let categoryID = try categoryID(purchase.category)
        let stored = StoredPurchase(
            orderID: purchase.orderID, amount: purchase.amount, categoryID: categoryID, quantity: purchase.quantity,
            channel: purchase.channel, refundOf: purchase.refundOf)

        if let order = purchase.orderID, let existingKey = try schema.purchaseByOrder.get(order, in: txn) {
            return try duplicateOrConflict(stored, of: purchase, existingKey: existingKey)
        }

        var created = false
        let id: CustomerID
        if let (existing, _) = try customer(externalID: purchase.customer) {
            id = existing
        } else {
            guard store.options.unknownCustomers == .create else { throw ClienteleError.unknownCustomer }
            id = try upsertCustomer(CustomerUpdate(externalID: purchase.customer)).id
            created = true
        }
        if let refunded = purchase.refundOf { try checkRefundTarget(refunded, customer: id) }

        let sequence = try nextPurchaseSequence()
        let key = (id.rawValue, purchase.occurredAt.microseconds, sequence)
        let keyBytes = try schema.purchases.encodeKey(key)
        try schema.purchases.putEncoded(try encode(stored), forEncodedKey: keyBytes, in: txn)
        if let order = purchase.orderID { try schema.purchaseByOrder.put(keyBytes, for: order, in: txn) }
        let day = store.day(of: purchase.occurredAt)
        try schema.purchasesByDay.put((), for: (day.rawValue, id.rawValue, sequence), in: txn)

        let old = try schema.stats.get(id.rawValue, in: txn)
        let line = HistoryLine(occurredAt: purchase.occurredAt, sequence: sequence, purchase: stored)
        if let (new, delta) = try IncrementalAggregate.append(line, to: old, utcOffsetSeconds: store.utcOffsetSeconds) {
            try applyRollups(delta, sign: 1)
            try saveStats(id, old: old, new: new)
        } else {
            try rederive(id, old: old)
        }
        return .recorded(createdCustomer: created)
    }

    /// Records several purchases in this transaction; returns their outcomes in order.
    /// - Throws: the first error of `record(_:)`; the whole transaction is then rolled back by `Store.write`.
    public func record(_ purchases: some Sequence<Purchase>) throws -> [RecordOutcome] {
        try purchases.map { try record($0) }
    }

    var latestAcceptedInstant: Instant { latestAccepted }

    private func encode(_ stored: StoredPurchase) throws -> [UInt8] {
        var bytes: [UInt8] = []
        StoredPurchaseCodec.encode(stored, into: &bytes)
        return bytes
    }

    private func duplicateOrConflict(
        _ stored: StoredPurchase, of purchase: Purchase, existingKey: [UInt8]
    ) throws -> RecordOutcome {
        let key = try existingKey.withUnsafeBytes { bytes in
            do { return try PurchaseKey.decode(bytes) } catch {
                throw ClienteleError.corrupted(table: "purchase_by_order", reason: "undecodable purchase key")
            }
        }
        guard let existing = try schema.purchases.get(key, in: txn) else {
            throw ClienteleError.corrupted(table: "purchase_by_order", reason: "points to a missing purchase")
        }
        let sameCustomer = try customer(externalID: purchase.customer).map { $0.0.rawValue == key.0 } ?? false
        if sameCustomer && key.1 == purchase.occurredAt.microseconds && existing == stored { return .duplicate }
        throw ClienteleError.orderConflict
    }

    private func checkRefundTarget(_ order: String, customer: CustomerID) throws {
        guard let keyBytes = try schema.purchaseByOrder.get(order, in: txn) else {
            throw ClienteleError.refundTargetInvalid(reason: "the refunded order is not stored")
        }
        let key = try keyBytes.withUnsafeBytes { bytes in
            do { return try PurchaseKey.decode(bytes) } catch {
                throw ClienteleError.corrupted(table: "purchase_by_order", reason: "undecodable purchase key")
            }
        }
        guard key.0 == customer.rawValue else {
            throw ClienteleError.refundTargetInvalid(reason: "the refunded order belongs to another customer")
        }
    }

    private func nextPurchaseSequence() throws -> UInt64 {
        try advancePurchaseSequence()
    }

    // MARK: - Aggregates

    /// Re-derives one customer's aggregate and rollup contribution from its own purchases (the out-of-order path).
    func rederive(_ id: CustomerID, old: CustomerStats?) throws {
        var lines = try history(of: id)
        // The contribution before this transaction's newest line is what the rollups hold now: derive it without
        // the line (found by its sequence, the largest) and with it.
        guard let newest = lines.indices.max(by: { lines[$0].sequence < lines[$1].sequence }) else { return }
        let withLine = try CustomerHistory.derive(lines, utcOffsetSeconds: store.utcOffsetSeconds)
        lines.remove(at: newest)
        let withoutLine = try CustomerHistory.derive(lines, utcOffsetSeconds: store.utcOffsetSeconds)
        var delta = withLine.contribution
        try delta.add(withoutLine.contribution, sign: -1)
        try applyRollups(delta, sign: 1)
        try saveStats(id, old: old, new: withLine.stats)
    }

    /// Every line of a customer's history, in key order.
    func history(of id: CustomerID) throws -> [HistoryLine] {
        var lines: [HistoryLine] = []
        try schema.purchases.scan(in: txn, over: .prefix(try PurchaseKey.prefix(id.rawValue))) { key, purchase in
            lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
            return true
        }
        return lines
    }

    /// Writes the aggregate and moves the ordered-view entries whose key changed.
    func saveStats(_ id: CustomerID, old: CustomerStats?, new: CustomerStats?) throws {
        if let new { try schema.stats.put(new, for: id.rawValue, in: txn) } else {
            try schema.stats.delete(id.rawValue, in: txn)
        }
        let oldViews = old.flatMap { OrderedViews($0) }
        let newViews = new.flatMap { OrderedViews($0) }
        guard oldViews != newViews else { return }
        if let oldViews {
            if oldViews.recency != newViews?.recency { try schema.byRecency.delete((oldViews.recency, id.rawValue), in: txn) }
            if oldViews.frequency != newViews?.frequency {
                try schema.byFrequency.delete((oldViews.frequency, id.rawValue), in: txn)
            }
            if oldViews.monetary != newViews?.monetary {
                try schema.byMonetary.delete((oldViews.monetary, id.rawValue), in: txn)
            }
        }
        if let newViews {
            if oldViews?.recency != newViews.recency { try schema.byRecency.put((), for: (newViews.recency, id.rawValue), in: txn) }
            if oldViews?.frequency != newViews.frequency {
                try schema.byFrequency.put((), for: (newViews.frequency, id.rawValue), in: txn)
            }
            if oldViews?.monetary != newViews.monetary {
                try schema.byMonetary.put((), for: (newViews.monetary, id.rawValue), in: txn)
            }
        }
    }

    /// Adds `contribution` times `sign` to the rollup tables, deleting cells that become zero.
    func applyRollups(_ contribution: Contribution, sign: Int64) throws {
        for (day, totals) in contribution.daily {
            var cell = try schema.daily.get(day.rawValue, in: txn) ?? DailyTotals()
            try cell.add(totals, sign: sign)
            if cell.isZero { try schema.daily.delete(day.rawValue, in: txn) } else {
                try schema.daily.put(cell, for: day.rawValue, in: txn)
            }
        }
        for (index, value) in contribution.cohorts {
            let key = (index.cohort.rawValue, index.month.rawValue)
            var cell = try schema.cohorts.get(key, in: txn) ?? CohortCell()
            cell.activeCustomers += value.activeCustomers * sign
            cell.revenue = try checkedAdd(
                cell.revenue, try checkedMultiply(value.revenue, sign, field: "cohort revenue"), field: "cohort revenue")
            if cell.isZero { try schema.cohorts.delete(key, in: txn) } else { try schema.cohorts.put(cell, for: key, in: txn) }
        }
        for (index, count) in contribution.transitions {
            let key = (index.from, index.to)
            let total = Int64(clamping: try schema.transitions.get(key, in: txn) ?? 0) + count * sign
            if total <= 0 { try schema.transitions.delete(key, in: txn) } else {
                try schema.transitions.put(UInt64(total), for: key, in: txn)
            }
        }
        for (category, value) in contribution.entry {
            var cell = try schema.entry.get(category, in: txn) ?? EntryCell()
            cell.customers += value.customers * sign
            cell.converted += value.converted * sign
            if cell.isZero { try schema.entry.delete(category, in: txn) } else { try schema.entry.put(cell, for: category, in: txn) }
        }
        for (index, value) in contribution.categoryMonths {
            let key = (index.category, index.month.rawValue)
            var cell = try schema.categoryMonths.get(key, in: txn) ?? CategoryMonthCell()
            try cell.add(value, sign: sign)
            if cell.isZero { try schema.categoryMonths.delete(key, in: txn) } else {
                try schema.categoryMonths.put(cell, for: key, in: txn)
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
