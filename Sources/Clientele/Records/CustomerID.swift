/// The store's internal number for a customer: dense, never reused, never shown to the customer.
public struct CustomerID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number.
    public var rawValue: UInt64
    /// The customer with this number (numbers come from the store; see `StoreReader.customerID(externalID:)`).
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: CustomerID, rhs: CustomerID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "#\(rawValue)" }
}
