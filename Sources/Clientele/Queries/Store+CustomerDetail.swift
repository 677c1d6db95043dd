import LMDBKit

/// The gaps between a customer's occasions.
public struct PurchaseIntervals: Sendable, Hashable, Codable {
    /// Gaps between consecutive occasions, in days, oldest first.
    public var gapsDays: [Int]
    /// Their mean (nil with one occasion).
    public var meanDays: Double?
    /// Their median (nil with one occasion).
    public var medianDays: Double?
    /// The last gap (nil with one occasion).
    public var lastGapDays: Int?
    /// Days since the last occasion as of the query.
    public var daysSinceLast: Int
    /// `daysSinceLast / medianDays`: above 1 the customer is later than usual (nil with one occasion).
    public var overdueRatio: Double?
}

extension StoreReader {
    /// One customer's BTYD summary (lifetimes semantics), as of `options.observationEnd` (now by default).
    /// With days, no calibration split and every purchase on or before the end's day it reads only the aggregate;
    /// otherwise the customer's purchases.
    /// - Throws: `ClienteleError.invalidInput` for a bad multiplier or a calibration end after the observation end;
    ///   `.corrupted`; `.storage`.
    public func customerSummary(externalID: String, _ options: SummaryOptions = SummaryOptions()) throws -> SummaryRow? {
        let (summarizer, endDay) = try summarySetup(options)
        do {
            guard let id = try self.customerID(externalID: externalID) else { return nil }
            if options.period == .day, options.calibrationEnd == nil, let stats = try self.stats(id: id), stats.hasPurchases,
               stats.lastDay <= endDay {
                let x = Int(stats.occasions) - 1
                let repeatSum = stats.grossRevenue.minorUnits &- stats.firstDayRevenue.minorUnits
                return SummaryRow(
                    externalID: externalID, frequency: x,
                    recency: Double(stats.lastDay.rawValue - stats.firstDay.rawValue) / options.multiplier,
                    T: Double(endDay.rawValue - stats.firstDay.rawValue) / options.multiplier,
                    monetaryValue: x > 0 ? Double(repeatSum) / Double(x) / summarizer.scale : 0)
            }
            return summarizer.summarize(try self.history(of: id), externalID: externalID)
        }
    }

    /// A customer's aggregate (orders, occasions, first and last purchase, revenue, refunds, largest order,
    /// categories) as of `asOf`: re-derived from its lines at or before `asOf`, or the stored aggregate when `asOf`
    /// is `nil` or the present (see `isPresent(_:)`).
    ///
    /// ```swift
    /// let then = try store.customerStats(externalID: "c-17", asOf: lastChristmas)   // nil: no purchase by then
    /// ```
    /// - Throws: `.corrupted`, `.storage`. Returns `nil` for an unknown customer or one without purchases by `asOf`.
    public func customerStats(externalID: String, asOf: Instant? = nil) throws -> CustomerStats? {
        guard let id = try customerID(externalID: externalID) else { return nil }
        let stats: CustomerStats?
        if let asOf, try !isPresent(asOf) {
            let lines = try history(of: id).filter { $0.occurredAt <= asOf }
            stats = try CustomerHistory.derive(lines, calendar: dayCalendar).stats
        } else {
            stats = try self.stats(id: id)
        }
        return stats.flatMap { $0.hasPurchases ? $0 : nil }
    }

    /// The gaps between a customer's occasions up to `asOf` (now by default): mean, median, the last one, and how
    /// overdue the customer is against its median. Reads the customer's purchases.
    /// - Throws: `.corrupted`, `.storage`. Returns `nil` for an unknown customer or one without purchases.
    public func intervals(externalID: String, asOf: Instant? = nil) throws -> PurchaseIntervals? {
        let end = asOf ?? .now
        do {
            guard let id = try self.customerID(externalID: externalID) else { return nil }
            let days = Set(try self.history(of: id).filter { !$0.purchase.isRefund && $0.occurredAt <= end }
                .map { day(of: $0.occurredAt) }).sorted()
            guard let last = days.last else { return nil }
            let gaps = zip(days, days.dropFirst()).map { $0.0.distance(to: $0.1) }
            let sorted = gaps.sorted()
            let median: Double? = sorted.isEmpty ? nil : sorted.count % 2 == 1
                ? Double(sorted[sorted.count / 2])
                : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let since = last.distance(to: day(of: end))
            return PurchaseIntervals(
                gapsDays: gaps, meanDays: gaps.isEmpty ? nil : Double(gaps.reduce(0, +)) / Double(gaps.count),
                medianDays: median, lastGapDays: gaps.last, daysSinceLast: since,
                overdueRatio: median.flatMap { $0 > 0 ? Double(since) / $0 : nil })
        }
    }

    /// A customer's RFM scores and segment at each month end from its first purchase to `asOf` (now by default),
    /// each scored among every customer with purchases by that day. Reads every purchase once.
    /// - Throws: `.corrupted`, `.storage`. Empty for an unknown customer.
    public func profileHistory(
        externalID: String, asOf: Instant? = nil, segments: SegmentMap = .standard
    ) throws -> [ProfileHistoryPoint] {
        let endDay = day(of: asOf ?? .now)
        do {
            guard let target = try self.customerID(externalID: externalID) else { return [] }
            let targetLines = try self.history(of: target)
            guard let firstLine = targetLines.first(where: { !$0.purchase.isRefund }) else { return [] }
            var monthEnds: [Day] = []
            var month = day(of: firstLine.occurredAt).month
            while month.lastDay <= endDay {
                monthEnds.append(month.lastDay)
                month = month.advanced(by: 1)
            }
            guard !monthEnds.isEmpty else { return [] }
            func views(_ lines: [HistoryLine], _ end: Day) throws -> OrderedViews? {
                let cutoff = dayCalendar.lastInstant(of: end).microseconds
                let upTo = lines.filter { $0.occurredAt.microseconds <= cutoff }
                return try CustomerHistory.derive(upTo, calendar: dayCalendar).stats.flatMap(OrderedViews.init)
            }
            let targetViews = try monthEnds.map { try views(targetLines, $0) }
            var below = [[Int]](repeating: [0, 0, 0], count: monthEnds.count)
            var population = [Int](repeating: 0, count: monthEnds.count)
            try CustomerHistory.forEachCustomer(schema: schema, txn: self.txn) { current, lines in
                for (index, end) in monthEnds.enumerated() {
                    guard let mine = targetViews[index], let theirs = try views(lines, end) else { continue }
                    population[index] += 1
                    let pairs = [(theirs.recency, mine.recency), (theirs.frequency, mine.frequency),
                                 (theirs.monetary, mine.monetary)]
                    for (axis, pair) in pairs.enumerated() where (pair.0, current) < (pair.1, target.rawValue) {
                        below[index][axis] += 1
                    }
                }
            }
            return monthEnds.indices.compactMap { index in
                guard targetViews[index] != nil, population[index] > 0 else { return nil }
                let score = { (axis: Int) in 5 * below[index][axis] / population[index] + 1 }
                let scores = RFMScores(recency: score(0), frequency: score(1), monetary: score(2))
                return ProfileHistoryPoint(monthEnd: monthEnds[index], scores: scores, segment: segments.segment(for: scores))
            }
        }
    }
}
