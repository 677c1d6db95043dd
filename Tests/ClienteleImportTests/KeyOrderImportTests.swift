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
    typealias Directory = ImportComparison.Directory
    typealias Files = ImportComparison

    @Test("a time-ordered file imports to the input order's contents, and the key order was used",
          arguments: [1 as UInt64, 2, 3])
    func sameAsInputOrder(seed: UInt64) throws {
        let csv = Files.csv(Files.rows(seed: seed))
        let (a, b) = (Directory(), Directory())
        let keyOrdered = try Files.prepared(a, customers: false, categories: false)
        let inputOrdered = try Files.prepared(b, customers: false, categories: false)
        let first = try Files.importing(csv, into: keyOrdered, keyOrder: true).get()
        let second = try Files.importing(csv, into: inputOrdered, keyOrder: false).get()
        #expect(Files.counts(first) == Files.counts(second), "seed \(seed)")
        #expect(first.duplicates > 0 && first.customersCreated == 120, "seed \(seed)")
        #expect(try keyOrdered.verify().isClean, "seed \(seed)")
        #expect(try Files.contentsWithoutSequences(keyOrdered) == Files.contentsWithoutSequences(inputOrdered),
                "seed \(seed)")
        // The lines were applied in another order (their sequence numbers differ): the key order was not skipped.
        let name = keyOrdered.schema.purchases.name
        #expect(try BatchedWriteEquivalenceTests.contents(keyOrdered)[name]
                    != BatchedWriteEquivalenceTests.contents(inputOrdered)[name], "seed \(seed)")

        // A re-import adds nothing, in both modes.
        let again = try Files.importing(csv, into: keyOrdered, keyOrder: true).get()
        #expect(again.imported == 0 && again.duplicates == first.imported + first.duplicates, "seed \(seed)")
        #expect(try Files.contentsWithoutSequences(keyOrdered) == Files.contentsWithoutSequences(inputOrdered))
    }

    @Test("the same rows in time order and in customer order give the same store", arguments: [4 as UInt64, 5])
    func timeOrderEqualsCustomerOrder(seed: UInt64) throws {
        let rows = Files.rows(seed: seed)
        // Customer order: each customer's rows together (in their time-file order), customers by number.
        let byCustomer = rows.enumerated().sorted {
            ($0.element.customer, $0.offset) < ($1.element.customer, $1.offset)
        }.map(\.element)
        let (a, b) = (Directory(), Directory())
        let timeStore = try Files.prepared(a, customers: true, categories: true)
        let customerStore = try Files.prepared(b, customers: true, categories: true)
        let time = try Files.importing(Files.csv(rows), into: timeStore, keyOrder: true).get()
        let customer = try Files.importing(Files.csv(byCustomer), into: customerStore, keyOrder: true).get()
        #expect(Files.counts(time) == Files.counts(customer), "seed \(seed)")
        #expect(try timeStore.verify().isClean && customerStore.verify().isClean, "seed \(seed)")
        #expect(try Files.contentsWithoutSequences(timeStore) == Files.contentsWithoutSequences(customerStore),
                "seed \(seed)")
    }

    @Test("a failing row leaves nothing of its batch and is reported at the same file:line",
          arguments: [6 as UInt64, 7])
    func failingBatch(seed: UInt64) throws {
        var rows = Files.rows(seed: seed)
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
        let csv = Files.csv(rows)
        let (a, b) = (Directory(), Directory())
        let keyOrdered = try Files.prepared(a, customers: false, categories: false)
        let inputOrdered = try Files.prepared(b, customers: false, categories: false)
        let first = Files.importing(csv, into: keyOrdered, keyOrder: true)
        let second = Files.importing(csv, into: inputOrdered, keyOrder: false)
        guard case .failure(let error) = first, case .failure(let expected) = second else {
            Issue.record("the import did not fail: seed \(seed)")
            return
        }
        #expect(error.description == expected.description, "seed \(seed)")
        #expect(error.description.contains("purchases.csv:1002"), "\(error)")
        #expect(try keyOrdered.verify().isClean)
        #expect(try Files.contentsWithoutSequences(keyOrdered) == Files.contentsWithoutSequences(inputOrdered))
        // Batches of 400 rows: the two before the failing row's are stored, nothing of its own (rows 800..<1200).
        let stored = try keyOrdered.read { try $0.counts().purchases }
        let e = Directory()
        let prefix = try Files.prepared(e, customers: false, categories: false)
        let complete = try Files.importing(Files.csv(Array(rows.prefix(800))), into: prefix, keyOrder: false).get()
        #expect(stored == complete.imported, "seed \(seed)")

        // With --skip-invalid: the same rows rejected, the same contents.
        let (c, d) = (Directory(), Directory())
        let skipKeyOrdered = try Files.prepared(c, customers: false, categories: false)
        let skipInputOrdered = try Files.prepared(d, customers: false, categories: false)
        let third = try Files.importing(csv, into: skipKeyOrdered, keyOrder: true, skipInvalid: true).get()
        let fourth = try Files.importing(csv, into: skipInputOrdered, keyOrder: false, skipInvalid: true).get()
        #expect(Files.counts(third) == Files.counts(fourth) && third.rejected >= 1, "seed \(seed)")
        #expect(try Files.contentsWithoutSequences(skipKeyOrdered) == Files.contentsWithoutSequences(skipInputOrdered))
    }
}
