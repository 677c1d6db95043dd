import ArgumentParser
import Clientele

/// `clientele cohorts`: the monthly cohort retention matrix.
struct CohortsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohorts",
        abstract: "Cohort retention: customers by first-purchase month, and the share active in each later month.",
        discussion: "Columns m0, m1, … are months since the cohort month (m0 is always 100%)."
    )

    enum Values: String, ExpressibleByArgument, CaseIterable {
        case share, customers, revenue
    }

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: "What the cells show: share, customers or revenue.")
    var values: Values = .share

    @Option(name: .long, help: "Show at most this many months after the cohort month.")
    var months = 12

    @Option(name: .long, help: "Only the most recent N cohorts (default: all).")
    var last: Int?

    func validate() throws {
        guard months >= 0 else { throw ValidationError("--months must be ≥ 0") }
        if let last, last < 1 { throw ValidationError("--last must be at least 1") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            var rows = try store.cohortMatrix()
            let latest = rows.flatMap { $0.cells.map(\.month) }.max()
            if let last, rows.count > last { rows = Array(rows.suffix(last)) }
            var table = OutputTable(["cohort", "customers"] + (0...months).map { "m\($0)" })
            for row in rows {
                var cells: [Cell] = [.text(row.cohort.description), .int(row.size)]
                var byOffset: [Int: CohortRow.Cell] = [:]
                for cell in row.cells { byOffset[cell.offset] = cell }
                for offset in 0...months {
                    // Months after the latest month with any purchase are not observed yet.
                    guard let latest, row.cohort.advanced(by: offset) <= latest else {
                        cells.append(.null)
                        continue
                    }
                    let cell = byOffset[offset]
                    switch values {
                    case .share: cells.append(.share(cell?.share ?? 0))
                    case .customers: cells.append(.int(cell?.activeCustomers ?? 0))
                    case .revenue: cells.append(.money(cell?.revenue ?? .zero, scale: store.currencyScale))
                    }
                }
                table.append(cells)
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
        }
    }
}
