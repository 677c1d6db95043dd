import Testing
@testable import Clientele

/// `customerBase(asOf:)` (the report's segment map, statuses and visit gaps), `Histogram`, and the refunds of
/// `averageCheckByMonth()`, against the per-customer queries and the raw purchases.
@Suite("Customer base")
struct CustomerBaseTests {
    @Test("grid, statuses and visit gaps equal rfmTable and segmentSummary, now and as of a past instant",
          arguments: 0..<3)
    func matchesPerCustomerQueries(round: Int) throws {
        var generator = TestGenerator()
        let world = AsOfTests.world(&generator)
        let temp = try AsOfTests.store(world, keeping: { _ in true }, &generator)
        let past = Instant(day: try #require(Day(year: 2024, month: 4, day: 15)))
        for asOf in [nil, past] {
            let base = try temp.store.customerBase(asOf: asOf)
            let table = try temp.store.rfmTable(asOf: asOf)
            let context = "as of \(asOf.map { "\($0)" } ?? "now"); \(generator.comment)"
            #expect(base.customers == table.count, "\(context)")
            #expect(base.grid.count == 25)
            #expect(base.grid.map(\.recency) == (1...5).reversed().flatMap { [Int](repeating: $0, count: 5) })
            for cell in base.grid {
                let rows = table.filter { $0.scores.recency == cell.recency && $0.scores.frequency == cell.frequency }
                #expect(cell.customers == rows.count, "R\(cell.recency)F\(cell.frequency) \(context)")
                #expect(cell.revenue.minorUnits == rows.reduce(Int64(0)) { $0 + $1.netMonetary.minorUnits },
                        "\(context)")
                #expect(cell.segment == SegmentMap.standard.segment(
                    for: RFMScores(recency: cell.recency, frequency: cell.frequency, monetary: 1)))
            }
            for status in base.statuses {
                #expect(status.customers == table.filter { $0.status == status.status }.count,
                        "\(status.status) \(context)")
            }
            #expect(base.statuses.map(\.status) == CustomerStatus.allCases)
            let gaps = table.compactMap(\.meanGapDays)
            #expect(base.visitGaps.total == gaps.count, "\(context)")
            #expect(base.visitGaps.bins.reduce(0) { $0 + $1.count } == gaps.count, "\(context)")
            if let mean = base.visitGaps.mean {
                #expect(near(mean, gaps.reduce(0, +) / Double(gaps.count), 1e-9), "\(context)")
            }
        }
        // As of now the grid sums to segmentSummary, segment by segment.
        let base = try temp.store.customerBase()
        for segment in try temp.store.segmentSummary() {
            let cells = base.grid.filter { $0.segment == segment.name }
            #expect(cells.reduce(0) { $0 + $1.customers } == segment.customers, "\(segment.name); \(generator.comment)")
            #expect(cells.reduce(Int64(0)) { $0 + $1.revenue.minorUnits } == segment.revenue.minorUnits,
                    "\(segment.name); \(generator.comment)")
        }
    }

    @Test("an empty store has an empty base")
    func empty() throws {
        let temp = try TemporaryStore()
        let base = try temp.store.customerBase()
        #expect(base.customers == 0)
        #expect(base.grid.allSatisfy { $0.customers == 0 && $0.share == 0 && $0.revenueShare == 0 })
        #expect(base.statuses.allSatisfy { $0.customers == 0 })
        #expect(base.visitGaps.total == 0)
        #expect(base.visitGaps.mean == nil)
    }

    @Test("averageCheckByMonth counts each month's refunds as the raw lines do")
    func refundsByMonth() throws {
        var generator = TestGenerator()
        let world = AsOfTests.world(&generator)
        let temp = try AsOfTests.store(world, keeping: { _ in true }, &generator)
        var refunds: [Month: (Int, Int64)] = [:]
        for purchase in world.purchases where purchase.amount.minorUnits < 0 {
            let month = Day(purchase.occurredAt, utcOffsetSeconds: world.utcOffsetSeconds).month
            refunds[month, default: (0, 0)].0 += 1
            refunds[month, default: (0, 0)].1 -= purchase.amount.minorUnits
        }
        let months = try temp.store.averageCheckByMonth().months
        #expect(!months.isEmpty)
        for row in months {
            #expect(row.refunds == refunds[row.month]?.0 ?? 0, "\(row.month); \(generator.comment)")
            #expect(row.refunded.minorUnits == refunds[row.month]?.1 ?? 0, "\(row.month); \(generator.comment)")
        }
    }
}

@Suite("Histogram")
struct HistogramTests {
    @Test("values fall in [lower, upper) bins; the last bin is open; below-range values count in the first")
    func bins() {
        let histogram = Histogram(values: [-3, 0, 4.99, 5, 12, 400, .nan, .infinity], lower: 0, binWidth: 5, bins: 3)
        #expect(histogram.bins.map(\.count) == [3, 1, 2])
        #expect(histogram.bins.map(\.lower) == [0, 5, 10])
        #expect(histogram.bins.map(\.upper) == [5, 10, nil])
        #expect(histogram.total == 6)
        let sum: Double = -3 + 0 + 4.99 + 5 + 12 + 400
        #expect(histogram.mean == sum / 6)
        #expect(histogram.median == (4.99 + 5) / 2)
    }

    @Test("rounded widths are 1, 2 or 5 × 10ⁿ and reach the coverage quantile")
    func rounded() {
        #expect(Histogram.roundStep(0.7) == 1)
        #expect(Histogram.roundStep(1.3) == 2)
        #expect(Histogram.roundStep(37) == 50)
        #expect(Histogram.roundStep(0.012) == 0.02)
        let values = (0..<1000).map(Double.init)
        let histogram = Histogram.rounded(values, bins: 20, coverage: 0.95)
        #expect(histogram.bins.count == 20)
        let width = (histogram.bins[0].upper ?? 0) - histogram.bins[0].lower
        #expect(width == 50)
        // The open last bin starts at or after the 95th percentile (949).
        #expect(histogram.bins[19].lower >= 949)
        #expect(histogram.bins.reduce(0) { $0 + $1.count } == 1000)
        #expect(Histogram.rounded([]).total == 0)
        #expect(Histogram.rounded([0, 0, 0]).bins[0].count == 3)
    }
}
