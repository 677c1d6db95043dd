#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Clientele
import ClienteleImport

/// `clientele generate --customers N --seed S --out DIR`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic synthetic customers.csv and purchases.csv (deterministic for a seed).",
        discussion: """
            A BG/NBD-like purchase process: each customer buys at its own Poisson rate (gamma-distributed across \
            customers) and drops out after each purchase with its own probability (beta-distributed); \
            gamma-distributed spend with a per-customer basket size; Zipf-skewed category popularity with favourite \
            and companion categories; about 2% refunds naming their order; signups over the three years before \
            --end; 3% do-not-contact customers. About 10 purchase lines per customer. The files use the default \
            import layouts (customers.csv adds a do_not_contact column; purchases.csv has quantity, channel and \
            refund_of). --order time (the default) writes purchases.csv sorted by time with customers \
            interleaved and order ids 1..M, as a shop exports its orders; --order customer writes each customer's \
            lines together (order ids O<customer>-<k>). Both orders hold the same purchases. The output depends only \
            on --customers, --seed, --end and --order.
            """
    )

    @Option(name: .long, help: "How many customers.")
    var customers = 10_000

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 42

    @Option(name: .long, help: ArgumentHelp("The output directory (created when missing).", valueName: "DIR"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("The last day purchases may fall on (default: today, UTC).",
                                            valueName: "DATE"))
    var end: String?

    @Option(name: .long, help: ArgumentHelp(
        "The order of purchases.csv: time (sorted by time, order ids 1..M) or customer.", valueName: "ORDER"))
    var order: PurchaseOrder = .time

    @Flag(name: .long, help: "Print nothing.")
    var quiet = false

    func validate() throws {
        guard customers >= 1 && customers <= 100_000_000 else {
            throw ValidationError("--customers must be 1...100000000")
        }
    }

    func run() throws {
        try CommandRunner.run {
            let endDay = try Self.endDay(end)
            let started = POSIXClock.seconds()
            let totals = try Self.generate(
                customers: customers, seed: seed, endDay: endDay, order: order, into: out)
            if !quiet {
                Console.out.line(
                    "generated \(totals.customers) customers and \(totals.purchases) purchase lines "
                        + "(\(totals.refunds) refunds) in \(out) (\(Format.bytes(totals.bytes)), "
                        + "\(Format.fixed(POSIXClock.seconds() - started, places: 1)) s)")
            }
        }
    }

    /// The end day: a date argument, or today (UTC).
    static func endDay(_ text: String?) throws -> Day {
        guard let text else { return Day(Instant.now) }
        do {
            return Day(Instant(microseconds: try TimestampParser.standard.parse(text)))
        } catch {
            throw CLIError(.usage, "--end: \(error)")
        }
    }

    /// Writes `customers.csv` and `purchases.csv` into `directory`.
    static func generate(
        customers: Int, seed: UInt64, endDay: Day, order: PurchaseOrder = .time, into directory: String
    ) throws
        -> SyntheticShop.Totals
    {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw CLIError(.notFound, "cannot create '\(directory)': \(String(cString: strerror(errno)))")
        }
        func create(_ name: String) throws -> Int32 {
            let fd = open(directory + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw CLIError(.notFound, "cannot create '\(directory)/\(name)': \(String(cString: strerror(errno)))")
            }
            return fd
        }
        let customersFD = try create("customers.csv")
        defer { close(customersFD) }
        let purchasesFD = try create("purchases.csv")
        defer { close(purchasesFD) }
        let shop = SyntheticShop(customers: customers, seed: seed, endDay: endDay, order: order)
        return try shop.write(customersFile: customersFD, purchasesFile: purchasesFD)
    }
}

/// The monotonic clock in seconds.
enum POSIXClock {
    static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
