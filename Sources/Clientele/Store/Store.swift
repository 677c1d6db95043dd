#if canImport(Glibc)
import Glibc
#endif
import LMDBKit
import Synchronization

/// A Clientele store: customers, purchases, indexes and aggregates in one LMDB environment.
///
/// Open it once per process and share it; it is `Sendable`. Writes go through `write`, one atomic transaction per
/// call (batches are many operations in one call); reads through `read`, each a consistent snapshot.
///
/// ```swift
/// let store = try Store.open(at: "/var/lib/shop/clientele")
/// try store.write { w in
///     _ = try w.record(Purchase(customer: "c-1", orderID: "o-1", occurredAt: .now,
///                               amount: Money(minorUnits: 1_250), category: "books"))
/// }
/// let profile = try store.read { r in try r.profile(externalID: "c-1") }
/// ```
public final class Store: Sendable {
    /// The LMDB environment underneath: inside the package only, so the public API names no LMDBKit type (services
    /// use ``storageInfo``, ``sync()``, ``backup(to:compact:)`` and `StoreOptions.environment`).
    package let environment: Environment
    let schema: Schema
    /// The options in force (currency scale and time zone as stored in the store).
    public let options: StoreOptions
    /// Population scores, reused until the next write.
    let scoreCache = ScoreCache()
    private let committer = Locked<GroupCommitter?>(nil)
    /// How many as-of queries took the past path (a re-derivation from the purchases); for tests.
    let pastPathCount = Locked<Int>(0)
    /// Set by `close()`: every later call throws `ClienteleError.storeClosed`.
    let closed = Atomic<Bool>(false)
    /// The threads that run async reads (`read(_:) async`).
    let readerThreads: StoreThreads
    /// The thread that runs async writes (`write(_:) async`); writes are serialized anyway.
    let writerThread = StoreThreads(name: "clientele-w", count: 1)
    /// Wakes change-feed consumers after commits that wrote events.
    let feedNotifier = FeedNotifier()

    /// The directory the store lives in (as given to ``open(at:options:)``).
    public var path: String { environment.path }
    /// The store's currency scale (decimal places of the minor unit).
    public var currencyScale: Int { options.currencyScale }
    /// The store's fixed offset east of UTC in seconds (0 for a store with an IANA `timeZone`: see ``dayCalendar``).
    public var utcOffsetSeconds: Int32 { options.utcOffsetSeconds }
    /// The store's IANA time zone identifier, or `nil` for a store whose days follow a fixed UTC offset.
    public var timeZone: String? { options.timeZone }
    /// How the store maps instants to days (its zone's transition table, or its fixed offset), made once at open.
    public let dayCalendar: DayCalendar

    private init(environment: Environment, schema: Schema, options: StoreOptions, dayCalendar: DayCalendar) {
        self.environment = environment
        self.schema = schema
        self.options = options
        self.dayCalendar = dayCalendar
        self.readerThreads = StoreThreads(name: "clientele-r", count: options.readerThreads)
    }

    /// Opens the store in `path`, creating it when the directory holds none.
    ///
    /// - Throws: `ClienteleError.notAClienteleStore` when the directory holds an LMDB file without Clientele's
    ///   marker (unless `allowForeignFiles`) or of a newer format; `ClienteleError.settingsMismatch` when the options
    ///   set a currency scale or UTC offset other than the stored one (unset, the stored ones are used);
    ///   `ClienteleError.invalidInput` for options out of range; `ClienteleError.storage` otherwise.
    public static func open(at path: String, options: StoreOptions = StoreOptions()) throws -> Store {
        guard (0...9).contains(options.currencyScale) else {
            throw ClienteleError.invalidInput(field: "currency scale", reason: "must be 0...9")
        }
        guard abs(options.utcOffsetSeconds) <= 18 * 3600 else {
            throw ClienteleError.invalidInput(field: "UTC offset", reason: "must be within ±18 hours")
        }
        if let zone = options.timeZone {
            guard options.requestedUTCOffsetSeconds == nil else {
                throw ClienteleError.invalidInput(field: "time zone", reason: "set a time zone or a UTC offset, not both")
            }
            _ = try DayCalendar(timeZoneIdentifier: zone)
        }
        var existed = access(path + "/data.mdb", F_OK) == 0
        let environment = try storage { try Environment.open(path: path, options: options.environment) }
        if existed && !options.allowForeignFiles {
            // Checked before any table is created, so a foreign file is refused unchanged.
            existed = try storage { try isMarked(environment) }
        }
        let schema = try storage { try Schema(environment) }
        var settled = options
        try storage {
            try environment.write { txn in
                try settle(&settled, schema: schema, environment: environment, txn: txn, existed: existed)
                try prepareFeed(schema: schema, txn: txn, options: settled)
            }
        }
        let calendar = try settled.timeZone.map { zone throws(ClienteleError) in try DayCalendar(timeZoneIdentifier: zone) }
            ?? DayCalendar(utcOffsetSeconds: settled.utcOffsetSeconds)
        let store = Store(environment: environment, schema: schema, options: settled, dayCalendar: calendar)
        // An import killed while it deferred order index entries: complete them now (unless it is still running).
        try store.completePendingOrders()
        return store
    }

    /// Opens an existing store; never creates one.
    /// - Throws: `ClienteleError.storeMissing` when `path` holds no store; as `open(at:options:)` otherwise.
    public static func openExisting(at path: String, options: StoreOptions = StoreOptions()) throws -> Store {
        guard access(path + "/data.mdb", F_OK) == 0 else { throw ClienteleError.storeMissing(path: path) }
        return try open(at: path, options: options)
    }

    /// Whether an existing environment is a Clientele store (`true`: it has the format marker) or what a creation
    /// interrupted by a crash leaves (`false`: only Clientele's own tables, all empty, no marker; it is created
    /// again). Anything else is foreign: `ClienteleError.notAClienteleStore`. Only reads.
    private static func isMarked(_ environment: Environment) throws -> Bool {
        let tables = try environment.tableEntryCounts()
        if tables["meta", default: 0] > 0 {
            let meta = try environment.openTable("meta", key: StringKey.self, value: BytesValue.self)
            if try environment.read({ try meta.contains(MetaKey.format.rawValue, in: $0) }) { return true }
        }
        guard tables.allSatisfy({ Schema.tableNames.contains($0.key) && $0.value == 0 }) else {
            throw ClienteleError.notAClienteleStore(
                reason: tables["meta"] == nil ? "no Clientele metadata" : "no Clientele format marker")
        }
        return false
    }

    /// Writes the format marker and settings on first open; checks them on later opens.
    private static func settle(
        _ options: inout StoreOptions, schema: Schema, environment: Environment, txn: WriteTxn, existed: Bool
    ) throws {
        let meta = schema.meta
        func number(_ key: MetaKey) throws -> Int64? { try meta.number(key, in: txn) }
        func store(_ key: MetaKey, _ value: Int64) throws { try meta.setNumber(key, value, in: txn) }
        guard let format = try number(.format) else {
            if existed && !options.allowForeignFiles {
                throw ClienteleError.notAClienteleStore(reason: "no Clientele format marker")
            }
            try store(.format, Int64(Schema.formatVersion))
            try store(.currencyScale, Int64(options.currencyScale))
            try store(.utcOffsetSeconds, Int64(options.utcOffsetSeconds))
            if let zone = options.timeZone { try meta.setBytes(.timeZone, Array(zone.utf8), in: txn) }
            return
        }
        if (1...3).contains(format) {
            if format == 1 { try upgradeViews(schema: schema, txn: txn) }
            if format <= 2 { try dropDayIndex(txn: txn, environment: environment) }
            try compactOrderIndex(schema: schema, environment: environment, txn: txn)
            try renameExternalIDIndex(schema: schema, environment: environment, txn: txn)
            try store(.format, Int64(Schema.formatVersion))
        } else if format != Int64(Schema.formatVersion) {
            throw ClienteleError.notAClienteleStore(reason: "format version \(format) is not supported")
        }
        if let scale = try number(.currencyScale) {
            if let requested = options.requestedCurrencyScale, Int64(requested) != scale {
                throw ClienteleError.settingsMismatch(setting: "currency scale", stored: scale, requested: Int64(requested))
            }
            options.currencyScale = Int(scale)
        }
        let storedZone = try meta.bytes(.timeZone, in: txn).map { String(decoding: $0, as: UTF8.self) }
        if let offset = try number(.utcOffsetSeconds) {
            if let requested = options.requestedUTCOffsetSeconds {
                if let storedZone {
                    throw ClienteleError.timeZoneMismatch(
                        stored: storedZone, requested: DayCalendar(utcOffsetSeconds: requested).description)
                }
                if Int64(requested) != offset {
                    throw ClienteleError.settingsMismatch(setting: "UTC offset", stored: offset, requested: Int64(requested))
                }
            }
            if storedZone == nil { options.utcOffsetSeconds = Int32(clamping: offset) }
        }
        if let requested = options.timeZone, requested != storedZone {
            throw ClienteleError.timeZoneMismatch(
                stored: storedZone ?? DayCalendar(utcOffsetSeconds: options.utcOffsetSeconds).description,
                requested: requested)
        }
        options.timeZone = storedZone
    }

    // MARK: - Transactions

    /// Runs `body` in one atomic write transaction: everything it does is stored together when it returns, and
    /// nothing when it throws. The closure may run again after the map grew: keep it free of outside effects.
    /// - Throws: `ClienteleError` from the operations, or `.storage` when the commit fails;
    ///   `.importInProgress` while a sorted import is writing the store's order index.
    public func write<R>(_ body: (StoreWriter) throws -> R) throws -> R {
        do {
            return try write(defersOrders: false, body)
        } catch ClienteleError.importInProgress {
            // Refused before `body` ran. An import that is no longer running left its order index pending: complete
            // it, then write.
            guard try completePendingOrders() else { throw ClienteleError.importInProgress }
            return try write(defersOrders: false, body)
        }
    }

    /// `write(_:)`, with the order index entries of recorded lines deferred or not (see `DeferredOrders.swift`).
    func write<R>(defersOrders: Bool, _ body: (StoreWriter) throws -> R) throws -> R {
        try checkOpen()
        var appended = false
        let result = try storage {
            try environment.write { txn in
                let writer = try StoreWriter(store: self, txn: txn, defersOrders: defersOrders)
                let result = try body(writer)
                try writer.finish()
                appended = writer.appendedEvents
                return result
            }
        }
        if appended { feedNotifier.signal() }
        return result
    }

    /// Runs `body` on a consistent snapshot of the store.
    /// - Throws: `ClienteleError.corrupted` for a damaged record; `.storage`; whatever `body` throws.
    public func read<R>(_ body: (StoreReader) throws -> R) throws -> R {
        try checkOpen()
        return try storage {
            try environment.read { txn in try body(StoreReader(store: self, txn: txn)) }
        }
    }

    deinit {
        committer.withLock { $0?.stop() }
        readerThreads.stop()
        writerThread.stop()
    }

    /// Records a purchase from concurrent code through group commit: the calls of many tasks are written in one
    /// transaction by a dedicated thread, and each caller resumes only after that transaction has committed (on disk,
    /// in `durable` mode). One caller's bad purchase fails that caller alone.
    ///
    /// ```swift
    /// try await withThrowingTaskGroup(of: RecordOutcome.self) { group in
    ///     for purchase in purchases { group.addTask { try await store.record(purchase) } }
    ///     for try await _ in group {}
    /// }
    /// ```
    /// - Throws: as `StoreWriter.record(_:)`.
    /// Cancellation: a purchase handed to the committer is recorded even when its task is cancelled (its commit may
    /// already be under way); the call then returns the outcome as usual.
    @discardableResult
    public func record(_ purchase: Purchase) async throws -> RecordOutcome {
        try checkOpen()
        return try await groupCommitter().record(purchase)
    }

    /// Upserts the purchase's customer and records the purchase atomically, through group commit (as
    /// `record(_:) async`): both are stored in the same transaction, or neither. `customer.externalID` must equal
    /// `purchase.customer`. The outcome is `.recorded(createdCustomer: true)` when the customer was new to the store.
    ///
    /// ```swift
    /// let (id, outcome) = try await store.record(
    ///     Purchase(customer: "c-1", orderID: "o-9", occurredAt: Date(), amount: Money(minorUnits: 1_999)),
    ///     upserting: CustomerUpdate(externalID: "c-1", email: "ann@example.com"))
    /// ```
    /// - Throws: `ClienteleError.invalidInput(field: "customer_id", …)` when the ids differ; as
    ///   `StoreWriter.upsertCustomer(_:)` and `StoreWriter.record(_:)`; nothing is stored when it throws.
    @discardableResult
    public func record(
        _ purchase: Purchase, upserting customer: CustomerUpdate
    ) async throws -> (customer: CustomerID, outcome: RecordOutcome) {
        guard customer.externalID == purchase.customer else {
            throw ClienteleError.invalidInput(field: "customer_id", reason: "the update and the purchase name different customers")
        }
        try checkOpen()
        return try await groupCommitter().record(purchase, upserting: customer)
    }

    /// Stops the group-commit thread (after the purchases already queued), for `close()`.
    func stopGroupCommit() { committer.withLock { $0?.stop() } }

    private func groupCommitter() -> GroupCommitter {
        committer.withLock { current in
            if let current { return current }
            let made = GroupCommitter(store: self)
            current = made
            return made
        }
    }

    /// `money` written with the store's currency scale: `24.50` at scale 2, `2450` at scale 0.
    public func format(_ money: Money) -> String { money.formatted(scale: currencyScale) }

    /// The day `instant` falls on in the store's time zone.
    public func day(of instant: Instant) -> Day { dayCalendar.day(of: instant) }
}
