import Foundation
@testable import Clientele
import ClienteleImport
import LMDBKit
import Testing

/// The write path caches aggregates, rollup cells and ids for the whole transaction and writes them back at the
/// end. These tests run the same seeded operations one per transaction and many per transaction (with failing
/// operations, erasures, reads inside the transaction, aborted transactions and map growth replays) and require
/// byte-identical stores, a clean verify, and reads inside a transaction that see every earlier write.
@Suite("Batched writes equal one-by-one writes")
struct BatchedWriteEquivalenceTests {
    enum Operation {
        case record(Purchase)
        case erase(String)
        case upsert(String, email: String?)
    }

    static func operations(seed: UInt64, count: Int) -> [Operation] {
        var random = SplitMix64(seed: seed)
        let customers = (0..<40).map { "cust-\($0)" }
        let categories: [String?] = ["books", "music", "games", nil]
        var orders: [(customer: String, order: String)] = []
        var operations: [Operation] = []
        let start: Int64 = 1_704_067_200_000_000  // 2024-01-01
        var clock: [String: Int64] = [:]
        for index in 0..<count {
            let customer = customers.randomElement(using: &random)!
            let roll = Int.random(in: 0..<100, using: &random)
            switch roll {
            case 0..<3:
                operations.append(.erase(customer))
                clock[customer] = nil
            case 3..<7:
                operations.append(.upsert(customer, email: Bool.random(using: &random) ? "\(customer)@example.com" : nil))
            case 7..<14 where !orders.isEmpty:
                // A refund of a stored order (of this or another customer: the latter is refused), or a duplicate.
                let target = orders.randomElement(using: &random)!
                if Bool.random(using: &random) {
                    operations.append(.record(Purchase(
                        customer: target.customer, orderID: "r\(index)", occurredAt: Instant(microseconds: start + 90 * 86_400_000_000),
                        amount: Money(minorUnits: -Int64.random(in: 1...3_000, using: &random)), refundOf: target.order)))
                } else {
                    operations.append(.record(Purchase(
                        customer: target.customer, orderID: target.order, occurredAt: Instant(microseconds: start),
                        amount: Money(minorUnits: 1))))
                }
            default:
                let inOrder = Int.random(in: 0..<4, using: &random) > 0
                let last = clock[customer] ?? start
                let instant = inOrder
                    ? last + Int64.random(in: 0...(3 * 86_400_000_000), using: &random)
                    : start + Int64.random(in: 0...(60 * 86_400_000_000), using: &random)
                clock[customer] = max(last, instant)
                let order: String? = Int.random(in: 0..<5, using: &random) == 0 ? nil : "o\(index)"
                if let order { orders.append((customer, order)) }
                let amount = Int.random(in: 0..<20, using: &random) == 0
                    ? -Int64.random(in: 1...2_000, using: &random) : Int64.random(in: 0...50_000, using: &random)
                operations.append(.record(Purchase(
                    customer: customer, orderID: order, occurredAt: Instant(microseconds: instant),
                    amount: Money(minorUnits: amount), category: categories.randomElement(using: &random)!,
                    channel: Bool.random(using: &random) ? "web" : nil)))
            }
        }
        return operations
    }

    /// Applies one operation; failures the store refuses (conflicts, invalid refunds) are part of the run. A storage
    /// failure (a full map, whose transaction is replayed) is thrown.
    @discardableResult
    static func apply(_ operation: Operation, _ writer: StoreWriter) throws -> String {
        do {
            switch operation {
            case .record(let purchase): return "\(try writer.record(purchase))"
            case .erase(let customer): return "\(try writer.erase(externalID: customer))"
            case .upsert(let customer, let email):
                return "\(try writer.upsertCustomer(CustomerUpdate(externalID: customer, email: email)).created)"
            }
        } catch let error as ClienteleError {
            if case .storage = error { throw error }
            return "error \(error)"
        }
    }

    final class Directory {
        let path = NSTemporaryDirectory() + "/clientele-batched-\(UUID().uuidString)"
        init() { mkdir(path, 0o700) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func makeStore(in directory: Directory, initialMapSize: Int = 64 << 20) throws -> Store {
        var options = StoreOptions()
        options.environment.initialMapSize = initialMapSize
        options.environment.durability = .bulk
        return try Store.open(at: directory.path + "/store", options: options)
    }

    /// Every table's entries, as bytes.
    static func contents(_ store: Store) throws -> [String: [[UInt8]]] {
        let schema = store.schema
        var result: [String: [[UInt8]]] = [:]
        func dump<K, V>(_ table: Table<K, V>, _ txn: ReadTxn) throws {
            var rows: [[UInt8]] = []
            try table.scanRaw(in: txn) { key, value in
                rows.append(Array(key) + [0xFF, 0xFE] + Array(value))
                return true
            }
            result[table.name] = rows
        }
        try store.environment.read { txn in
            try dump(schema.meta.table, txn); try dump(schema.customers, txn); try dump(schema.customerByExternalID, txn)
            try dump(schema.customerByEmail, txn); try dump(schema.purchases, txn); try dump(schema.purchaseByOrder, txn)
            try dump(schema.stats, txn); try dump(schema.byRecency, txn)
            try dump(schema.byFrequency, txn); try dump(schema.byMonetary, txn); try dump(schema.categoryByName, txn)
            try dump(schema.categoryNames, txn); try dump(schema.daily, txn); try dump(schema.cohorts, txn)
            try dump(schema.transitions, txn); try dump(schema.entry, txn); try dump(schema.tags, txn)
            try dump(schema.doNotContact, txn); try dump(schema.categoryMonths, txn)
            try dump(schema.feedDue, txn)
        }
        // The change feed writes one event per changed state per committed transaction, so batching changes the
        // outbox (feed_events, not dumped) and its counter by design; the due index must still be equal.
        result[schema.meta.table.name] = result[schema.meta.table.name]?.filter {
            !$0.starts(with: Array(MetaKey.feedSequence.rawValue.utf8))
        }
        return result
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func batchesEqualSingleWrites(seed: UInt64) throws {
        let operations = Self.operations(seed: seed, count: 1_500)
        let singleDirectory = Directory()
        let batchedDirectory = Directory()
        let single = try Self.makeStore(in: singleDirectory)
        // A small map: batched writes hit MAP_FULL and are replayed after growth.
        let batched = try Self.makeStore(in: batchedDirectory, initialMapSize: 64 << 10)

        var expected: [String] = []
        var profiles: [Int: CustomerStats?] = [:]
        for (index, operation) in operations.enumerated() {
            expected.append(try single.write { try Self.apply(operation, $0) })
            if index % 7 == 3, case .record(let purchase) = operation {
                profiles[index] = try single.read { try $0.profile(externalID: purchase.customer)?.stats }
            }
        }

        var outcomes: [String] = []
        var index = 0
        var random = SplitMix64(seed: seed &+ 99)
        while index < operations.count {
            let size = Int.random(in: 1...400, using: &random)
            let range = index..<min(operations.count, index + size)
            // Sometimes a batch fails at the end: nothing of it may remain, and it is written again.
            if Int.random(in: 0..<4, using: &random) == 0 {
                struct Abort: Error {}
                #expect(throws: Abort.self) {
                    try batched.write { w in
                        for position in range { try Self.apply(operations[position], w) }
                        throw Abort()
                    }
                }
            }
            let batchOutcomes = try batched.write { w -> [String] in
                var results: [String] = []
                for position in range {
                    results.append(try Self.apply(operations[position], w))
                    if let stats = profiles[position], case .record(let purchase) = operations[position] {
                        // A read inside the transaction sees every write before it.
                        #expect(try w.reader.profile(externalID: purchase.customer)?.stats == stats, "op \(position)")
                    }
                }
                return results
            }
            outcomes += batchOutcomes
            index = range.upperBound
        }
        #expect(outcomes == expected)
        let report = try batched.verify()
        #expect(report.isClean, "\(report.differences.prefix(3))")
        let singleContents = try Self.contents(single)
        let batchedContents = try Self.contents(batched)
        for (table, rows) in singleContents {
            #expect(batchedContents[table] == rows, "table \(table) differs")
        }
    }

    @Test func importingInOneBatchEqualsRowByRow() throws {
        var random = SplitMix64(seed: 7)
        var lines = ["customer_id,order_id,occurred_at,amount,category,channel,refund_of"]
        var stored: [(String, String)] = []
        for index in 0..<2_000 {
            let customer = "C\(Int.random(in: 0..<150, using: &random))"
            let day = Int.random(in: 1...28, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let date = "2024-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            if !stored.isEmpty, Int.random(in: 0..<15, using: &random) == 0 {
                let (owner, order) = stored.randomElement(using: &random)!
                lines.append("\(owner),R\(index),\(date),-1.50,,web,\(order)")
            } else {
                let order = "O\(index)"
                stored.append((customer, order))
                lines.append("\(customer),\(order),\(date),\(Int.random(in: 0...300, using: &random)).99,k\(index % 5),store,")
            }
        }
        let csv = lines.joined(separator: "\n") + "\n"
        let directories = (Directory(), Directory())
        func run(batchSize: Int, in directory: Directory) throws -> (Store, ImportSummary) {
            let store = try Self.makeStore(in: directory)
            var options = ImportOptions()
            options.batchSize = batchSize
            options.skipInvalid = true
            // Input order, so even the lines' sequence numbers match (key order: KeyOrderImportTests).
            options.keyOrderBatches = false
            let importer = try PurchaseImporter(store: store, options: options)
            let summary = try importer.importSource(MemorySource(Array(csv.utf8)), name: "mem")
            return (store, summary)
        }
        let (rowByRow, first) = try run(batchSize: 1, in: directories.0)
        let (oneBatch, second) = try run(batchSize: 100_000, in: directories.1)
        #expect(first.imported == second.imported)
        #expect(first.rejected == second.rejected)
        #expect(try oneBatch.verify().isClean)
        #expect(try Self.contents(rowByRow) == Self.contents(oneBatch))
    }
}
