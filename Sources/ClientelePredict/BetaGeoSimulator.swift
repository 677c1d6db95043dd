/// Draws synthetic customers from the BG/NBD generative process, for recovery tests and benchmarks.
///
/// Per customer: λ ~ Gamma(r, rate α), p ~ Beta(a, b); inter-purchase times are Exponential(λ) from the first
/// purchase at age 0; after each repeat purchase the customer drops out with probability p. The result is the
/// exact (x, t_x, T) of the process (no rounding to periods; see ``simulate(parameters:ages:roundingUnit:using:)``).
public enum BetaGeoSimulator: Sendable {
    /// Simulates one customer per entry of `ages`.
    ///
    /// - Parameters:
    ///   - parameters: the true BG/NBD parameters.
    ///   - ages: each customer's T (time from first purchase to the end of observation), ≥ 0 and finite.
    ///   - roundingUnit: if > 0, purchase times and T are floored to multiples of it, like period bucketing of
    ///     real data (then several purchases in one period are one occasion, as in lifetimes' summaries).
    ///   - generator: the random source (use ``SeededGenerator`` for reproducibility).
    /// - Returns: one weight-1 ``RFMTriple`` per customer.
    /// - Throws: ``PredictError/invalidParameter(name:value:)`` or ``PredictError/invalidArgument(name:value:)``
    ///   for a negative or non-finite age or rounding unit.
    public static func simulate<G: RandomNumberGenerator>(
        parameters: BetaGeoParameters, ages: [Double], roundingUnit: Double = 0, using generator: inout G
    ) throws(PredictError) -> [RFMTriple] {
        try parameters.validate()
        guard roundingUnit.isFinite, roundingUnit >= 0 else {
            throw .invalidArgument(name: "roundingUnit", value: roundingUnit)
        }
        var result: [RFMTriple] = []
        result.reserveCapacity(ages.count)
        for age in ages {
            guard age.isFinite, age >= 0 else { throw .invalidArgument(name: "age", value: age) }
            let lambda = RandomVariates.gamma(shape: parameters.r, &generator) / parameters.alpha
            let dropout = RandomVariates.beta(parameters.a, parameters.b, &generator)
            let end = roundingUnit > 0 ? (age / roundingUnit).rounded(.down) * roundingUnit : age
            var time = 0.0
            var lastPeriod = 0.0
            var x = 0
            var tx = 0.0
            while x < RFMTriple.maximumFrequency {
                time += RandomVariates.exponential(rate: lambda, &generator)
                guard time <= age else { break }
                let period = roundingUnit > 0 ? (time / roundingUnit).rounded(.down) * roundingUnit : time
                if roundingUnit == 0 || period > lastPeriod {
                    x += 1
                    tx = period
                    lastPeriod = period
                }
                if RandomVariates.openUnit(&generator) < dropout { break }
            }
            result.append(RFMTriple(x: x, tx: min(tx, end), T: end))
        }
        return result
    }
}
