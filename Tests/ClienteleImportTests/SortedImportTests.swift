import Foundation
@testable import Clientele
import ClienteleImport
import LMDBKit
import Testing

/// A purchase file is sorted customer-major before it is written (`ImportOptions.sortInput`), spilling sorted runs
/// to a temporary file in the store's directory. The outcome must be the input order's: the same stored contents
/// (customers' numbers aside, which new customers get in sorted order), the same counts, malformed rows reported
/// at the same file:line, with nothing written before the whole file was read and checked.
@Suite("Import sorted by customer")
struct SortedImportTests {
    typealias Directory = ImportComparison.Directory
    typealias Files = ImportComparison

    @Test("a time-ordered file sorted through many spilled runs stores what the input order stores",
          arguments: [21 as UInt64, 22, 23])
    func sameAsInputOrder(seed: UInt64) throws {
        let csv = Files.csv(Files.rows(seed: seed))
        let (a, b) = (Directory(), Directory())
        let sortedStore = try Files.prepared(a, customers: true, categories: true)
        let inputStore = try Files.prepared(b, customers: true, categories: true)
        let sorted = try Files.importing(csv, into: sortedStore, sort: true).get()
        let input = try Files.importing(csv, into: inputStore, sort: false).get()
        #expect(sorted.spilledRuns > 20, "seed \(seed): \(sorted.spilledRuns) runs")
        #expect(input.spilledRuns == 0)
        #expect(Files.counts(sorted) == Files.counts(input), "seed \(seed)")
        #expect(sorted.duplicates > 0, "seed \(seed)")
        #expect(try sortedStore.verify().isClean, "seed \(seed)")
        #expect(try Files.contentsWithoutSequences(sortedStore) == Files.contentsWithoutSequences(inputStore),
                "seed \(seed)")

        // A re-import adds nothing; the sort file leaves nothing behind in the store's directory.
        let again = try Files.importing(csv, into: sortedStore, sort: true).get()
        #expect(again.imported == 0 && again.duplicates == sorted.imported + sorted.duplicates, "seed \(seed)")
        let files = try FileManager.default.contentsOfDirectory(atPath: sortedStore.path).sorted()
        #expect(files == ["data.mdb", "lock.mdb"], "seed \(seed)")
    }

    @Test("new customers are numbered in sorted order: the same store as the customer-sorted file gives",
          arguments: [24 as UInt64, 25])
    func sameAsCustomerSortedFile(seed: UInt64) throws {
        let rows = Files.rows(seed: seed)
        // The file's rows grouped by customer, customers in byte order of their ids, each one's rows in file order.
        let byCustomer = rows.enumerated().sorted {
            let (x, y) = (Array($0.element.customer.utf8), Array($1.element.customer.utf8))
            return x != y ? x.lexicographicallyPrecedes(y) : $0.offset < $1.offset
        }.map(\.element)
        let (a, b) = (Directory(), Directory())
        let sortedStore = try Files.prepared(a, customers: false, categories: true)
        let groupedStore = try Files.prepared(b, customers: false, categories: true)
        let sorted = try Files.importing(Files.csv(rows), into: sortedStore, sort: true, runBytes: 8_192).get()
        let grouped = try Files.importing(Files.csv(byCustomer), into: groupedStore, sort: false).get()
        #expect(sorted.customersCreated == 120, "seed \(seed)")
        #expect(Files.counts(sorted) == Files.counts(grouped), "seed \(seed)")
        #expect(try sortedStore.verify().isClean, "seed \(seed)")
        // Even the lines' sequence numbers: both wrote the same rows in the same order in the same batches.
        #expect(try BatchedWriteEquivalenceTests.contents(sortedStore)
                    == BatchedWriteEquivalenceTests.contents(groupedStore), "seed \(seed)")
    }

    @Test("new categories get the ids of the input order, in a store that has none")
    func categoriesInInputOrder() throws {
        let csv = """
            customer_id,order_id,occurred_at,amount,category
            zed,1,2024-01-01T10:00:00Z,5.00,toys
            amy,2,2024-01-02T10:00:00Z,6.00,books
            amy,3,2024-01-03T10:00:00Z,7.00,garden

            """
        let (a, b) = (Directory(), Directory())
        let sortedStore = try BatchedWriteEquivalenceTests.makeStore(in: a)
        let inputStore = try BatchedWriteEquivalenceTests.makeStore(in: b)
        _ = try Files.importing(csv, into: sortedStore, sort: true).get()
        _ = try Files.importing(csv, into: inputStore, sort: false).get()
        for name in ["toys", "books", "garden"] {
            let sortedID = try sortedStore.read { try $0.categoryID(name) }
            let inputID = try inputStore.read { try $0.categoryID(name) }
            #expect(sortedID != nil && sortedID == inputID, "\(name)")
        }
        // The customers, though, are numbered in sorted order: amy before zed.
        let amy = try sortedStore.read { try $0.customerID(externalID: "amy") }
        let zed = try sortedStore.read { try $0.customerID(externalID: "zed") }
        #expect(try #require(amy).rawValue < #require(zed).rawValue)
    }

    @Test("a malformed row stops the import at its file:line before anything is written",
          arguments: [26 as UInt64, 27])
    func malformedRowWritesNothing(seed: UInt64) throws {
        var lines = Files.rows(seed: seed).map(\.line)
        // Line 1,202 (the 1,201st row, batches of 400: past two full batches) has an amount that is not one.
        lines[1_200] = lines[1_200].split(separator: ",", omittingEmptySubsequences: false)
            .enumerated().map { $0.offset == 3 ? "12.3.4" : String($0.element) }.joined(separator: ",")
        let csv = (["customer_id,order_id,occurred_at,amount,category,channel,refund_of"] + lines)
            .joined(separator: "\n") + "\n"
        let (a, b) = (Directory(), Directory())
        let sortedStore = try Files.prepared(a, customers: false, categories: true)
        let inputStore = try Files.prepared(b, customers: false, categories: true)
        let sorted = Files.importing(csv, into: sortedStore, sort: true)
        let input = Files.importing(csv, into: inputStore, sort: false)
        guard case .failure(let error) = sorted, case .failure(let expected) = input else {
            Issue.record("the import did not fail: seed \(seed)")
            return
        }
        #expect(error.description == expected.description, "seed \(seed)")
        #expect(error.description.contains("purchases.csv:1202") && error.description.contains("amount"),
                "\(error)")
        // The input order stored its first batches; the sorted import nothing at all.
        #expect(try inputStore.read { try $0.counts().purchases } > 0)
        let stored = try sortedStore.read { try $0.counts() }
        #expect(stored.customers == 0 && stored.purchases == 0)

        // With --skip-invalid: the same rows rejected (the same rejects file) and the same contents.
        let (c, d) = (Directory(), Directory())
        let sortedSkip = try Files.prepared(c, customers: true, categories: true)
        let inputSkip = try Files.prepared(d, customers: true, categories: true)
        let rejectsA = try RejectsWriter(path: c.path + "/rejects.csv")
        let rejectsB = try RejectsWriter(path: d.path + "/rejects.csv")
        let third = try Files.importing(csv, into: sortedSkip, sort: true, skipInvalid: true, rejects: rejectsA).get()
        let fourth = try Files.importing(csv, into: inputSkip, sort: false, skipInvalid: true, rejects: rejectsB).get()
        try rejectsA.close()
        try rejectsB.close()
        #expect(Files.counts(third) == Files.counts(fourth) && third.rejected == 1, "seed \(seed)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: c.path + "/rejects.csv"))
                    == Data(contentsOf: URL(fileURLWithPath: d.path + "/rejects.csv")))
        #expect(try Files.contentsWithoutSequences(sortedSkip) == Files.contentsWithoutSequences(inputSkip))
    }

    @Test("rows longer than the sort memory, kept whole for a rejects file, sort and spill intact")
    func rowsLargerThanTheRun() throws {
        var lines = ["customer_id,order_id,occurred_at,amount,category,channel"]
        var random = SplitMix64(seed: 28)
        for index in 0..<300 {
            let customer = "c\(Int.random(in: 0..<40, using: &random))"
            let channel = String(repeating: "x", count: Int.random(in: 1...190, using: &random))
            let day = String(format: "%02d", index % 28 + 1)
            lines.append("\(customer),o\(index),2024-03-\(day)T08:00:00Z,\(index % 50).25,cat\(index % 7),\(channel)")
        }
        // A bad row holding a 5,000-byte field: its fields are kept for the rejects file, larger than a run.
        lines.append("c1,bad,2024-03-02T08:00:00Z,nope,\(String(repeating: "y", count: 5_000)),web")
        let csv = lines.joined(separator: "\n") + "\n"
        let (a, b) = (Directory(), Directory())
        let sortedStore = try BatchedWriteEquivalenceTests.makeStore(in: a)
        let inputStore = try BatchedWriteEquivalenceTests.makeStore(in: b)
        let rejectsA = try RejectsWriter(path: a.path + "/rejects.csv")
        let rejectsB = try RejectsWriter(path: b.path + "/rejects.csv")
        let sorted = try Files.importing(csv, into: sortedStore, sort: true, runBytes: 1_024, batchSize: 7,
                                        skipInvalid: true, rejects: rejectsA).get()
        let input = try Files.importing(csv, into: inputStore, sort: false, batchSize: 7, skipInvalid: true,
                                       rejects: rejectsB).get()
        try rejectsA.close()
        try rejectsB.close()
        #expect(sorted.spilledRuns > 10)
        #expect(Files.counts(sorted) == Files.counts(input) && sorted.rejected == 1, "\(Files.counts(sorted))")
        #expect(try sortedStore.verify().isClean)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a.path + "/rejects.csv"))
                    == Data(contentsOf: URL(fileURLWithPath: b.path + "/rejects.csv")))
        let channels = { (store: Store) throws -> [String] in
            try (0..<40).flatMap { number in
                try store.purchases(of: "c\(number)", limit: 1_000).lines.map { $0.channel ?? "" }
            }
        }
        #expect(try channels(sortedStore) == channels(inputStore))
    }

    @Test("a row the store refuses stops a multi-batch import with the order index of what it stored complete")
    func refusedRowLeavesTheIndexComplete() throws {
        var rows = Files.rows(seed: 29)
        // A refund larger than its order (only the store can tell: the rule reads the stored order).
        guard let target = rows.prefix(300).first(where: { !$0.order.isEmpty && $0.refundOf.isEmpty }) else {
            Issue.record("no order to refund")
            return
        }
        var refund = target
        refund.order = "too-much"
        refund.amount = "-100000.00"
        refund.refundOf = target.order
        refund.day = min(target.day + 1, 335)
        rows.append(refund)
        let directory = Directory()
        let store = try Files.prepared(directory, customers: true, categories: true)
        guard case .failure(let error) = Files.importing(Files.csv(rows), into: store, sort: true) else {
            Issue.record("the import did not fail")
            return
        }
        #expect(error.description.contains("refund"), "\(error)")
        // Some batches were stored; their order index is complete and the store takes writes again.
        #expect(try store.read { try $0.counts().purchases } > 0)
        #expect(try store.pendingOrders() == nil)
        #expect(try store.verify().isClean)
        try store.write { _ in }
    }
}
