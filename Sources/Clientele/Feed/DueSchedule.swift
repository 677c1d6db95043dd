/// Where a customer's one `feed_due` entry is (docs/change-feed.md, "The due index").
///
/// The entry is not at the customer's next time-driven change (its *due day*) but at the earlier of that day and
/// the customer's next *checkpoint*: checkpoints are the days `d ≡ id (mod checkpointSpacing)`, and the one used is
/// the first after `max(anchor, firstDay)`, where the anchor is the feed clock (refined below while an `advance` is
/// part done). A purchase after the last one moves the due day later but leaves the checkpoint alone (the anchor and
/// the first day do not move), so with the due day past the checkpoint — the usual case, the status rules' first
/// threshold being longer than the spacing — the entry stays where it is: no `feed_due` write at all. `advance`
/// reaching an entry before the due day emits nothing for it and re-places it (at the next checkpoint after the day
/// it advanced to, or at the due day). Every customer is so visited about once per `checkpointSpacing` days of
/// clock, reads and a move within the index, off the purchase path.
///
/// The position is a function of the aggregate, the clock and the stage of `advance`, which the writer knows, so it
/// finds the entry without a read and `verify` recomputes the index exactly. It is stable while the clock moves
/// without reaching it: the first checkpoint after `max(a, f)` that lies after day `b ≥ a` is also the first after
/// `max(b, f)`, and a due day after `b` is the same at either clock.
///
/// An `advance` that needs several transactions (more than `advanceBatch` entries) records its stage: the clock it
/// started from (`from`) and the day it goes to (`to`). A customer whose checkpoint from `from` is already reached
/// (`≤ clock`) has been visited and re-placed at its checkpoint after `to`, so a long advance visits each customer
/// once for its checkpoint, not once per spacing; the others are still at their checkpoint from `from`. Outside an
/// advance (`clock = to`) both give the checkpoint after `max(clock, firstDay)`.
///
/// A customer created since the last `advance` (`id ≥ placedBelow`) has no entry yet: its first purchase writes
/// nothing to `feed_due`, and the next `advance` places the entries of all such customers before it reads the index
/// (`StoreWriter.placePendingDueEntries`), at the same day a purchase would have placed them. A new customer's first
/// purchase, the commonest write of a growing shop, so dirties no `feed_due` page.
struct DueSchedule: Equatable {
    /// The spacing of a customer's checkpoints, in days. Shorter than the standard rules' first threshold after a
    /// purchase (at risk after 90 days), so a repeat purchase leaves the entry at its checkpoint.
    static let checkpointSpacing: Int64 = 32

    /// The feed clock.
    var clock: Int32
    /// The clock the advance in progress started from (the clock when none is in progress).
    var from: Int32
    /// The day the advance in progress goes to (the clock when none is in progress; never before the clock).
    var to: Int32
    /// Customers with this id or a larger one have no entry until the next `advance` places it (`UInt64.max`: every
    /// customer's entry is placed).
    var placedBelow = UInt64.max

    /// The schedule outside an advance.
    init(clock: Int32) {
        (self.clock, from, to) = (clock, clock, clock)
    }

    init(clock: Int32, from: Int32, to: Int32, placedBelow: UInt64 = .max) {
        self.clock = clock
        self.from = min(from, clock)
        self.to = max(to, clock)
        self.placedBelow = placedBelow
    }

    /// The first checkpoint of customer `id` after `day` (nil past the last representable day).
    static func checkpoint(after day: Int32, id: UInt64) -> Int32? {
        let spacing = checkpointSpacing
        let phase = Int64(id % UInt64(spacing))
        let start = Int64(day) + 1
        let next = start + ((phase - start) % spacing + spacing) % spacing
        return next <= Int64(Int32.max) ? Int32(next) : nil
    }

    /// The customer's checkpoint under this schedule (nil: none representable).
    func checkpoint(id: UInt64, firstDay: Int32) -> Int32? {
        if let early = Self.checkpoint(after: max(from, firstDay), id: id), early > clock { return early }
        return Self.checkpoint(after: max(to, firstDay), id: id)
    }

    /// The day of the customer's entry, given its due day (`LifecycleRules.due` at this clock; nil: no entry).
    func entryDay(due: Int32?, firstDay: Int32, id: UInt64) -> Int32? {
        guard let due else { return nil }
        guard let checkpoint = checkpoint(id: id, firstDay: firstDay) else { return due }
        return min(due, checkpoint)
    }

    /// The day of the entry of a customer with aggregate `stats` (nil: none, no next change, no purchases, or not
    /// placed yet: `id ≥ placedBelow`).
    func entryDay(_ stats: CustomerStats?, id: UInt64, rules: LifecycleRules) -> Int32? {
        guard let stats, id < placedBelow else { return nil }
        return entryDay(due: rules.due(stats, clock: clock), firstDay: stats.firstDay.rawValue, id: id)
    }
}
