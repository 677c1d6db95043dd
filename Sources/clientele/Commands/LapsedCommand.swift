import ArgumentParser
import Clientele

/// `clientele lapsed --since DATE`.
struct LapsedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lapsed",
        abstract: "Customers whose last purchase is before DATE, longest-lapsed first.",
        discussion: "Do-not-contact customers are left out unless --include-do-not-contact."
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Lapsed: no purchase on or after DATE.", valueName: "DATE"))
    var since: String

    @Option(name: .long, help: "At most this many customers (default: all).")
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("Days since the last purchase are counted to DATE (default: now).",
                                            valueName: "DATE"))
    var asOf: String?

    @Flag(name: .long, help: "Include do-not-contact customers.")
    var includeDoNotContact = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let sinceInstant = try DateArgument.parse(since, option: "--since", store: store, endOfDay: false)
            let asOfDay = store.day(of: try asOf.map { try DateArgument.parse($0, option: "--as-of", store: store) }
                ?? .now)
            let printer = RowPrinter(
                ["customer_id", "last_purchase", "days_since_last_purchase"], format: outputOptions.format,
                raw: outputOptions.raw)
            var after: RankedCustomer?
            var remaining = limit ?? Int.max
            while remaining > 0 {
                let request = min(remaining, 1000)
                let page = try store.lapsed(
                    since: sinceInstant, limit: request, after: after, includeDoNotContact: includeDoNotContact)
                for row in page {
                    let last = Instant(microseconds: row.value)
                    printer.add([
                        .text(row.externalID), .text(last.description), .int(store.day(of: last).distance(to: asOfDay)),
                    ])
                }
                remaining -= page.count
                guard page.count == request, let last = page.last else { break }
                after = last
            }
            printer.finish()
        }
    }
}
