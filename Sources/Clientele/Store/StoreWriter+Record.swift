import LMDBKit

extension StoreWriter {
    /// Records a purchase (or a refund: a negative amount) with every index, the customer's aggregate and the global
    /// rollups, in this transaction.
    ///
    /// The order id is the idempotency key: a purchase whose order id is already stored for the same customer with
    /// the same amount is a no-op reported as `.duplicate`, whatever its timestamp, category, quantity or channel
    /// (the stored purchase stands), so a retry with a server-stamped `occurredAt` is safe.
    /// A purchase later than the customer's last one costs one aggregate read and write plus the index entries whose
    /// key changed; an earlier one re-derives that customer's aggregate from its own purchases.
    /// Identifiers are taken in NFC (see `Identifiers`): canonically equal spellings are one customer, order or
    /// category.
    /// - Throws: `ClienteleError.orderConflict` when the order id is stored for another customer or amount;
    ///   `.unknownCustomer` when the store rejects unknown customers; `.refundTargetInvalid`; `.refundRejected` when
    ///   a refund naming its order exceeds what remains of it, predates it or names a refund; `.invalidInput` for
    ///   a bad id, category or date; `.overflow` when a sum would overflow.
    @discardableResult
    public func record(_ purchase: Purchase) throws -> RecordOutcome {
        try record(purchase, repeatsEarlierRow: false)
    }

    /// `record(_:)` for the sorted import: with deferred order index entries (`Store.write(deferringOrdersTo:_:)`),
    /// `repeatsEarlierRow` says that an earlier row of the same file has this order id for this customer, so the
    /// customer's lines are searched for it (its index entry may be pending).
    package func record(_ purchase: Purchase, repeatsEarlierRow: Bool) throws -> RecordOutcome {
        if let deferredError { throw deferredError }
        noteResidentStep()
        // Identity is decided once: every identifier in NFC (see `Identifiers`), compared as bytes from here on.
        let purchase = purchase.canonicalized()
        // The customer and channel of the previous purchase were checked already (the usual case in a batch).
        if !(lastCustomer.map { Identifiers.sameBytes($0.externalID, purchase.customer) } ?? false) {
            try Validation.identifier(purchase.customer, field: "customer_id")
        }
        if let order = purchase.orderID { try Validation.identifier(order, field: "order_id") }
        guard purchase.quantity >= 0 else {
            throw ClienteleError.invalidInput(field: "quantity", reason: "must not be negative")
        }
        if let channel = purchase.channel, !(lastChannel.map { Identifiers.sameBytes($0, channel) } ?? false) {
            try Validation.label(channel, field: "channel")
            lastChannel = channel
        }
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

        // Where the line goes: its customer (the next id when the customer is new) and the next sequence number.
        let known = try customerID(externalID: purchase.customer)
        let mayCreate = known != nil || store.options.unknownCustomers == .create
        let id = known ?? nextCustomerID
        let sequence = try nextPurchaseSequence()
        try encodePurchaseKey(id, purchase.occurredAt, sequence)
        let location = (id.rawValue, purchase.occurredAt.microseconds, sequence)
        // Every refusal happens before anything is written. When nothing but a stored order can refuse the purchase
        // (an order id, no refund, a customer that exists or may be created), the order index entry is inserted
        // now, which answers "is this order stored?" and stores it in one lookup; otherwise the order is looked up
        // here and its entry written after the remaining checks.
        // With deferred entries the index holds what was stored before the import; the import's own earlier lines
        // of this order are the customer's.
        let orderInsertedFirst = !defersOrders && purchase.orderID != nil && purchase.refundOf == nil && mayCreate
        if let order = purchase.orderID {
            if let existingKey = orderInsertedFirst
                ? try insertOrder(order, line: location) : try schema.purchaseByOrder.get(order, in: txn, buffer: &scratch) {
                return try duplicateOrConflict(stored, of: purchase, existingKey: existingKey)
            }
            if defersOrders && repeatsEarlierRow && known != nil,
               let existingKey = try lineKey(holding: order, customer: id) {
                return try duplicateOrConflict(stored, of: purchase, existingKey: existingKey)
            }
        }
        guard mayCreate else { throw ClienteleError.unknownCustomer }
        if let refunded = purchase.refundOf { try checkRefundTarget(refunded, of: purchase, customer: id) }

        // The writes: the customer when new, the order index entry when not written yet, the line.
        if known == nil {
            guard try createCustomer(Customer(externalID: purchase.customer)) == id else {
                throw ClienteleError.corrupted(table: "customer_by_external_id", reason: "customer id out of sequence")
            }
        }
        purchaseSequence = sequence
        if let order = purchase.orderID, !orderInsertedFirst {
            if defersOrders {
                try deferOrder(order, line: location)
            } else {
                try schema.purchaseByOrder.put(location, for: order, flags: .clustered, in: txn, buffer: &scratch)
            }
        }

        try putPurchase(stored)
        let day = store.day(of: purchase.occurredAt)

        // Deferred (see `StoreWriter`): the aggregate and the rollup cells change in this transaction's caches, and
        // `finish()` writes them back. A line later than the customer's last one is applied as a delta; an earlier
        // one re-derives the customer's aggregate from its lines.
        let old = try aggregate(of: id)
        let line = HistoryLine(occurredAt: purchase.occurredAt, sequence: sequence, purchase: stored)
        if let (new, delta) = try IncrementalAggregate.append(line, on: day, to: old) {
            try applyRollups(delta)
            try setAggregate(id, new)
        } else {
            try rederive(id, old: old)
        }
        // `setAggregate` made this customer the hot one: its ordered-view entries will carry this name.
        hotAggregate?.pending.externalID = purchase.customer
        hotAggregate?.pending.lastInstant = purchase.occurredAt
        if !purchase.isRefund { hotAggregate?.pending.hadPurchase = true }
        return .recorded(createdCustomer: known == nil)
    }

    /// Encodes the `purchases` key of a line into `purchaseKey`.
    private func encodePurchaseKey(_ id: CustomerID, _ instant: Instant, _ sequence: UInt64) throws {
        try schema.purchases.encodeKey((id.rawValue, instant.microseconds, sequence), into: &purchaseKey)
    }

    /// Inserts the `purchase_by_order` entry of `order`, pointing at the line `line` (its `purchases` key), unless the
    /// order is stored: then nothing is written and the stored line's key is returned.
    private func insertOrder(_ order: String, line: (UInt64, Int64, UInt64)) throws -> (UInt64, Int64, UInt64)? {
        try schema.purchaseByOrder.insertOrRead(line, for: order, flags: .clustered, in: txn, buffer: &scratch) { stored in
            do { return try OrderLineCodec.decode(stored) } catch {
                throw ClienteleError.corrupted(table: "purchase_by_order", reason: "undecodable line key")
            }
        }
    }

    /// Stores the purchase row under `purchaseKey`.
    private func putPurchase(_ stored: StoredPurchase) throws {
        scratch.removeAll(keepingCapacity: true)
        StoredPurchaseCodec.encode(stored, into: &scratch)
        try schema.purchases.putEncoded(scratch, forEncodedKey: purchaseKey, flags: .clustered, in: txn)
    }

    /// Records several purchases in this transaction; returns their outcomes in order.
    /// - Throws: the first error of `record(_:)`; the whole transaction is then rolled back by `Store.write`.
    public func record(_ purchases: some Sequence<Purchase>) throws -> [RecordOutcome] {
        try purchases.map { try record($0) }
    }

    var latestAcceptedInstant: Instant { latestAccepted }

    private func duplicateOrConflict(
        _ stored: StoredPurchase, of purchase: Purchase, existingKey key: (UInt64, Int64, UInt64)
    ) throws -> RecordOutcome {
        guard let existing = try schema.purchases.get(key, in: txn) else {
            throw ClienteleError.corrupted(table: "purchase_by_order", reason: "points to a missing purchase")
        }
        // The order id is the idempotency key: the same customer and amount make a retry, whatever its timestamp
        // and other fields (the stored purchase stands).
        let sameCustomer = try customer(externalID: purchase.customer).map { $0.0.rawValue == key.0 } ?? false
        if sameCustomer && existing.amount == stored.amount { return .duplicate }
        throw ClienteleError.orderConflict
    }

    /// Checks a refund naming `order`: the order is stored, belongs to `customer`, is not itself a refund, is not
    /// later than the refund, and what remains of it (its amount less the refunds already naming it, also those
    /// recorded earlier in this transaction) covers the refund.
    private func checkRefundTarget(_ order: String, of refund: Purchase, customer: CustomerID) throws {
        // With deferred entries, an order recorded by the same import is found among the customer's lines.
        guard let key = try schema.purchaseByOrder.get(order, in: txn)
            ?? (defersOrders ? try lineKey(holding: order, customer: customer) : nil)
        else {
            throw ClienteleError.refundTargetInvalid(reason: "the refunded order is not stored")
        }
        guard key.0 == customer.rawValue else {
            throw ClienteleError.refundTargetInvalid(reason: "the refunded order belongs to another customer")
        }
        guard let target = try schema.purchases.get(key, in: txn) else {
            throw ClienteleError.corrupted(table: "purchase_by_order", reason: "points to a missing purchase")
        }
        if target.isRefund || target.refundOf != nil { throw ClienteleError.refundRejected(.refundsARefund) }
        if refund.occurredAt.microseconds < key.1 { throw ClienteleError.refundRejected(.predatesOrder) }
        // What remains: the order's amount plus the (negative) refunds already naming it. Refunds are rare, so a
        // scan of this customer's lines (which include this transaction's) is cheaper than another index.
        var remaining = target.amount.minorUnits
        for line in try history(of: customer) {
            guard let named = line.purchase.refundOf, Identifiers.sameBytes(named, order) else { continue }
            let (sum, overflow) = remaining.addingReportingOverflow(line.purchase.amount.minorUnits)
            if overflow { throw ClienteleError.overflow(field: "refunded amount") }
            remaining = sum
        }
        let (left, overflow) = remaining.addingReportingOverflow(refund.amount.minorUnits)
        if overflow || left < 0 { throw ClienteleError.refundRejected(.exceedsRemaining) }
    }

    // MARK: - Aggregates

    /// Re-derives one customer's aggregate and rollup contribution from its own purchases (the out-of-order path).
    func rederive(_ id: CustomerID, old: CustomerStats?) throws {
        var lines = try history(of: id)
        // The contribution before this transaction's newest line is what the rollups hold now: derive it without
        // the line (found by its sequence, the largest) and with it.
        guard let newest = lines.indices.max(by: { lines[$0].sequence < lines[$1].sequence }) else { return }
        let withLine = try CustomerHistory.derive(lines, calendar: store.dayCalendar)
        lines.remove(at: newest)
        let withoutLine = try CustomerHistory.derive(lines, calendar: store.dayCalendar)
        var delta = withLine.contribution
        try delta.add(withoutLine.contribution, sign: -1)
        try applyRollups(delta, sign: 1)
        try setAggregate(id, withLine.stats)
    }

    /// Every line of a customer's history, in key order.
    func history(of id: CustomerID) throws -> [HistoryLine] {
        try CustomerHistory.lines(of: id, schema: schema, txn: txn)
    }
}
