import Foundation
import Testing

@testable import ClientelePredict

/// BG/NBD fitting on the CDNOW summary (RFM.md §1.3) and the fitter's input handling.
struct BetaGeoFitTests {
    static func relative(_ value: Double, _ expected: Double) -> Double { abs(value - expected) / abs(expected) }

    @Test func cdnowMatchesPublishedParameters() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        #expect(data.count == 2357)
        #expect(data.filter { $0.x == 0 }.count == 1411)
        #expect(data.reduce(0) { $0 + $1.x } == 2457)
        let fit = try BetaGeoFitter.fit(data)
        let p = fit.parameters
        #expect(fit.converged)
        #expect(!fit.usedFallback)
        // Published (FHL 2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, within 0.5%.
        #expect(Self.relative(p.r, 0.243) < 0.005)
        #expect(Self.relative(p.alpha, 4.414) < 0.005)
        #expect(Self.relative(p.a, 0.793) < 0.005)
        #expect(Self.relative(p.b, 2.426) < 0.005)
        // Unrounded MLE (RFM.md, verified with scipy): (0.24259, 4.41353, 0.79289, 2.42575).
        #expect(Self.relative(p.r, 0.24259) < 1e-4)
        #expect(Self.relative(p.alpha, 4.41353) < 1e-4)
        #expect(Self.relative(p.a, 0.79289) < 1e-4)
        #expect(Self.relative(p.b, 2.42575) < 1e-4)
        #expect(abs(fit.logLikelihood - -9582.43) <= 0.01)
        #expect(abs(fit.logLikelihood - -9582.4256) <= 1e-3)
        #expect(fit.totalWeight == 2357)
        #expect(fit.distinctPatterns < 2357)
        // Standard errors: numpy finite-difference Hessian of −LL in log-parameters + delta method gives
        // (0.01255732, 0.37822144, 0.1857185, 0.70534316).
        let se = try #require(fit.standardErrors)
        #expect(Self.relative(se.r, 0.01255732) < 1e-3)
        #expect(Self.relative(se.alpha, 0.37822144) < 1e-3)
        #expect(Self.relative(se.a, 0.1857185) < 1e-3)
        #expect(Self.relative(se.b, 0.70534316) < 1e-3)
    }

    @Test func publishedParametersLogLikelihood() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        let ll = try BetaGeoParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426).logLikelihood(of: data)
        #expect(abs(ll - -9582.43) < 0.01)
    }

    @Test func collapsedDataGiveTheSameFit() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        let collapsed = RFMTriple.collapse(data)
        #expect(collapsed.count < data.count)
        #expect(collapsed.reduce(0) { $0 + $1.weight } == 2357)
        let full = try BetaGeoFitter.fit(data, options: FitOptions(computeStandardErrors: false))
        let weighted = try BetaGeoFitter.fit(collapsed, options: FitOptions(computeStandardErrors: false))
        #expect(Self.relative(full.parameters.r, weighted.parameters.r) < 1e-9)
        #expect(Self.relative(full.parameters.b, weighted.parameters.b) < 1e-9)
        #expect(abs(full.logLikelihood - weighted.logLikelihood) < 1e-8)
    }

    @Test func collapseMergesIdenticalRowsOnly() {
        let rows = [
            RFMTriple(x: 1, tx: 2, T: 5), RFMTriple(x: 1, tx: 2, T: 5, weight: 2), RFMTriple(x: 0, tx: -0.0, T: 5),
            RFMTriple(x: 0, tx: 0, T: 5), RFMTriple(x: 1, tx: 2, T: 6),
        ]
        let merged = RFMTriple.collapse(rows)
        #expect(
            merged == [
                RFMTriple(x: 1, tx: 2, T: 5, weight: 3), RFMTriple(x: 0, tx: 0, T: 5, weight: 2),
                RFMTriple(x: 1, tx: 2, T: 6),
            ])
    }

    @Test func analyticGradientMatchesFiniteDifferences() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        let likelihood = BetaGeoLikelihood(patterns: data, scale: 1)
        let theta = [log(0.3), log(5.0), log(0.7), log(2.0)]
        var gradient = [Double](repeating: 0, count: 4)
        let value = likelihood.evaluate(logParameters: theta, gradient: &gradient)
        // The fast evaluator equals the plain per-customer formula.
        let direct = try BetaGeoParameters(r: 0.3, alpha: 5, a: 0.7, b: 2).logLikelihood(of: data)
        #expect(abs(value - direct) < 1e-8)
        for k in 0..<4 {
            var plus = theta
            var minus = theta
            plus[k] += 1e-6
            minus[k] -= 1e-6
            var scratch = gradient
            let numeric =
                (likelihood.evaluate(logParameters: plus, gradient: &scratch)
                    - likelihood.evaluate(logParameters: minus, gradient: &scratch)) / 2e-6
            #expect(abs(numeric - gradient[k]) < 1e-5 * max(1, abs(gradient[k])), "parameter \(k)")
        }
    }

    @Test func penalizerShrinksParameters() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        let plain = try BetaGeoFitter.fit(data)
        let penalized = try BetaGeoFitter.fit(data, penalizer: 0.1)
        #expect(penalized.converged)
        #expect(penalized.parameters.a < plain.parameters.a)
        #expect(penalized.parameters.b < plain.parameters.b)
        #expect(penalized.logLikelihood < plain.logLikelihood)
    }

    @Test func startingPointDoesNotMatter() throws {
        let data = try CDNOWFixtures.summary().map(\.triple)
        let fit = try BetaGeoFitter.fit(data, initial: BetaGeoParameters(r: 5, alpha: 0.5, a: 4, b: 0.3))
        #expect(fit.converged)
        #expect(Self.relative(fit.parameters.alpha, 4.41353) < 1e-4)
    }

    @Test func invalidInputsAreTypedErrors() {
        #expect(throws: PredictError.emptyData) { try BetaGeoFitter.fit([]) }
        let good = RFMTriple(x: 2, tx: 3, T: 10)
        let cases: [(RFMTriple, ObservationIssue)] = [
            (RFMTriple(x: 2, tx: 11, T: 10), .recencyExceedsAge),
            (RFMTriple(x: 0, tx: 1, T: 10), .recencyWithoutRepeatPurchase),
            (RFMTriple(x: -1, tx: 0, T: 10), .negativeFrequency),
            (RFMTriple(x: 1, tx: -1, T: 10), .negativeRecency),
            (RFMTriple(x: 1, tx: .nan, T: 10), .nonFinite(field: "tx")),
            (RFMTriple(x: 1, tx: 1, T: .infinity), .nonFinite(field: "T")),
            (RFMTriple(x: 1, tx: 1, T: 2, weight: 0), .nonPositiveWeight),
            (RFMTriple(x: Int.max, tx: 1, T: 2), .frequencyTooLarge),
        ]
        for (row, issue) in cases {
            #expect(throws: PredictError.invalidObservation(index: 1, issue: issue)) {
                try BetaGeoFitter.fit([good, row])
            }
        }
        #expect(throws: PredictError.invalidArgument(name: "penalizer", value: -1)) {
            try BetaGeoFitter.fit([good], penalizer: -1)
        }
        #expect(throws: PredictError.self) { try BetaGeoFitter.fit([RFMTriple(x: 0, tx: 0, T: 3)]) }
        #expect(throws: PredictError.invalidParameter(name: "alpha", value: 0)) {
            try BetaGeoFitter.fit([good], initial: BetaGeoParameters(r: 1, alpha: 0, a: 1, b: 1))
        }
    }
}
