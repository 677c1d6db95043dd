/// One customer's purchase summary for the BG/NBD model, optionally standing for several identical customers.
///
/// Units: `tx` and `T` are in one time unit of the caller's choice (days, weeks, ...); every model fitted on
/// them, and every horizon passed to its predictions, is in that same unit (see `docs/predict.md`).
public struct RFMTriple: Sendable, Hashable, Codable {
    /// Number of repeat purchase occasions x (distinct purchase periods − 1).
    public var x: Int
    /// Recency t_x: age of the customer at the last repeat purchase (0 when x = 0). Not "time since last".
    public var tx: Double
    /// Age T of the customer at the end of the observation period (time since the first purchase).
    public var T: Double
    /// Number of customers this row stands for (> 0; 1 for a single customer).
    public var weight: Double

    /// Creates a summary row; nothing is validated here (see ``validate(_:)``).
    public init(x: Int, tx: Double, T: Double, weight: Double = 1) {
        self.x = x
        self.tx = tx
        self.T = T
        self.weight = weight
    }

    /// The largest repeat-purchase count accepted (2^52), so counts convert to `Double` exactly and
    /// x ± 1 never overflows.
    public static let maximumFrequency = 1 << 52

    /// The first invariant this row violates, or nil: finite values, 0 ≤ x ≤ 2^52, 0 ≤ t_x ≤ T,
    /// t_x = 0 when x = 0, weight > 0.
    public var issue: ObservationIssue? {
        if !tx.isFinite { return .nonFinite(field: "tx") }
        if !T.isFinite { return .nonFinite(field: "T") }
        if !weight.isFinite { return .nonFinite(field: "weight") }
        if x < 0 { return .negativeFrequency }
        if x > Self.maximumFrequency { return .frequencyTooLarge }
        if tx < 0 { return .negativeRecency }
        if tx > T { return .recencyExceedsAge }
        if x == 0 && tx != 0 { return .recencyWithoutRepeatPurchase }
        if !(weight > 0) { return .nonPositiveWeight }
        return nil
    }

    /// Checks every row against the BG/NBD invariants (see ``issue``).
    ///
    /// - Throws: ``PredictError/invalidObservation(index:issue:)`` for the first offending row.
    public static func validate(_ rows: [RFMTriple]) throws(PredictError) {
        for (index, row) in rows.enumerated() {
            if let issue = row.issue { throw .invalidObservation(index: index, issue: issue) }
        }
    }
}
