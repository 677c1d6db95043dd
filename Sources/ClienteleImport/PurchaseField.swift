/// The fields of a purchase row, and the CSV column each one is read from by default.
///
/// The default layout is `customer_id,order_id,occurred_at,amount,category` with the optional columns `quantity`,
/// `channel` and `refund_of`. `--map FIELD=COLUMN` (``ColumnMapping``) reads a field from another column.
public enum PurchaseField: String, Sendable, Hashable, CaseIterable {
    /// The customer's external id. Required.
    case customerID = "customer_id"
    /// The order id. Optional: rows without one get a derived id (``DerivedOrderIDs``).
    case orderID = "order_id"
    /// When the purchase happened: an ISO 8601 date or date-time with a zone, or `YYYYMMDD`. Required.
    case occurredAt = "occurred_at"
    /// The amount, a strict decimal; negative for a refund. Required.
    case amount
    /// The product category. Optional.
    case category
    /// How many items (an integer). Optional; 1 when absent.
    case quantity
    /// The sales channel. Optional.
    case channel
    /// For a refund, the order it refunds (the same customer's). Optional.
    case refundOf = "refund_of"

    /// Whether a file must have a column for this field.
    public var isRequired: Bool {
        switch self {
        case .customerID, .occurredAt, .amount: true
        default: false
        }
    }

    /// The field the library names in `ClienteleError.invalidInput(field:reason:)`, when it is not the raw value.
    static func named(_ libraryField: String) -> PurchaseField? {
        switch libraryField {
        case "customer_id", "customer": .customerID
        case "order_id", "order": .orderID
        case "occurred_at", "date": .occurredAt
        case "amount": .amount
        case "category": .category
        case "quantity": .quantity
        case "channel": .channel
        case "refund_of": .refundOf
        default: nil
        }
    }
}
