import Clientele

/// The order a batch is applied in, worked out on the reading thread: rows grouped by customer in the store's key
/// order (customer-major: purchase lines, aggregates and ordered views are then written in key order), each
/// customer's rows in input order, and the batch's category names in input order (interned first, so new categories
/// get the ids the input order gives them).
///
/// A plan only changes the order of work, never its outcome: when applying a batch in plan order fails, the batch
/// is applied again in input order (``ImportEngine``), so errors, rejected rows and the rows stored are those of the
/// input order.
struct BatchPlan: Sendable {
    /// Row indices in application order.
    var order: [Int32]
    /// The distinct category names of the batch, in input order of their first row.
    var categories: [String]
}

/// Works out ``BatchPlan``s for purchase batches.
struct PurchaseBatchPlanner: Sendable {
    let store: Store

    /// The plan of `rows`, or `nil` when the input order is already customer-grouped in key order (nothing to gain)
    /// or the store cannot be read (the batch is then applied in input order and meets the same failure).
    func plan(_ rows: [PendingRow<Purchase>]) -> BatchPlan? {
        guard rows.count > 1, rows.count < Int(Int32.max) else { return nil }
        // Each customer's sort key: its stored id, or (not stored yet: created by this batch, or by the batch being
        // written meanwhile) past every stored id, by first appearance — the order in which the input order would
        // create them, so created customers get the same ids.
        var keys: [String: UInt64] = [:]
        keys.reserveCapacity(min(rows.count, 1 << 16))
        var categories: [String] = []
        var seenCategories: Set<String> = []
        var unknown: UInt64 = 0
        var rowKeys = [UInt64](repeating: 0, count: rows.count)
        var sorted = true
        do {
            try store.read { reader in
                var previous: UInt64 = 0
                var previousCustomer = ""
                for index in rows.indices {
                    let purchase = rows[index].record
                    let key: UInt64
                    if index > 0 && purchase.customer == previousCustomer {
                        key = previous
                    } else if let known = keys[purchase.customer] {
                        key = known
                    } else {
                        if let id = try reader.customerID(externalID: purchase.customer) {
                            key = id.rawValue & ~(1 << 63)
                        } else {
                            key = 1 << 63 | unknown
                            unknown += 1
                        }
                        keys[purchase.customer] = key
                    }
                    if key < previous { sorted = false }
                    previous = key
                    previousCustomer = purchase.customer
                    rowKeys[index] = key
                    if let category = purchase.category, !seenCategories.contains(category) {
                        seenCategories.insert(category)
                        categories.append(category)
                    }
                }
            }
        } catch {
            return nil
        }
        if sorted { return nil }
        var order = (0..<Int32(rows.count)).map { $0 }
        rowKeys.withUnsafeBufferPointer { rowKeys in
            order.sort { a, b in
                let (x, y) = (rowKeys[Int(a)], rowKeys[Int(b)])
                return x != y ? x < y : a < b
            }
        }
        return BatchPlan(order: order, categories: categories)
    }
}
