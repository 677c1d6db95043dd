import LMDBKit

/// The change feed's entries in the `meta` table.
extension MetaTable {
    /// The feed clock (`Int32.min` before any advance).
    func feedClock(in txn: ReadTxn) throws -> Int32 {
        try number(.feedClockDay, in: txn).map { Int32(clamping: $0) } ?? Int32.min
    }

    /// Where due entries are placed (`DueSchedule`): the clock and the stage of a part-done `advance`.
    func dueSchedule(in txn: ReadTxn) throws -> DueSchedule {
        let clock = try feedClock(in: txn)
        guard let from = try number(.feedStageFrom, in: txn), let to = try number(.feedStageTo, in: txn) else {
            return DueSchedule(clock: clock)
        }
        return DueSchedule(clock: clock, from: Int32(clamping: from), to: Int32(clamping: to))
    }

    /// The quintile boundaries of the last segment sweep (nil: never swept).
    func feedBoundaries(in txn: ReadTxn) throws -> SegmentBoundaries? {
        try bytes(.feedBoundaries, in: txn).map { try SegmentBoundaries(decoding: $0) }
    }
}

/// What a write transaction knows of the feed, read once on first use.
struct FeedWriterState {
    /// Where due entries are: the feed clock and the stage of a part-done `advance`.
    var schedule: DueSchedule
    /// The feed clock.
    var clock: Int32 { schedule.clock }
    var boundaries: SegmentBoundaries?
    var sequence: UInt64
    let initialSequence: UInt64
    let rules: LifecycleRules
    let recordedAt: Instant
}
