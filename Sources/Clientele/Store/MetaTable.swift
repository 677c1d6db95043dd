import LMDBKit

/// Every key of the `meta` table, in one place (docs/storage.md lists them with their encodings).
enum MetaKey: String, CaseIterable, Sendable {
    /// The store format version (`Schema.formatVersion`), an `Int64`; its presence marks a Clientele store.
    case format
    /// Decimal places of the currency's minor unit, an `Int64`, fixed at creation.
    case currencyScale = "currency_scale"
    /// The business time zone as a fixed offset east of UTC in seconds, an `Int64`, fixed at creation.
    case utcOffsetSeconds = "utc_offset_seconds"
    /// The business time zone as an IANA identifier (UTF-8), fixed at creation; absent in fixed-offset stores.
    case timeZone = "time_zone"
    /// The last customer id handed out, a `UInt64` counter.
    case customerSequence = "customer_seq"
    /// The last purchase sequence number handed out, a `UInt64` counter.
    case purchaseSequence = "purchase_seq"
    /// The last category id handed out, a `UInt64` counter.
    case categorySequence = "category_seq"
    /// The saved purchase model, JSON.
    case purchaseModel = "purchase_model"

    // The change feed's keys (docs/change-feed.md).
    /// Present while the feed's due index and baseline match the store (removed by a write with the feed disabled),
    /// an `Int64`: 2 for the checkpointed due index (`DueSchedule`), 1 for the exact one before it.
    case feedVersion = "feed_version"
    /// The fingerprint of the rules the baseline was built with (`LifecycleRules.fingerprint`), bytes.
    case feedRules = "feed_rules"
    /// The feed clock: the day statuses are evaluated on, an `Int64` (absent: before any `advance`).
    case feedClockDay = "feed_clock_day"
    /// The largest instant `advance(to:)` completed, an `Int64` of µs.
    case feedAdvancedTo = "feed_advanced_to"
    /// The advance in progress (`DueSchedule`): the clock it started from, an `Int64` day (absent: none begun).
    case feedStageFrom = "feed_stage_from"
    /// The advance in progress (`DueSchedule`): the day it goes to, an `Int64` (absent: none begun).
    case feedStageTo = "feed_stage_to"
    /// The first customer id whose `feed_due` entry waits for the next `advance` (`DueSchedule.placedBelow`), an
    /// `Int64` (absent: every entry is placed).
    case feedDuePending = "feed_due_pending"
    /// The quintile boundaries of the last segment sweep (`SegmentBoundaries.encoded()`; absent: never swept).
    case feedBoundaries = "feed_boundaries"
    /// The instant passed to the last segment sweep, an `Int64` of µs.
    case feedSweptAt = "feed_swept_at"
    /// The offset of the last event written, a `UInt64` counter.
    case feedSequence = "feed_seq"
    /// Present while a sorted import defers the `purchase_by_order` entries of its lines (`Store.write(deferringOrdersTo:_:)`): the
    /// purchase sequence before its first line, an `Int64`; lines with a larger sequence may lack their entry.
    case pendingOrders = "pending_orders"
}

/// Typed access to the `meta` table: counters (`UInt64`), settings (`Int64`) and opaque values, each read and written
/// through one accessor by its `MetaKey`.
struct MetaTable: Sendable {
    let table: Table<StringKey, BytesValue>

    /// A counter; 0 when it was never written.
    /// - Throws: `ClienteleError.corrupted` when the stored value is not a counter; `.storage`.
    func counter(_ key: MetaKey, in txn: ReadTxn) throws -> UInt64 {
        try decoded(key, in: txn) { try UInt64Value.decode($0) } ?? 0
    }

    /// Stores a counter.
    func setCounter(_ key: MetaKey, _ value: UInt64, in txn: WriteTxn) throws {
        var bytes: [UInt8] = []
        UInt64Value.encode(value, into: &bytes)
        try table.put(bytes, for: key.rawValue, in: txn)
    }

    /// A setting; nil when it was never written.
    /// - Throws: `ClienteleError.corrupted` when the stored value is not a number; `.storage`.
    func number(_ key: MetaKey, in txn: ReadTxn) throws -> Int64? {
        try decoded(key, in: txn) { try Int64Value.decode($0) }
    }

    /// Stores a setting.
    func setNumber(_ key: MetaKey, _ value: Int64, in txn: WriteTxn) throws {
        var bytes: [UInt8] = []
        Int64Value.encode(value, into: &bytes)
        try table.put(bytes, for: key.rawValue, in: txn)
    }

    /// An opaque value (the saved model); nil when absent.
    func bytes(_ key: MetaKey, in txn: ReadTxn) throws -> [UInt8]? {
        try table.get(key.rawValue, in: txn)
    }

    /// Stores an opaque value.
    func setBytes(_ key: MetaKey, _ bytes: [UInt8], in txn: WriteTxn) throws {
        try table.put(bytes, for: key.rawValue, in: txn)
    }

    /// Whether the key is stored.
    func contains(_ key: MetaKey, in txn: ReadTxn) throws -> Bool {
        try table.contains(key.rawValue, in: txn)
    }

    /// Removes the key (nothing when it is absent).
    func delete(_ key: MetaKey, in txn: WriteTxn) throws {
        _ = try table.delete(key.rawValue, in: txn)
    }

    private func decoded<T>(_ key: MetaKey, in txn: ReadTxn, _ decode: (UnsafeRawBufferPointer) throws -> T) throws -> T? {
        guard let bytes = try table.get(key.rawValue, in: txn) else { return nil }
        do { return try bytes.withUnsafeBytes(decode) } catch {
            throw ClienteleError.corrupted(table: "meta", reason: "\(key.rawValue) cannot be decoded")
        }
    }
}
