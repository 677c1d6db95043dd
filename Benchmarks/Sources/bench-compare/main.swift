// bench-compare: Clientele and the SQLite baseline on the same data and operations, in one run; prints one table.
//
//   bench-compare --data DIR --clientele PATH [--customer-order DIR] [--work DIR] [--samples N] [--import-only]
//
// DIR holds customers.csv and purchases.csv from `clientele generate` (time order: the SQLite baseline and every
// query run on it); --customer-order DIR the same data from `clientele generate --order customer`, imported by the
// CLI too. --import-only stops after the imports and the file sizes. Benchmarks/run.sh drives it.
#if canImport(Glibc)
import Glibc
#endif
import BenchmarkSupport
import Clientele
import Foundation
import GRDB
import LMDBKit

struct Row {
    var operation: String
    var clientele: Double
    var sqlite: Double?
    var unit: String
    var higherIsBetter: Bool
}

func argument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let index = args.firstIndex(of: name), index + 1 < args.count else { return nil }
    return args[index + 1]
}

let dataDir = argument("--data") ?? "bench-data"
let customerOrderDir = argument("--customer-order")
let clienteleBinary = argument("--clientele") ?? "clientele"
let work = argument("--work") ?? NSTemporaryDirectory() + "clientele-bench-\(getpid())"
let samples = Int(argument("--samples") ?? "") ?? 2000
let importOnly = CommandLine.arguments.contains("--import-only")
try? FileManager.default.removeItem(atPath: work)
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
var rows: [Row] = []
func log(_ text: String) { FileHandle.standardError.write((text + "\n").data(using: .utf8)!) }

/// Runs a child and returns (seconds, peak RSS in MiB). The peak RSS is the one the import reports for itself
/// (`peak RSS … MiB` in its summary, read from /proc/self/status): `wait4`'s rusage is unreliable here, since
/// Foundation's `Process` reaps the child on its own thread.
func runChild(_ path: String, _ arguments: [String]) throws -> (Double, Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    let start = monotonicNanoseconds()
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let elapsed = Double(monotonicNanoseconds() - start) / 1e9
    guard process.terminationStatus == 0 else { throw NSError(domain: "bench", code: Int(process.terminationStatus)) }
    let rss = text.split(separator: "\n").first { $0.hasPrefix("peak RSS") }
        .flatMap { line in line.split(separator: " ").compactMap { Double($0) }.first } ?? .nan
    return (elapsed, rss)
}

let purchasesCSV = dataDir + "/purchases.csv"
var purchaseRows = 0
// Every 16th row's customer: the customers the latency figures look up (all of them have purchases).
var sampledCustomers: [String] = []
try readPurchases(purchasesCSV) { batch in
    for (offset, purchase) in batch.enumerated() where (purchaseRows + offset) % 16 == 0 {
        sampledCustomers.append(purchase.customer)
    }
    purchaseRows += batch.count
}
log("data: \(purchaseRows) purchase rows")

// 1. End-to-end CSV import: the CLI (child process: rows/s and peak RSS) against SQLite with the same reader.
let clientelePath = work + "/clientele-store"
let (importSeconds, importRSS) = try runChild(clienteleBinary, ["import", "purchases", purchasesCSV, "--store", clientelePath, "--quiet"])
let sqlitePath = work + "/baseline.sqlite"
let baseline = try SQLiteBaseline(path: sqlitePath, durable: true)
let sqliteImport = try seconds { try readPurchases(purchasesCSV) { try baseline.record($0) } }
rows.append(Row(operation: "CSV import (time order), purchases/s", clientele: Double(purchaseRows) / importSeconds,
                sqlite: Double(purchaseRows) / sqliteImport, unit: "/s", higherIsBetter: true))
rows.append(Row(operation: "CSV import (time order), peak RSS (MiB)", clientele: importRSS, sqlite: nil, unit: "MiB",
                higherIsBetter: false))
if let customerOrderDir {
    // The same purchases, each customer's lines together (the generator's other order); the CLI only.
    let (seconds, rss) = try runChild(clienteleBinary, [
        "import", "purchases", customerOrderDir + "/purchases.csv", "--store", work + "/customer-order-store",
        "--quiet"])
    rows.append(Row(operation: "CSV import (customer order), purchases/s", clientele: Double(purchaseRows) / seconds,
                    sqlite: nil, unit: "/s", higherIsBetter: true))
    rows.append(Row(operation: "CSV import (customer order), peak RSS (MiB)", clientele: rss, sqlite: nil,
                    unit: "MiB", higherIsBetter: false))
    try? FileManager.default.removeItem(atPath: work + "/customer-order-store")
}
log("import done")

/// Bytes a file occupies on disk (allocated blocks, as `du` counts), 0 when absent.
func diskBytes(_ path: String) -> Double {
    var info = stat()
    guard stat(path, &info) == 0 else { return 0 }
    return Double(info.st_blocks) * 512
}
// After the import (the SQLite baseline checkpointed: its WAL counted too, were any left).
try baseline.checkpoint()
let sqliteBytes = diskBytes(sqlitePath) + diskBytes(sqlitePath + "-wal")
rows.append(Row(operation: "file size on disk after the import (MiB)",
                clientele: diskBytes(clientelePath + "/data.mdb") / 1_048_576, sqlite: sqliteBytes / 1_048_576,
                unit: "MiB", higherIsBetter: false))

// The table.
func format(_ value: Double) -> String {
    if value >= 100_000 { return String(format: "%.0f", value) }
    if value >= 100 { return String(format: "%.0f", value) }
    return String(format: "%.2f", value)
}
@MainActor func printTable(customers: Int) {
    print("| operation | Clientele | SQLite (GRDB, WAL) | Clientele advantage |")
    print("|---|---:|---:|---:|")
    for row in rows {
        let ratio: String
        if let sqlite = row.sqlite, sqlite > 0, row.clientele > 0 {
            ratio = String(format: "%.1f×", row.higherIsBetter ? row.clientele / sqlite : sqlite / row.clientele)
        } else {
            ratio = "—"
        }
        print("| \(row.operation) | \(format(row.clientele)) | \(row.sqlite.map(format) ?? "—") | \(ratio) |")
    }
    print("\n\(customers) customers, \(purchaseRows) purchases; \(samples) samples per latency figure.")
}

let store = try Store.openExisting(at: clientelePath)
let customers = try store.read { try $0.counts().customers }
if importOnly {
    printTable(customers: customers)
    try? FileManager.default.removeItem(atPath: work)
    exit(0)
}
var random = SystemRandomNumberGenerator()
let ids = (0..<samples).map { _ in sampledCustomers.randomElement(using: &random) ?? "none" }

// 2. One customer's present RFM + scores + segment.
_ = try store.customerRFM(externalID: ids[0])
var clienteleRFM = Latencies()
for id in ids { try clienteleRFM.record { consume(try store.customerRFM(externalID: id)) } }
let bounds = try baseline.boundaries()
var sqliteRFM = Latencies()
for id in ids { try sqliteRFM.record { consume(try baseline.customerRFM(id, boundaries: bounds)) } }
rows.append(Row(operation: "customer RFM+segment p50 (µs)", clientele: clienteleRFM.percentile(50) / 1000,
                sqlite: sqliteRFM.percentile(50) / 1000, unit: "µs", higherIsBetter: false))
rows.append(Row(operation: "customer RFM+segment p99 (µs)", clientele: clienteleRFM.percentile(99) / 1000,
                sqlite: sqliteRFM.percentile(99) / 1000, unit: "µs", higherIsBetter: false))

// 2b. The same right after a write: one purchase recorded (dated now) for the customer, then its RFM read (timed).
// Within `StoreOptions.scoreStaleness` the read ranks against the last snapshot; the old behaviour (a rebuild of the
// population snapshot on every read after a write) is measured by dropping the cache before each read.
var afterWrite = Latencies()
var afterWriteRebuild = Latencies()
for (index, id) in ids.prefix(min(samples, 1000)).enumerated() {
    let purchase = Purchase(customer: id, orderID: "bench-after-write-\(index)", occurredAt: .now,
                            amount: Money(minorUnits: 1_000), category: "books")
    try store.write { w in _ = try w.record(purchase) }
    if index < 50 {
        store.invalidateScoreCache()
        try afterWriteRebuild.record { consume(try store.customerRFM(externalID: id)) }
    } else {
        try afterWrite.record { consume(try store.customerRFM(externalID: id)) }
    }
}
rows.append(Row(operation: "customer RFM+segment right after a write p50 (µs)",
                clientele: afterWrite.percentile(50) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))
rows.append(Row(operation: "customer RFM+segment right after a write p99 (µs)",
                clientele: afterWrite.percentile(99) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))
rows.append(Row(operation: "the same with a population rebuild per read (scoreStaleness 0), p50 (µs)",
                clientele: afterWriteRebuild.percentile(50) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))

// 2c. One customer's segment while 16 tasks record purchases (dated now, through group commit) on the same store:
// the read path a service personalising by segment takes under live traffic. Past `scoreStaleness` (1 s) the reads
// keep the previous population snapshot while one background rebuild replaces it. The run lasts at least 3 s so
// that several rebuilds fall inside it.
do {
    let stop = Locked(false)
    let written = Locked(0)
    let writerFailure = Locked<String?>(nil)
    let writersDone = DispatchSemaphore(value: 0)
    let writerIDs = Array(ids.prefix(1000))
    Task.detached {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<16 {
                    group.addTask {
                        var index = task
                        while !stop.withLock({ $0 }) {
                            let purchase = Purchase(customer: writerIDs[index % writerIDs.count],
                                                    orderID: "bench-live-\(task)-\(index)", occurredAt: .now,
                                                    amount: Money(minorUnits: Int64(500 + index % 9_000)),
                                                    category: "books")
                            try await store.record(purchase)
                            written.withLock { $0 += 1 }
                            index += 16
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            writerFailure.withLock { $0 = "\(error)" }
        }
        writersDone.signal()
    }
    var underWrites = Latencies()
    let started = monotonicNanoseconds()
    var reads = 0
    while reads < samples * 10 || monotonicNanoseconds() - started < 3_000_000_000 {
        let id = ids[reads % ids.count]
        try underWrites.record { consume(try store.customerRFM(externalID: id)) }
        reads += 1
    }
    let elapsed = Double(monotonicNanoseconds() - started) / 1e9
    stop.withLock { $0 = true }
    writersDone.wait()
    if let message = writerFailure.withLock({ $0 }) {
        log("segment under writes: a write failed: \(message)")
        exit(1)
    }
    rows.append(Row(operation: "customer RFM+segment while 16 writers record, p50 (µs)",
                    clientele: underWrites.percentile(50) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))
    rows.append(Row(operation: "customer RFM+segment while 16 writers record, p99 (µs)",
                    clientele: underWrites.percentile(99) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))
    rows.append(Row(operation: "  the writers meanwhile, purchases/s",
                    clientele: Double(written.withLock { $0 }) / elapsed, sqlite: nil, unit: "/s",
                    higherIsBetter: true))
}

// 3. Population queries (median of 5; Clientele's score cache is dropped before each segment count).
func median(_ runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(body)) }
    return times.sorted()[runs / 2]
}
let segmentsClientele = try median { store.invalidateScoreCache(); consume(try store.segmentSummary()) }
let segmentsSQLite = try median { consume(try baseline.segmentCounts()) }
rows.append(Row(operation: "segment counts, whole population (ms)", clientele: segmentsClientele * 1000,
                sqlite: segmentsSQLite * 1000, unit: "ms", higherIsBetter: false))
let topClientele = try median(51) { consume(try store.top(by: .monetary, limit: 100)) }
let topSQLite = try median(51) { consume(try baseline.topByMonetary(100)) }
rows.append(Row(operation: "top 100 by monetary (µs)", clientele: topClientele * 1e6, sqlite: topSQLite * 1e6,
                unit: "µs", higherIsBetter: false))
let summaryClientele = try median { consume(try store.summary()) }
let endDay = Int64(Day(Instant.now).rawValue)
let summarySQLite = try median { consume(try baseline.summary(endDay: endDay)) }
rows.append(Row(operation: "lifetimes summary, every customer (ms)", clientele: summaryClientele * 1000,
                sqlite: summarySQLite * 1000, unit: "ms", higherIsBetter: false))
let since = Instant(microseconds: Instant.now.microseconds - 180 * 86_400_000_000)
let lapsedClientele = try median { consume(try store.lapsed(since: since, limit: Int.max)) }
let lapsedSQLite = try median { consume(try baseline.lapsed(since: since.microseconds)) }
rows.append(Row(operation: "lapsed since 180 days (ms)", clientele: lapsedClientele * 1000,
                sqlite: lapsedSQLite * 1000, unit: "ms", higherIsBetter: false))
var verifyClean = true
let verifySeconds = try seconds { verifyClean = try store.verify().isClean }
if !verifyClean { log("verify found differences"); exit(1) }
rows.append(Row(operation: "verify, purchases/s", clientele: Double(purchaseRows) / verifySeconds, sqlite: nil,
                unit: "/s", higherIsBetter: true))
log("queries done")

// 4. Writes on fresh stores: batches, single purchases (durable, relaxed), a bare LMDB commit, group commit.
let synthetic = SyntheticData.make(customers: 20_000)
func freshStore(_ name: String, _ durability: Durability) throws -> Store {
    var options = StoreOptions()
    options.environment.durability = durability
    return try Store.open(at: work + "/" + name, options: options)
}
let batchStore = try freshStore("batch", .durable)
let batchClientele = try seconds {
    for start in stride(from: 0, to: synthetic.purchases.count, by: 10_000) {
        try batchStore.write { w in
            for p in synthetic.purchases[start..<min(start + 10_000, synthetic.purchases.count)] { try w.record(p) }
        }
    }
}
let batchBaseline = try SQLiteBaseline(path: work + "/batch.sqlite", durable: true)
let batchSQLite = try seconds {
    for start in stride(from: 0, to: synthetic.purchases.count, by: 10_000) {
        try batchBaseline.record(synthetic.purchases[start..<min(start + 10_000, synthetic.purchases.count)])
    }
}
rows.append(Row(operation: "record in batches of 10k, purchases/s", clientele: Double(synthetic.purchases.count) / batchClientele,
                sqlite: Double(synthetic.purchases.count) / batchSQLite, unit: "/s", higherIsBetter: true))

let singles = min(samples, 1000)
for (name, durability, durable) in [("durable", Durability.durable, true), ("relaxed", .relaxed, false)] {
    let single = try freshStore("single-\(name)", durability)
    var clienteleLatency = Latencies()
    for index in 0..<singles {
        let purchase = synthetic.purchases[index]
        try clienteleLatency.record {
            try single.write { w in _ = try w.record(purchase) }
            consume(try single.read { try $0.profile(externalID: purchase.customer) })
        }
    }
    let sqliteSingle = try SQLiteBaseline(path: work + "/single-\(name).sqlite", durable: durable)
    var sqliteLatency = Latencies()
    for index in 0..<singles {
        let purchase = synthetic.purchases[index]
        try sqliteLatency.record { try sqliteSingle.record([purchase]) }
    }
    rows.append(Row(operation: "one purchase, \(name), written+committed+read p50 (µs)",
                    clientele: clienteleLatency.percentile(50) / 1000, sqlite: sqliteLatency.percentile(50) / 1000,
                    unit: "µs", higherIsBetter: false))
    rows.append(Row(operation: "one purchase, \(name) p99 (µs)", clientele: clienteleLatency.percentile(99) / 1000,
                    sqlite: sqliteLatency.percentile(99) / 1000, unit: "µs", higherIsBetter: false))
}
// No sync at all (`bulk`, MDB_NOSYNC): the CPU and write(2) cost of one purchase, without the disk.
let bulkSingle = try freshStore("single-bulk", .bulk)
var bulkLatency = Latencies()
for index in 0..<singles {
    let purchase = synthetic.purchases[index]
    try bulkLatency.record {
        try bulkSingle.write { w in _ = try w.record(purchase) }
        consume(try bulkSingle.read { try $0.profile(externalID: purchase.customer) })
    }
}
rows.append(Row(operation: "one purchase, bulk (no sync), written+committed+read p50 (µs)",
                clientele: bulkLatency.percentile(50) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))
let bare = try Environment.open(path: work + "/bare")
let bareTable = try bare.openTable("k", key: UInt64Key.self, value: UInt64Value.self)
var bareLatency = Latencies()
for index in 0..<singles {
    try bareLatency.record { try bare.write { txn in try bareTable.put(UInt64(index), for: UInt64(index), in: txn) } }
}
rows.append(Row(operation: "bare LMDB one-key durable commit p50 (µs, the floor)",
                clientele: bareLatency.percentile(50) / 1000, sqlite: nil, unit: "µs", higherIsBetter: false))

/// 16 tasks recording `purchases` (200 each, interleaved) through group commit on a fresh durable store, against 16
/// threads writing one purchase per SQLite transaction; appends the row. A failed write stops the run (exit 1).
@MainActor func concurrentWriters(_ name: String, _ purchases: [Purchase], operation: String) throws {
    let store = try freshStore(name, .durable)
    let failure = Locked<String?>(nil)
    let clientele = seconds {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<16 {
                        group.addTask {
                            for index in stride(from: task, to: purchases.count, by: 16) {
                                try await store.record(purchases[index])
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            done.signal()
        }
        done.wait()
    }
    if let message = failure.withLock({ $0 }) {
        log("\(operation): a write failed: \(message)")
        exit(1)
    }
    let baseline = try SQLiteBaseline(path: work + "/\(name).sqlite", durable: true)
    let sqlite = seconds {
        DispatchQueue.concurrentPerform(iterations: 16) { task in
            for index in stride(from: task, to: purchases.count, by: 16) {
                try? baseline.record([purchases[index]])
            }
        }
    }
    rows.append(Row(operation: operation, clientele: Double(purchases.count) / clientele,
                    sqlite: Double(purchases.count) / sqlite, unit: "/s", higherIsBetter: true))
}

try concurrentWriters("group", Array(synthetic.purchases.prefix(16 * 200)),
                      operation: "16 concurrent durable writers, purchases/s")

// The same with purchases as they happen (dated now, 400 customers): each batch then touches today's rollup cells
// and day-index pages instead of pages spread over two years, which is what a live service does.
let nowBase = Instant.now.microseconds - 60_000_000
let livePurchases = (0..<(16 * 200)).map { (index: Int) -> Purchase in
    let occurredAt = Instant(microseconds: nowBase + Int64(index) * 1_000)
    let amount = Money(minorUnits: Int64(500 + index % 9_000))
    return Purchase(customer: "live\(index % 400)", orderID: "live-o\(index)", occurredAt: occurredAt,
                    amount: amount, category: "cat\(index % 4)")
}
try concurrentWriters("group-live", livePurchases,
                      operation: "16 concurrent durable writers, purchases dated now, purchases/s")

printTable(customers: customers)
try? FileManager.default.removeItem(atPath: work)
