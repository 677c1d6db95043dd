import ArgumentParser
import Clientele

/// `clientele export --segment NAME`: a segment's contactable customers for a campaign tool.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "A segment's customers as CSV for a campaign tool, without do-not-contact customers.",
        discussion: """
            Columns: customer_id, email, phone, name, city, segment, r, f, m. Do-not-contact customers are always \
            left out. Prints CSV unless --output says otherwise.
            """
    )

    @OptionGroup var storeSelection: StoreSelection

    @Option(name: .long, help: "table, csv or json (default: csv).")
    var output: OutputFormat = .csv

    @Flag(name: .long, help: """
        Write text cells as stored (no ' before a leading =, +, -, @, tab or CR; control characters not escaped).
        """)
    var raw = false

    @Option(name: .long, help: ArgumentHelp("The segment (case and punctuation do not matter).", valueName: "NAME"))
    var segment: String

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let name = try SegmentName.resolve(segment)
            let printer = RowPrinter(
                ["customer_id", "email", "phone", "name", "city", "segment", "r", "f", "m"], format: output,
                raw: raw)
            var after: CustomerID?
            while true {
                let page = try store.segmentMembers(name, limit: 1000, after: after, includeDoNotContact: false)
                let profiles = try store.read { reader in
                    try page.map { try reader.profile(id: $0.id) }
                }
                for (member, profile) in zip(page, profiles) {
                    guard let customer = profile?.customer, !customer.doNotContact else { continue }
                    printer.add([
                        .text(member.externalID), .optionalText(customer.email), .optionalText(customer.phone),
                        .optionalText(customer.name), .optionalText(customer.city), .text(name),
                        .int(member.scores.recency), .int(member.scores.frequency), .int(member.scores.monetary),
                    ])
                }
                guard page.count == 1000, let last = page.last else { break }
                after = last.id
            }
            printer.finish()
        }
    }
}
