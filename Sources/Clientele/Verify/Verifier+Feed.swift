import LMDBKit

extension Verifier {
    /// The change feed's invariants (when the feed is enabled and its baseline is current): the due index holds
    /// exactly one entry per customer with a next time-driven change, at the day `DueSchedule` gives for its
    /// aggregate at the feed clock (the earlier of that change and its checkpoint); every event
    /// decodes and its offset is at most the counter; per customer, each retained event starts where the previous
    /// one ended, and the newest retained one ends in the state recomputed now (or `erased` for a customer that no
    /// longer exists).
    mutating func checkFeed() throws {
        let options = store.options.changeFeed
        guard options.enabled, try schema.meta.contains(.feedVersion, in: txn) else { return }
        let rules = LifecycleRules(status: options.status, segments: options.segments)
        let schedule = try schema.meta.dueSchedule(in: txn)
        let clock = schedule.clock
        let boundaries = try schema.meta.feedBoundaries(in: txn)
        var expectedDue = Set<[UInt64]>()
        var states: [UInt64: LifecycleState] = [:]
        // Damaged aggregates are reported by the aggregate checks; they are left out here.
        try schema.stats.scanRaw(in: txn) { key, value in
            guard let id = try? UInt64Key.decode(key), let stats = try? CustomerStatsCodec.decode(value) else { return true }
            if let day = schedule.entryDay(stats, id: id, rules: rules) { expectedDue.insert([UInt64(bitPattern: Int64(day)), id]) }
            if let state = rules.state(stats, id: id, clock: clock, boundaries: boundaries) { states[id] = state }
            return true
        }
        var foundDue = 0
        try schema.feedDue.scanRaw(in: txn) { raw, _ in
            foundDue += 1
            guard let key = try? DueKey.decode(raw) else {
                report.report("feed_due", "undecodable key", expected: "a valid key", found: "damaged key")
                return true
            }
            if !expectedDue.contains([UInt64(bitPattern: Int64(key.0)), key.1]) {
                report.report("feed_due", "customer #\(key.1) day \(key.0)", expected: "no entry", found: "an entry")
            }
            return true
        }
        if foundDue != expectedDue.count {
            report.report("feed_due", "entry count", expected: "\(expectedDue.count)", found: "\(foundDue)")
        }
        try checkFeedEvents { [customers] id in (exists: customers[id] != nil, state: states[id]) }
    }

    /// Checks the retained events: each decodes, its offset is at most the counter, per customer each one starts
    /// where the previous one ended, and the newest one ends in the state `lookup` gives for the customer now
    /// (whether it exists, and its recomputed state).
    mutating func checkFeedEvents(_ lookup: (UInt64) -> (exists: Bool, state: LifecycleState?)) throws {
        let sequence = try schema.meta.counter(.feedSequence, in: txn)
        // Per customer: the status and segment the last retained event left it in (nil: erased).
        var last: [UInt64: (status: String??, segment: String??, erased: Bool)] = [:]
        for (offset, bytes) in try rawRecords(of: schema.feedEvents) {
            guard let event = bytes.withUnsafeBytes({ decoded("feed_events", "offset \(offset)", $0, ChangeEventCodec.decode) })
            else { continue }
            if offset > sequence {
                report.report("feed_events", "offset \(offset)", expected: "at most \(sequence)", found: "\(offset)")
            }
            let id = event.id.rawValue
            var entry = last[id] ?? (nil, nil, false)
            // Each event must start where the customer's previous one of its kind ended.
            func follow(_ known: inout String??) {
                if let previous = known, previous != event.from {
                    report.report("feed_events", "offset \(offset)", expected: "from \(previous ?? "none")",
                                  found: "from \(event.from ?? "none")")
                }
                known = .some(event.to)
            }
            switch event.kind {
            case .status:
                follow(&entry.status)
                entry.erased = false
            case .segment:
                follow(&entry.segment)
                entry.erased = false
            case .erased:
                entry = (.some(nil), .some(nil), true)
            }
            last[id] = entry
        }
        for (id, entry) in last {
            let (exists, state) = lookup(id)
            if entry.erased {
                if exists, state != nil {
                    report.report("feed_events", "customer #\(id)", expected: "a state after erasure", found: "erased")
                }
                continue
            }
            if let status = entry.status, status != state?.status.rawValue {
                report.report("feed_events", "customer #\(id)", expected: "status \(state?.status.rawValue ?? "none")",
                              found: "status \(status ?? "none")")
            }
            if let segment = entry.segment, segment != state?.segment {
                report.report("feed_events", "customer #\(id)", expected: "segment \(state?.segment ?? "none")",
                              found: "segment \(segment ?? "none")")
            }
        }
    }
}
