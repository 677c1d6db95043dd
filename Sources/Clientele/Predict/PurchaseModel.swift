import ClientelePredict

/// A fitted BG/NBD purchase model and (when there were repeat customers with spend) a Gamma-Gamma spend model, with
/// the summary settings they were fitted on. Codable, so it can be saved in the store and reused.
public struct PurchaseModel: Sendable, Codable, Equatable {
    /// The period unit of the summary the model was fitted on.
    public var period: Period
    /// The multiplier durations were divided by (the model's time unit is `period` × `multiplier`).
    public var multiplier: Double
    /// The end of the data the model saw (the calibration end).
    public var observationEnd: Instant
    /// BG/NBD parameters r, α, a, b (α in the model's time unit).
    public var betaGeo: BetaGeoParameters
    /// The BG/NBD log-likelihood at the fit.
    public var logLikelihood: Double
    /// Gamma-Gamma parameters p, q, v (v in currency units), when fitted.
    public var gammaGamma: GammaGammaParameters?
    /// Customers in the fit.
    public var customers: Int
    /// Repeat customers in the Gamma-Gamma fit.
    public var repeatCustomers: Int

    /// Model time units per month: 30.4375 days (365.25 / 12) expressed in the model's unit.
    public var periodsPerMonth: Double { period.periodsPerMonth / multiplier }
}

/// How to fit a `PurchaseModel`.
public struct PredictionOptions: Sendable, Hashable {
    /// The period unit. Default: day.
    public var period: Period = .day
    /// The multiplier (7 with days gives weeks). Default 1.
    public var multiplier: Double = 1
    /// The calibration end: the model sees purchases up to it. `nil`: now.
    public var calibrationEnd: Instant?
    /// The L2 penalizer of the BG/NBD fit (lifetimes' `penalizer_coef`, in rescaled time). Default 0.
    public var penalizer: Double = 0
    /// The L2 penalizer of the Gamma-Gamma fit. Default 0.
    public var spendPenalizer: Double = 0

    /// Options with every field given; the defaults fit on days, up to now, without penalizers.
    public init(period: Period = .day, multiplier: Double = 1, calibrationEnd: Instant? = nil, penalizer: Double = 0,
                spendPenalizer: Double = 0) {
        self.period = period
        self.multiplier = multiplier
        self.calibrationEnd = calibrationEnd
        self.penalizer = penalizer
        self.spendPenalizer = spendPenalizer
    }
}

/// One customer's predictions.
public struct CustomerPrediction: Sendable, Hashable, Codable {
    /// The external id.
    public var externalID: String
    /// The summary the predictions start from.
    public var summary: SummaryRow
    /// P(alive | x, t_x, T).
    public var probabilityAlive: Double
    /// Expected purchases (repeat occasions) in the next `horizon` model periods.
    public var expectedPurchases: Double
    /// Expected average purchase value (Gamma-Gamma), currency units; nil without a spend model, or for a repeat
    /// customer whose repeat purchases all cost 0 (outside the spend model).
    public var expectedAverageValue: Double?
    /// Discounted customer lifetime value over the horizon in months, currency units; nil when
    /// `expectedAverageValue` is.
    public var lifetimeValue: Double?
}
