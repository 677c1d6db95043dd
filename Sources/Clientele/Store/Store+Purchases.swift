import LMDBKit

/// A stored purchase line as the API returns it.
public struct PurchaseLine: Sendable, Hashable, Codable {
    /// When it happened.
    public var occurredAt: Instant
    /// Its sequence number (unique; orders lines of the same instant).
    public var sequence: UInt64
    /// The order id, when one was given.
    public var orderID: String?
    /// The amount; negative for a refund.
    public var amount: Money
    /// The category name, when it has one.
    public var category: String?
    /// How many items.
    public var quantity: Int32
    /// The sales channel.
    public var channel: String?
    /// For a refund, the refunded order.
    public var refundOf: String?
}

/// Where the next page of a customer's purchases starts.
public struct PurchaseCursor: Sendable, Hashable, Codable {
    /// The instant of the last line returned.
    public var occurredAt: Instant
    /// The sequence of the last line returned.
    public var sequence: UInt64
}

/// One page of a customer's purchases, and where the next one starts (`nil` when this is the last page).
public struct PurchasePage: Sendable, Hashable, Codable {
    /// The lines, in time order.
    public var lines: [PurchaseLine]
    /// Pass it as `after` to get the next page.
    public var next: PurchaseCursor?
}

extension StoreReader {
    /// A page of a customer's purchases in `[from, to)`, in time order, after `cursor`. Each call reads in its own
    /// short transaction, so paging through a long history never holds a snapshot open between pages.
    ///
    /// ```swift
    /// var page = try store.purchases(of: "c-1", limit: 100)
    /// while let next = page.next { page = try store.purchases(of: "c-1", limit: 100, after: next) }
    /// ```
    /// - Throws: `ClienteleError.customerNotFound`; `.invalidInput` for a limit below 1; `.corrupted`; `.storage`.
    public func purchases(
        of externalID: String, from: Instant? = nil, to: Instant? = nil, limit: Int = 100,
        after cursor: PurchaseCursor? = nil
    ) throws -> PurchasePage {
        guard limit >= 1 else { throw ClienteleError.invalidInput(field: "limit", reason: "must be at least 1") }
        do {
            guard let id = try self.customerID(externalID: externalID) else { throw ClienteleError.customerNotFound }
            let table = schema.purchases
            var bounds = KeyBounds.prefix(try PurchaseKey.prefix(id.rawValue))
            if let cursor {
                bounds.lower = try table.encodeKey((id.rawValue, cursor.occurredAt.microseconds, cursor.sequence))
                bounds.lowerInclusive = false
            } else if let from {
                bounds.lower = try table.encodeKey((id.rawValue, from.microseconds, 0))
            }
            if let to { bounds.upper = try table.encodeKey((id.rawValue, to.microseconds, 0)) }
            var lines: [PurchaseLine] = []
            var more = false
            try table.scan(in: self.txn, over: bounds) { key, stored in
                if let from, key.1 < from.microseconds { return true }
                if lines.count == limit {
                    more = true
                    return false
                }
                lines.append(PurchaseLine(
                    occurredAt: Instant(microseconds: key.1), sequence: key.2, orderID: stored.orderID,
                    amount: stored.amount, category: try self.categoryName(stored.categoryID),
                    quantity: stored.quantity, channel: stored.channel, refundOf: stored.refundOf))
                return true
            }
            let next = more ? lines.last.map { PurchaseCursor(occurredAt: $0.occurredAt, sequence: $0.sequence) } : nil
            return PurchasePage(lines: lines, next: next)
        }
    }
}
