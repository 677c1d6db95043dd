import ArgumentParser
import Clientele

/// `clientele top --by monetary|frequency|recency --limit N`.
struct TopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "The best customers by net monetary value, orders, or the most recent purchase.",
        discussion: "Do-not-contact customers are left out unless --include-do-not-contact."
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "monetary, frequency or recency.")
    var by: RankBy = .monetary

    @Option(name: .long, help: "How many customers.")
    var limit = 10

    @Flag(name: .long, help: "Include do-not-contact customers.")
    var includeDoNotContact = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let rows = try store.top(by: by, limit: limit, includeDoNotContact: includeDoNotContact)
            let valueColumn: String
            switch by {
            case .monetary: valueColumn = "net_monetary"
            case .frequency: valueColumn = "orders"
            case .recency: valueColumn = "last_purchase"
            }
            var table = OutputTable(["rank", "customer_id", valueColumn])
            for (index, row) in rows.enumerated() {
                let value: Cell
                switch by {
                case .monetary: value = .money(Money(minorUnits: row.value), scale: store.currencyScale)
                case .frequency: value = .int(row.value)
                case .recency: value = .text(Instant(microseconds: row.value).description)
                }
                table.append([.int(index + 1), .text(row.externalID), value])
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}

extension RankBy: ExpressibleByArgument {}
