#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Clientele
import LMDBKit

/// Corruption (RELIABILITY.md pitfall 10, test 20): bytes flipped in a copy of a real store, `clientele verify` run on
/// the copy in a child process, many seeded trials.
///
/// LMDB has no page checksums, so a flip in LMDB's own bytes (page and node headers, keys, branch pages, the meta
/// pages) may be read without error, give an error, or crash the reading process; that is why verify runs in a child
/// and why a signal is tolerated for those flips, and counted. A flip inside a stored record's bytes must always be
/// reported by verify through the record's CRC32C: exit 1, the table named, "damaged record (checksum mismatch)",
/// and never a crash.
///
/// Every trial's region is known exactly: the test reads, through LMDB, where each live value lies in the map (the
/// value pointers a read transaction returns point into the file's mapping), so a flip is classified as "record"
/// (a sealed record), "value" (an unsealed value: index targets, category names, meta numbers) or "LMDB" (anything
/// else: headers, keys, branch pages, free pages, unused space). Figures are printed at the end; more trials with
/// `CLIENTELE_CORRUPTION_TRIALS=N` (per kind), replay with `CLIENTELE_SEED`.
@Suite("Corruption: flipped bytes, verify in a child", .serialized)
struct CorruptionTests {
    /// Tables whose values are sealed records (version, fields, CRC32C).
    static let sealedTables: Set<String> = [
        "customers", "purchases", "stats", "daily", "cohorts", "transitions", "entry", "category_months",
    ]

    enum Region: Equatable, CustomStringConvertible {
        case record(String)
        case value(String)
        case lmdb

        var description: String {
            switch self {
            case .record(let table): "record in \(table)"
            case .value(let table): "value in \(table)"
            case .lmdb: "LMDB's bytes"
            }
        }
    }

    /// A store's data file and where its live values are.
    struct Layout {
        var file: [UInt8]
        var pageSize: Int
        /// Live, non-empty values, sorted by offset.
        var values: [(range: Range<Int>, table: String)]

        func region(of offset: Int) -> Region {
            var low = 0, high = values.count
            while low < high {
                let mid = (low + high) / 2
                if values[mid].range.upperBound <= offset { low = mid + 1 } else { high = mid }
            }
            guard low < values.count, values[low].range.contains(offset) else { return .lmdb }
            let table = values[low].table
            return Self.isSealed(table) ? .record(table) : .value(table)
        }

        static func isSealed(_ table: String) -> Bool { CorruptionTests.sealedTables.contains(table) }
    }

    /// A real store: 300 customers with profiles, 3,000 purchases and refunds over two years, 8 categories.
    static func buildStore(_ random: inout TestGenerator) throws -> (TemporaryStore, Layout) {
        let temp = try TemporaryStore()
        try temp.store.write { w in
            for index in 0..<300 {
                try w.upsertCustomer(CustomerUpdate(
                    externalID: "cust-\(index)", email: "person\(index)@example.com", phone: "+1-555-\(1000 + index)",
                    name: "Person \(index)", city: ["Oslo", "Lima", "Pune"][index % 3],
                    addTags: index % 7 == 0 ? ["vip"] : []))
            }
        }
        for batch in 0..<6 {
            try temp.store.write { w in
                for index in 0..<500 {
                    let n = batch * 500 + index
                    let refund = n % 29 == 0
                    try w.record(Purchase(
                        customer: "cust-\(Int.random(in: 0..<300, using: &random))", orderID: "order-\(n)",
                        occurredAt: at(2023, 1, 1).advanced(minutes: Int.random(in: 0..<1_000_000, using: &random)),
                        amount: money(refund ? -Int64.random(in: 100...900, using: &random)
                                             : Int64.random(in: 100...90_000, using: &random)),
                        category: "category-\(n % 8)", channel: n % 2 == 0 ? "web" : "store"))
                }
            }
        }
        #expect(try temp.store.verify().isClean)

        // Where each live value lies in the file: value pointers point into LMDB's map of the file. The page that
        // holds a value starts at the pointer rounded down to the page size, and its header begins with its page
        // number, so the map's base is that page's address minus number × page size (the same for every value).
        let env = temp.store.environment
        let pageSize = env.info.pageSize
        var bases: Set<Int> = []
        var values: [(range: Range<Int>, table: String)] = []
        for name in Schema.tableNames {
            let table = try env.openTableForInspection(name)
            try env.read { txn in
                try table.scanRaw(in: txn) { _, value in
                    if let start = value.baseAddress, value.count > 0 {
                        let address = Int(bitPattern: start)
                        let page = address & ~(pageSize - 1)
                        let number = UnsafeRawPointer(bitPattern: page)!.loadUnaligned(as: UInt64.self)
                        let base = page - Int(number) * pageSize
                        bases.insert(base)
                        values.append(((address - base)..<(address - base + value.count), name))
                    }
                    return true
                }
            }
        }
        #expect(bases.count == 1, "every value maps to one base address")
        values.sort { $0.range.lowerBound < $1.range.lowerBound }
        try temp.close()
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: temp.path + "/data.mdb")))
        #expect(values.allSatisfy { $0.range.upperBound <= file.count })
        return (temp, Layout(file: file, pageSize: pageSize, values: values))
    }

    /// The outcome counts, printed at the end.
    struct Tally: CustomStringConvertible {
        var clean = 0, differences = 0, errors = 0, signals = 0, hangs = 0

        mutating func add(_ run: CapturedRun) {
            if run.hung { hangs += 1 } else if run.signaled { signals += 1 } else if run.status == 0 { clean += 1 }
            else if run.status == 1 { differences += 1 } else { errors += 1 }
        }

        var total: Int { clean + differences + errors + signals + hangs }
        var description: String {
            "\(total) trials: \(clean) clean, \(differences) differences (exit 1), \(errors) errors (other exit), "
                + "\(signals) killed by a signal, \(hangs) hung"
        }
    }

    /// Writes `bytes` as the data file of a fresh private store directory and runs `clientele verify` on it.
    static func verifyCopy(_ bytes: [UInt8], in root: String, trial: Int, clientele: String) throws -> CapturedRun {
        let directory = root + "/trial-\(trial)"
        #expect(mkdir(directory, 0o700) == 0 && chmod(directory, 0o700) == 0)
        defer {
            unlink(directory + "/data.mdb")
            unlink(directory + "/lock.mdb")
            rmdir(directory)
        }
        let fd = open(directory + "/data.mdb", O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(fd >= 0)
        _ = fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(written == bytes.count)
        return try runCaptured(clientele, ["verify", "--store", directory, "--output", "csv"], watchdogSeconds: Double(ProcessInfo.processInfo.environment["CLIENTELE_CORRUPTION_WATCHDOG"] ?? "") ?? 120)
    }

    static func trials() -> Int { Int(ProcessInfo.processInfo.environment["CLIENTELE_CORRUPTION_TRIALS"] ?? "") ?? 40 }

    @Test func flipsInsideRecordsAreReportedThroughTheirChecksums() throws {
        let clientele = try builtProduct("clientele")
        var random = TestGenerator()
        let (temp, layout) = try Self.buildStore(&random)
        let records = layout.values.filter { Layout.isSealed($0.table) }
        #expect(Set(records.map(\.table)) == Self.sealedTables, "the store holds a record of every sealed table")
        var tally = Tally()
        var byTable: [String: Int] = [:]
        for trial in 0..<Self.trials() {
            // 1 to 3 flips, each in a random record (the same or different ones).
            var bytes = layout.file
            var tables: Set<String> = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let record = records.randomElement(using: &random)!
                let offset = Int.random(in: record.range, using: &random)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
                tables.insert(record.table)
            }
            let run = try Self.verifyCopy(bytes, in: temp.path, trial: trial, clientele: clientele)
            tally.add(run)
            for table in tables { byTable[table, default: 0] += 1 }
            #expect(!run.signaled && !run.hung && run.status == 1, "trial \(trial) \(random.comment): \(run)")
            for table in tables {
                #expect(run.stdout.contains("\(table),") && run.stdout.contains("damaged record (checksum mismatch)"),
                        "trial \(trial), table \(table) \(random.comment): \(run)")
            }
        }
        print("corruption, flips inside records \(random.comment): \(tally); tables hit: \(byTable.sorted { $0.key < $1.key })")
        #expect(tally.differences == tally.total)
    }

    @Test func flipsAnywhereNeverHurtTheParentAndRecordFlipsAreReported() throws {
        let clientele = try builtProduct("clientele")
        var random = TestGenerator()
        let (temp, layout) = try Self.buildStore(&random)
        var tally = Tally(), recordOnly = Tally(), valueOnly = Tally(), lmdb = Tally()
        for trial in 0..<Self.trials() {
            // 1 to 4 random bytes anywhere in the file, meta pages included.
            var bytes = layout.file
            var regions: [Region] = []
            let flips = Int(ProcessInfo.processInfo.environment["CLIENTELE_CORRUPTION_FLIPS"] ?? "")
                ?? Int.random(in: 1...4, using: &random)
            for _ in 0..<flips {
                let offset = Int.random(in: 0..<bytes.count, using: &random)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &random)
                regions.append(layout.region(of: offset))
            }
            let run = try Self.verifyCopy(bytes, in: temp.path, trial: trial, clientele: clientele)
            tally.add(run)
            let comment: Comment = "trial \(trial) \(regions) \(random.comment): \(run)"
            if run.signaled || run.hung {
                print("corruption trial \(trial) \(random.comment): \(run.hung ? "hung" : "signal \(run.status)"), flips in \(regions)")
                if let keep = ProcessInfo.processInfo.environment["CLIENTELE_CORRUPTION_KEEP"] {
                    _ = FileManager.default.createFile(atPath: keep + "/trial-\(trial).mdb", contents: Data(bytes))
                }
            }
            if regions.contains(.lmdb) {
                // LMDB's own bytes: any outcome but a hang; a signal is counted.
                lmdb.add(run)
                #expect(!run.hung, comment)
            } else if regions.allSatisfy({ if case .record = $0 { true } else { false } }) {
                recordOnly.add(run)
                #expect(!run.signaled && !run.hung && run.status == 1, comment)
                #expect(run.stdout.contains("damaged record (checksum mismatch)"), comment)
            } else {
                // Unsealed values (index targets, category names, meta numbers): a typed outcome, never a signal.
                valueOnly.add(run)
                #expect(!run.signaled && !run.hung, comment)
            }
        }
        print("corruption, 1-4 flips anywhere \(random.comment): \(tally)")
        print("  with a flip in LMDB's own bytes: \(lmdb)")
        print("  all flips in records: \(recordOnly)")
        print("  flips in unsealed values (and records): \(valueOnly)")
        #expect(tally.hangs == 0)
    }
    /// A regression: a branch page of the purchases tree whose last separator key is raised above every key sends
    /// verify's resumed scan (it reads the table in chunks) back to keys it had read, and verify looped forever. It
    /// now stops and reports the keys out of order. Every branch page with purchases keys (24 bytes; stale copies on
    /// free pages too) is damaged in turn; the live one must be reported.
    @Test func aDamagedBranchKeyIsReportedNotLoopedOver() throws {
        let clientele = try builtProduct("clientele")
        var random = TestGenerator()
        let (temp, layout) = try Self.buildStore(&random)
        func u16(_ offset: Int) -> Int { Int(layout.file[offset]) | Int(layout.file[offset + 1]) << 8 }
        var reported = 0, trial = 0
        for page in 2..<(layout.file.count / layout.pageSize) {
            let base = page * layout.pageSize
            // Page header: number (8 bytes), padding (2), flags (2), lower (2), upper (2); P_BRANCH = 0x01.
            guard layout.file[base + 10] & 0x01 != 0 else { continue }
            let nodes = (u16(base + 12) - 16) / 2
            guard nodes >= 2 else { continue }
            // A node: size or child page (6 bytes), key size (2), key.
            let last = base + u16(base + 16 + 2 * (nodes - 1))
            guard u16(last + 6) == 24 else { continue }
            var bytes = layout.file
            for index in 0..<24 { bytes[last + 8 + index] = 0xFF }
            let run = try Self.verifyCopy(bytes, in: temp.path, trial: trial, clientele: clientele)
            trial += 1
            #expect(!run.hung && !run.signaled, "page \(page): \(run)")
            if run.stdout.contains("a key out of order (damaged tree)") {
                #expect(run.status == 1, "\(run)")
                reported += 1
            }
        }
        #expect(trial > 0, "no branch page of the purchases tree was found")
        #expect(reported >= 1, "the damaged live branch page was not reported (\(trial) pages tried)")
    }
}
