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
            var table = OutputTable(["segment", "customers", "share", "revenue", "revenue_share"])
            let instant = try asOf.map { try DateArgument.parse($0, option: "--as-of", store: store) }
            for row in try store.segmentSummary(asOf: instant) {
                table.append([
                    .text(row.name), .int(row.customers), .share(row.share),
                    .money(row.revenue, scale: store.currencyScale), .share(row.revenueShare),
                ])
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}
