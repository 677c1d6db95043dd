import LMDBKit

extension StoreWriter {
    /// Erases a customer as if it had never existed (the right to be forgotten): the customer record, every
    /// purchase, every index entry, the aggregate, and its part of every global rollup. Returns `false` when there is
    /// no such customer.
    ///
    /// The erased bytes stay in LMDB's free pages until they are reused; `clientele compact` removes them from the
    /// file.
    /// - Throws: `ClienteleError.corrupted` when the customer's records are damaged; `.storage`.
    @discardableResult
    public func erase(externalID: String) throws -> Bool {
        // The erasure works on what LMDB holds: write back this transaction's cached aggregates and rollups first.
        try flushCaches()
        let externalID = Identifiers.canonical(externalID)
        guard let (id, customer) = try customer(externalID: externalID) else { return false }
        customerIDs[StoredBytes(externalID)] = nil
        lastCustomer = nil
        let lines = try history(of: id)
        let derived = try CustomerHistory.derive(lines, calendar: store.dayCalendar)
        try applyRollups(derived.contribution, sign: -1)
        let stored = try schema.stats.get(id.rawValue, in: txn)
        try saveStats(id, old: stored, new: nil)
        try feedChange(id, old: stored, new: nil, externalID: externalID, cause: .erasure, instant: .now)
        for line in lines {
            // Exact deletes, one key at a time (no cursor deletes: see RELIABILITY.md on LMDB 0.9.24).
            try schema.purchases.delete((id.rawValue, line.occurredAt.microseconds, line.sequence), in: txn)
            if let order = line.purchase.orderID { try schema.purchaseByOrder.delete(order, in: txn) }
        }
        if let email = customer.normalizedEmail { try schema.customerByEmail.delete((email, id.rawValue), in: txn) }
        for tag in customer.tags { try schema.tags.delete((tag, id.rawValue), in: txn) }
        try schema.doNotContact.delete(id.rawValue, in: txn)
        try schema.customerByExternalID.delete(externalID, in: txn)
        try schema.customers.delete(id.rawValue, in: txn)
        return true
    }
}
