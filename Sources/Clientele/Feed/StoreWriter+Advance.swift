import LMDBKit

extension StoreWriter {
    /// One batch of `Store.advance(to:)`: the due entries up to `target` (or the clock, when later) — at most
    /// `limit`, extended to the end of the last entry's day — each customer's time-driven changes up to the batch's
    /// last day as events in (day, customer) order, its entry re-placed (`DueSchedule`), and the clock moved to that
    /// day. An entry before its customer's due day (a checkpoint) gives no event, only the move. The first batch of
    /// an advance records its stage (the clock it starts from, `target`); an advance left part done by a crash is
    /// finished up to its own day before a later one begins, so the stage only changes when the clock reached it.
    /// Returns the events and customers handled and whether every due entry up to the target was handled.
    func advanceBatch(to target: Int32, instant: Instant, limit: Int) throws -> (events: Int, customers: Int, done: Bool) {
        try flushCaches()
        guard try placePendingDueEntries(limit: limit) else { return (0, 0, false) }
        let feed = try feed()
        let rules = feed.rules
        var schedule = feed.schedule
        let stage: Int32
        if schedule.clock < schedule.to {
            stage = min(target, schedule.to)
        } else {
            stage = target
            if target > schedule.clock {
                schedule = DueSchedule(clock: schedule.clock, from: schedule.clock, to: target)
                try schema.meta.setNumber(.feedStageFrom, Int64(schedule.from), in: txn)
                try schema.meta.setNumber(.feedStageTo, Int64(schedule.to), in: txn)
            }
        }
        let limitDay = max(schedule.clock, stage)
        var entries: [(day: Int32, id: UInt64)] = []
        var exhausted = true
        let bounds = try schema.feedDue.bounds(to: (limitDay, UInt64.max), upperInclusive: true)
        try schema.feedDue.scanKeys(in: txn, over: bounds) { key in
            if entries.count >= max(limit, 1), let last = entries.last, key.0 != last.day {
                exhausted = false
                return false
            }
            entries.append((key.0, key.1))
            return true
        }
        let batchEnd = exhausted ? limitDay : entries.last?.day ?? limitDay
        // Where the handled customers' entries go: the schedule at the clock this batch leaves.
        let placed = DueSchedule(clock: max(batchEnd, schedule.clock), from: schedule.from, to: schedule.to,
                                 placedBelow: schedule.placedBelow)
        var transitions: [(day: Int32, id: UInt64, from: CustomerStatus, to: CustomerStatus)] = []
        for (day, id) in entries {
            try schema.feedDue.delete((day, id), in: txn, buffer: &scratch)
            guard let stats = try schema.stats.get(id, in: txn, buffer: &scratch), stats.hasPurchases else { continue }
            var current = LifecycleRules.evaluationDay(stats, clock: feed.clock)
            var status = rules.status(stats, on: current)
            var next = rules.nextChange(stats, after: current)
            while let change = next, change <= batchEnd {
                let reached = rules.status(stats, on: change)
                transitions.append((change, id, status, reached))
                (status, current) = (reached, change)
                next = rules.nextChange(stats, after: current)
            }
            // `next` is the due day at the new clock: the first change after the batch's last day.
            if let entry = placed.entryDay(due: next, firstDay: stats.firstDay.rawValue, id: id) {
                try schema.feedDue.put((), for: (entry, id), in: txn, buffer: &scratch)
            }
        }
        transitions.sort { ($0.day, $0.id) < ($1.day, $1.id) }
        for change in transitions {
            var name: String?
            // The start of the day in the store's time zone (local midnight, daylight saving included).
            let instant = store.dayCalendar.firstInstant(of: Day(rawValue: change.day))
            try appendEvent(CustomerID(rawValue: change.id), &name, .status, from: change.from.rawValue,
                            to: change.to.rawValue, instant: instant, cause: .time)
        }
        feedState?.schedule = placed
        if batchEnd > feed.clock { try schema.meta.setNumber(.feedClockDay, Int64(batchEnd), in: txn) }
        let done = exhausted && stage == target
        if done {
            let previous = try schema.meta.number(.feedAdvancedTo, in: txn) ?? Int64.min
            if instant.microseconds > previous {
                try schema.meta.setNumber(.feedAdvancedTo, instant.microseconds, in: txn)
            }
        }
        return (transitions.count, entries.count, done)
    }

    /// Places the `feed_due` entries of the customers created since the last `advance` (`DueSchedule.placedBelow`:
    /// their first purchases wrote none), at most `limit` customers, at the day a purchase would have placed them
    /// under the current schedule, in key order. Returns whether every entry is now placed (`feed_due_pending`
    /// removed); when not, the first customer still waiting is stored and the next batch goes on from it.
    /// - Throws: `ClienteleError.corrupted` for a damaged aggregate; `.storage`.
    func placePendingDueEntries(limit: Int) throws -> Bool {
        let feed = try feed()
        let first = feed.schedule.placedBelow
        guard feed.pendingStored, first != .max else { return true }
        var full = feed.schedule
        full.placedBelow = .max
        let (due, resume) = try schema.dueEntries(from: first, limit: limit, schedule: full, rules: feed.rules, in: txn)
        for key in due { try schema.feedDue.put((), for: key, in: txn, buffer: &scratch) }
        if let resume {
            try schema.meta.setNumber(.feedDuePending, Int64(clamping: resume), in: txn)
            feedState?.schedule.placedBelow = resume
            feedState?.pendingStored = true
            return false
        }
        try schema.meta.delete(.feedDuePending, in: txn)
        // Customers this transaction creates after this point wait for the next advance again.
        feedState?.schedule.placedBelow = customerSequence &+ 1
        feedState?.pendingStored = false
        return true
    }

    /// `Store.sweepSegments(at:)` in this transaction: re-ranks every customer, writes a `segment` event (cause
    /// `sweep`) for each whose segment differs from the one the previous boundaries gave, and stores the new
    /// boundaries. Returns the number of events.
    func sweepSegments(at instant: Instant) throws -> Int {
        try flushCaches()
        let feed = try feed()
        let ranked = try SegmentSweep.rank(
            schema, txn, segments: feed.rules.segments, old: feed.boundaries, customerCeiling: customerSequence)
        try appendSweepEvents(ranked.changes, instant: instant)
        if let boundaries = ranked.boundaries {
            try schema.meta.setBytes(.feedBoundaries, boundaries.encoded(), in: txn)
            feedState?.boundaries = boundaries
        }
        try schema.meta.setNumber(.feedSweptAt, instant.microseconds, in: txn)
        return ranked.changes.count
    }
}
