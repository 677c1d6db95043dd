/// A customer's recency, frequency and monetary quintile scores, each 1...5 (5 is best: most recent, most orders,
/// most net spend).
public struct RFMScores: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 5 for the most recent fifth of customers.
    public var recency: Int
    /// 5 for the fifth with the most orders.
    public var frequency: Int
    /// 5 for the fifth with the highest net monetary value.
    public var monetary: Int

    /// Scores as given (each 1–5 when they come from the store).
    public init(recency: Int, frequency: Int, monetary: Int) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// "RFM" as three digits, e.g. `543`.
    public var description: String { "\(recency)\(frequency)\(monetary)" }
}

/// Which ordered view to rank customers by.
public enum RankBy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Net monetary value (highest first).
    case monetary
    /// Orders (most first).
    case frequency
    /// Last purchase (most recent first).
    case recency
}
