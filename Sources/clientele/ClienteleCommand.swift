import ArgumentParser

/// `clientele`: import customers and purchases into a Clientele store and ask it retention questions.
@main
struct ClienteleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clientele",
        abstract: "An embedded customer-analytics database: import CSV files, then ask who is active, who is slipping "
            + "away, who the champions are.",
        discussion: """
            Every command takes --store DIR (default: $CLIENTELE_STORE, else ./clientele-store). Commands that only \
            read never create a store. Answers print as a table on a terminal and as CSV otherwise \
            (--output table|csv|json).

            Start with `clientele demo`, or:
              clientele generate --customers 10000 --out data
              clientele import customers data/customers.csv
              clientele import purchases data/purchases.csv
              clientele segments

            \(ExitStatus.helpText)
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, CustomerCommand.self, SummaryCommand.self, RFMCommand.self, SegmentsCommand.self,
            TopCommand.self, LapsedCommand.self, CohortsCommand.self, ChurnCommand.self, ConversionCommand.self,
            NextCommand.self, TagCommand.self, UntagCommand.self, ExportCommand.self, EraseCommand.self,
            VerifyCommand.self, CompactCommand.self, StatsCommand.self, PredictCommand.self, ReportCommand.self,
            GenerateCommand.self, EventsCommand.self, AdvanceCommand.self,
            DemoCommand.self,
        ]
    )
}
