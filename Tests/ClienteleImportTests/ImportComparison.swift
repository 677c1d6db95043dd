import Foundation
@testable import Clientele
import ClienteleImport
import LMDBKit
import Testing

/// What `KeyOrderImportTests` and `SortedImportTests` share to compare an import with the input order's: seeded
/// purchase files, stores prepared alike, one import call, and the contents and counts compared.
enum ImportComparison {
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

    /// A store in `directory`, with the customers `cust-0…119` (`customers`) and the categories `cat0…8`
    /// (`categories`) created in a fixed order, so that files holding the same rows in other orders give the same
    /// ids.
    static func prepared(_ directory: Directory, customers: Bool, categories: Bool) throws -> Store {
        let store = try BatchedWriteEquivalenceTests.makeStore(in: directory)
        if customers || categories {
            try store.write { writer in
                for number in 0..<(customers ? 120 : 0) {
                    _ = try writer.upsertCustomer(CustomerUpdate(externalID: "cust-\(number)"))
                }
                if categories { try writer.internCategories((0..<9).map { "cat\($0)" }) }
            }
        }
        return store
    }

    /// Imports `csv` (named `purchases.csv`) into `store` in batches of `batchSize`: planned in key order with
    /// `keyOrder`, sorted first with `sort` (runs of `runBytes`, which only a sorted import uses); the error as a
    /// value.
    static func importing(
        _ csv: String, into store: Store, keyOrder: Bool = true, sort: Bool = false, runBytes: Int = 2_048,
        batchSize: Int = 400, skipInvalid: Bool = false, rejects: RejectsWriter? = nil
    ) -> Result<ImportSummary, ImportError> {
        var options = ImportOptions()
        options.batchSize = batchSize
        options.keyOrderBatches = keyOrder
        options.sortInput = sort
        options.sortRunBytes = runBytes
        options.skipInvalid = skipInvalid
        do {
            let importer = try PurchaseImporter(store: store, options: options, rejects: rejects)
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
}
