#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Clientele
import ClienteleImport
import Foundation

/// `clientele demo`: generate, import, report.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a realistic data set, import it into a fresh store, and print a compact report.",
        discussion: """
            Generates --customers customers (about 10 purchase lines each) into a temporary directory, imports them \
            with the progress display into a temporary store (or --store DIR), then reports segments, lifecycle \
            status, new->repeat conversion, the average check by month, and the top categories with what follows \
            them, and writes the HTML report of `clientele report` (--report FILE) and prints its path. The \
            temporary data and store are removed at the end; the report is kept.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Import into DIR instead of a temporary store (kept).", valueName: "DIR"))
    var store: String?

    @Option(name: .long, help: "How many customers to generate.")
    var customers = 20_000

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp(
        "Write the HTML report (`clientele report`) to FILE (default: clientele-demo-report.html in the temporary "
            + "directory; kept).", valueName: "FILE"))
    var report: String?

    func validate() throws {
        guard customers >= 10 && customers <= 10_000_000 else {
            throw ValidationError("--customers must be 10...10000000")
        }
    }

    func run() throws {
        try CommandRunner.run {
            let started = POSIXClock.seconds()
            var base = NSTemporaryDirectory()
            while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
            var template = Array((base + "/clientele-demo-XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }
            }) else {
                throw CLIError(.store, "cannot create a temporary directory: \(String(cString: strerror(errno)))")
            }
            let work = String(cString: made)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let data = work + "/data"
            let storePath = store ?? work + "/store"

            if !quiet { Console.err.write("generating \(customers) customers (seed \(seed))…\n") }
            let totals = try GenerateCommand.generate(
                customers: customers, seed: seed, endDay: Day(Instant.now), into: data)
            let opened = try StoreSelection(store: storePath).openOrCreate()
            let progress = ProgressReporter.automatic(quiet: quiet, interval: nil)
            var options = ImportOptions()
            options.batchSize = 10_000
            let customerSummary = try ImportRunner(
                store: opened, kind: .customers, options: options, rejects: nil, progress: progress
            ).run([data + "/customers.csv"], printSummary: false)
            let purchaseSummary = try ImportRunner(
                store: opened, kind: .purchases, options: options, rejects: nil, progress: progress
            ).run([data + "/purchases.csv"], printSummary: false)
            let importSeconds = customerSummary.elapsed + purchaseSummary.elapsed

            Console.out.line(
                "Clientele demo: \(Format.grouped(totals.customers)) customers, "
                    + "\(Format.grouped(totals.purchases)) purchase lines (\(Format.grouped(totals.refunds)) refunds) "
                    + "imported in \(Format.fixed(importSeconds, places: 1)) s "
                    + "(\(Format.grouped(Int(Double(customerSummary.rowsRead + purchaseSummary.rowsRead) / max(importSeconds, 0.001)))) rows/s)")
            Console.out.line("store: \(store ?? "temporary (removed at exit; use --store DIR to keep it)")")
            try DemoReport(store: opened).print()
            let reportPath = report ?? base + "/clientele-demo-report.html"
            let reportBytes = try ReportCommand.write(store: opened, path: storePath, asOf: nil, to: reportPath)
            Console.out.line()
            Console.out.line("HTML report: \(reportPath) (\(Format.bytes(reportBytes)))")
            Console.out.line()
            Console.out.line("total \(Format.fixed(POSIXClock.seconds() - started, places: 1)) s")
        }
    }
}

extension StoreSelection {
    init(store: String) {
        self.init()
        self.store = store
        noChangeFeed = false
    }
}
