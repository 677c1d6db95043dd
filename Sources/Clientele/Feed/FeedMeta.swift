import LMDBKit

/// The change feed's entries in the `meta` table.
extension MetaTable {
    /// The feed clock (`Int32.min` before any advance).
    func feedClock(in txn: ReadTxn) throws -> Int32 {
        try number(.feedClockDay, in: txn).map { Int32(clamping: $0) } ?? Int32.min
    }

    /// Where due entries are placed (`DueSchedule`): the clock, the stage of a part-done `advance` and the first
    /// customer whose entry waits for the next `advance` (`feed_due_pending`; absent: every entry is placed).
    func dueSchedule(in txn: ReadTxn) throws -> DueSchedule {
        let clock = try feedClock(in: txn)
        let placedBelow = try number(.feedDuePending, in: txn).map { UInt64(clamping: $0) } ?? .max
        guard let from = try number(.feedStageFrom, in: txn), let to = try number(.feedStageTo, in: txn) else {
            return DueSchedule(clock: clock, from: clock, to: clock, placedBelow: placedBelow)
        }
        return DueSchedule(clock: clock, from: Int32(clamping: from), to: Int32(clamping: to), placedBelow: placedBelow)
    }

    /// The quintile boundaries of the last segment sweep (nil: never swept).
    func feedBoundaries(in txn: ReadTxn) throws -> SegmentBoundaries? {
        try bytes(.feedBoundaries, in: txn).map { try SegmentBoundaries(decoding: $0) }
    }
}

extension Schema {
    /// The `feed_due` entries of the customers from id `first` on, in (day, customer) order, as `schedule` places
    /// them: at most `limit` customers with an aggregate are visited, and `resume` is the first one not visited
    /// (nil: none left). The one computation behind rebuilding the index and placing new customers' entries.
    /// - Throws: `LMDBError.decoding` for a damaged aggregate; LMDB errors.
    func dueEntries(
        from first: UInt64 = 0, limit: Int = .max, schedule: DueSchedule, rules: LifecycleRules, in txn: ReadTxn
    ) throws -> (entries: [(Int32, UInt64)], resume: UInt64?) {
        var entries: [(Int32, UInt64)] = []
        var visited = 0
        var resume: UInt64?
        try stats.scan(in: txn, over: try stats.bounds(from: first)) { id, stats in
            if visited >= max(limit, 1) {
                resume = id
                return false
            }
            visited += 1
            if let day = schedule.entryDay(stats, id: id, rules: rules) { entries.append((day, id)) }
            return true
        }
        entries.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return (entries, resume)
    }
}

/// What a write transaction knows of the feed, read once on first use.
struct FeedWriterState {
    /// Where due entries are: the feed clock and the stage of a part-done `advance`.
    var schedule: DueSchedule
    /// Whether `schedule.placedBelow` is stored in `meta` (else it is this transaction's first new customer, stored
    /// by `finishFeed` when the transaction created one).
    var pendingStored: Bool
    /// The feed clock.
    var clock: Int32 { schedule.clock }
    var boundaries: SegmentBoundaries?
    var sequence: UInt64
    let initialSequence: UInt64
    let rules: LifecycleRules
    let recordedAt: Instant
}
