import Foundation
import Testing

@testable import ClientelePredict

/// The internal optimisers on textbook problems, and the fitter's fallback path.
struct OptimizerTests {
    /// Rosenbrock f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1).
    static func rosenbrock(_ p: [Double], _ g: inout [Double]) -> Double {
        let x = p[0]
        let y = p[1]
        g = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    }

    @Test func bfgsSolvesRosenbrock() {
        let result = BFGSMinimizer().minimize(from: [-1.2, 1], Self.rosenbrock)
        #expect(result.converged)
        #expect(abs(result.point[0] - 1) < 1e-7 && abs(result.point[1] - 1) < 1e-7)
        #expect(result.iterations < 100)
    }

    @Test func nelderMeadSolvesRosenbrock() {
        let result = NelderMead().minimize(from: [-1.2, 1]) { p in
            var g = [0.0, 0.0]
            return Self.rosenbrock(p, &g)
        }
        #expect(abs(result.point[0] - 1) < 1e-4 && abs(result.point[1] - 1) < 1e-4)
    }

    @Test func bfgsReportsNonFiniteStart() {
        let result = BFGSMinimizer().minimize(from: [0]) { _, g in
            g = [0]
            return .nan
        }
        #expect(!result.converged)
    }

    @Test func bfgsStepsBackFromOverflow() {
        // f = e^x − 2x has its minimum at ln 2; huge steps overflow to +inf and must be retried shorter.
        let result = BFGSMinimizer().minimize(from: [-30]) { p, g in
            g = [exp(p[0]) - 2]
            return exp(p[0]) - 2 * p[0]
        }
        #expect(result.converged)
        #expect(abs(result.point[0] - log(2.0)) < 1e-8)
    }

    @Test func fallbackRunsWhenBFGSIsCutShort() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        let fit = try BetaGeoFitter.fit(data, options: FitOptions(maxIterations: 3, computeStandardErrors: false))
        #expect(fit.usedFallback)
        // Nelder–Mead plus the second (short) BFGS run gets close to the optimum −9582.4256.
        #expect(fit.logLikelihood > -9583)
        #expect(throws: PredictError.invalidArgument(name: "gradientTolerance", value: -1)) {
            try BetaGeoFitter.fit(data, options: FitOptions(gradientTolerance: -1))
        }
    }
}
