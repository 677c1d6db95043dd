import LMDBKit

/// The change feed's entries in the `meta` table.
extension MetaTable {
    /// The feed clock (`Int32.min` before any advance).
    func feedClock(in txn: ReadTxn) throws -> Int32 {
        try number(.feedClockDay, in: txn).map { Int32(clamping: $0) } ?? Int32.min
    }

    /// The quintile boundaries of the last segment sweep (nil: never swept).
    func feedBoundaries(in txn: ReadTxn) throws -> SegmentBoundaries? {
        try bytes(.feedBoundaries, in: txn).map { try SegmentBoundaries(decoding: $0) }
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
