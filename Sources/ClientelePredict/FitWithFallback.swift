/// BFGS, then (if it did not converge) Nelder–Mead from the best point followed by a second BFGS run.
struct FallbackOutcome {
    var result: MinimizationResult
    var iterations: Int
    var evaluations: Int
    var usedFallback: Bool
}

func minimizeWithFallback(from start: [Double], options: FitOptions, _ objective: @escaping Objective)
    throws(PredictError) -> FallbackOutcome
{
    guard options.gradientTolerance.isFinite, options.gradientTolerance >= 0 else {
        throw .invalidArgument(name: "gradientTolerance", value: options.gradientTolerance)
    }
    let bfgs = BFGSMinimizer(maxIterations: max(1, options.maxIterations), gradientTolerance: options.gradientTolerance)
    let first = bfgs.minimize(from: start, objective)
    guard first.value.isFinite else {
        throw .optimizationFailed(reason: "objective is not finite at the starting point")
    }
    if first.converged {
        return FallbackOutcome(
            result: first, iterations: first.iterations, evaluations: first.evaluations, usedFallback: false)
    }
    let simplex = NelderMead().minimize(from: first.point) { point in
        var scratch = [Double](repeating: 0, count: point.count)
        return objective(point, &scratch)
    }
    let second = bfgs.minimize(from: simplex.value < first.value ? simplex.point : first.point, objective)
    let best = second.value <= first.value ? second : first
    return FallbackOutcome(
        result: best, iterations: first.iterations + second.iterations,
        evaluations: first.evaluations + second.evaluations + simplex.evaluations, usedFallback: true)
}
