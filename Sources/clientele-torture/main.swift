// clientele-torture: a child process for the crash, stale-reader and I/O-limit tests. Not a user tool.
//
//   clientele-torture writer STORE [durable|relaxed]   record one purchase per transaction, print "ack N" after each
//                                                       commit, until killed (or 100,000 purchases)
//   clientele-torture batches STORE COUNT SIZE          COUNT transactions of SIZE purchases each, "ack N" per commit
//   clientele-torture feed STORE                        change-feed steps: step k records purchases 3k…3k+2 in one
//                                                       transaction, advances to its day (batches of 2 due entries,
//                                                       a segment sweep every 10 days), reads the feed and
//                                                       acknowledges it as consumer "torture"; "ack K" per step
//   clientele-torture reader STORE                      open a read transaction, print "reading", then sleep
//   clientele-torture fsize STORE BYTES                 limit the file size (RLIMIT_FSIZE), write until an error,
//                                                       print "ack N" per commit and "error KIND" at the end
#if canImport(Glibc)
import Glibc
#endif
import Clientele
import LMDBKit

/// Writes a line to standard output unbuffered (the parent reads acknowledgements as they happen).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
}

func open(_ path: String, durability: Durability = .durable) throws -> Store {
    var options = StoreOptions()
    options.environment.durability = durability
    options.environment.initialMapSize = 1 << 20
    return try Store.open(at: path, options: options)
}

/// The purchase with number `n`: deterministic, so the parent can check exactly what must be there.
func purchase(_ n: Int) -> Purchase {
    Purchase(customer: "c-\(n % 37)", orderID: "w-\(n)",
             occurredAt: Instant(microseconds: 1_700_000_000_000_000 + Int64(n % 5000) * 3_600_000_000),
             amount: Money(minorUnits: Int64(100 + n % 900) * (n % 23 == 0 ? -1 : 1)),
             category: ["a", "b", "c"][n % 3])
}

func nextNumber(_ store: Store) throws -> Int {
    try store.read { try $0.counts().purchases } + 1
}

/// Step `k` of the feed mode: its instant and its purchases (deterministic, as `feedPurchase`).
func feedInstant(_ k: Int) -> Instant {
    Instant(microseconds: 1_262_304_000_000_000 + Int64(k) * 86_400_000_000)  // 2010-01-01 + k days
}

func feedPurchases(_ k: Int) -> [Purchase] {
    (3 * k..<3 * k + 3).map { n in
        let refund = n % 13 == 0 && n >= 11
        return Purchase(customer: "c-\(n % 11)", orderID: "f-\(n)",
                        occurredAt: Instant(microseconds: feedInstant(k).microseconds + Int64(n % 3) * 1_000_000),
                        amount: Money(minorUnits: refund ? -Int64(1 + n % 50) : Int64(100 + (n * 37) % 5_000)))
    }
}

func feedOptions() -> StoreOptions {
    var options = StoreOptions()
    options.environment.initialMapSize = 1 << 20
    options.changeFeed.advanceBatch = 2
    options.changeFeed.segmentSweepInterval = 10 * 86_400
    return options
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    say("usage: clientele-torture writer|batches|reader|fsize STORE …")
    exit(2)
}
let path = arguments[2]
do {
    switch arguments[1] {
    case "writer":
        let store = try open(path, durability: arguments.count > 3 && arguments[3] == "relaxed" ? .relaxed : .durable)
        var n = try nextNumber(store)
        while n < 100_000 {
            try store.write { w in _ = try w.record(purchase(n)) }
            say("ack \(n)")
            n += 1
        }
    case "batches":
        let store = try open(path)
        CrashPoint.arm()
        let count = Int(arguments[3]) ?? 1, size = Int(arguments[4]) ?? 1
        var n = try nextNumber(store)
        for _ in 0..<count {
            let first = n
            try store.write { w in
                for k in 0..<size { _ = try w.record(purchase(first + k)) }
            }
            n += size
            say("ack \(n - 1)")
        }
    case "feed":
        let store = try Store.open(at: path, options: feedOptions())
        var k = try store.read { try $0.counts().purchases } / 3
        // Finish the advance the previous child may have been killed in (idempotent).
        if k > 0 { try store.advance(to: feedInstant(k - 1)) }
        while k < 5_000 {
            try store.write { w in for p in feedPurchases(k) { _ = try w.record(p) } }
            try store.advance(to: feedInstant(k))
            let acknowledged = try store.read { try $0.consumer("torture")?.acknowledged } ?? 0
            let events = try store.read { try $0.events(after: acknowledged, limit: 50) }
            // Acknowledge part of what was read: the rest is read again (at least once).
            if let last = events.dropLast(events.count / 2).last {
                try store.acknowledge(consumer: "torture", through: last.offset)
            }
            say("ack \(k)")
            k += 1
        }
    case "reader":
        let store = try open(path)
        try store.environment.read { _ in
            say("reading")
            while true { sleep(60) }
        }
    case "fsize":
        signal(SIGXFSZ, SIG_IGN)
        var limit = rlimit(rlim_cur: rlim_t(Int(arguments[3]) ?? 1 << 20), rlim_max: rlim_t(Int(arguments[3]) ?? 1 << 20))
        let store = try open(path, durability: .relaxed)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        var n = try nextNumber(store)
        do {
            while true {
                let first = n
                try store.write { w in
                    for k in 0..<200 { _ = try w.record(purchase(first + k)) }
                }
                n += 200
                say("ack \(n - 1)")
            }
        } catch let error as ClienteleError {
            if case .storage(let storage) = error, let code = storage.code { say("error \(code.rawValue)") } else {
                say("error other")
            }
        }
    default:
        say("unknown mode")
        exit(2)
    }
} catch {
    say("failed \(error)")
    exit(1)
}
