import Foundation
import Testing

@testable import ClientelePredict

/// Parameter recovery on data simulated from known BG/NBD parameters.
///
/// Tolerance: the MLE is asymptotically normal around the truth with the inverse observed information as
/// covariance, which the fitter reports as standard errors. Each parameter must lie within 4 standard errors
/// of the truth (false-alarm probability ≈ 6e-5 per parameter, < 3e-4 for the four; the seeds are fixed, so a
/// run either always passes or always fails). As a guard against inflated standard errors, each must also be
/// below 15% of the true value at 20,000 customers.
struct BetaGeoRecoveryTests {
    struct Scenario: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var truth: BetaGeoParameters
        var testDescription: String { "seed \(seed), truth \(truth)" }
    }

    static let scenarios: [Scenario] = [
        Scenario(seed: 20_250_101, truth: BetaGeoParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)),
        Scenario(seed: 7_777, truth: BetaGeoParameters(r: 1.5, alpha: 12, a: 2.5, b: 6)),
    ]

    @Test(arguments: scenarios)
    func recoversParameters(_ scenario: Scenario) throws {
        var generator = SeededGenerator(seed: scenario.seed)
        // Cohort acquired over 12 weeks, observed 39–52 weeks (CDNOW-like).
        let ages = (0..<20_000).map { _ in 39 + 13 * RandomVariates.openUnit(&generator) }
        let data = try BetaGeoSimulator.simulate(parameters: scenario.truth, ages: ages, using: &generator)
        let fit = try BetaGeoFitter.fit(data)
        #expect(fit.converged, "seed \(scenario.seed)")
        let se = try #require(fit.standardErrors, "seed \(scenario.seed)")
        let t = scenario.truth
        let e = fit.parameters
        let checks: [(String, Double, Double, Double)] = [
            ("r", e.r, t.r, se.r), ("alpha", e.alpha, t.alpha, se.alpha), ("a", e.a, t.a, se.a), ("b", e.b, t.b, se.b),
        ]
        for (name, estimate, truth, error) in checks {
            #expect(
                abs(estimate - truth) <= 4 * error,
                "seed \(scenario.seed): \(name) = \(estimate) vs truth \(truth), SE \(error)")
            #expect(error < 0.15 * truth, "seed \(scenario.seed): \(name) SE \(error) too large")
        }
    }

    @Test func simulatorIsReproducibleAndValid() throws {
        let truth = BetaGeoParameters(r: 0.5, alpha: 3, a: 1.2, b: 2)
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let ages = [Double](repeating: 30, count: 500)
        let a = try BetaGeoSimulator.simulate(parameters: truth, ages: ages, using: &first)
        let b = try BetaGeoSimulator.simulate(parameters: truth, ages: ages, using: &second)
        #expect(a == b)
        #expect(a.allSatisfy { $0.issue == nil })
        var generator = SeededGenerator(seed: 43)
        let rounded = try BetaGeoSimulator.simulate(parameters: truth, ages: ages, roundingUnit: 1, using: &generator)
        #expect(rounded.allSatisfy { $0.issue == nil && $0.tx == $0.tx.rounded() })
    }

    @Test func simulatedMeanMatchesNewCustomerExpectation() throws {
        // E[X(t)] of the simulator vs the closed form: a check of simulator and formula together.
        let truth = BetaGeoParameters(r: 0.8, alpha: 6, a: 1.4, b: 3)
        var generator = SeededGenerator(seed: 99)
        let count = 40_000
        let data = try BetaGeoSimulator.simulate(
            parameters: truth, ages: [Double](repeating: 26, count: count), using: &generator)
        let mean = data.reduce(0.0) { $0 + Double($1.x) } / Double(count)
        let variance = data.reduce(0.0) { $0 + (Double($1.x) - mean) * (Double($1.x) - mean) } / Double(count - 1)
        let expected = try BetaGeoModel(parameters: truth).expectedPurchasesNewCustomer(t: 26)
        // 4 standard errors of a sample mean.
        #expect(abs(mean - expected) < 4 * (variance / Double(count)).squareRoot(), "seed 99")
    }
}
