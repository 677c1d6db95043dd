import LMDBKit

extension Store {
    /// Builds the change feed's baseline when the store has none that matches the rules: on the first open of a
    /// store created before the feed existed, after writes made with the feed disabled, and when the rules changed.
    /// The due index is rebuilt from every aggregate at the stored clock and the population is ranked once (the
    /// boundaries later purchases are scored against); no events are written for the baseline. A baseline of the
    /// previous version (an exact due index, version 1) with the same rules gets its due index rebuilt in the
    /// checkpointed form (`DueSchedule`) and keeps its boundaries. Runs inside the open's write transaction, so a
    /// crash leaves no half-built baseline (the next open builds it again).
    /// - Throws: `ClienteleError.corrupted` for a damaged record; `.storage`.
    static func prepareFeed(schema: Schema, txn: WriteTxn, options: StoreOptions) throws {
        guard options.changeFeed.enabled else { return }
        let rules = LifecycleRules(status: options.changeFeed.status, segments: options.changeFeed.segments)
        let fingerprint = rules.fingerprint
        let version = try schema.meta.number(.feedVersion, in: txn)
        let sameRules = try version != nil && schema.meta.bytes(.feedRules, in: txn) == fingerprint
        if version == feedVersion, sameRules { return }
        try rebuildDueIndex(schema: schema, txn: txn, rules: rules)
        if !sameRules {
            let ceiling = try schema.meta.counter(.customerSequence, in: txn)
            let ranked = try SegmentSweep.rank(schema, txn, segments: rules.segments, old: nil, customerCeiling: ceiling)
            if let boundaries = ranked.boundaries {
                try schema.meta.setBytes(.feedBoundaries, boundaries.encoded(), in: txn)
            } else {
                try schema.meta.delete(.feedBoundaries, in: txn)
            }
            try schema.meta.setBytes(.feedRules, fingerprint, in: txn)
        }
        try schema.meta.setNumber(.feedVersion, feedVersion, in: txn)
    }

    /// The version of the feed's baseline `prepareFeed` writes: 2, the checkpointed due index.
    static let feedVersion: Int64 = 2

    /// Refills `feed_due` from every aggregate at the stored clock, outside any advance (the stage is cleared: the
    /// entries are placed as after a finished one).
    private static func rebuildDueIndex(schema: Schema, txn: WriteTxn, rules: LifecycleRules) throws {
        try schema.feedDue.removeAll(in: txn)
        try schema.meta.delete(.feedStageFrom, in: txn)
        try schema.meta.delete(.feedStageTo, in: txn)
        try schema.meta.delete(.feedDuePending, in: txn)
        let schedule = DueSchedule(clock: try schema.meta.feedClock(in: txn))
        let due = try schema.dueEntries(schedule: schedule, rules: rules, in: txn).entries
        var scratch: [UInt8] = []
        for key in due { try schema.feedDue.put((), for: key, flags: .append, in: txn, buffer: &scratch) }
    }
}
