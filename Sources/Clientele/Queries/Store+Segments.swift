import LMDBKit

/// A segment's size and revenue.
public struct SegmentSummary: Sendable, Hashable, Codable {
    /// The segment's name.
    public var name: String
    /// Customers in it.
    public var customers: Int
    /// Its share of customers with purchases, 0...1.
    public var share: Double
    /// Its customers' net monetary value.
    public var revenue: Money
    /// Its share of the total net monetary value, 0...1 (0 when the total is not positive).
    public var revenueShare: Double
}

/// A customer in a segment listing.
public struct SegmentMember: Sendable, Hashable, Codable {
    /// The external id.
    public var externalID: String
    /// The internal number (the listing's order and cursor).
    public var id: CustomerID
    /// Its scores.
    public var scores: RFMScores
}

extension StoreReader {
    /// Counts and revenue share per segment over every customer with purchases, in the map's order. Reads only the
    /// three ordered views (cached until the next write).
    /// - Throws: `.storage`.
    public func segmentSummary(segments: SegmentMap = .standard) throws -> [SegmentSummary] {
        Self.summary(of: try scoreCache.snapshot(self), segments: segments)
    }

    /// Counts and revenue share per segment as of `asOf`: as ``segmentSummary(segments:)`` when `asOf` is nil or
    /// in the present (today, or after the newest purchase); otherwise recomputed from the purchases dated up to
    /// `asOf` (one pass over the purchase table), scores ranked among the customers who had bought by then.
    ///
    /// ```swift
    /// let endOfSeptember = Instant(day: Day(year: 2026, month: 9, day: 30)!)
    /// let then = try store.read { try $0.segmentSummary(asOf: endOfSeptember) }
    /// ```
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func segmentSummary(asOf: Instant?, segments: SegmentMap = .standard) throws -> [SegmentSummary] {
        guard let asOf, try !isPresent(asOf) else { return try segmentSummary(segments: segments) }
        store.pastPathCount.withLock { $0 += 1 }
        return Self.summary(of: try PastPopulation.build(self, asOf: asOf).snapshot, segments: segments)
    }

    /// Names the snapshot's 5 × 5 × 5 score cells by `segments` and sums their counts and revenue.
    private static func summary(of snapshot: ScoreSnapshot, segments: SegmentMap) -> [SegmentSummary] {
        let (cellCounts, cellRevenue, total) = (snapshot.cellCounts, snapshot.cellRevenue, snapshot.totalRevenue)
        var counts: [String: Int] = [:]
        var revenue: [String: Int64] = [:]
        for cell in 0..<125 where cellCounts[cell] > 0 {
            let scores = RFMScores(recency: cell / 25 + 1, frequency: cell / 5 % 5 + 1, monetary: cell % 5 + 1)
            let name = segments.segment(for: scores)
            counts[name, default: 0] += cellCounts[cell]
            revenue[name, default: 0] &+= cellRevenue[cell]
        }
        return segments.names.map { name in
            let customers = counts[name] ?? 0
            let money = revenue[name] ?? 0
            return SegmentSummary(
                name: name, customers: customers,
                share: snapshot.count > 0 ? Double(customers) / Double(snapshot.count) : 0,
                revenue: Money(minorUnits: money), revenueShare: total > 0 ? Double(money) / Double(total) : 0)
        }
    }

    /// A page of a segment's customers in customer-number order, after customer `after` (a stable cursor: pass the
    /// last member's `id`), leaving out do-not-contact customers unless `includeDoNotContact`.
    /// - Throws: `ClienteleError.invalidInput` for an unknown segment name or a limit below 1; `.storage`.
    public func segmentMembers(
        _ name: String, segments: SegmentMap = .standard, limit: Int = 1000, after: CustomerID? = nil,
        includeDoNotContact: Bool = false
    ) throws -> [SegmentMember] {
        guard segments.names.contains(name) else {
            throw ClienteleError.invalidInput(field: "segment", reason: "no segment of that name in the map")
        }
        guard limit >= 1 else { throw ClienteleError.invalidInput(field: "limit", reason: "must be at least 1") }
        do {
            let snapshot = try scoreCache.snapshot(self)
            var members: [SegmentMember] = []
            // Saturating: a cursor past every customer (even UInt64.max) gives an empty page, never a trap.
            let start = Int(min((after?.rawValue ?? 0), UInt64(snapshot.capacity - 1)) + 1)
            try self.withExternalIDs(excludingDoNotContact: !includeDoNotContact) { externalIDOf in
                for id in start..<snapshot.capacity {
                    guard let scores = snapshot.scores(of: UInt64(id)), segments.segment(for: scores) == name else {
                        continue
                    }
                    guard let externalID = try externalIDOf(UInt64(id)) else { continue }
                    members.append(SegmentMember(externalID: externalID, id: CustomerID(rawValue: UInt64(id)),
                                                 scores: scores))
                    if members.count == limit { break }
                }
            }
            return members
        }
    }

    /// Every customer carrying `tag`, in customer-number order, leaving out do-not-contact customers unless asked.
    /// - Throws: `.storage`.
    public func customers(taggedWith tag: String, includeDoNotContact: Bool = false) throws -> [CustomerProfile] {
        let tag = Identifiers.canonical(tag)
        guard !tag.isEmpty, tag.utf8.count <= Validation.maxLabelBytes else { return [] }
        do {
            var result: [CustomerProfile] = []
            try schema.tags.scanKeys(in: self.txn, over: .prefix(try TagKey.prefix(tag))) { key in
                if !includeDoNotContact, try schema.doNotContact.contains(key.1, in: self.txn) { return true }
                if let profile = try self.profile(id: CustomerID(rawValue: key.1)) { result.append(profile) }
                return true
            }
            return result
        }
    }
}

extension Store {
    /// Drops the cached population scores, so the next population query rebuilds them from the ordered views (they
    /// are rebuilt anyway after any write). For benchmarks and memory pressure.
    public func invalidateScoreCache() { scoreCache.invalidate() }
}
