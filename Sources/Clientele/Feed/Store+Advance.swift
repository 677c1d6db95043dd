/// What `Store.advance(to:)` did.
public struct AdvanceSummary: Sendable, Hashable, Codable {
    /// Time-driven status events written.
    public var statusEvents = 0
    /// Due entries handled (customers re-evaluated).
    public var customers = 0
    /// Write transactions used.
    public var transactions = 0
    /// Segment events written by the sweep `advance` ran (nil: no sweep was due).
    public var sweepEvents: Int?
    /// The feed clock afterwards: the day statuses are now evaluated on.
    public var clock: Day?

    /// An empty summary.
    public init() {}
}

extension Store {
    /// Moves the change feed's clock to the day of `instant`: every customer whose status changes by then with no
    /// purchase (active → at risk → lapsed → lost, new → active) gets its `status` events (cause `time`, instant the
    /// start of the day it changed, one event per step), and its due entry re-placed (`DueSchedule`: customers at
    /// their checkpoint are visited too, with no event). It first places the due entries of the customers created since
    /// the last call, which their first purchases left to it. Work goes in write transactions of at most
    /// `ChangeFeedOptions.advanceBatch` due entries, each ending at a day boundary and storing the clock, so a crash
    /// loses nothing and the next call resumes; calling it again with the same or an earlier instant does nothing
    /// more. When `ChangeFeedOptions.segmentSweepInterval` has passed since the last sweep (in the instants
    /// given), it then runs `sweepSegments(at: instant)`.
    ///
    /// ```swift
    /// // e.g. once a minute in a service:
    /// try await store.advance(to: .now)
    /// ```
    /// - Throws: `ClienteleError.invalidInput` when the feed is disabled; `.storeClosed`; `.corrupted`; `.storage`.
    @discardableResult
    public func advance(to instant: Instant) throws -> AdvanceSummary {
        try requireFeed()
        let target = day(of: instant).rawValue
        var summary = AdvanceSummary()
        let limit = options.changeFeed.advanceBatch
        while true {
            let batch = try write { w in try w.advanceBatch(to: target, instant: instant, limit: limit) }
            summary.statusEvents += batch.events
            summary.customers += batch.customers
            summary.transactions += 1
            if batch.done { break }
        }
        let (clock, sweptAt) = try read { r in
            (try schema.meta.number(.feedClockDay, in: r.txn), try schema.meta.number(.feedSweptAt, in: r.txn))
        }
        summary.clock = clock.map { Day(rawValue: Int32(clamping: $0)) }
        if let interval = options.changeFeed.segmentSweepInterval {
            let (elapsed, overflow) = instant.microseconds.subtractingReportingOverflow(sweptAt ?? Int64.min)
            if sweptAt == nil || overflow || elapsed >= interval &* 1_000_000 {
                summary.sweepEvents = try sweepSegments(at: instant)
            }
        }
        return summary
    }

    /// Re-ranks the whole population in one write transaction and writes a `segment` event (cause `sweep`,
    /// instant `instant`) for every customer whose segment moved since the last sweep without a purchase of its own
    /// (relative quintiles move when others buy). Until the next sweep, a customer's segment after its own purchase
    /// is scored against this sweep's quintile boundaries. Returns the number of events.
    /// - Throws: `ClienteleError.invalidInput` when the feed is disabled; `.storeClosed`; `.corrupted`; `.storage`.
    @discardableResult
    public func sweepSegments(at instant: Instant = .now) throws -> Int {
        try requireFeed()
        return try write { w in try w.sweepSegments(at: instant) }
    }

    /// `advance(to:)` on the store's writer thread.
    @discardableResult
    public func advance(to instant: Instant) async throws -> AdvanceSummary {
        try await StoreJob.run(on: writerThread) { try self.advance(to: instant) }
    }

    /// `sweepSegments(at:)` on the store's writer thread.
    @discardableResult
    public func sweepSegments(at instant: Instant = .now) async throws -> Int {
        try await StoreJob.run(on: writerThread) { try self.sweepSegments(at: instant) }
    }

    func requireFeed() throws {
        try checkOpen()
        guard options.changeFeed.enabled else {
            throw ClienteleError.invalidInput(field: "change feed", reason: "is disabled in the store options")
        }
    }
}
