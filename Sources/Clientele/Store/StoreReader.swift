import LMDBKit

/// A customer with its aggregate.
public struct CustomerProfile: Sendable, Hashable, Codable {
    /// The internal id.
    public var id: CustomerID
    /// The profile.
    public var customer: Customer
    /// The aggregate; `nil` before the first purchase or refund.
    public var stats: CustomerStats?
}

/// Reads on one snapshot of a store. Obtain one from `Store.read` (or `StoreWriter.reader`); it is valid only inside
/// that closure.
public struct StoreReader {
    let store: Store
    private let snapshot: ReadTxn
    /// The write transaction's writer when this reader reads inside one: its cached aggregates and rollup cells are
    /// written back before every read, so the reader sees every write made so far.
    private let writer: StoreWriter?
    var schema: Schema { store.schema }

    init(store: Store, txn: ReadTxn, writer: StoreWriter? = nil) {
        self.store = store
        self.snapshot = txn
        self.writer = writer
    }

    /// Whether this reader reads inside a write transaction.
    var isInsideWrite: Bool { writer != nil }

    /// The committed transaction this snapshot shows (LMDB's transaction id; inside a write transaction, the id that
    /// transaction will commit as). A ``Store/lastCommittedTransaction`` above it means a later commit, by any
    /// process, that this snapshot does not show: poll that to learn when reading again is worth it.
    public var snapshotTransaction: UInt64 { UInt64(clamping: snapshot.id) }

    /// The transaction to read in (after the writer's write-back, inside a write transaction).
    var txn: ReadTxn {
        writer?.flushForRead()
        return snapshot
    }

    /// The store's population score cache.
    var scoreCache: ScoreCache { store.scoreCache }
    /// The store's currency scale.
    var currencyScale: Int { store.currencyScale }
    /// The store's time zone, as seconds east of UTC.
    var dayCalendar: DayCalendar { store.dayCalendar }
    /// The day `instant` falls on in the store's time zone.
    func day(of instant: Instant) -> Day { store.day(of: instant) }

    /// The customer's internal id.
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func customerID(externalID: String) throws -> CustomerID? {
        try schema.customerByExternalID.get(Identifiers.canonical(externalID), in: txn).map(CustomerID.init(rawValue:))
    }

    /// A customer and its aggregate, by external id.
    /// - Throws: `ClienteleError.corrupted` for a damaged record, `.storage`.
    public func profile(externalID: String) throws -> CustomerProfile? {
        guard let id = try customerID(externalID: externalID) else { return nil }
        return try profile(id: id)
    }

    /// A customer and its aggregate, by internal id.
    /// - Throws: `ClienteleError.corrupted` for a damaged record, `.storage`.
    public func profile(id: CustomerID) throws -> CustomerProfile? {
        guard let customer = try schema.customers.get(id.rawValue, in: txn) else { return nil }
        return CustomerProfile(id: id, customer: customer, stats: try schema.stats.get(id.rawValue, in: txn))
    }

    /// The customers whose normalized email equals `email` (normalized the same way), in id order.
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func profiles(email: String) throws -> [CustomerProfile] {
        guard let normalized = Customer.normalize(email: email),
              normalized.utf8.count <= Validation.maxEmailBytes else { return [] }
        var ids: [UInt64] = []
        try schema.customerByEmail.scanKeys(in: txn, over: .prefix(try EmailKey.prefix(normalized))) { key in
            ids.append(key.1)
            return true
        }
        return try ids.compactMap { try profile(id: CustomerID(rawValue: $0)) }
    }

    /// The aggregate of a customer, reading only the aggregate.
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func stats(id: CustomerID) throws -> CustomerStats? {
        try schema.stats.get(id.rawValue, in: txn)
    }

    /// The name of an interned category id (`nil` for 0, "no category").
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func categoryName(_ id: UInt32) throws -> String? {
        id == 0 ? nil : try schema.categoryNames.get(id, in: txn)
    }

    /// The id of a category name, when it has been seen.
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func categoryID(_ name: String) throws -> UInt32? {
        let name = Identifiers.canonical(name)
        guard !name.isEmpty, name.utf8.count <= Validation.maxLabelBytes else { return nil }
        return try schema.categoryByName.get(name, in: txn)
    }

    /// Counts: customers and purchase lines.
    /// - Throws: `.storage`.
    public func counts() throws -> (customers: Int, purchases: Int) {
        (try schema.customers.count(in: txn), try schema.purchases.count(in: txn))
    }
}
