/// How a fitted model's predictions spread over the customers: P(alive) and CLV as histograms, with their totals.
/// See ``Store/predictionDistributions(_:months:monthlyDiscount:periodsPerMonth:)``.
public struct PredictionDistributions: Sendable, Equatable, Codable {
    /// The model the predictions come from.
    public var model: PurchaseModel
    /// Customers predicted (those of the model's summary).
    public var customers: Int
    /// P(alive) in 20 bins of 0.05 (the last, [0.95, ∞), holds P(alive) = 1).
    public var probabilityAlive: Histogram
    /// The CLV over `months` months (in currency units, as the summary's monetary value), when the model has a spend
    /// part, of the customers it covers (not those whose repeat purchases all cost 0).
    public var lifetimeValue: Histogram?
    /// The sum of every customer's CLV, when the model has a spend part.
    public var totalLifetimeValue: Double?
    /// The CLV horizon in months.
    public var months: Int
    /// The monthly discount rate the CLV was computed with.
    public var monthlyDiscount: Double
}
