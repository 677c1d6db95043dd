import ArgumentParser
import Clientele

/// `clientele rfm`: per-customer RFM figures, scores and segment.
struct RFMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rfm",
        abstract: "Per customer: recency days, frequency, monetary, R, F, M scores (1-5), segment and status.",
        discussion: """
            Scores are quintiles among all customers with purchases (5 is best: most recent, most orders, most net \
            spend). Segments follow the standard 10-segment recency x frequency grid.
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Figures as of DATE (default: now).", valueName: "DATE"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Only customers of this segment.", valueName: "NAME"))
    var segment: String?

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let asOfInstant = try asOf.map { try DateArgument.parse($0, option: "--as-of", store: store) }
            let only = try segment.map { try SegmentName.resolve($0) }
            let rows = try store.rfmTable(asOf: asOfInstant)
            let printer = RowPrinter([
                "customer_id", "recency_days", "frequency", "monetary", "r", "f", "m", "segment", "status",
            ], format: outputOptions.format, raw: outputOptions.raw)
            for row in rows where only == nil || row.segment == only {
                printer.add([
                    .text(row.externalID), .int(row.daysSinceLastPurchase), .int(row.orders),
                    .money(row.netMonetary, scale: store.currencyScale), .int(row.scores.recency),
                    .int(row.scores.frequency), .int(row.scores.monetary), .text(row.segment),
                    .text(row.status.rawValue),
                ])
            }
            printer.finish()
        }
    }
}
