import Foundation

/// Result of ``BetaGeoFitter/fit(_:penalizer:initial:options:)``.
public struct BetaGeoFit: Sendable {
    /// Maximum-(penalised-)likelihood parameters, α in the data's time unit.
    public var parameters: BetaGeoParameters
    /// Unpenalised total log-likelihood Σ wᵢ·LLᵢ at ``parameters``, in the data's time unit (RFM.md §1.3).
    public var logLikelihood: Double
    /// BFGS iterations (summed over restarts).
    public var iterations: Int
    /// Objective/gradient evaluations, including line searches and any Nelder–Mead fallback.
    public var evaluations: Int
    /// True when the final gradient met the tolerance (see ``FitOptions/gradientTolerance``), or came within
    /// 100× of it when round-off stopped further decrease of the objective.
    public var converged: Bool
    /// Whether the Nelder–Mead fallback ran because BFGS alone did not converge.
    public var usedFallback: Bool
    /// Largest |∂/∂θ| of the fitting objective (mean −LL per customer, scaled time, θ = log-parameters).
    public var gradientNorm: Double
    /// Asymptotic standard errors (inverse observed information of the unpenalised log-likelihood, delta
    /// method from log-parameters); nil when not requested or when the Hessian is not positive definite.
    public var standardErrors: BetaGeoParameters?
    /// Number of distinct (x, t_x, T) patterns the likelihood was evaluated over.
    public var distinctPatterns: Int
    /// Σ weights (number of customers).
    public var totalWeight: Double

    /// The fitted model, ready for predictions.
    public var model: BetaGeoModel { BetaGeoModel(validated: parameters) }
}

/// Maximum-likelihood fitting of the BG/NBD model.
public enum BetaGeoFitter: Sendable {
    /// Fits r, α, a, b by maximising the BG/NBD likelihood (RFM.md §1.3), like lifetimes' `BetaGeoFitter.fit`.
    ///
    /// Procedure: validate; collapse identical (x, t_x, T) rows into weights (``RFMTriple/collapse(_:)``); scale
    /// time by 1/max(T); minimise mean(−LL) + penalizer·(r² + α² + a² + b²) (parameters in scaled time, as in
    /// lifetimes' `penalizer_coef`) over θ = log-parameters with BFGS and the analytic gradient, starting from
    /// θ = 0.1 (lifetimes' start) or `initial`; if BFGS stalls, run Nelder–Mead and restart BFGS; scale α back.
    ///
    /// - Parameters:
    ///   - data: one row per customer or per pattern (weights); t_x and T in any single time unit.
    ///   - penalizer: L2 penalty coefficient c ≥ 0 (0 = plain maximum likelihood).
    ///   - initial: optional starting parameters in the data's time unit.
    ///   - options: optimiser settings.
    /// - Returns: the fit; check ``BetaGeoFit/converged``.
    /// - Throws: ``PredictError/emptyData`` for no rows, ``PredictError/invalidObservation(index:issue:)`` for a
    ///   row breaking 0 ≤ t_x ≤ T, t_x = 0 when x = 0, finiteness or weight > 0,
    ///   ``PredictError/invalidArgument(name:value:)`` for a negative or non-finite penalizer or a bad
    ///   ``FitOptions/gradientTolerance``,
    ///   ``PredictError/invalidParameter(name:value:)`` for a bad `initial`, and
    ///   ``PredictError/optimizationFailed(reason:)`` when nobody has a repeat purchase or nobody has T > 0
    ///   (the parameters are then not identified) or the objective is not finite at the start.
    public static func fit(
        _ data: [RFMTriple], penalizer: Double = 0, initial: BetaGeoParameters? = nil,
        options: FitOptions = FitOptions()
    ) throws(PredictError) -> BetaGeoFit {
        guard !data.isEmpty else { throw .emptyData }
        guard penalizer.isFinite, penalizer >= 0 else { throw .invalidArgument(name: "penalizer", value: penalizer) }
        try RFMTriple.validate(data)
        try initial?.validate()
        let maxAge = data.reduce(0) { max($0, $1.T) }
        guard maxAge > 0 else { throw .optimizationFailed(reason: "every customer has T = 0") }
        guard data.contains(where: { $0.x > 0 }) else {
            throw .optimizationFailed(reason: "no repeat purchases: a and b are not identified")
        }
        let scale = 1 / maxAge
        let likelihood = BetaGeoLikelihood(patterns: RFMTriple.collapse(data), scale: scale)
        let total = likelihood.totalWeight
        let objective: Objective = { theta, gradient in
            let ll = likelihood.evaluate(logParameters: theta, gradient: &gradient)
            var value = -ll / total
            for k in 0..<4 {
                let p = exp(theta[k])
                value += penalizer * p * p
                gradient[k] = -gradient[k] / total + 2 * penalizer * p * p
            }
            return value
        }
        let start = initial.map { [log($0.r), log($0.alpha * scale), log($0.a), log($0.b)] } ?? [0.1, 0.1, 0.1, 0.1]
        let outcome = try minimizeWithFallback(from: start, options: options, objective)
        let theta = outcome.result.point
        let scaled = BetaGeoParameters(r: exp(theta[0]), alpha: exp(theta[1]), a: exp(theta[2]), b: exp(theta[3]))
        var parameters = scaled
        parameters.alpha = scaled.alpha / scale
        try parameters.validate()

        let logLikelihood = likelihood.originalUnitLogLikelihood(logParameters: theta)
        var errors: BetaGeoParameters?
        if options.computeStandardErrors,
           let se = CovarianceEstimate.standardErrors(at: theta, logLikelihood: likelihood.evaluate) {
            // Delta method: SE(p) = p·SE(ln p); α rescales with its estimate.
            errors = BetaGeoParameters(
                r: parameters.r * se[0], alpha: parameters.alpha * se[1], a: parameters.a * se[2],
                b: parameters.b * se[3])
        }
        return BetaGeoFit(
            parameters: parameters, logLikelihood: logLikelihood, iterations: outcome.iterations,
            evaluations: outcome.evaluations, converged: outcome.result.converged, usedFallback: outcome.usedFallback,
            gradientNorm: maxAbs(outcome.result.gradient), standardErrors: errors,
            distinctPatterns: likelihood.patternCount, totalWeight: total)
    }
}
