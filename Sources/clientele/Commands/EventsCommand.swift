#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Clientele

/// `clientele events --consumer NAME [--follow] [--output jsonl|table] [--ack] [--limit N]`.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the lifecycle change feed after a consumer's acknowledged offset.",
        discussion: """
            Events are printed in offset order, starting after the consumer's acknowledged offset (the consumer is \
            created on first use). Nothing is acknowledged unless --ack: then each printed batch is acknowledged \
            once written, so the next run starts after it. --follow keeps waiting for new events: while caught up \
            it checks the store's last committed transaction every 5 ms (no read; a commit by any process moves \
            it) and reads again only when it moved past the last read's snapshot. See docs/change-feed.md.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, table
    }

    /// How often `--follow` checks the store's last committed transaction while caught up.
    static let pollMicroseconds: useconds_t = 5_000

    @OptionGroup var storeSelection: StoreSelection

    @Option(name: .long, help: "The consumer's name (its durable position).")
    var consumer: String

    @Flag(name: .long, help: "Keep waiting for new events.")
    var follow = false

    @Flag(name: .long, help: "Acknowledge the events printed.")
    var ack = false

    @Option(name: .long, help: "jsonl (one JSON object per line, the default) or table.")
    var output: Format = .jsonl

    @Option(name: .long, help: "Stop after this many events.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let name = consumer
            var position = try store.write { try $0.registerConsumer(name) }.acknowledged
            var remaining = limit ?? Int.max
            let encoder = store.jsonEncoder()
            while remaining > 0 {
                let after = position
                let (batch, snapshot) = try store.read { r in
                    (try r.events(after: after, limit: min(remaining, 1000)), r.snapshotTransaction)
                }
                if batch.isEmpty {
                    guard follow else { break }
                    // Any process's commit after the batch's snapshot moves the last committed transaction past it.
                    while try store.lastCommittedTransaction <= snapshot { usleep(Self.pollMicroseconds) }
                    continue
                }
                switch output {
                case .jsonl:
                    for event in batch { Console.out.line(String(decoding: try encoder.encode(event), as: UTF8.self)) }
                case .table:
                    let printer = RowPrinter(
                        ["offset", "customer_id", "kind", "from", "to", "instant", "cause", "do_not_contact"],
                        format: .table, raw: false)
                    for event in batch {
                        printer.add([.int(Int(event.offset)), .text(event.externalID), .text(event.kind.rawValue),
                                     .text(event.from ?? ""), .text(event.to ?? ""), .text(event.instant.iso8601),
                                     .text(event.cause.rawValue), .text(event.doNotContact ? "yes" : "no")])
                    }
                    printer.finish()
                }
                Console.out.flush()
                if let last = batch.last {
                    position = last.offset
                    if ack { try store.acknowledge(consumer: name, through: last.offset) }
                }
                remaining -= batch.count
            }
        }
    }
}

/// `clientele advance [--to DATE]`.
struct AdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move the change feed's clock: write the time-driven status changes up to DATE (default: now).",
        discussion: "Also re-ranks segments when the sweep interval has passed. Idempotent. See docs/change-feed.md."
    )

    @OptionGroup var storeSelection: StoreSelection

    @Option(name: .long, help: ArgumentHelp("Advance to DATE (a date is its end of day).", valueName: "DATE"))
    var to: String?

    @Flag(name: .long, help: "Also re-rank segments now, whatever the interval.")
    var sweep = false

    func run() throws {
        try CommandRunner.run {
            let store = try storeSelection.openExisting()
            let instant = try to.map { try DateArgument.parse($0, option: "--to", store: store) } ?? .now
            let summary = try store.advance(to: instant)
            var swept = summary.sweepEvents
            if sweep && swept == nil { swept = try store.sweepSegments(at: instant) }
            Console.out.line("clock: \(summary.clock.map { "\($0)" } ?? "unset")")
            Console.out.line("status events: \(summary.statusEvents)")
            Console.out.line("segment events: \(swept.map { "\($0)" } ?? "no sweep due")")
        }
    }
}
