import LMDBKit

extension StoreWriter {
    /// The feed state of this transaction, read from `meta` on first use.
    func feed() throws -> FeedWriterState {
        if let feed = feedState { return feed }
        let sequence = try schema.meta.counter(.feedSequence, in: txn)
        let options = store.options.changeFeed
        var schedule = try schema.meta.dueSchedule(in: txn)
        // Customers this transaction creates get their first due entry from the next `advance` (`DueSchedule`).
        let pendingStored = schedule.placedBelow != .max
        if !pendingStored { schedule.placedBelow = initialCustomerSequence &+ 1 }
        let made = FeedWriterState(
            schedule: schedule, pendingStored: pendingStored, boundaries: try schema.meta.feedBoundaries(in: txn),
            sequence: sequence, initialSequence: sequence,
            rules: LifecycleRules(status: options.status, segments: options.segments), recordedAt: .now)
        feedState = made
        return made
    }

    /// Whether this transaction wrote events (the store then wakes waiting consumers after the commit).
    var appendedEvents: Bool { feedState.map { $0.sequence != $0.initialSequence } ?? false }

    /// Stores the event counter, and the first customer whose due entry waits for `advance` when this transaction
    /// created customers; called by `finish()`.
    func finishFeed() throws {
        guard let feed = feedState else { return }
        if feed.sequence != feed.initialSequence { try schema.meta.setCounter(.feedSequence, feed.sequence, in: txn) }
        if !feed.pendingStored, feed.schedule.placedBelow != .max, customerSequence >= feed.schedule.placedBelow {
            try schema.meta.setNumber(.feedDuePending, Int64(clamping: feed.schedule.placedBelow), in: txn)
        }
    }

    /// The feed's part of an aggregate change (`old` is what LMDB held, `new` what it holds now; nil: none): an
    /// event per changed part of the state (status, segment; `erased` when `new` is nil after an erasure) and the
    /// due entry moved when its day (`DueSchedule.entryDay`) changed. With the feed disabled it marks the feed stale
    /// instead (rebuilt at the next open).
    func feedChange(
        _ id: CustomerID, old: CustomerStats?, new: CustomerStats?, externalID: String?, cause: ChangeEvent.Cause,
        instant: Instant
    ) throws {
        guard store.options.changeFeed.enabled else {
            if !feedMarkedStale {
                try schema.meta.delete(.feedVersion, in: txn)
                feedMarkedStale = true
            }
            return
        }
        let feed = try feed()
        let rules = feed.rules
        let raw = id.rawValue
        let before = rules.state(old, id: raw, clock: feed.clock, boundaries: feed.boundaries)
        let after = rules.state(new, id: raw, clock: feed.clock, boundaries: feed.boundaries)
        // The entry is at the earlier of the due day and the customer's checkpoint (`DueSchedule`), both known from
        // the aggregates: a purchase after the last one usually moves only the due day, past the checkpoint, and
        // leaves the entry where it is.
        let oldEntry = feed.schedule.entryDay(old, id: raw, rules: rules)
        let newEntry = feed.schedule.entryDay(new, id: raw, rules: rules)
        if oldEntry != newEntry {
            if let oldEntry { try schema.feedDue.delete((oldEntry, raw), in: txn, buffer: &scratch) }
            if let newEntry { try schema.feedDue.put((), for: (newEntry, raw), in: txn, buffer: &scratch) }
        }
        guard before != after else { return }
        var name = externalID
        if cause == .erasure || new == nil {
            // The right to be forgotten: the customer's retained events lose its external id, and the erasure event
            // names it only by its internal number.
            try redactEvents(of: id)
            guard let before else { return }
            var redacted: String? = ""
            try appendEvent(id, &redacted, .erased, from: before.status.rawValue, to: nil, instant: instant,
                            cause: cause)
            return
        }
        if before?.status != after?.status {
            try appendEvent(id, &name, .status, from: before?.status.rawValue, to: after?.status.rawValue,
                            instant: instant, cause: cause)
        }
        if before?.segment != after?.segment {
            try appendEvent(id, &name, .segment, from: before?.segment, to: after?.segment,
                            instant: instant, cause: cause)
        }
    }

    /// Rewrites the customer's retained events with an empty external id (one pass over the outbox: erasures are
    /// rare and the outbox is kept short by pruning).
    func redactEvents(of id: CustomerID) throws {
        var found: [(UInt64, ChangeEvent)] = []
        try schema.feedEvents.scan(in: txn) { offset, event in
            if event.id == id, !event.externalID.isEmpty { found.append((offset, event)) }
            return true
        }
        for (offset, event) in found {
            var event = event
            event.externalID = ""
            try schema.feedEvents.put(event, for: offset, in: txn, buffer: &scratch)
        }
    }

    /// Appends a sweep's segment events (cause `sweep`), one per change, in ascending customer order as
    /// `SegmentSweep.rank` lists them: the external ids come through one cursor (a merge join, not a search per
    /// event), the do-not-contact marks through another (none at all when no customer is marked), and the offsets
    /// are taken together.
    /// - Throws: `ClienteleError.invalidInput` when the offsets would run out; `.corrupted` for a missing or damaged
    ///   customer record; `.storage`.
    func appendSweepEvents(_ changes: [SegmentSweep.Change], instant: Instant) throws {
        guard !changes.isEmpty else { return }
        let recordedAt = try feed().recordedAt
        guard var sequence = feedState?.sequence, UInt64.max - sequence >= UInt64(changes.count) else {
            throw ClienteleError.invalidInput(field: "change feed", reason: "event offsets exhausted")
        }
        let schema = self.schema
        let (txn, events) = (self.txn, schema.feedEvents)
        let marked = try schema.doNotContact.count(in: txn) > 0
        var buffer: [UInt8] = []
        swap(&buffer, &scratch)
        defer { swap(&buffer, &scratch) }
        try schema.customers.withLookups(in: txn) { customers in
            try schema.doNotContact.withLookups(in: txn) { doNotContact in
                for change in changes {
                    guard let externalID = try customers.withRawValue(for: change.id, { try CustomerCodec.externalID($0) })
                    else { throw ClienteleError.corrupted(table: "stats", reason: "aggregate of a missing customer") }
                    sequence += 1
                    let event = ChangeEvent(
                        offset: sequence, externalID: externalID, id: CustomerID(rawValue: change.id), kind: .segment,
                        from: change.from, to: change.to, instant: instant, cause: .sweep,
                        doNotContact: try marked && doNotContact.contains(change.id), recordedAt: recordedAt)
                    try events.put(event, for: sequence, flags: .append, in: txn, buffer: &buffer)
                }
            }
        }
        feedState?.sequence = sequence
    }

    /// Appends one event at the next offset (the external id is looked up once when not known).
    func appendEvent(
        _ id: CustomerID, _ name: inout String?, _ kind: ChangeEvent.Kind, from: String?, to: String?,
        instant: Instant, cause: ChangeEvent.Cause
    ) throws {
        var feed = try feed()
        guard feed.sequence < UInt64.max else {
            throw ClienteleError.invalidInput(field: "change feed", reason: "event offsets exhausted")
        }
        let externalID = try name ?? schema.externalIDOfAggregate(id.rawValue, in: txn)
        name = externalID
        feed.sequence += 1
        let event = ChangeEvent(
            offset: feed.sequence, externalID: externalID, id: id, kind: kind, from: from, to: to, instant: instant,
            cause: cause, doNotContact: try schema.doNotContact.contains(id.rawValue, in: txn),
            recordedAt: feed.recordedAt)
        feedState = feed
        try schema.feedEvents.put(event, for: feed.sequence, flags: .append, in: txn, buffer: &scratch)
    }
}
