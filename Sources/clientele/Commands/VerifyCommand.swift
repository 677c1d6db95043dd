import ArgumentParser
import Clientele

/// `clientele verify`: recompute every aggregate from the raw purchases and compare.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every aggregate, index and rollup from the raw records and compare (exit 1 on differences).",
        discussion: """
            Checks every record's checksum, every index entry, each customer's aggregate and the global rollups on \
            one snapshot. Differences name tables and internal keys (customer numbers, days, category ids), never \
            customer data. Exit 0 when clean, 1 with the differences listed.
            """
    )

    @OptionGroup var storeSelection: StoreSelection
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        try CommandRunner.runWithStatus { () throws -> ExitStatus in
            let store = try storeSelection.openExisting()
            let report = try store.verify()
            if outputOptions.format == .json {
                var record = KeyValueOutput()
                record.add("clean", .bool(report.isClean))
                record.add("customers", .int(report.customers))
                record.add("purchases", .int(report.purchases))
                record.add("records", .int(report.records))
                var table = OutputTable(["table", "key", "expected", "found"])
                for difference in report.differences {
                    table.append([
                        .text(difference.table), .text(difference.key), .text(difference.expected),
                        .text(difference.found),
                    ])
                }
                Console.out.line(record.jsonObject(extra: [("differences", table.jsonArray(indent: 2))]))
                return report.isClean ? .success : .differences
            }
            if report.isClean {
                Console.out.line(
                    "clean: \(report.customers) customers, \(report.purchases) purchases, \(report.records) records checked")
                return .success
            }
            var table = OutputTable(["table", "key", "expected", "found"])
            for difference in report.differences {
                table.append([
                    .text(difference.table), .text(difference.key), .text(difference.expected),
                    .text(difference.found),
                ])
            }
            table.print(outputOptions.format, raw: outputOptions.raw)
            Console.err.write("clientele: verify found \(report.differences.count) difference(s)\n")
            return .differences
        }
    }
}
