/// One customer's repeat-purchase spend for the Gamma-Gamma model, optionally standing for several customers.
///
/// `mean` is the average value of the x repeat purchase occasions, the first purchase excluded (lifetimes'
/// `monetary_value`; RFM.md §1.1 step 4), in any currency unit.
public struct SpendSummary: Sendable, Hashable, Codable {
    /// Number of repeat purchase occasions x.
    public var x: Int
    /// Mean value m̄ of the repeat purchase occasions (> 0 when x > 0; ignored when x = 0).
    public var mean: Double
    /// Number of customers this row stands for (> 0).
    public var weight: Double

    /// Creates a row; nothing is validated here.
    public init(x: Int, mean: Double, weight: Double = 1) {
        self.x = x
        self.mean = mean
        self.weight = weight
    }

    /// The first Gamma-Gamma invariant this row violates, or nil. Rows with x = 0 are reported as
    /// ``ObservationIssue/noRepeatPurchases`` (the fitter skips them instead of failing).
    public var issue: ObservationIssue? {
        if !mean.isFinite { return .nonFinite(field: "mean") }
        if !weight.isFinite { return .nonFinite(field: "weight") }
        if x < 0 { return .negativeFrequency }
        if x > RFMTriple.maximumFrequency { return .frequencyTooLarge }
        if !(weight > 0) { return .nonPositiveWeight }
        if x == 0 { return .noRepeatPurchases }
        if !(mean > 0) { return .nonPositiveMonetaryValue }
        return nil
    }
}
