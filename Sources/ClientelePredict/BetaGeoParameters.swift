import Foundation

/// Parameters of the BG/NBD model (Fader, Hardie & Lee 2005).
///
/// While alive a customer buys as a Poisson process with rate λ ~ Gamma(shape `r`, rate `alpha`); after each
/// repeat purchase the customer drops out with probability p ~ Beta(`a`, `b`). `alpha` is in the time unit of
/// the data it was fitted on (its reciprocal scales time); `r`, `a`, `b` are unit-free.
public struct BetaGeoParameters: Sendable, Codable, Equatable {
    /// Shape of the Gamma distribution of purchase rates.
    public var r: Double
    /// Rate (inverse scale) of the Gamma distribution of purchase rates, in the data's time unit.
    public var alpha: Double
    /// First shape of the Beta distribution of the drop-out probability.
    public var a: Double
    /// Second shape of the Beta distribution of the drop-out probability.
    public var b: Double

    /// Creates a parameter set; see ``validate()`` for the domain.
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// Checks that every parameter is finite and > 0.
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` naming the first bad parameter.
    public func validate() throws(PredictError) {
        for (name, value) in [("r", r), ("alpha", alpha), ("a", a), ("b", b)] where !(value.isFinite && value > 0) {
            throw .invalidParameter(name: name, value: value)
        }
    }

    /// Log-likelihood of one customer (unweighted), RFM.md §1.3:
    /// LL = A1 + A2 + ln(e^A3 + δ·e^A4), with A1 = lnΓ(r+x) − lnΓ(r) + r ln α,
    /// A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x), A3 = −(r+x) ln(α+T),
    /// A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x), δ = [x > 0].
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` or
    ///   ``PredictError/invalidObservation(index:issue:)`` (index 0).
    public func logLikelihood(x: Int, tx: Double, T: Double) throws(PredictError) -> Double {
        try validate()
        if let issue = RFMTriple(x: x, tx: tx, T: T).issue { throw .invalidObservation(index: 0, issue: issue) }
        return unsafeLogLikelihood(x: Double(x), tx: tx, T: T)
    }

    /// Weighted total log-likelihood Σ wᵢ·LLᵢ of a data set (the quantity the fitter maximises).
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` or
    ///   ``PredictError/invalidObservation(index:issue:)``.
    public func logLikelihood(of rows: [RFMTriple]) throws(PredictError) -> Double {
        try validate()
        try RFMTriple.validate(rows)
        var total = 0.0
        for row in rows { total += row.weight * unsafeLogLikelihood(x: Double(row.x), tx: row.tx, T: row.T) }
        return total
    }

    /// The per-customer formula without validation (inputs already checked).
    func unsafeLogLikelihood(x: Double, tx: Double, T: Double) -> Double {
        let a1 = logGamma(r + x) - logGamma(r) + r * log(alpha)
        let a3 = -(r + x) * log(alpha + T)
        guard x > 0 else { return a1 + a3 }
        let a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x)
        let a4 = log(a) - log(b + x - 1) - (r + x) * log(alpha + tx)
        return a1 + a2 + logAddExp(a3, a4)
    }
}
