import LMDBKit

/// A customer in a ranked list.
public struct RankedCustomer: Sendable, Hashable, Codable {
    /// The external id.
    public var externalID: String
    /// The internal number.
    public var id: CustomerID
    /// The value it is ranked by: net monetary in minor units, orders, or the last purchase in µs since the epoch.
    public var value: Int64
}

extension StoreReader {
    /// One customer's RFM figures, status, scores and segment, as of `asOf` (now by default).
    ///
    /// As of the present it reads the customer's aggregate and ranks it against the population scores, which may be
    /// up to `StoreOptions.scoreStaleness` seconds old (building them reads the three ordered views once; see
    /// docs/queries.md), never the purchases. The present is `nil`, any instant in the store's current day or later,
    /// and any instant on a day after the newest stored line (the aggregates then hold everything up to it; see
    /// `isPresent(_:)`). As of an earlier instant it re-derives the customer
    /// from its purchases up to that instant and scores it against every customer's purchases up to then (one pass
    /// over the purchase table).
    /// - Throws: `ClienteleError.corrupted`, `.storage`. Returns `nil` for an unknown customer or one without
    ///   purchases by `asOf`.
    public func customerRFM(
        externalID: String, asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) throws -> CustomerRFM? {
        do {
            guard let id = try self.customerID(externalID: externalID) else { return nil }
            if let asOf, try !isPresent(asOf) {
                return try pastRFM(self, id: id, externalID: externalID, asOf: asOf, segments: segments, rules: status)
            }
            guard let stats = try self.stats(id: id), stats.hasPurchases else { return nil }
            guard let scores = try store.liveScores(self, id: id, stats: stats) else { return nil }
            return rfm(externalID, id, stats, asOf: asOf ?? .now, scores: scores, segments: segments, rules: status)
        }
    }

    /// Whether the as-of queries can answer as of `asOf` from the aggregates: `asOf` falls in the store's current
    /// day or later, or on a day after the newest day holding a line (purchase or refund; the `daily` rollup's
    /// last key). Day-based figures are then the same as a re-derivation from the purchases up to `asOf`.
    func isPresent(_ asOf: Instant) throws -> Bool {
        let asOfDay = day(of: asOf)
        if asOfDay >= day(of: .now) { return true }
        guard let newest = try schema.daily.first(in: txn, reverse: true)?.key else { return true }
        return asOfDay.rawValue > newest
    }

    func rfm(
        _ externalID: String, _ id: CustomerID, _ stats: CustomerStats, asOf: Instant, scores: RFMScores,
        segments: SegmentMap, rules: StatusRules
    ) -> CustomerRFM {
        let figures = CustomerRFM.figures(stats, asOfDay: day(of: asOf))
        let status = rules.status(daysSinceLast: figures.daysSince, daysSinceFirst: figures.daysFirst,
                                  occasions: Int(stats.occasions), usualGapDays: figures.meanGap)
        return CustomerRFM(
            externalID: externalID, id: id, asOf: asOf, daysSinceLastPurchase: figures.daysSince,
            daysSinceFirstPurchase: figures.daysFirst, orders: Int(stats.orders), occasions: Int(stats.occasions),
            netMonetary: stats.netMonetary, averageOrderValue: figures.aov, meanGapDays: figures.meanGap,
            lastGapDays: figures.lastGap, status: status, scores: scores, segment: segments.segment(for: scores))
    }

    /// RFM figures of every customer with purchases, in customer-number order, as of now (aggregates and views only)
    /// or as of a past instant (one pass over the purchase table).
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func rfmTable(
        asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) throws -> [CustomerRFM] {
        do {
            if let asOf, try !isPresent(asOf) {
                store.pastPathCount.withLock { $0 += 1 }
                let past = try PastPopulation.build(self, asOf: asOf)
                return try self.withExternalIDs { externalIDOf in
                    try past.ids.compactMap { id in
                        guard let stats = past.stats[id], let scores = past.snapshot.scores(of: id),
                              let externalID = try externalIDOf(id) else { return nil }
                        return rfm(externalID, CustomerID(rawValue: id), stats, asOf: asOf, scores: scores,
                                   segments: segments, rules: status)
                    }
                }
            }
            let snapshot = try scoreCache.snapshot(self)
            var rows: [CustomerRFM] = []
            try self.withExternalIDs { externalIDOf in
                try schema.stats.scan(in: self.txn) { raw, stats in
                    guard let scores = snapshot.scores(of: raw), let externalID = try externalIDOf(raw) else {
                        return true
                    }
                    rows.append(rfm(externalID, CustomerID(rawValue: raw), stats, asOf: asOf ?? .now,
                                    scores: scores, segments: segments, rules: status))
                    return true
                }
            }
            return rows
        }
    }

    private func pastRFM(
        _ reader: StoreReader, id: CustomerID, externalID: String, asOf: Instant, segments: SegmentMap,
        rules: StatusRules
    ) throws -> CustomerRFM? {
        store.pastPathCount.withLock { $0 += 1 }
        let past = try PastPopulation.build(self, asOf: asOf)
        guard let stats = past.stats[id.rawValue], let scores = past.snapshot.scores(of: id.rawValue) else { return nil }
        return rfm(externalID, id, stats, asOf: asOf, scores: scores, segments: segments, rules: rules)
    }

    /// The top `limit` customers by monetary value, frequency or recency (best first, ties by customer number),
    /// leaving out do-not-contact customers unless `includeDoNotContact`. Reads the ordered view from its end; the
    /// view holds each customer's external id, so nothing else is read (but the do-not-contact marks, when any).
    /// - Throws: `ClienteleError.invalidInput` for a limit below 1; `.corrupted`; `.storage`.
    public func top(by rank: RankBy, limit: Int, includeDoNotContact: Bool = false) throws -> [RankedCustomer] {
        guard limit >= 1 else { throw ClienteleError.invalidInput(field: "limit", reason: "must be at least 1") }
        do {
            var result: [RankedCustomer] = []
            try self.withDoNotContactFilter(excluding: !includeDoNotContact) { excluded in
                try view(rank).scan(in: self.txn, reverse: true) { key, externalID in
                    if try excluded(key.1) { return true }
                    result.append(RankedCustomer(externalID: externalID, id: CustomerID(rawValue: key.1),
                                                 value: key.0))
                    return result.count < limit
                }
            }
            return result
        }
    }

    /// A page of the customers whose last purchase is before `since` (longest-lapsed first), leaving out
    /// do-not-contact customers unless asked. Pass the last returned customer's `value` and `id` as `after` for the
    /// next page; each page reads in its own transaction.
    /// - Throws: `ClienteleError.invalidInput` for a limit below 1; `.corrupted`; `.storage`.
    public func lapsed(
        since: Instant, limit: Int = 1000, after: RankedCustomer? = nil, includeDoNotContact: Bool = false
    ) throws -> [RankedCustomer] {
        guard limit >= 1 else { throw ClienteleError.invalidInput(field: "limit", reason: "must be at least 1") }
        do {
            var bounds = try schema.byRecency.bounds(to: (since.microseconds, 0))
            if let after {
                bounds.lower = try schema.byRecency.encodeKey((after.value, after.id.rawValue))
                bounds.lowerInclusive = false
            }
            var result: [RankedCustomer] = []
            try self.withDoNotContactFilter(excluding: !includeDoNotContact) { excluded in
                try schema.byRecency.scan(in: self.txn, over: bounds) { key, externalID in
                    if try excluded(key.1) { return true }
                    result.append(RankedCustomer(externalID: externalID, id: CustomerID(rawValue: key.1),
                                                 value: key.0))
                    return result.count < limit
                }
            }
            return result
        }
    }

    func view(_ rank: RankBy) -> Table<OrderedViewKey, StringValue> {
        switch rank {
        case .monetary: return schema.byMonetary
        case .frequency: return schema.byFrequency
        case .recency: return schema.byRecency
        }
    }
}
