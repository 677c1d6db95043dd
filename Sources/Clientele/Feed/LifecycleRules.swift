/// A customer's lifecycle state as the change feed records it: its status and its segment (nil before the first
/// segment sweep).
struct LifecycleState: Equatable {
    var status: CustomerStatus
    var segment: String?
}

/// The quintile boundaries of one segment sweep: per axis, the view key `(value, customer)` at which each score
/// above 1 starts (as `ScoreSnapshot.boundaries`). Between sweeps a customer's segment is its scores against them.
struct SegmentBoundaries: Equatable {
    var recency: [ViewKey]
    var frequency: [ViewKey]
    var monetary: [ViewKey]

    struct ViewKey: Equatable, Comparable {
        var value: Int64
        var id: UInt64
        static func < (a: ViewKey, b: ViewKey) -> Bool { (a.value, a.id) < (b.value, b.id) }
    }

    static func score(_ marks: [ViewKey], _ key: ViewKey) -> Int {
        var score = 1
        for mark in marks where mark <= key { score += 1 }
        return min(score, 5)
    }

    func scores(_ stats: CustomerStats, id: UInt64) -> RFMScores? {
        guard let views = OrderedViews(stats) else { return nil }
        return RFMScores(
            recency: Self.score(recency, ViewKey(value: views.recency, id: id)),
            frequency: Self.score(frequency, ViewKey(value: views.frequency, id: id)),
            monetary: Self.score(monetary, ViewKey(value: views.monetary, id: id)))
    }

    /// Stored form: three counts then (value, id) pairs, big-endian.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        for axis in [recency, frequency, monetary] {
            bytes.append(UInt8(axis.count))
            for mark in axis {
                withUnsafeBytes(of: UInt64(bitPattern: mark.value).bigEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: mark.id.bigEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// - Throws: `ClienteleError.corrupted` for bytes `encoded()` cannot have written.
    init(decoding bytes: [UInt8]) throws {
        var axes: [[ViewKey]] = []
        var at = 0
        func word() throws -> UInt64 {
            guard at + 8 <= bytes.count else {
                throw ClienteleError.corrupted(table: "meta", reason: "truncated feed boundaries")
            }
            var value: UInt64 = 0
            for byte in bytes[at..<at + 8] { value = value << 8 | UInt64(byte) }
            at += 8
            return value
        }
        for _ in 0..<3 {
            guard at < bytes.count, bytes[at] <= 4 else {
                throw ClienteleError.corrupted(table: "meta", reason: "bad feed boundaries")
            }
            let count = Int(bytes[at])
            at += 1
            var marks: [ViewKey] = []
            for _ in 0..<count { marks.append(ViewKey(value: Int64(bitPattern: try word()), id: try word())) }
            axes.append(marks)
        }
        guard at == bytes.count else { throw ClienteleError.corrupted(table: "meta", reason: "bad feed boundaries") }
        recency = axes[0]
        frequency = axes[1]
        monetary = axes[2]
    }

    init(recency: [ViewKey], frequency: [ViewKey], monetary: [ViewKey]) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }
}

/// The pure functions of the feed: a customer's state from its aggregate, the feed clock and the last sweep's
/// boundaries, and the day its status next changes with no purchase.
struct LifecycleRules {
    let status: StatusRules
    let segments: SegmentMap

    /// The day the status is evaluated on: the feed clock, or the last purchase day when that is later.
    static func evaluationDay(_ stats: CustomerStats, clock: Int32) -> Int32 { max(clock, stats.lastDay.rawValue) }

    func status(_ stats: CustomerStats, on day: Int32) -> CustomerStatus {
        let figures = CustomerRFM.figures(stats, asOfDay: Day(rawValue: day))
        return status.status(daysSinceLast: figures.daysSince, daysSinceFirst: figures.daysFirst,
                             occasions: Int(stats.occasions), usualGapDays: figures.meanGap)
    }

    /// The recorded state of a customer (nil without purchases).
    func state(_ stats: CustomerStats?, id: UInt64, clock: Int32, boundaries: SegmentBoundaries?) -> LifecycleState? {
        guard let stats, stats.hasPurchases else { return nil }
        let status = status(stats, on: Self.evaluationDay(stats, clock: clock))
        let segment = boundaries.flatMap { $0.scores(stats, id: id) }.map { segments.segment(for: $0) }
        return LifecycleState(status: status, segment: segment)
    }

    /// The first day after `after` on which the status differs from the status on `after` (nil: it never changes
    /// without a purchase, as `lost`). The status changes only on the day after a threshold is passed, so only those
    /// days are tried.
    func nextChange(_ stats: CustomerStats, after: Int32) -> Int32? {
        guard stats.hasPurchases else { return nil }
        let current = status(stats, on: after)
        let figures = CustomerRFM.figures(stats, asOfDay: Day(rawValue: after))
        let gap = figures.meanGap ?? 0
        let last = Int(stats.lastDay.rawValue)
        func past(_ threshold: Double) -> Int? {
            guard threshold.isFinite, threshold < 1e9 else { return nil }
            return last + Int(threshold.rounded(.down)) + 1
        }
        var candidates = [
            past(Double(status.lostAfterDays)),
            past(max(Double(status.lapsedAfterDays), status.lapsedGapMultiple * gap)),
            past(max(Double(status.atRiskAfterDays), status.atRiskGapMultiple * gap)),
        ].compactMap { $0 }
        if stats.occasions <= 1 { candidates.append(Int(stats.firstDay.rawValue) + status.newWithinDays + 1) }
        for day in candidates.sorted() where day > Int(after) && day <= Int(Int32.max) {
            if status(stats, on: Int32(day)) != current { return Int32(day) }
        }
        return nil
    }

    /// The due entry of a customer: its next time-driven change after the evaluation day.
    func due(_ stats: CustomerStats?, clock: Int32) -> Int32? {
        guard let stats, stats.hasPurchases else { return nil }
        return nextChange(stats, after: Self.evaluationDay(stats, clock: clock))
    }

    /// A fingerprint of the rules, stored with the feed: another one at open rebuilds the baseline.
    var fingerprint: [UInt8] {
        var text = "status:\(status.newWithinDays),\(status.atRiskAfterDays),\(status.atRiskGapMultiple),"
        text += "\(status.lapsedAfterDays),\(status.lapsedGapMultiple),\(status.lostAfterDays);"
        for rule in segments.rules {
            text += "\(rule.name.utf8.count):\(rule.name)=\(rule.recency),\(rule.frequency),\(rule.monetary);"
        }
        text += "fallback:\(segments.fallback)"
        return Array(text.utf8)
    }
}
