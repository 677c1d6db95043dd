import Foundation
import LMDBKit

/// A sale (or, with a negative amount, a refund) to record.
///
/// ```swift
/// try store.record(Purchase(customer: "c-17", orderID: "o-1001", occurredAt: .now,
///                           amount: Money(minorUnits: 2_450), category: "books"))
/// ```
public struct Purchase: Sendable, Hashable, Codable {
    /// The customer's external id.
    public var customer: String
    /// The order id: optional, unique when present; recording the same order again is reported as a duplicate.
    public var orderID: String?
    /// When it happened.
    public var occurredAt: Instant
    /// The amount; negative for a refund.
    public var amount: Money
    /// The product category (interned to a small id); `nil` for none.
    public var category: String?
    /// How many items.
    public var quantity: Int32
    /// The sales channel (for example `web`, `store`).
    public var channel: String?
    /// For a refund, the order it refunds (optional; must belong to the same customer, not be a refund, not be
    /// later than the refund, and have enough left after the refunds already naming it: see `RefundRule`).
    public var refundOf: String?

    /// A purchase with every field given; a negative `amount` makes it a refund (of `refundOf` when named).
    public init(
        customer: String, orderID: String? = nil, occurredAt: Instant, amount: Money, category: String? = nil,
        quantity: Int32 = 1, channel: String? = nil, refundOf: String? = nil
    ) {
        self.customer = customer
        self.orderID = orderID
        self.occurredAt = occurredAt
        self.amount = amount
        self.category = category
        self.quantity = quantity
        self.channel = channel
        self.refundOf = refundOf
    }

    /// A purchase dated with a Foundation `Date` (kept to the microsecond, rounded down).
    ///
    /// ```swift
    /// Purchase(customer: "c-17", orderID: "o-1001", occurredAt: Date(),
    ///          amount: try Money(Decimal(2_450) / 100, scale: store.currencyScale))
    /// ```
    /// Disfavoured, so `occurredAt: .now` still means `Instant.now` in a file that imports Foundation.
    @_disfavoredOverload
    public init(
        customer: String, orderID: String? = nil, occurredAt date: Date, amount: Money, category: String? = nil,
        quantity: Int32 = 1, channel: String? = nil, refundOf: String? = nil
    ) {
        self.init(customer: customer, orderID: orderID, occurredAt: Instant(date), amount: amount,
                  category: category, quantity: quantity, channel: channel, refundOf: refundOf)
    }

    /// Whether this line is a refund (a negative amount).
    public var isRefund: Bool { amount.minorUnits < 0 }
}

/// A purchase as stored under its customer: the customer and instant live in the key.
public struct StoredPurchase: Sendable, Hashable, Codable {
    /// The order id, when one was given.
    public var orderID: String?
    /// The amount; negative for a refund.
    public var amount: Money
    /// The interned category id (0 = no category).
    public var categoryID: UInt32
    /// How many items.
    public var quantity: Int32
    /// The sales channel.
    public var channel: String?
    /// For a refund, the refunded order.
    public var refundOf: String?

    /// Whether this line is a refund.
    public var isRefund: Bool { amount.minorUnits < 0 }
}

/// Stored purchase records, CRC32C-sealed. Version 2 (written since store format 4) gives each optional string one
/// prefix (`compactOptionalString`, a byte less per order id and channel); version 1 records, which older stores
/// hold, are read as they are.
enum StoredPurchaseCodec: ValueCodec {
    static func encode(_ purchase: StoredPurchase, into bytes: inout [UInt8]) {
        var writer = RecordWriter(version: 2, appendingTo: &bytes, capacity: 32)
        writer.signedVarint(purchase.amount.minorUnits)
        writer.varint(UInt64(purchase.categoryID))
        writer.signedVarint(Int64(purchase.quantity))
        writer.compactOptionalString(purchase.orderID)
        writer.compactOptionalString(purchase.channel)
        writer.compactOptionalString(purchase.refundOf)
        writer.seal(into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> StoredPurchase {
        var reader = try RecordReader(bytes, versions: 1...2)
        let amount = try reader.signedVarint()
        let category = try reader.varint()
        let quantity = try reader.signedVarint()
        guard category <= UInt64(UInt32.max), let quantity32 = Int32(exactly: quantity) else {
            throw CodecError("field out of range")
        }
        func text() throws -> String? {
            reader.version == 1 ? try reader.optionalString() : try reader.compactOptionalString()
        }
        let purchase = StoredPurchase(
            orderID: try text(), amount: Money(minorUnits: amount), categoryID: UInt32(category),
            quantity: quantity32, channel: try text(), refundOf: try text())
        try reader.finish()
        return purchase
    }
}
