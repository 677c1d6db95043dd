import Foundation

/// Parameters of the Gamma-Gamma spend model (Fader & Hardie, note 025; Colombo & Jiang 1999).
///
/// Each transaction value is Gamma(p, ν); a customer's ν is Gamma(q, v) across customers. `v` carries the
/// currency unit; `p` and `q` are unit-free. The population mean transaction value is p·v/(q − 1) (q > 1).
public struct GammaGammaParameters: Sendable, Codable, Equatable {
    /// Shape of the per-transaction Gamma distribution.
    public var p: Double
    /// Shape of the Gamma mixing distribution of ν.
    public var q: Double
    /// Rate of the Gamma mixing distribution of ν, in currency units.
    public var v: Double

    /// Creates a parameter set; see ``validate()``.
    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }

    /// Checks that p, q, v are finite and > 0.
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` naming the first bad parameter.
    public func validate() throws(PredictError) {
        for (name, value) in [("p", p), ("q", q), ("v", v)] where !(value.isFinite && value > 0) {
            throw .invalidParameter(name: name, value: value)
        }
    }

    /// Log-likelihood of one repeat customer (RFM.md §1.4):
    /// lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v).
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)``, or
    ///   ``PredictError/invalidObservation(index:issue:)`` (index 0) unless x > 0 and m̄ > 0.
    public func logLikelihood(x: Int, mean: Double) throws(PredictError) -> Double {
        try validate()
        if let issue = SpendSummary(x: x, mean: mean).issue { throw .invalidObservation(index: 0, issue: issue) }
        return unsafeLogLikelihood(x: Double(x), mean: mean)
    }

    /// Weighted total log-likelihood over the rows with x > 0 (rows with x = 0 are skipped, as in the fitter).
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` or
    ///   ``PredictError/invalidObservation(index:issue:)`` for an invalid row with x > 0.
    public func logLikelihood(of rows: [SpendSummary]) throws(PredictError) -> Double {
        try validate()
        var total = 0.0
        for (index, row) in rows.enumerated() {
            switch row.issue {
            case nil: total += row.weight * unsafeLogLikelihood(x: Double(row.x), mean: row.mean)
            case .noRepeatPurchases?: continue
            case let issue?: throw .invalidObservation(index: index, issue: issue)
            }
        }
        return total
    }

    func unsafeLogLikelihood(x: Double, mean: Double) -> Double {
        let px = p * x
        return logGamma(px + q) - logGamma(px) - logGamma(q) + q * log(v) + (px - 1) * log(mean) + px * log(x)
            - (px + q) * log(x * mean + v)
    }
}
