/// How a store keeps its lifecycle change feed (see the ChangeFeed article and docs/change-feed.md).
public struct ChangeFeedOptions: Sendable, Hashable {
    /// Keep the feed: events in every write transaction and the due-time index. Default: `true`. With `false`
    /// writes skip the feed entirely (no events); the next open with it enabled rebuilds the baseline (state and
    /// due index) without events for what changed meanwhile.
    public var enabled = true
    /// The status rules events are computed with. Changing them rebuilds the baseline at the next open (no events).
    public var status = StatusRules()
    /// The segment map events are computed with. Changing it rebuilds the baseline at the next open (no events).
    public var segments = SegmentMap.standard
    /// How often (in seconds of the instants passed to `Store.advance(to:)`) `advance` also re-ranks the
    /// population and emits the segment changes other customers' purchases caused (`Store.sweepSegments(at:)`).
    /// Default: 3600. `0` sweeps on every advance; `nil` never (call `sweepSegments(at:)` yourself).
    public var segmentSweepInterval: Int64? = 3600
    /// At most this many due entries are handled per write transaction by `advance(to:)` (a transaction always
    /// ends at a day boundary, so one day's entries may exceed it). Default: 50,000.
    public var advanceBatch = 50_000

    /// The defaults: enabled, standard rules and segments, a sweep per hour of advanced time.
    public init() {}
}
