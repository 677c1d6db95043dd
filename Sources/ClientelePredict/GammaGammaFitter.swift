import Foundation

/// Result of ``GammaGammaFitter/fit(_:penalizer:qConstraint:initial:options:)``.
public struct GammaGammaFit: Sendable {
    /// Maximum-(penalised-)likelihood parameters, v in the data's currency unit.
    public var parameters: GammaGammaParameters
    /// Unpenalised total log-likelihood Σ wᵢ·LLᵢ over the repeat customers, in the data's currency unit.
    public var logLikelihood: Double
    /// BFGS iterations (summed over restarts).
    public var iterations: Int
    /// Objective/gradient evaluations.
    public var evaluations: Int
    /// True when the final gradient met the tolerance.
    public var converged: Bool
    /// Whether the Nelder–Mead fallback ran.
    public var usedFallback: Bool
    /// Asymptotic standard errors (observed information, delta method); nil if not requested or not available.
    public var standardErrors: GammaGammaParameters?
    /// Σ weights of the rows used (x > 0).
    public var totalWeight: Double
    /// Σ weights of the rows skipped because x = 0.
    public var skippedWeight: Double

    /// The fitted model.
    public var model: GammaGammaModel { GammaGammaModel(validated: parameters) }
}

/// Maximum-likelihood fitting of the Gamma-Gamma spend model.
public enum GammaGammaFitter: Sendable {
    /// Fits p, q, v by maximising the Gamma-Gamma likelihood (RFM.md §1.4) over the customers with x > 0.
    ///
    /// Rows with x = 0 are skipped (the model describes repeat spend; pass the whole customer base if that is
    /// convenient) and counted in ``GammaGammaFit/skippedWeight``. Rows with x > 0 must have m̄ > 0: refunds
    /// and zero-value occasions must be resolved upstream, so such a row is an error, not silently dropped.
    /// Identical (x, m̄) rows are collapsed into weights; spend is scaled by 1/(weighted mean) during the
    /// fit and v scaled back; objective mean(−LL) + penalizer·(p² + q² + v²) (scaled spend), BFGS in
    /// log-parameters from θ = 0.1 with a Nelder–Mead fallback.
    ///
    /// - Parameters:
    ///   - data: per-customer (or per-pattern, weighted) repeat counts and mean repeat values.
    ///   - penalizer: L2 penalty coefficient ≥ 0.
    ///   - qConstraint: keep q > 1 (parameterised as q = 1 + e^θ) so the population mean exists.
    ///   - initial: optional starting parameters in the data's currency unit (q > 1 when `qConstraint`).
    ///   - options: optimiser settings.
    /// - Throws: ``PredictError/emptyData`` when no row has x > 0,
    ///   ``PredictError/invalidObservation(index:issue:)`` for a non-finite value, a negative x, weight ≤ 0 or
    ///   m̄ ≤ 0 with x > 0, ``PredictError/invalidArgument(name:value:)`` for a bad penalizer or gradient
    ///   tolerance,
    ///   ``PredictError/invalidParameter(name:value:)`` for a bad `initial`, and
    ///   ``PredictError/optimizationFailed(reason:)`` when the objective is not finite at the start.
    public static func fit(
        _ data: [SpendSummary], penalizer: Double = 0, qConstraint: Bool = false,
        initial: GammaGammaParameters? = nil, options: FitOptions = FitOptions()
    ) throws(PredictError) -> GammaGammaFit {
        guard penalizer.isFinite, penalizer >= 0 else { throw .invalidArgument(name: "penalizer", value: penalizer) }
        try initial?.validate()
        if let initial, qConstraint, initial.q <= 1 { throw .invalidParameter(name: "q", value: initial.q) }
        var used: [SpendSummary] = []
        used.reserveCapacity(data.count)
        var skipped = 0.0
        for (index, row) in data.enumerated() {
            switch row.issue {
            case nil: used.append(row)
            case .noRepeatPurchases?: skipped += row.weight
            case let issue?: throw .invalidObservation(index: index, issue: issue)
            }
        }
        guard !used.isEmpty else { throw .emptyData }
        let likelihood = GammaGammaLikelihood(rows: used, qConstraint: qConstraint)
        let total = likelihood.totalWeight
        let objective: Objective = { theta, gradient in
            let ll = likelihood.evaluate(logParameters: theta, gradient: &gradient)
            let (p, q, v) = likelihood.parameters(theta)
            let values = [p, q, v]
            // d(value²)/dθ: 2·value·(value − offset), the offset being 1 for the constrained q.
            let derivatives = [p, qConstraint ? q - 1 : q, v]
            var objective = -ll / total
            for k in 0..<3 {
                objective += penalizer * values[k] * values[k]
                gradient[k] = -gradient[k] / total + 2 * penalizer * values[k] * derivatives[k]
            }
            return objective
        }
        let start: [Double]
        if let initial {
            start = [
                log(initial.p), qConstraint ? log(initial.q - 1) : log(initial.q), log(initial.v * likelihood.scale),
            ]
        } else {
            start = [0.1, 0.1, 0.1]
        }
        let outcome = try minimizeWithFallback(from: start, options: options, objective)
        let theta = outcome.result.point
        let (p, q, scaledV) = likelihood.parameters(theta)
        let parameters = GammaGammaParameters(p: p, q: q, v: scaledV / likelihood.scale)
        try parameters.validate()
        let logLikelihood = likelihood.originalUnitLogLikelihood(logParameters: theta)
        var errors: GammaGammaParameters?
        if options.computeStandardErrors,
           let se = CovarianceEstimate.standardErrors(at: theta, logLikelihood: likelihood.evaluate) {
            let qDerivative = qConstraint ? q - 1 : q
            errors = GammaGammaParameters(p: p * se[0], q: qDerivative * se[1], v: parameters.v * se[2])
        }
        return GammaGammaFit(
            parameters: parameters, logLikelihood: logLikelihood, iterations: outcome.iterations,
            evaluations: outcome.evaluations, converged: outcome.result.converged, usedFallback: outcome.usedFallback,
            standardErrors: errors, totalWeight: total, skippedWeight: skipped)
    }
}
