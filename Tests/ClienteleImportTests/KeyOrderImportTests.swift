import Foundation
@testable import Clientele
import ClienteleImport
import LMDBKit
import Testing

/// Purchase batches are applied grouped by customer in key order (`ImportOptions.keyOrderBatches`). The outcome
/// must be the input order's: the same stored contents (but for the internal tie-break sequence numbers), the same
/// counts, the same error at the same file:line, nothing of a failed batch.
@Suite("Import in key order")
struct KeyOrderImportTests {
    typealias Directory = BatchedWriteEquivalenceTests.Directory

    struct Row {
        var customer: String
        var order: String
        var day: Int
        var second: Int
        var amount: String
        var category: String
        var refundOf: String
        var line: String {
            let date = "2024-\(String(format: "%02d", day / 28 + 1))-\(String(format: "%02d", day % 28 + 1))"
            let time = String(format: "%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60)
            return "\(customer),\(order),\(date)T\(time)Z,\(amount),\(category),web,\(refundOf)"
        }
    }

    /// Seeded purchases over 120 customers: refunds after their purchase, categories first seen at random places,
    /// rows without order id, duplicate rows; returned in time order (with some lines of a customer out of order).
    static func rows(seed: UInt64) -> [Row] {
        var random = SplitMix64(seed: seed)
        var rows: [Row] = []
        for index in 0..<1_500 {
            let customer = "cust-\(Int.random(in: 0..<120, using: &random))"
            let category = Int.random(in: 0..<10, using: &random) == 0 ? "" : "cat\(Int.random(in: 0..<9, using: &random))"
            let order = Int.random(in: 0..<12, using: &random) == 0 ? "" : "\(index + 1)"
            rows.append(Row(customer: customer, order: order, day: Int.random(in: 0..<300, using: &random),
                            second: Int.random(in: 0..<86_400, using: &random),
                            amount: "\(Int.random(in: 1...400, using: &random)).\(Int.random(in: 10...99, using: &random))",
                            category: category, refundOf: ""))
        }
        // Refunds of some purchases with an order id, a few days later.
        for original in rows.prefix(400) where !original.order.isEmpty && Int.random(in: 0..<8, using: &random) == 0 {
            var refund = original
            refund.order = original.order + "R"
            refund.day = min(original.day + Int.random(in: 1...5, using: &random), 335)
            refund.amount = "-1.00"
            refund.refundOf = original.order
            rows.append(refund)
        }
        rows.sort { ($0.day, $0.second) < ($1.day, $1.second) }
        // Some lines of a customer out of time order, and duplicate rows (the same line again later).
        for _ in 0..<60 {
            let a = Int.random(in: 0..<rows.count, using: &random)
            let b = Int.random(in: 0..<rows.count, using: &random)
            guard rows[a].refundOf.isEmpty, rows[b].refundOf.isEmpty,
                  !rows.contains(where: { $0.refundOf == rows[a].order || $0.refundOf == rows[b].order })
            else { continue }
            rows.swapAt(a, b)
        }
        for _ in 0..<40 {
            let source = rows[Int.random(in: 0..<rows.count, using: &random)]
            guard !source.order.isEmpty, source.refundOf.isEmpty else { continue }
            rows.insert(source, at: Int.random(in: rows.count / 2..<rows.count, using: &random))
        }
        return rows
    }

    static func csv(_ rows: [Row]) -> String {
        (["customer_id,order_id,occurred_at,amount,category,channel,refund_of"] + rows.map(\.line))
            .joined(separator: "\n") + "\n"
    }

    /// A store with the customers and categories created in a fixed order, so that files holding the same rows in
    /// other orders give the same ids.
    static func prepared(_ directory: Directory, customersFirst: Bool) throws -> Store {
        let store = try BatchedWriteEquivalenceTests.makeStore(in: directory)
        if customersFirst {
            try store.write { writer in
                for number in 0..<120 { _ = try writer.upsertCustomer(CustomerUpdate(externalID: "cust-\(number)")) }
                try writer.internCategories((0..<9).map { "cat\($0)" })
            }
        }
        return store
    }

    static func importing(_ csv: String, into store: Store, keyOrder: Bool, batchSize: Int = 400,
                          skipInvalid: Bool = false) -> Result<ImportSummary, ImportError> {
        var options = ImportOptions()
        options.batchSize = batchSize
        options.keyOrderBatches = keyOrder
        // Batches in input order (the plan of each batch is what this suite tests; sorting: SortedImportTests).
        options.sortInput = false
        options.skipInvalid = skipInvalid
        do {
            let importer = try PurchaseImporter(store: store, options: options)
            return .success(try importer.importSource(MemorySource(Array(csv.utf8)), name: "purchases.csv"))
        } catch {
            return .failure(error)
        }
    }

    /// Every table's entries with the sequence numbers (the last 8 bytes of `purchases` keys
    /// and of the purchase keys `purchase_by_order` holds) cut off.
    static func contentsWithoutSequences(_ store: Store) throws -> [String: [[UInt8]]] {
        var contents = try BatchedWriteEquivalenceTests.contents(store)
        // An entry is key + [FF FE] + value; these keys and purchase keys are fixed-width integers.
        func cutKey(_ table: String, width: Int) {
            contents[table] = contents[table]?.map { Array($0[0..<(width - 8)]) + Array($0[width...]) }
        }
        cutKey(store.schema.purchases.name, width: 24)
        // An order index value ends with the line's sequence number, a varint: its last byte, and the bytes before
        // it with the continuation bit set.
        contents[store.schema.purchaseByOrder.name] = contents[store.schema.purchaseByOrder.name]?.map { entry in
            var cut = entry.dropLast()
            while let last = cut.last, last & 0x80 != 0 { cut = cut.dropLast() }
            return Array(cut)
        }
        return contents
    }

    static func counts(_ summary: ImportSummary) -> [Int] {
        [summary.imported, summary.duplicates, summary.customersCreated, summary.rejected, summary.rowsRead]
    }

    @Test("a time-ordered file imports to the input order's contents, and the key order was used",
          arguments: [1 as UInt64, 2, 3])
    func sameAsInputOrder(seed: UInt64) throws {
        let csv = Self.csv(Self.rows(seed: seed))
        let (a, b) = (Directory(), Directory())
        let keyOrdered = try Self.prepared(a, customersFirst: false)
        let inputOrdered = try Self.prepared(b, customersFirst: false)
        let first = try Self.importing(csv, into: keyOrdered, keyOrder: true).get()
        let second = try Self.importing(csv, into: inputOrdered, keyOrder: false).get()
        #expect(Self.counts(first) == Self.counts(second), "seed \(seed)")
        #expect(first.duplicates > 0 && first.customersCreated == 120, "seed \(seed)")
        #expect(try keyOrdered.verify().isClean, "seed \(seed)")
        #expect(try Self.contentsWithoutSequences(keyOrdered) == Self.contentsWithoutSequences(inputOrdered),
                "seed \(seed)")
        // The lines were applied in another order (their sequence numbers differ): the key order was not skipped.
        let name = keyOrdered.schema.purchases.name
        #expect(try BatchedWriteEquivalenceTests.contents(keyOrdered)[name]
                    != BatchedWriteEquivalenceTests.contents(inputOrdered)[name], "seed \(seed)")

        // A re-import adds nothing, in both modes.
        let again = try Self.importing(csv, into: keyOrdered, keyOrder: true).get()
        #expect(again.imported == 0 && again.duplicates == first.imported + first.duplicates, "seed \(seed)")
        #expect(try Self.contentsWithoutSequences(keyOrdered) == Self.contentsWithoutSequences(inputOrdered))
    }

    @Test("the same rows in time order and in customer order give the same store", arguments: [4 as UInt64, 5])
    func timeOrderEqualsCustomerOrder(seed: UInt64) throws {
        let rows = Self.rows(seed: seed)
        // Customer order: each customer's rows together (in their time-file order), customers by number.
        let byCustomer = rows.enumerated().sorted {
            ($0.element.customer, $0.offset) < ($1.element.customer, $1.offset)
        }.map(\.element)
        let (a, b) = (Directory(), Directory())
        let timeStore = try Self.prepared(a, customersFirst: true)
        let customerStore = try Self.prepared(b, customersFirst: true)
        let time = try Self.importing(Self.csv(rows), into: timeStore, keyOrder: true).get()
        let customer = try Self.importing(Self.csv(byCustomer), into: customerStore, keyOrder: true).get()
        #expect(Self.counts(time) == Self.counts(customer), "seed \(seed)")
        #expect(try timeStore.verify().isClean && customerStore.verify().isClean, "seed \(seed)")
        #expect(try Self.contentsWithoutSequences(timeStore) == Self.contentsWithoutSequences(customerStore),
                "seed \(seed)")
    }

    @Test("a failing row leaves nothing of its batch and is reported at the same file:line",
          arguments: [6 as UInt64, 7])
    func failingBatch(seed: UInt64) throws {
        var rows = Self.rows(seed: seed)
        // Row 1000 (line 1002) reuses an earlier order id of another customer: a conflict, whichever of the two rows
        // key order meets first.
        guard let earlier = (900..<1_000).last(where: { !rows[$0].order.isEmpty }) else {
            Issue.record("no order id in rows 900..<1000: seed \(seed)")
            return
        }
        var conflict = rows[1_000]
        conflict.order = rows[earlier].order
        conflict.customer = rows[earlier].customer == "cust-0" ? "cust-1" : "cust-0"
        rows[1_000] = conflict
        let csv = Self.csv(rows)
        let (a, b) = (Directory(), Directory())
        let keyOrdered = try Self.prepared(a, customersFirst: false)
        let inputOrdered = try Self.prepared(b, customersFirst: false)
        let first = Self.importing(csv, into: keyOrdered, keyOrder: true)
        let second = Self.importing(csv, into: inputOrdered, keyOrder: false)
        guard case .failure(let error) = first, case .failure(let expected) = second else {
            Issue.record("the import did not fail: seed \(seed)")
            return
        }
        #expect(error.description == expected.description, "seed \(seed)")
        #expect(error.description.contains("purchases.csv:1002"), "\(error)")
        #expect(try keyOrdered.verify().isClean)
        #expect(try Self.contentsWithoutSequences(keyOrdered) == Self.contentsWithoutSequences(inputOrdered))
        // Batches of 400 rows: the two before the failing row's are stored, nothing of its own (rows 800..<1200).
        let stored = try keyOrdered.read { try $0.counts().purchases }
        let e = Directory()
        let prefix = try Self.prepared(e, customersFirst: false)
        let complete = try Self.importing(Self.csv(Array(rows.prefix(800))), into: prefix, keyOrder: false).get()
        #expect(stored == complete.imported, "seed \(seed)")

        // With --skip-invalid: the same rows rejected, the same contents.
        let (c, d) = (Directory(), Directory())
        let skipKeyOrdered = try Self.prepared(c, customersFirst: false)
        let skipInputOrdered = try Self.prepared(d, customersFirst: false)
        let third = try Self.importing(csv, into: skipKeyOrdered, keyOrder: true, skipInvalid: true).get()
        let fourth = try Self.importing(csv, into: skipInputOrdered, keyOrder: false, skipInvalid: true).get()
        #expect(Self.counts(third) == Self.counts(fourth) && third.rejected >= 1, "seed \(seed)")
        #expect(try Self.contentsWithoutSequences(skipKeyOrdered) == Self.contentsWithoutSequences(skipInputOrdered))
    }
}
