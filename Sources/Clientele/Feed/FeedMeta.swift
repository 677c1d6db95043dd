import LMDBKit

/// The change feed's entries in the `meta` table.
enum FeedMeta {
    /// Present while the feed's due index and baseline match the store (removed by a write with the feed disabled).
    static let version = "feed_version"
    /// The fingerprint of the rules the baseline was built with (`LifecycleRules.fingerprint`).
    static let rules = "feed_rules"
    /// The feed clock: the day statuses are evaluated on (Int64; absent: before any `advance`).
    static let clockDay = "feed_clock_day"
    /// The largest instant `advance(to:)` completed (Int64 µs).
    static let advancedTo = "feed_advanced_to"
    /// The quintile boundaries of the last segment sweep (`SegmentBoundaries.encoded()`; absent: never swept).
    static let boundaries = "feed_boundaries"
    /// The instant passed to the last segment sweep (Int64 µs).
    static let sweptAt = "feed_swept_at"
    /// The offset of the last event written (UInt64).
    static let sequence = "feed_seq"

    static func int64(_ key: String, _ schema: Schema, _ txn: ReadTxn) throws -> Int64? {
        try schema.meta.get(key, in: txn).map { bytes in try bytes.withUnsafeBytes { try Int64Value.decode($0) } }
    }

    static func putInt64(_ key: String, _ value: Int64, _ schema: Schema, _ txn: WriteTxn) throws {
        var bytes: [UInt8] = []
        Int64Value.encode(value, into: &bytes)
        try schema.meta.put(bytes, for: key, in: txn)
    }

    static func uint64(_ key: String, _ schema: Schema, _ txn: ReadTxn) throws -> UInt64? {
        try schema.meta.get(key, in: txn).map { bytes in try bytes.withUnsafeBytes { try UInt64Value.decode($0) } }
    }

    static func putUInt64(_ key: String, _ value: UInt64, _ schema: Schema, _ txn: WriteTxn) throws {
        var bytes: [UInt8] = []
        UInt64Value.encode(value, into: &bytes)
        try schema.meta.put(bytes, for: key, in: txn)
    }

    /// The feed clock (`Int32.min` before any advance).
    static func clock(_ schema: Schema, _ txn: ReadTxn) throws -> Int32 {
        try int64(clockDay, schema, txn).map { Int32(clamping: $0) } ?? Int32.min
    }

    static func storedBoundaries(_ schema: Schema, _ txn: ReadTxn) throws -> SegmentBoundaries? {
        try schema.meta.get(boundaries, in: txn).map { try SegmentBoundaries(decoding: $0) }
    }
}

/// What a write transaction knows of the feed, read once on first use.
struct FeedWriterState {
    var clock: Int32
    var boundaries: SegmentBoundaries?
    var sequence: UInt64
    let initialSequence: UInt64
    let rules: LifecycleRules
    let recordedAt: Instant
}
