/// One customer's BTYD summary, with exactly the semantics of lifetimes' `summary_data_from_transaction_data`
/// (see docs/queries.md): purchases collapse to one per period, `frequency` counts repeat periods, `recency` is the
/// age at the last purchase and `T` the age at the observation end, both in periods divided by the multiplier, and
/// `monetaryValue` is the mean of the per-period sums after the first (0 when `frequency` is 0).
public struct SummaryRow: Sendable, Hashable, Codable {
    /// The customer's external id.
    public var customerID: String
    /// x: distinct purchase periods minus one.
    public var frequency: Int
    /// t_x: (last period − first period) / multiplier.
    public var recency: Double
    /// T: (observation end period − first period) / multiplier.
    public var T: Double
    /// m: mean per-period purchase sum after the first period, in currency units (not minor units).
    public var monetaryValue: Double
    /// With a holdout split: distinct purchase periods in (calibration end, observation end].
    public var frequencyHoldout: Int?
    /// With a holdout split: mean amount of the holdout purchase lines (lifetimes' definition), currency units.
    public var monetaryValueHoldout: Double?
    /// With a holdout split: (observation end period − calibration end period) / multiplier.
    public var durationHoldout: Double?
}

/// How a summary is taken.
public struct SummaryOptions: Sendable, Hashable {
    /// The period unit. Default: day.
    public var period: Period = .day
    /// Durations are divided by this (lifetimes' `freq_multiplier`): 7 with days gives weeks as in CDNOW.
    public var multiplier: Double = 1
    /// The observation end (inclusive, floored to its period); purchases after it are ignored. `nil`: now.
    public var observationEnd: Instant?
    /// With a value: the calibration end, and the rows carry holdout columns for (calibration end, observation end].
    public var calibrationEnd: Instant?

    public init(period: Period = .day, multiplier: Double = 1, observationEnd: Instant? = nil,
                calibrationEnd: Instant? = nil) {
        self.period = period
        self.multiplier = multiplier
        self.observationEnd = observationEnd
        self.calibrationEnd = calibrationEnd
    }
}
