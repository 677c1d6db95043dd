/// Optimiser settings shared by the fitters.
public struct FitOptions: Sendable, Equatable {
    /// BFGS iteration cap per run.
    public var maxIterations: Int
    /// Convergence threshold on max |∂/∂θ| of the objective (mean negative log-likelihood per customer plus
    /// penalty, in log-parameters).
    public var gradientTolerance: Double
    /// Whether to compute standard errors (8 or 6 extra gradient evaluations).
    public var computeStandardErrors: Bool

    /// Creates options; the defaults suit data sets from a few hundred to millions of customers.
    public init(maxIterations: Int = 500, gradientTolerance: Double = 1e-8, computeStandardErrors: Bool = true) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.computeStandardErrors = computeStandardErrors
    }
}
