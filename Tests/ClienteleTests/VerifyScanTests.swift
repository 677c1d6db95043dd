import Testing
import LMDBKit
@testable import Clientele

/// `verify` by sequential scans and digests (issue 12, item 4): it must find every difference the entry-by-entry
/// checks find, never report one on a consistent store (even while writers commit), and count what they count.
@Suite("Verify by scans")
struct VerifyScanTests {
    static let customers = 3_000

    /// A store with `customers` customers (some with emails, tags, do-not-contact, some without purchases).
    private static func populated(seed: UInt64) throws -> TemporaryStore {
        let temp = try TemporaryStore()
        var random = TestGenerator(seed: seed)
        try temp.store.write { w in
            for index in 0..<customers {
                try w.upsertCustomer(CustomerUpdate(
                    externalID: "c\(index)", email: index % 3 == 0 ? "p\(index)@example.com" : nil,
                    addTags: index % 5 == 0 ? ["vip"] : [], doNotContact: index % 11 == 0 ? true : nil))
            }
            // Time order, customers interleaved, as a shop exports; every tenth customer buys nothing.
            for order in 0..<(customers * 2) {
                let customer = Int.random(in: 0..<customers, using: &random)
                guard customer % 10 != 9 else { continue }
                try w.record(Purchase(
                    customer: "c\(customer)", orderID: "o\(order)",
                    occurredAt: at(2024, 1, 1).advanced(minutes: order * 30),
                    amount: money(Int64.random(in: 100...20_000, using: &random)), category: "k\(order % 6)"))
            }
        }
        return temp
    }

    /// The entry-by-entry checks alone, on one snapshot.
    private static func lookupReport(_ store: Store) throws -> VerifyReport {
        try store.read { reader in
            var verifier = Verifier(store: store, txn: reader.txn)
            return try verifier.run()
        }
    }

    @Test func aConsistentStoreIsCleanAndCountedAsTheLookupChecksCountIt() throws {
        let seed = TestSeed.fresh()
        let temp = try Self.populated(seed: seed)
        // Chunks of 97 customers: both ranges cross many chunk boundaries.
        guard case let .report(scanned) = try temp.store.verifyByScans(chunkSize: 97) else {
            Issue.record("the scan verify found a difference in a consistent store \(TestSeed.comment(seed))")
            return
        }
        let looked = try Self.lookupReport(temp.store)
        #expect(scanned.isClean && looked.isClean, TestSeed.comment(seed))
        #expect(scanned == looked, TestSeed.comment(seed))
        // One worker (a one-core machine): every task in one transaction, the same report.
        guard case let .report(alone) = try temp.store.verifyByScans(chunkSize: 97, workers: 1) else {
            Issue.record("one worker found a difference in a consistent store \(TestSeed.comment(seed))")
            return
        }
        #expect(alone == looked, TestSeed.comment(seed))
        #expect(scanned.customers == Self.customers)
    }

    @Test func anEmptyStoreAndOneWithoutPurchasesAreClean() throws {
        let temp = try TemporaryStore()
        #expect(try temp.store.verify() == VerifyReport())
        try temp.store.write { w in _ = try w.upsertCustomer(CustomerUpdate(externalID: "only")) }
        let report = try temp.store.verify()
        #expect(report.isClean && report.customers == 1 && report.purchases == 0)
    }

    enum Damage: String, CaseIterable, CustomTestStringConvertible {
        case deleteAnEntry, changeAValue, addAnEntry
        var testDescription: String { rawValue }
    }

    /// Every derived table, every kind of damage: the report names the table; undone, the store is clean again.
    @Test(arguments: DigestedTable.allCases)
    func damageToADerivedTableIsReported(table: DigestedTable) throws {
        let seed = TestSeed.fresh()
        let temp = try Self.populated(seed: seed)
        let store = temp.store!
        _ = try store.advance(to: at(2024, 6, 1))
        #expect(try store.verify().isClean, TestSeed.comment(seed))
        for damage in Damage.allCases {
            let undo = try store.environment.write { txn in
                try Self.edit(table, store.schema, txn, .damage(damage))
            }
            let report = try store.verify()
            #expect(report.differences.contains { $0.table == table.name },
                    "\(table.name) \(damage): \(report.differences.prefix(5)) \(TestSeed.comment(seed))")
            _ = try store.environment.write { txn in try Self.edit(table, store.schema, txn, .undo(undo)) }
            #expect(try store.verify().isClean, "\(table.name) \(damage) undone \(TestSeed.comment(seed))")
        }
    }

    /// What puts a damaged table back as it was.
    struct Undo {
        var restore: (key: [UInt8], value: [UInt8])?
        var remove: [UInt8]?
    }

    enum Edit {
        case damage(Damage)
        case undo(Undo)
    }

    /// Damages the middle entry of `table` and returns its undo, or applies an undo.
    private static func edit(_ table: DigestedTable, _ schema: Schema, _ txn: WriteTxn, _ edit: Edit) throws -> Undo {
        func apply<K, V>(_ table: Table<K, V>) throws -> Undo {
            switch edit {
            case let .undo(undo):
                if let (key, value) = undo.restore { try table.putEncoded(value, forEncodedKey: key, in: txn) }
                if let key = undo.remove { #expect(try table.deleteEncoded(key, in: txn)) }
                return undo
            case let .damage(damage):
                var entries: [([UInt8], [UInt8])] = []
                try table.scanRaw(in: txn) { key, value in
                    entries.append((Array(key), Array(value)))
                    return true
                }
                let (key, value) = try #require(entries.isEmpty ? nil : entries[entries.count / 2],
                                                "\(table.name) is empty")
                switch damage {
                case .deleteAnEntry:
                    #expect(try table.deleteEncoded(key, in: txn))
                    return Undo(restore: (key, value))
                case .changeAValue:
                    var changed = value
                    if changed.isEmpty { changed = [1] } else { changed[changed.count - 1] ^= 0x01 }
                    try table.putEncoded(changed, forEncodedKey: key, in: txn)
                    return Undo(restore: (key, value))
                case .addAnEntry:
                    try table.putEncoded(value, forEncodedKey: key + [0x7F], in: txn)
                    return Undo(remove: key + [0x7F])
                }
            }
        }
        switch table {
        case .customerByExternalID: return try apply(schema.customerByExternalID)
        case .customerByEmail: return try apply(schema.customerByEmail)
        case .tags: return try apply(schema.tags)
        case .doNotContact: return try apply(schema.doNotContact)
        case .purchaseByOrder: return try apply(schema.purchaseByOrder)
        case .byRecency: return try apply(schema.byRecency)
        case .byFrequency: return try apply(schema.byFrequency)
        case .byMonetary: return try apply(schema.byMonetary)
        case .feedDue: return try apply(schema.feedDue)
        }
    }

    /// A changed aggregate, a lost purchase's aggregate and an orphan line: found, and named by the lookup checks.
    @Test func damageToTheCustomerTablesIsReported() throws {
        let seed = TestSeed.fresh()
        let temp = try Self.populated(seed: seed)
        let store = temp.store!
        let (id, stats) = try #require(try store.read { r in try store.schema.stats.first(in: r.txn, reverse: true) })
        var changed = stats
        changed.orders += 1
        try store.environment.write { txn in try store.schema.stats.put(changed, for: id, in: txn) }
        #expect(try store.verify().differences.contains { $0.table == "stats" }, TestSeed.comment(seed))
        try store.environment.write { txn in _ = try store.schema.stats.delete(id, in: txn) }
        #expect(try store.verify().differences.contains { $0.table == "stats" }, TestSeed.comment(seed))
    }

    /// Writers commit throughout; each verify sees one snapshot, so it is clean every time.
    @Test func verifyDuringWritesIsClean() throws {
        let seed = TestSeed.fresh()
        let temp = try Self.populated(seed: seed)
        let store = temp.store!
        let stop = StopFlag()
        let failures = FailureLog()
        let threads = ThreadGroup()
        threads.spawn {
            var order = 0
            while !stop.isSet {
                do {
                    try store.write { w in
                        for _ in 0..<20 {
                            order += 1
                            _ = try w.record(Purchase(customer: "c\(order % 5_000)", orderID: "w\(order)",
                                                      occurredAt: at(2024, 3, 1).advanced(minutes: order),
                                                      amount: money(1_000)))
                        }
                    }
                } catch { failures.record("\(error)") }
            }
        }
        for _ in 0..<4 {
            let report = try store.verify()
            #expect(report.isClean, "\(report.differences.prefix(5)) \(TestSeed.comment(seed))")
        }
        stop.set()
        #expect(threads.join(deadlockGuard: 60))
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        #expect(try store.verify().isClean)
    }
}
