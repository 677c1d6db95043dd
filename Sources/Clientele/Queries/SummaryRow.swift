/// One customer's BTYD summary, with exactly the semantics of lifetimes' `summary_data_from_transaction_data`
/// (see docs/queries.md): purchases collapse to one per period, `frequency` counts repeat periods, `recency` is the
/// age at the last purchase and `T` the age at the observation end, both in periods divided by the multiplier, and
/// `monetaryValue` is the mean of the per-period sums after the first (0 when `frequency` is 0).
public struct SummaryRow: Sendable, Hashable, Codable {
    /// The customer's external id.
    public var externalID: String
    /// x: distinct purchase periods minus one.
    public var frequency: Int
    /// t_x: (last period − first period) / multiplier.
    public var recency: Double
    /// T: (observation end period − first period) / multiplier.
    public var T: Double
    /// m: mean per-period purchase sum after the first period, in currency units (not minor units).
    public var monetaryValue: Double
    /// With a holdout split: distinct periods of the purchases in (calibration end, observation end] (no −1).
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
    /// The observation end, floored to its period as lifetimes does: without a split, purchases in a period after
    /// the end's period are ignored (so any instant of the end's day gives the same rows with days, and purchases
    /// later in the end's own week or month count); `T` is measured to the end's period. `nil`: now.
    public var observationEnd: Instant?
    /// With a value: the calibration end, and the rows carry holdout columns. As in lifetimes'
    /// `calibration_and_holdout_data`, the split is on the instants: calibration purchases are those at or before
    /// it, holdout purchases those after it and at or before `observationEnd` (pass the last instant of a day to
    /// split between whole days). `T` is measured to the calibration end's period.
    public var calibrationEnd: Instant?

    /// Options with every field given; the defaults: days, no multiplier, observed up to now, no calibration split.
    public init(period: Period = .day, multiplier: Double = 1, observationEnd: Instant? = nil,
                calibrationEnd: Instant? = nil) {
        self.period = period
        self.multiplier = multiplier
        self.observationEnd = observationEnd
        self.calibrationEnd = calibrationEnd
    }
}
