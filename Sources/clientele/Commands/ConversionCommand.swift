import ArgumentParser
import Clientele

/// `clientele conversion`: new→repeat conversion.
struct ConversionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversion",
        abstract: "First-time buyers who came back for a second occasion: overall, by cohort, by entry category.",
        discussion: "Entry categories are listed lowest rate first: the first purchases that fail to make regulars."
    )

    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case all, overall, cohort, category
    }

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "all, overall, cohort or category.")
    var by: Grouping = .all

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let report = try store.conversion()
            var table = OutputTable(["group", "key", "customers", "converted", "rate"])
            func add(_ group: String, _ row: ConversionRow) {
                table.append([.text(group), .text(row.key), .int(row.customers), .int(row.converted), .share(row.rate)])
            }
            if by == .all || by == .overall { add("overall", report.overall) }
            if by == .all || by == .cohort { report.byCohort.forEach { add("cohort", $0) } }
            if by == .all || by == .category { report.byEntryCategory.forEach { add("entry_category", $0) } }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}
