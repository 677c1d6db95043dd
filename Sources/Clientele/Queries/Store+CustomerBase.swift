import LMDBKit

extension StoreReader {
    /// The recency × frequency grid, lifecycle statuses and time between visits of every customer with purchases,
    /// as of `asOf` (now by default).
    ///
    /// As of now it reads the population scores (cached until the next write) and every aggregate; as of a past
    /// instant it re-derives every customer from the purchases up to it (one pass over the purchase table), as
    /// ``rfmTable(asOf:segments:status:)`` does. The grid's counts and revenue are those ``segmentSummary(segments:)``
    /// sums into segments; the statuses are those ``rfmTable(asOf:segments:status:)`` gives each customer.
    ///
    /// ```swift
    /// let base = try store.customerBase()
    /// let champions = base.grid.filter { $0.segment == "Champions" }.reduce(0) { $0 + $1.customers }
    /// ```
    /// - Throws: `ClienteleError.corrupted`, `.storage`.
    public func customerBase(
        asOf: Instant? = nil, segments: SegmentMap = .standard, status rules: StatusRules = StatusRules()
    ) throws -> CustomerBase {
        let instant = asOf ?? .now
        let asOfDay = day(of: instant)
        do {
            let reader = self
            var statusCounts: [CustomerStatus: Int] = [:]
            var gaps: [Double] = []
            func visit(_ stats: CustomerStats) {
                guard stats.hasPurchases else { return }
                let figures = CustomerRFM.figures(stats, asOfDay: asOfDay)
                let status = rules.status(daysSinceLast: figures.daysSince, daysSinceFirst: figures.daysFirst,
                                          occasions: Int(stats.occasions), usualGapDays: figures.meanGap)
                statusCounts[status, default: 0] += 1
                if let gap = figures.meanGap { gaps.append(gap) }
            }
            let snapshot: ScoreSnapshot
            if let asOf, try !isPresent(asOf) {
                let past = try PastPopulation.build(reader, asOf: asOf)
                for id in past.ids { if let stats = past.stats[id] { visit(stats) } }
                snapshot = past.snapshot
            } else {
                snapshot = try scoreCache.snapshot(reader)
                try schema.stats.scan(in: reader.txn) { raw, stats in
                    // Only customers the snapshot scored, as rfmTable lists them.
                    if snapshot.scores(of: raw) != nil { visit(stats) }
                    return true
                }
            }
            let scored = statusCounts.values.reduce(0, +)
            var grid: [CustomerBase.GridCell] = []
            for recency in stride(from: 5, through: 1, by: -1) {
                for frequency in 1...5 {
                    var customers = 0
                    var revenue: Int64 = 0
                    var names = Set<String>()
                    for monetary in 1...5 {
                        let cell = (recency - 1) * 25 + (frequency - 1) * 5 + (monetary - 1)
                        customers += snapshot.cellCounts[cell]
                        revenue &+= snapshot.cellRevenue[cell]
                        names.insert(segments.segment(for: RFMScores(
                            recency: recency, frequency: frequency, monetary: monetary)))
                    }
                    let total = snapshot.totalRevenue
                    grid.append(CustomerBase.GridCell(
                        recency: recency, frequency: frequency, customers: customers,
                        share: snapshot.count > 0 ? Double(customers) / Double(snapshot.count) : 0,
                        revenue: Money(minorUnits: revenue),
                        revenueShare: total > 0 ? Double(revenue) / Double(total) : 0,
                        segment: names.count == 1 ? names.first : nil))
                }
            }
            return CustomerBase(
                asOf: instant, customers: scored, grid: grid,
                statuses: CustomerStatus.allCases.map { status in
                    let count = statusCounts[status] ?? 0
                    return CustomerBase.StatusCount(
                        status: status, customers: count, share: scored > 0 ? Double(count) / Double(scored) : 0)
                },
                visitGaps: Histogram.rounded(gaps, bins: 20))
        }
    }
}
