import ArgumentParser
import Clientele

/// `clientele summary`: the lifetimes-compatible per-customer summary.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "The lifetimes-compatible BTYD summary: customer_id,frequency,recency,T,monetary_value.",
        discussion: """
            Same semantics as lifetimes' summary_data_from_transaction_data: purchases collapse to one per period, \
            frequency counts repeat periods, recency is the age at the last purchase and T the age at the \
            observation end (both in periods / multiplier), monetary_value the mean per-period spend after the \
            first. Refunds are left out. CDNOW's published summary (weeks) is \
            `--period day --multiplier 7 --as-of 1997-09-30`.

            With --calibration-end DATE the figures cover purchases up to that date; --holdout adds \
            frequency_holdout, monetary_value_holdout and duration_holdout for (calibration end, --as-of].
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var periodOptions: PeriodOptions

    @Option(name: .long, help: ArgumentHelp("The observation end (default: now).", valueName: "DATE"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("The calibration end.", valueName: "DATE"))
    var calibrationEnd: String?

    @Flag(name: .long, help: "Add the holdout columns (needs --calibration-end).")
    var holdout = false

    @Option(name: .long, help: "Decimals of recency, T and the monetary values (lifetimes' published files use 2).")
    var precision = 2

    @Flag(name: .long, help: "Print the floating-point columns unrounded.")
    var fullPrecision = false

    func validate() throws {
        guard !holdout || calibrationEnd != nil else { throw ValidationError("--holdout needs --calibration-end") }
        guard (0...12).contains(precision) else { throw ValidationError("--precision must be 0...12") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            var options = SummaryOptions(period: periodOptions.period, multiplier: periodOptions.multiplier)
            if let asOf { options.observationEnd = try DateArgument.parse(asOf, option: "--as-of", store: store) }
            if let calibrationEnd {
                options.calibrationEnd = try DateArgument.parse(
                    calibrationEnd, option: "--calibration-end", store: store)
            }
            let rows = try store.summary(options)
            var columns = ["customer_id", "frequency", "recency", "T", "monetary_value"]
            if holdout { columns += ["frequency_holdout", "monetary_value_holdout", "duration_holdout"] }
            let printer = RowPrinter(columns, format: outputOptions.format, raw: outputOptions.raw)
            let places: Int? = fullPrecision ? nil : precision
            func number(_ value: Double) -> Cell {
                let text = Format.pythonFloat(value, places: places)
                return Cell(display: text, machine: text, numeric: true)
            }
            for row in rows {
                var cells: [Cell] = [
                    .text(row.externalID), .int(row.frequency), number(row.recency), number(row.T),
                    number(row.monetaryValue),
                ]
                if holdout {
                    cells += [
                        .int(row.frequencyHoldout ?? 0), number(row.monetaryValueHoldout ?? 0),
                        number(row.durationHoldout ?? 0),
                    ]
                }
                printer.add(cells)
            }
            printer.finish()
        }
    }
}

