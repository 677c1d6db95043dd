import ArgumentParser
import Clientele

/// `clientele next CATEGORY`: what customers buy after a category.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "What customers bought next after a purchase in CATEGORY, most common first."
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Argument(help: "The category (an empty string: purchases without a category).")
    var category: String

    @Option(name: .long, help: "At most this many rows (default: all).")
    var limit: Int?

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            var rows = try store.nextPurchase(after: category.isEmpty ? nil : category)
            if let limit, rows.count > limit { rows = Array(rows.prefix(max(0, limit))) }
            var table = OutputTable(["next_category", "count", "share"])
            for row in rows {
                table.append([.text(row.category ?? "(none)"), .int(row.count), .share(row.share)])
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}
