import ArgumentParser
import Clientele

/// `clientele churn`: churn per month.
struct ChurnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "churn",
        abstract: "Churn per month: of the customers who bought in the previous N months, how many did not buy.",
        discussion: """
            For each month M the base is the customers with a purchase in the --window months before M; retained \
            are those of the base with a purchase in M; churn rate = (base - retained) / base.
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "Months in the base window.")
    var window = 3

    @Option(name: .long, help: ArgumentHelp("The last month shown is DATE's (default: now).", valueName: "DATE"))
    var asOf: String?

    @Option(name: .long, help: "Only the last N months (default: all).")
    var last: Int?

    func validate() throws {
        guard window >= 1 else { throw ValidationError("--window must be at least 1") }
        if let last, last < 1 { throw ValidationError("--last must be at least 1") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let asOfInstant = try asOf.map { try DateArgument.parse($0, option: "--as-of", store: store) }
            var rows = try store.churn(windowMonths: window, asOf: asOfInstant)
            if let last, rows.count > last { rows = Array(rows.suffix(last)) }
            var table = OutputTable(["month", "base", "retained", "churned", "churn_rate"])
            for row in rows {
                table.append([
                    .text(row.month.description), .int(row.base), .int(row.retained), .int(row.churned),
                    .share(row.rate),
                ])
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}
