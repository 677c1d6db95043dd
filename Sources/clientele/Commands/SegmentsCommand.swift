import ArgumentParser
import Clientele

/// `clientele segments`: count, share and revenue share per segment.
struct SegmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Customers, share and revenue share per RFM segment.",
        discussion: """
            Segments of the standard 10-segment recency x frequency grid over every customer with purchases. \
            Revenue is net (purchases minus refunds). As of now the figures come from the ordered views; with \
            --as-of they are recomputed from the purchases up to that date.
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Segments as of DATE (default: now).", valueName: "DATE"))
    var asOf: String?

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            var table = Table(["segment", "customers", "share", "revenue", "revenue_share"])
            if let asOf {
                let instant = try DateArgument.parse(asOf, option: "--as-of", store: store)
                let rows = try store.rfmTable(asOf: instant)
                var customers: [String: Int] = [:]
                var revenue: [String: Int64] = [:]
                for row in rows {
                    customers[row.segment, default: 0] += 1
                    revenue[row.segment, default: 0] &+= row.netMonetary.minorUnits
                }
                let total = max(1, rows.count)
                let totalRevenue = revenue.values.reduce(0, &+)
                for name in SegmentMap.standard.names {
                    let count = customers[name] ?? 0
                    let minor = revenue[name] ?? 0
                    table.append([
                        .text(name), .int(count), .share(Double(count) / Double(total)),
                        .money(Money(minorUnits: minor), scale: store.currencyScale),
                        .share(totalRevenue > 0 ? Double(minor) / Double(totalRevenue) : 0),
                    ])
                }
            } else {
                for row in try store.segmentSummary() {
                    table.append([
                        .text(row.name), .int(row.customers), .share(row.share),
                        .money(row.revenue, scale: store.currencyScale), .share(row.revenueShare),
                    ])
                }
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}
