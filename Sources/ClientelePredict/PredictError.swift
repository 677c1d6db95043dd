/// Errors thrown by the ClientelePredict models, fitters and validation helpers.
///
/// Every public throwing function of this module throws `PredictError` (typed throws), except the stand-alone
/// special function ``Hypergeometric``, which throws ``HypergeometricError``; model code wraps that one in
/// ``PredictError/hypergeometric(_:)``.
public enum PredictError: Error, Sendable, Equatable {
    /// The input collection was empty (or empty after the documented filtering), so nothing can be fitted.
    case emptyData
    /// Observation number `index` (0-based, in the caller's order) violates a model invariant.
    case invalidObservation(index: Int, issue: ObservationIssue)
    /// A model parameter is outside its domain (parameters must be finite and > 0).
    case invalidParameter(name: String, value: Double)
    /// A function argument (horizon, count, discount rate, ...) is outside its domain.
    case invalidArgument(name: String, value: Double)
    /// The formula is singular at these parameters, e.g. BG/NBD expectations at a = 1 or the Gamma-Gamma
    /// population mean at q ≤ 1.
    case singularParameters(reason: String)
    /// Two parallel inputs have different lengths.
    case lengthMismatch(expected: Int, actual: Int)
    /// The Gauss hypergeometric function needed by a prediction could not be evaluated.
    case hypergeometric(HypergeometricError)
    /// The optimiser could not produce a finite objective (e.g. the data make the likelihood unbounded).
    case optimizationFailed(reason: String)
}

/// Why a single observation was rejected by input validation.
public enum ObservationIssue: Sendable, Equatable {
    /// A field is NaN or infinite.
    case nonFinite(field: String)
    /// The repeat-purchase count x is negative.
    case negativeFrequency
    /// The repeat-purchase count x exceeds 2^52, the largest count this module handles exactly.
    case frequencyTooLarge
    /// Recency t_x is negative.
    case negativeRecency
    /// Recency t_x exceeds the customer's age T.
    case recencyExceedsAge
    /// t_x > 0 although x = 0 (recency is the age at the last repeat purchase, so it must be 0 without repeats).
    case recencyWithoutRepeatPurchase
    /// The weight (number of customers the row stands for) is not > 0.
    case nonPositiveWeight
    /// Gamma-Gamma: the mean repeat-purchase value is not > 0.
    case nonPositiveMonetaryValue
    /// Gamma-Gamma: the row has no repeat purchases (x = 0); the spend model only applies to x > 0.
    case noRepeatPurchases
    /// Holdout validation: the actual holdout purchase count is negative.
    case negativeHoldoutCount
}
