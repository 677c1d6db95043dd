import ArgumentParser

/// How a command prints its answer.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for people.
    case table
    /// RFC 4180 CSV with a header row.
    case csv
    /// A JSON array of objects (one per row).
    case json
}

/// `--output table|csv|json`: table on a terminal, CSV otherwise.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, csv or json (default: table on a terminal, csv otherwise).")
    var output: OutputFormat?

    @Flag(name: .long, help: """
        CSV: write text cells as stored (no ' before a leading =, +, -, @, tab or CR; control characters not \
        escaped).
        """)
    var raw = false

    /// The format in force.
    var format: OutputFormat { output ?? (Console.out.isTerminal ? .table : .csv) }
}
