/// One inconsistency found by `Store.verify()`.
///
/// It names the table, the key in internal terms (customer numbers, days, category ids: never a customer's external
/// id, email or amounts), what was expected and what was found.
public struct VerifyDifference: Sendable, Hashable, CustomStringConvertible {
    /// The table where the difference is.
    public var table: String
    /// The key, in internal terms.
    public var key: String
    /// What a recomputation from the raw customers and purchases expects.
    public var expected: String
    /// What is stored.
    public var found: String

    public var description: String { "\(table) [\(key)]: expected \(expected), found \(found)" }
}

/// The result of `Store.verify()`.
public struct VerifyReport: Sendable, Hashable {
    /// Every difference found; empty for a consistent store.
    public var differences: [VerifyDifference] = []
    /// Customers checked.
    public var customers = 0
    /// Purchase lines checked.
    public var purchases = 0
    /// Records whose checksum or format was checked.
    public var records = 0

    /// Whether the store is consistent.
    public var isClean: Bool { differences.isEmpty }

    mutating func report(_ table: String, _ key: String, expected: String, found: String) {
        if differences.count < 10_000 {
            differences.append(VerifyDifference(table: table, key: key, expected: expected, found: found))
        }
    }
}
