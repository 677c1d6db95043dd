// What the lifecycle change feed costs (docs/performance.md, "Change feed cost"):
//
//   cd Benchmarks && swift run -c release feed-cost write [CUSTOMERS] [ROUNDS] [BATCH]   (default 20000, 40, 1)
//   cd Benchmarks && swift run -c release feed-cost sweep [CUSTOMERS] [BUILD_SECONDS]   (default 1000000, 60)
//
// write: the same time-ordered purchases recorded into two stores, change feed on and off, BATCH purchases per write
//   transaction (1: one per transaction, as a service without group commit; durability .bulk: no fsync, so the
//   write path's own work is measured, not the disk). A third of the
//   purchases are recorded untimed first and the feed store swept once (so purchases are scored against quintile
//   boundaries and segment events happen); the rest go in ROUNDS rounds, each recording its chunk into both stores
//   (which goes first alternates). Prints the median per-purchase write time of each, the ratio, and the events
//   the feed wrote per purchase.
// sweep: builds a store of up to CUSTOMERS customers with 1–2 purchases each in 2025, in write transactions of
//   ≤50,000 purchases (.bulk), stopping early when BUILD_SECONDS have passed; then times sweepSegments(at:) on
//   2026-01-01 (the first, which ranks everyone for the first time, and a second after 1% of the customers bought
//   again) and advance(to:) to 2026-01-31 (the first advance: every time-driven change since the purchases) and
//   400 days later.
#if canImport(Glibc)
import Glibc
#endif
import Clientele
import ClientelePredict
import Foundation

// Only Clientele (not BenchmarkSupport, which brings GRDB): a short release build.
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = monotonicNanoseconds()
    try body()
    return Double(monotonicNanoseconds() - start) / 1e9
}

/// About 3 purchases for each of `customers` customers over two years (BenchmarkSupport.SyntheticData's recipe),
/// sorted by time as shops export them.
func timeOrderedPurchases(customers: Int, seed: UInt64) -> [Purchase] {
    var random = SplitMix64(seed: seed)
    func next() -> UInt64 { random.next() }
    let start = Instant(day: Day(year: 2024, month: 1, day: 1)!).microseconds
    var purchases: [Purchase] = []
    var order = 0
    for customer in 0..<customers {
        var time = start + Int64(next() % (200 * 86_400)) * 1_000_000
        for _ in 0..<(1 + Int(next() % 5)) {
            order += 1
            purchases.append(Purchase(
                customer: "c\(customer)", orderID: "o\(order)", occurredAt: Instant(microseconds: time),
                amount: Money(minorUnits: Int64(500 + next() % 20_000)), category: "cat\(next() % 12)"))
            time += Int64(1 + next() % (60 * 86_400)) * 1_000_000
        }
    }
    return purchases.sorted { ($0.occurredAt.microseconds, $0.orderID ?? "") < ($1.occurredAt.microseconds, $1.orderID ?? "") }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "write"

func temporaryPath(_ label: String) -> String {
    let path = NSTemporaryDirectory() + "feed-cost-\(label)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    return path
}

func open(_ path: String, feed: Bool) throws -> Store {
    var options = StoreOptions()
    options.durability = .bulk
    options.changeFeed.enabled = feed
    // The benchmark sweeps when it chooses, never from advance's cadence.
    options.changeFeed.segmentSweepInterval = nil
    return try Store.open(at: path, options: options)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func format(_ value: Double) -> String { String(format: "%.2f", value) }

/// The UTC day of an instant, as YYYY-MM-DD.
func day(of instant: Instant) -> String {
    let date = Date(timeIntervalSince1970: Double(instant.microseconds) / 1e6)
    return String(ISO8601DateFormatter().string(from: date).prefix(10))
}

switch mode {
case "write":
    let customers = arguments.count > 1 ? Int(arguments[1]) ?? 20_000 : 20_000
    let rounds = max(arguments.count > 2 ? Int(arguments[2]) ?? 40 : 40, 2)
    let batch = max(arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1, 1)
    let purchases = timeOrderedPurchases(customers: customers, seed: 14)
    let (onPath, offPath) = (temporaryPath("on"), temporaryPath("off"))
    defer { for path in [onPath, offPath] { try? FileManager.default.removeItem(atPath: path) } }
    let on = try open(onPath, feed: true)
    let off = try open(offPath, feed: false)
    let warm = purchases.count / 3
    for store in [on, off] { try store.write { w in _ = try w.record(purchases[..<warm]) } }
    let warmEvents = try on.read { try $0.lastEventOffset() }
    try on.sweepSegments(at: purchases[warm - 1].occurredAt)
    let swept = try on.read { try $0.lastEventOffset() }
    let timed = purchases[warm...]
    let chunk = timed.count / rounds
    var onTimes: [Double] = []
    var offTimes: [Double] = []
    for round in 0..<rounds {
        let start = timed.startIndex + round * chunk
        let slice = timed[start..<(round == rounds - 1 ? timed.endIndex : start + chunk)]
        func run(_ store: Store) throws -> Double {
            let elapsed = try seconds {
                var index = slice.startIndex
                while index < slice.endIndex {
                    let end = min(index + batch, slice.endIndex)
                    try store.write { w in _ = try w.record(slice[index..<end]) }
                    index = end
                }
            }
            return elapsed * 1e6 / Double(slice.count)
        }
        if round % 2 == 0 {
            onTimes.append(try run(on)); offTimes.append(try run(off))
        } else {
            offTimes.append(try run(off)); onTimes.append(try run(on))
        }
    }
    let events = try on.read { try $0.lastEventOffset() } - swept
    let (medianOn, medianOff) = (median(onTimes), median(offTimes))
    print("feed-cost write: \(customers) customers, \(purchases.count) purchases in time order; \(warm) recorded untimed "
          + "(\(warmEvents) events), one sweep (\(swept - warmEvents) events), \(timed.count) timed in \(rounds) alternating "
          + "rounds, \(batch) purchase(s) per transaction, durability .bulk")
    print("| store | median µs per purchase | fastest round | slowest round |")
    print("|---|---:|---:|---:|")
    print("| change feed on | \(format(medianOn)) | \(format(onTimes.min() ?? .nan)) | \(format(onTimes.max() ?? .nan)) |")
    print("| change feed off | \(format(medianOff)) | \(format(offTimes.min() ?? .nan)) | \(format(offTimes.max() ?? .nan)) |")
    let perRound = zip(onTimes, offTimes).map { ($0 - $1) / $1 * 100 }
    print("feed cost: \(format((medianOn - medianOff) / medianOff * 100))% of a purchase's write time "
          + "(median of per-round differences: \(format(median(perRound)))%); \(events) events for \(timed.count) timed "
          + "purchases (\(format(Double(events) / Double(timed.count))) per purchase)")
    try on.close()
    try off.close()

case "sweep":
    let target = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
    let budget = arguments.count > 2 ? Double(arguments[2]) ?? 60 : 60
    let path = temporaryPath("sweep")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try open(path, feed: true)
    let start = Instant(day: Day(year: 2025, month: 1, day: 1)!).microseconds
    var built = 0
    var purchases = 0
    let began = monotonicNanoseconds()
    // Customer i buys on a day in 2025 and, for odd i, again 1–90 days later; written in batches of 50,000 purchases.
    while built < target, Double(monotonicNanoseconds() - began) / 1e9 < budget {
        let upper = min(built + 33_000, target)
        var batch: [Purchase] = []
        batch.reserveCapacity(2 * (upper - built))
        for i in built..<upper {
            let day = Int64((i &* 7_919) % 365)
            let amount = Money(minorUnits: Int64(500 + (i &* 131) % 20_000))
            batch.append(Purchase(customer: "c\(i)", orderID: "a\(i)",
                                  occurredAt: Instant(microseconds: start + day * 86_400_000_000 + Int64(i % 86_400) * 1_000_000),
                                  amount: amount))
            if i % 2 == 1 {
                batch.append(Purchase(customer: "c\(i)", orderID: "b\(i)",
                                      occurredAt: Instant(microseconds: start + (day + 1 + Int64(i % 90)) * 86_400_000_000),
                                      amount: amount))
            }
        }
        try store.write { w in _ = try w.record(batch) }
        purchases += batch.count
        built = upper
    }
    let buildSeconds = Double(monotonicNanoseconds() - began) / 1e9
    let end = Instant(day: Day(year: 2026, month: 1, day: 1)!)
    print("feed-cost sweep: built \(built) customers (\(purchases) purchases) in \(format(buildSeconds)) s "
          + "(target \(target), budget \(format(budget)) s; batches of ≤50,000 purchases, .bulk)")
    print("| operation | seconds | events | work |")
    print("|---|---:|---:|---:|")
    var events = 0
    let first = try seconds { events = try store.sweepSegments(at: end) }
    print("| first sweepSegments (everyone ranked for the first time) | \(format(first)) | \(events) | \(built) customers ranked, \(Int(Double(built) / first))/s |")
    // 1% of the customers buy again (one transaction), then the sweep finds who moved because of them.
    let again = stride(from: 0, to: built, by: 100).map { i in
        Purchase(customer: "c\(i)", orderID: "r\(i)", occurredAt: end, amount: Money(minorUnits: 90_000))
    }
    try store.write { w in _ = try w.record(again) }
    let second = try seconds { events = try store.sweepSegments(at: Instant(microseconds: end.microseconds + 3_600_000_000)) }
    print("| second sweepSegments (after \(again.count) customers bought) | \(format(second)) | \(events) | \(built) customers ranked, \(Int(Double(built) / second))/s |")
    for days in [30, 430] {
        var summary = AdvanceSummary()
        let target = Instant(microseconds: end.microseconds + Int64(days) * 86_400_000_000)
        let elapsed = try seconds { summary = try store.advance(to: target) }
        print("| advance(to: \(day(of: target))) | \(format(elapsed)) | \(summary.statusEvents) | \(summary.customers) due entries in \(summary.transactions) transactions, \(Int(Double(summary.customers) / elapsed))/s |")
    }
    try store.close()

default:
    print("usage: feed-cost write [CUSTOMERS] [ROUNDS] [BATCH] | sweep [CUSTOMERS] [BUILD_SECONDS]")
    exit(64)
}
