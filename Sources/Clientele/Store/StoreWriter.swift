import LMDBKit

/// What recording a purchase did.
public enum RecordOutcome: Sendable, Hashable {
    /// The purchase was stored (and `createdCustomer` says whether its customer was created for it).
    case recorded(createdCustomer: Bool)
    /// The order id was already stored for the same customer and amount: nothing changed (the stored purchase stands).
    case duplicate
}

/// The operations of one write transaction on a store. Obtain one from `Store.write`; it is valid only inside that
/// closure.
///
/// What is written when: `record` writes a purchase's line (`purchases`), its order index entry (`purchase_by_order`)
/// and, for a new customer, the customer rows at once. The customer's
/// aggregate (its `stats` row and its entries in the three ordered views) and the rollup cells change only in this
/// transaction's caches (`WriterState`: `hotAggregate`, `aggregates`, `rollups`) and are written back in key order by
/// `finish()`, which `Store.write` calls before commit; earlier when a cache is full (`maxCachedAggregates`,
/// `maxCachedCells`) or when `reader` is used, so reads inside the transaction see every change.
///
/// ```swift
/// try store.write { w in
///     try w.upsertCustomer(CustomerUpdate(externalID: "c-1", email: "a@example.com"))
///     for purchase in batch { _ = try w.record(purchase) }
/// }
/// ```
public final class StoreWriter {
    let store: Store
    let txn: WriteTxn
    var schema: Schema { store.schema }
    private let initialSequences: (UInt64, UInt64, UInt64)
    let latestAccepted: Instant
    /// The customer counter when the transaction began: larger ids are customers created by it.
    var initialCustomerSequence: UInt64 { initialSequences.0 }
    /// The purchase sequence counter as this transaction found it.
    var initialPurchaseSequence: UInt64 { initialSequences.1 }
    /// The id counters and per-transaction caches (see `WriterState`).
    let state: UnsafeMutablePointer<WriterState>

    /// Whether `record` defers its lines' order index entries (`Store.write(deferringOrdersTo:_:)`).
    let defersOrders: Bool

    init(store: Store, txn: WriteTxn, defersOrders: Bool = false) throws {
        self.store = store
        self.txn = txn
        self.defersOrders = defersOrders
        let meta = store.schema.meta
        // While an import defers order index entries, nothing else may write: a duplicate of one of its lines
        // would not be found.
        let pending = try meta.number(.pendingOrders, in: txn) != nil
        if pending && !defersOrders { throw ClienteleError.importInProgress }
        let sequences = (
            try meta.counter(.customerSequence, in: txn), try meta.counter(.purchaseSequence, in: txn),
            try meta.counter(.categorySequence, in: txn))
        initialSequences = sequences
        let (sum, overflow) = Instant.now.microseconds.addingReportingOverflow(store.options.futureTolerance)
        latestAccepted = Instant(microseconds: min(overflow ? Int64.max : sum, Instant.latest.microseconds))
        state = .allocate(capacity: 1)
        state.initialize(to: WriterState(
            customerSequence: sequences.0, purchaseSequence: sequences.1, categorySequence: sequences.2,
            pendingOrdersMarked: pending))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Writes back what the caches hold and stores the id counters that changed; called by `Store.write` before
    /// commit.
    func finish() throws {
        try flushCaches()
        let meta = schema.meta
        func save(_ key: MetaKey, _ value: UInt64, _ initial: UInt64) throws {
            if value != initial { try meta.setCounter(key, value, in: txn) }
        }
        try save(.customerSequence, customerSequence, initialSequences.0)
        try save(.purchaseSequence, purchaseSequence, initialSequences.1)
        try save(.categorySequence, categorySequence, initialSequences.2)
        try finishFeed()
    }

    /// The sequence number the next line will take (`record` stores it in `purchaseSequence` once the line is
    /// accepted).
    /// - Throws: `ClienteleError.invalidInput` when the sequence is exhausted.
    func nextPurchaseSequence() throws -> UInt64 {
        guard purchaseSequence < UInt64.max else {
            throw ClienteleError.invalidInput(field: "purchase", reason: "sequence exhausted")
        }
        return purchaseSequence + 1
    }

    /// A reader over this transaction (sees its own writes, also those made after it was obtained).
    public var reader: StoreReader { StoreReader(store: store, txn: txn, writer: self) }

    /// Writes back the cached aggregates and rollup cells so that LMDB holds everything this transaction did.
    /// - Throws: a failure of an earlier write-back (see `reader`); LMDB errors.
    func flushCaches() throws {
        if let deferredError { throw deferredError }
        try flushAggregates()
        try flushRollups()
    }

    /// `flushCaches` for a read through `reader`, which cannot throw: a failure is kept and rethrown by the next
    /// write operation or at commit (LMDB failures also mark the transaction, which then never commits).
    func flushForRead() {
        guard deferredError == nil, !aggregates.isEmpty || rollups.dirty else { return }
        do { try flushCaches() } catch { deferredError = error }
    }

    // MARK: - Customers

    /// Creates the customer or updates the given fields, keeping the others; returns its id and whether it was
    /// created.
    /// - Throws: `ClienteleError.invalidInput` for an empty or over-long id, email or tag.
    @discardableResult
    public func upsertCustomer(_ update: CustomerUpdate) throws -> (id: CustomerID, created: Bool) {
        let update = update.canonicalized()
        try Validation.identifier(update.externalID, field: "customer_id")
        if let email = update.email, let normalized = Customer.normalize(email: email) {
            try Validation.label(normalized, field: "email", limit: Validation.maxEmailBytes)
        }
        for tag in update.addTags { try Validation.label(tag, field: "tag") }
        if let (id, existing) = try customer(externalID: update.externalID) {
            var customer = existing
            update.apply(to: &customer)
            try replaceCustomer(id, old: existing, new: customer)
            return (id, false)
        }
        var customer = Customer(externalID: update.externalID)
        update.apply(to: &customer)
        let id = try createCustomer(customer)
        return (id, true)
    }

    /// Adds `tag` to the customer.
    /// - Throws: `ClienteleError.customerNotFound`; `.invalidInput` for an empty or over-long tag.
    public func tag(_ externalID: String, _ tag: String) throws {
        let (externalID, tag) = (Identifiers.canonical(externalID), Identifiers.canonical(tag))
        try Validation.label(tag, field: "tag")
        guard let (id, old) = try customer(externalID: externalID) else { throw ClienteleError.customerNotFound }
        var new = old
        new.tags.insert(tag)
        try replaceCustomer(id, old: old, new: new)
    }

    /// Removes `tag` from the customer.
    /// - Throws: `ClienteleError.customerNotFound`.
    public func untag(_ externalID: String, _ tag: String) throws {
        let (externalID, tag) = (Identifiers.canonical(externalID), Identifiers.canonical(tag))
        guard let (id, old) = try customer(externalID: externalID) else { throw ClienteleError.customerNotFound }
        var new = old
        new.tags.remove(tag)
        try replaceCustomer(id, old: old, new: new)
    }

    /// Sets or clears the do-not-contact flag.
    /// - Throws: `ClienteleError.customerNotFound`.
    public func setDoNotContact(_ externalID: String, _ flag: Bool) throws {
        let externalID = Identifiers.canonical(externalID)
        guard let (id, old) = try customer(externalID: externalID) else { throw ClienteleError.customerNotFound }
        var new = old
        new.doNotContact = flag
        try replaceCustomer(id, old: old, new: new)
    }

    /// The customer id of an external id, from this transaction's cache or the store.
    func customerID(externalID: String) throws -> CustomerID? {
        if let last = lastCustomer, Identifiers.sameBytes(last.externalID, externalID) { return last.id }
        if let id = customerIDs[StoredBytes(externalID)] {
            lastCustomer = (externalID, id)
            return id
        }
        guard let (id, _) = try customer(externalID: externalID) else { return nil }
        rememberCustomer(externalID, id)
        return id
    }

    func customer(externalID: String) throws -> (CustomerID, Customer)? {
        guard let raw = try schema.customerByExternalID.get(externalID, in: txn) else { return nil }
        guard let customer = try schema.customers.get(raw, in: txn) else {
            throw ClienteleError.corrupted(table: "customer_by_external_id", reason: "points to a missing customer")
        }
        return (CustomerID(rawValue: raw), customer)
    }

    /// The id `createCustomer` will give the next customer.
    var nextCustomerID: CustomerID { CustomerID(rawValue: customerSequence &+ 1) }

    func createCustomer(_ customer: Customer) throws -> CustomerID {
        customerSequence += 1
        let id = CustomerID(rawValue: customerSequence)
        // A new id is the largest: its row goes at the end of `customers`, where the clustered put finds it fast.
        try schema.customers.put(customer, for: id.rawValue, flags: .clustered, in: txn, buffer: &scratch)
        try schema.customerByExternalID.put(id.rawValue, for: customer.externalID, flags: .clustered, in: txn, buffer: &scratch)
        try indexEmailAndTags(of: customer, id: id)
        rememberCustomer(customer.externalID, id)
        return id
    }

    /// Caches an external id's customer id for the rest of the transaction.
    func rememberCustomer(_ externalID: String, _ id: CustomerID) {
        if customerIDs.count >= Self.maxCachedCells { customerIDs.removeAll() }
        customerIDs[StoredBytes(externalID)] = id
        lastCustomer = (externalID, id)
    }

    private func replaceCustomer(_ id: CustomerID, old: Customer, new: Customer) throws {
        guard old != new else { return }
        try schema.customers.put(new, for: id.rawValue, in: txn)
        if old.normalizedEmail != new.normalizedEmail, let email = old.normalizedEmail {
            try schema.customerByEmail.delete((email, id.rawValue), in: txn)
        }
        for tag in old.tags.subtracting(new.tags) { try schema.tags.delete((tag, id.rawValue), in: txn) }
        if old.doNotContact && !new.doNotContact { try schema.doNotContact.delete(id.rawValue, in: txn) }
        try indexEmailAndTags(of: new, id: id)
    }

    private func indexEmailAndTags(of customer: Customer, id: CustomerID) throws {
        if let email = customer.normalizedEmail { try schema.customerByEmail.put((), for: (email, id.rawValue), in: txn) }
        for tag in customer.tags { try schema.tags.put((), for: (tag, id.rawValue), in: txn) }
        if customer.doNotContact { try schema.doNotContact.put((), for: id.rawValue, in: txn) }
    }

    // MARK: - Categories

    /// The id of category `name`, interning it when new (0 stands for "no category").
    func categoryID(_ name: String?) throws -> UInt32 {
        guard let name else { return 0 }
        if let last = lastCategory, Identifiers.sameBytes(last.name, name) { return last.id }
        if let id = categoryIDs[StoredBytes(name)] {
            lastCategory = (name, id)
            return id
        }
        try Validation.label(name, field: "category")
        if categoryIDs.count >= 4096 { categoryIDs.removeAll() }
        if let id = try schema.categoryByName.get(name, in: txn, buffer: &scratch) {
            categoryIDs[StoredBytes(name)] = id
            return id
        }
        guard categorySequence < UInt64(UInt32.max) else {
            throw ClienteleError.invalidInput(field: "category", reason: "too many distinct categories")
        }
        categorySequence += 1
        let id = UInt32(categorySequence)
        try schema.categoryByName.put(id, for: name, in: txn)
        try schema.categoryNames.put(name, for: id, in: txn)
        categoryIDs[StoredBytes(name)] = id
        return id
    }
}
