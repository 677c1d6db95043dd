import Foundation

/// Per-customer predictions of a BG/NBD model (Fader, Hardie & Lee 2005; formulas as in RFM.md §1.3).
///
/// All times (t_x, T, horizons t) are in the time unit the parameters were fitted in.
public struct BetaGeoModel: Sendable, Equatable {
    /// The model's parameters (validated).
    public let parameters: BetaGeoParameters

    /// Creates a model after checking the parameters.
    ///
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` when a parameter is not finite and > 0.
    public init(parameters: BetaGeoParameters) throws(PredictError) {
        try parameters.validate()
        self.parameters = parameters
    }

    init(validated parameters: BetaGeoParameters) {
        self.parameters = parameters
    }

    /// |a − 1| below this makes (a+b+x−1)/(a−1) numerically meaningless; the expectations throw there.
    static let singularityGuard = 1e-8

    // MARK: - P(alive)

    /// Probability that a customer with history (x, t_x, T) is still alive at T:
    /// 1 / (1 + δ · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), δ = [x > 0]; exactly 1 when x = 0 (Fader, Hardie & Lee,
    /// note 021). No hypergeometric function is needed.
    ///
    /// - Throws: ``PredictError/invalidObservation(index:issue:)`` (index 0) for an invalid history.
    public func probabilityAlive(x: Int, tx: Double, T: Double) throws(PredictError) -> Double {
        try Self.check(x: x, tx: tx, T: T)
        return aliveProbability(x: Double(x), tx: tx, T: T)
    }

    func aliveProbability(x: Double, tx: Double, T: Double) -> Double {
        guard x > 0 else { return 1 }
        let p = parameters
        let logOdds = log(p.a / (p.b + x - 1)) + (p.r + x) * (log(p.alpha + T) - log(p.alpha + tx))
        // 1/(1 + e^L) computed without overflow.
        return logOdds > 0 ? exp(-logOdds) / (1 + exp(-logOdds)) : 1 / (1 + exp(logOdds))
    }

    // MARK: - Conditional expectation

    /// Expected number of repeat purchases in (T, T + t] for a customer with history (x, t_x, T)
    /// (FHL 2005 eq. 10):
    /// E[Y(t) | x, t_x, T] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
    /// · P(alive | x, t_x, T).
    ///
    /// - Parameter t: horizon ≥ 0, in the fitting time unit.
    /// - Throws: ``PredictError/invalidArgument(name:value:)`` for a negative or non-finite `t`,
    ///   ``PredictError/invalidObservation(index:issue:)`` for an invalid history,
    ///   ``PredictError/singularParameters(reason:)`` when |a − 1| < 1e-8, and
    ///   ``PredictError/hypergeometric(_:)`` if 2F1 cannot be evaluated.
    public func expectedPurchases(t: Double, x: Int, tx: Double, T: Double) throws(PredictError) -> Double {
        try Self.check(x: x, tx: tx, T: T)
        try Self.checkHorizon(t)
        return try conditionalExpectation(t: t, x: Double(x), tx: tx, T: T)
    }

    func conditionalExpectation(t: Double, x: Double, tx: Double, T: Double) throws(PredictError) -> Double {
        if t == 0 { return 0 }
        try checkSingularity()
        let p = parameters
        let z = t / (p.alpha + T + t)
        let hyp = try Self.logHyp(p.r + x, p.b + x, p.a + p.b + x - 1, z)
        // ((α+T)/(α+T+t))^(r+x) = (1 − z)^(r+x).
        let logProduct = hyp.logMagnitude + (p.r + x) * log1p(-z)
        let bracket = hyp.sign > 0 ? -expm1(logProduct) : 1 + hyp.sign * exp(logProduct)
        return (p.a + p.b + x - 1) / (p.a - 1) * bracket * aliveProbability(x: x, tx: tx, T: T)
    }

    // MARK: - New customers

    /// Expected number of repeat purchases in (0, t] of a new customer (FHL 2005 eq. 9):
    /// E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
    ///
    /// - Throws: ``PredictError/invalidArgument(name:value:)`` for a negative or non-finite `t`,
    ///   ``PredictError/singularParameters(reason:)`` when |a − 1| < 1e-8, and ``PredictError/hypergeometric(_:)``
    ///   if 2F1 cannot be evaluated (e.g. a + b − 1 a non-positive integer).
    public func expectedPurchasesNewCustomer(t: Double) throws(PredictError) -> Double {
        try Self.checkHorizon(t)
        if t == 0 { return 0 }
        try checkSingularity()
        let p = parameters
        let z = t / (p.alpha + t)
        let hyp = try Self.logHyp(p.r, p.b, p.a + p.b - 1, z)
        let logProduct = hyp.logMagnitude + p.r * log1p(-z)
        let bracket = hyp.sign > 0 ? -expm1(logProduct) : 1 + hyp.sign * exp(logProduct)
        return (p.a + p.b - 1) / (p.a - 1) * bracket
    }

    /// Largest n accepted by ``probabilityOfPurchases(n:t:)`` (its cost is O(n)).
    public static let maximumPurchaseCount = 10_000_000

    /// P(X(t) = n): probability that a new customer makes exactly n repeat purchases in (0, t] (FHL 2005 eq. 8):
    /// B(a, b+n)/B(a, b) · Γ(r+n)/(Γ(r) n!) · (α/(α+t))^r (t/(α+t))^n
    /// + [n > 0] · B(a+1, b+n−1)/B(a, b) · [1 − (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j].
    /// The bracket is the negative-binomial upper tail; it is summed directly when the finite sum is close to 1,
    /// so it keeps full relative accuracy.
    ///
    /// - Throws: ``PredictError/invalidArgument(name:value:)`` for n < 0, n > ``maximumPurchaseCount``, or a
    ///   negative or non-finite `t`.
    public func probabilityOfPurchases(n: Int, t: Double) throws(PredictError) -> Double {
        guard n >= 0, n <= Self.maximumPurchaseCount else { throw .invalidArgument(name: "n", value: Double(n)) }
        try Self.checkHorizon(t)
        if t == 0 { return n == 0 ? 1 : 0 }
        let p = parameters
        let count = Double(n)
        let logBetaAB = logGamma(p.a) + logGamma(p.b) - logGamma(p.a + p.b)
        let logP0 = -log1p(t / p.alpha)  // ln(α/(α+t))
        let logQ = log(t) - log(p.alpha + t)  // ln(t/(α+t))
        let logNegBinomial = logGamma(p.r + count) - logGamma(p.r) - logGamma(count + 1) + p.r * logP0 + count * logQ
        let logBetaN = logGamma(p.a) + logGamma(p.b + count) - logGamma(p.a + p.b + count)
        let first = exp(logBetaN - logBetaAB + logNegBinomial)
        guard n > 0 else { return first }
        let logBetaShift = logGamma(p.a + 1) + logGamma(p.b + count - 1) - logGamma(p.a + p.b + count)
        let tail = negativeBinomialUpperTail(n: n, logP0: logP0, logQ: logQ, logPmfAtN: logNegBinomial)
        return first + exp(logBetaShift - logBetaAB) * tail
    }

    /// P(N ≥ n) for N ~ NB(r, p0) with pmf Γ(r+j)/(Γ(r) j!) p0^r q^j.
    private func negativeBinomialUpperTail(n: Int, logP0: Double, logQ: Double, logPmfAtN: Double) -> Double {
        let r = parameters.r
        var logPmf = r * logP0
        var cdf = 0.0
        var j = 0.0
        for _ in 0..<n {
            cdf += exp(logPmf)
            logPmf += log((r + j) / (j + 1)) + logQ
            j += 1
        }
        if cdf <= 0.5 { return max(0, 1 - cdf) }
        // Close to 1: sum the tail Σ_{j≥n} directly.
        let q = exp(logQ)
        var term = exp(logPmfAtN)
        var tail = 0.0
        var k = Double(n)
        for _ in 0..<Self.maximumPurchaseCount {
            tail += term
            let ratio = (r + k) / (k + 1) * q
            term *= ratio
            k += 1
            let bound = max(ratio, q)
            if term == 0 || (bound < 1 && term * bound / (1 - bound) <= 1e-17 * tail) { break }
        }
        return tail
    }

    // MARK: - Batch scoring

    /// P(alive) and conditional expected purchases over `horizon` for many customers at once.
    ///
    /// - Returns: one ``CustomerScore`` per row, in input order (weights are ignored).
    /// - Throws: the errors of ``expectedPurchases(t:x:tx:T:)``, with the failing row's index.
    public func score(_ rows: [RFMTriple], horizon: Double) throws(PredictError) -> [CustomerScore] {
        try Self.checkHorizon(horizon)
        var scores: [CustomerScore] = []
        scores.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            if let issue = row.issue { throw .invalidObservation(index: index, issue: issue) }
            let x = Double(row.x)
            scores.append(
                CustomerScore(
                    probabilityAlive: aliveProbability(x: x, tx: row.tx, T: row.T),
                    expectedPurchases: try conditionalExpectation(t: horizon, x: x, tx: row.tx, T: row.T)))
        }
        return scores
    }

    // MARK: - Checks

    static func check(x: Int, tx: Double, T: Double) throws(PredictError) {
        if let issue = RFMTriple(x: x, tx: tx, T: T).issue { throw .invalidObservation(index: 0, issue: issue) }
    }

    static func checkHorizon(_ t: Double) throws(PredictError) {
        guard t.isFinite, t >= 0 else { throw .invalidArgument(name: "t", value: t) }
    }

    func checkSingularity() throws(PredictError) {
        guard abs(parameters.a - 1) >= Self.singularityGuard else {
            throw .singularParameters(reason: "BG/NBD expectations are singular at a = 1 (a = \(parameters.a))")
        }
    }

    static func logHyp(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(PredictError) -> SignedLogValue {
        do {
            return try Hypergeometric.logHyp2f1(a, b, c, z)
        } catch {
            throw .hypergeometric(error)
        }
    }
}

/// Scores of one customer from ``BetaGeoModel/score(_:horizon:)``.
public struct CustomerScore: Sendable, Equatable {
    /// P(alive | x, t_x, T).
    public var probabilityAlive: Double
    /// E[Y(horizon) | x, t_x, T].
    public var expectedPurchases: Double
}
