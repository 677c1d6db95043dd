import Foundation
import Testing

@testable import ClientelePredict

/// Gamma-Gamma on CDNOW (RFM.md §1.4), inputs derived from CDNOW_sample.txt exactly as lifetimes does.
struct GammaGammaTests {
    static func relative(_ value: Double, _ expected: Double) -> Double { abs(value - expected) / abs(expected) }

    /// Published-note MLE (fitted on the rounded `zbar` column of lifetimes' summary file).
    static let noteMLE = GammaGammaParameters(p: 6.2488, q: 3.7446, v: 15.4477)

    /// (x, m̄) per customer: calibration purchases (≤ 1997-09-30) collapsed per day with dollars summed,
    /// x = days − 1, m̄ = mean of the per-day sums without the first day.
    static func spend() throws -> [SpendSummary] {
        try CDNOWFixtures.histories().map { SpendSummary(x: $0.x, mean: $0.meanRepeatValue) }
    }

    @Test func derivedInputsMatchTheSummaryFile() throws {
        let histories = try CDNOWFixtures.histories()
        let summary = try CDNOWFixtures.summary()
        #expect(histories.count == 2357)
        #expect(histories.map(\.id) == summary.map(\.id))
        for (history, row) in zip(histories, summary) {
            #expect(history.x == row.triple.x)
            #expect(abs(Double(history.recencyDays) / 7 - row.triple.tx) <= 0.005 + 1e-12)
            #expect(abs(Double(history.ageDays) / 7 - row.triple.T) <= 0.005 + 1e-12)
        }
        #expect(histories.filter { $0.x > 0 }.count == 946)
        // Customer 1: repeat days 1997-01-18 ($29.73) and 1997-08-02 ($14.96) → m̄ = 22.345 (22.35 rounded).
        #expect(histories[0].x == 2)
        #expect(abs(histories[0].meanRepeatValue - 22.345) < 1e-12)
    }

    @Test func cdnowFit() throws {
        let data = try Self.spend()
        let fit = try GammaGammaFitter.fit(data)
        let p = fit.parameters
        #expect(fit.converged)
        #expect(fit.totalWeight == 946)
        #expect(fit.skippedWeight == 1411)
        #expect(Self.relative(p.p, 6.25) < 0.005)
        #expect(Self.relative(p.q, 3.74) < 0.005)
        #expect(Self.relative(p.v, 15.44) < 0.005)
        #expect(abs(fit.logLikelihood - -4055.92) <= 0.01)
        // numpy/scipy on the same derived inputs: (6.249574, 3.744225, 15.443518), LL −4055.917695.
        #expect(Self.relative(p.p, 6.249573688339537) < 1e-5)
        #expect(Self.relative(p.q, 3.744224693958797) < 1e-5)
        #expect(Self.relative(p.v, 15.443517751881105) < 1e-5)
        #expect(abs(fit.logLikelihood - -4055.9176948018703) < 1e-6)
        let mean = try fit.model.populationMean()
        #expect(abs(mean - 35.17) < 0.005)
        let se = try #require(fit.standardErrors)
        #expect(se.p > 0 && se.p < p.p && se.q > 0 && se.q < p.q && se.v > 0 && se.v < p.v)
        // Same likelihood through the public per-row function.
        #expect(abs(try p.logLikelihood(of: data) - fit.logLikelihood) < 1e-9)
    }

    @Test func qConstraintAgreesWhenInactive() throws {
        let fit = try GammaGammaFitter.fit(try Self.spend(), qConstraint: true)
        #expect(Self.relative(fit.parameters.q, 3.744224693958797) < 1e-5)
    }

    @Test func expectedAverageOrderValue() throws {
        let model = try GammaGammaModel(parameters: Self.noteMLE)
        #expect(abs(try model.expectedAverageOrderValue(x: 2, mean: 22.35) - 24.6586) < 5e-5)
        #expect(abs(try model.populationMean() - 35.17) < 0.005)
        #expect(try model.expectedAverageOrderValue(x: 0, mean: 0) == (try model.populationMean()))
        // With the parameters fitted here (unrounded inputs), 24.6580 (numpy: 24.65801820781833).
        let fitted = try GammaGammaFitter.fit(try Self.spend()).model
        #expect(abs(try fitted.expectedAverageOrderValue(x: 2, mean: 22.35) - 24.65801820781833) < 1e-4)
    }

    @Test func recoversSimulatedParameters() throws {
        // Spend simulated from the model: ν ~ Gamma(q, rate v); m̄ of x transactions ~ Gamma(p·x, rate x·ν).
        // Same 4-standard-error rule as the BG/NBD recovery test (seed fixed, printed on failure).
        let seed: UInt64 = 2_468
        var generator = SeededGenerator(seed: seed)
        let truth = GammaGammaParameters(p: 6, q: 4, v: 15)
        var data: [SpendSummary] = []
        for _ in 0..<20_000 {
            let x = 1 + Int(RandomVariates.openUnit(&generator) * 10)
            let nu = RandomVariates.gamma(shape: truth.q, &generator) / truth.v
            let mean = RandomVariates.gamma(shape: truth.p * Double(x), &generator) / (Double(x) * nu)
            data.append(SpendSummary(x: x, mean: mean))
        }
        let fit = try GammaGammaFitter.fit(data)
        #expect(fit.converged, "seed \(seed)")
        let se = try #require(fit.standardErrors)
        let e = fit.parameters
        for (name, estimate, value, error) in [
            ("p", e.p, truth.p, se.p), ("q", e.q, truth.q, se.q), ("v", e.v, truth.v, se.v),
        ] {
            #expect(
                abs(estimate - value) <= 4 * error, "seed \(seed): \(name) = \(estimate), truth \(value), SE \(error)")
            #expect(error < 0.15 * value, "seed \(seed): \(name) SE \(error)")
        }
    }

    @Test func errors() throws {
        #expect(throws: PredictError.emptyData) { try GammaGammaFitter.fit([SpendSummary(x: 0, mean: 0)]) }
        #expect(throws: PredictError.invalidObservation(index: 1, issue: .nonPositiveMonetaryValue)) {
            try GammaGammaFitter.fit([SpendSummary(x: 1, mean: 3), SpendSummary(x: 2, mean: -4)])
        }
        #expect(throws: PredictError.invalidObservation(index: 0, issue: .nonFinite(field: "mean"))) {
            try GammaGammaFitter.fit([SpendSummary(x: 1, mean: .nan)])
        }
        let lowQ = try GammaGammaModel(parameters: GammaGammaParameters(p: 2, q: 0.8, v: 3))
        #expect(throws: PredictError.self) { try lowQ.populationMean() }
        let model = try GammaGammaModel(parameters: Self.noteMLE)
        #expect(throws: PredictError.invalidObservation(index: 0, issue: .nonPositiveMonetaryValue)) {
            try model.expectedAverageOrderValue(x: 3, mean: 0)
        }
    }
}
