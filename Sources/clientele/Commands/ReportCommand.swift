import ArgumentParser
import Clientele
import Foundation

/// `clientele report`: one self-contained HTML page of charts.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page of charts: segments, lifecycle, conversion, cohorts, months, "
            + "visits, next purchases, predictions.",
        discussion: """
            The page has inline SVG and CSS only (no script, nothing loaded from elsewhere), opens offline and \
            prints on light paper. Every number comes from the same queries as the other commands. --as-of sets the \
            instant of the segment map, the lifecycle statuses, the time between visits and the model's fit; the \
            monthly figures, cohorts, conversion and next purchases cover every stored purchase. The file is \
            written to a temporary name and renamed into place.
            """
    )

    @OptionGroup var storeSelection: StoreSelection

    @Option(name: .long, help: ArgumentHelp("The HTML file to write.", valueName: "FILE"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Customer figures and the model as of DATE (default: now).",
                                            valueName: "DATE"))
    var asOf: String?

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let instant = try asOf.map { try DateArgument.parse($0, option: "--as-of", store: store) }
            let bytes = try Self.write(store: store, path: storeSelection.path, asOf: instant, to: out)
            Console.out.line("wrote \(out) (\(Format.bytes(bytes)))")
        }
    }

    /// Builds the page for `store` and writes it to `file` (through a temporary file and a rename); returns its
    /// size in bytes.
    /// - Throws: the store's errors; `CLIError` (I/O) when the file cannot be written.
    static func write(store: Store, path: String, asOf: Instant?, to file: String) throws -> Int {
        let data = try ReportData.read(store, path: path, asOf: asOf)
        let page = ReportPage(data: data, charts: ReportCharts(data: data).all, generatedAt: .now)
        let bytes = Data(page.html().utf8)
        let temporary = file + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try bytes.write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
            try FileManager.default.moveItem(atPath: temporary, toPath: file)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError(.store, "cannot write the report to '\(file)': \((error as NSError).localizedDescription)")
        }
        return bytes.count
    }
}
