import Foundation
import Testing

@testable import ClientelePredict

/// Per-customer BG/NBD predictions at the CDNOW MLE against RFM.md §1.3 (4 significant digits) and tighter
/// values from a numpy/scipy re-implementation of the same formulas.
struct BetaGeoPredictionTests {
    /// scipy BFGS MLE on the CDNOW summary, full precision (the precise references below were computed at it).
    static let mle = BetaGeoParameters(
        r: 0.24259291324777593, alpha: 4.413531358988151, a: 0.7928852678787257, b: 2.4257497712891984)

    /// |value − quoted| within half a unit of the last quoted digit (RFM.md quotes 4 decimals).
    static func fourDigits(_ value: Double, _ quoted: Double, decimals: Double = 4) -> Bool {
        abs(value - quoted) <= 0.5 * pow(10, -decimals) + 1e-12
    }

    @Test func probabilityAlive() throws {
        let model = try BetaGeoModel(parameters: Self.mle)
        #expect(Self.fourDigits(try model.probabilityAlive(x: 2, tx: 30.43, T: 38.86), 0.7266))
        #expect(Self.fourDigits(try model.probabilityAlive(x: 1, tx: 1.71, T: 38.86), 0.2122))
        #expect(try model.probabilityAlive(x: 0, tx: 0, T: 38.86) == 1)
        #expect(abs(try model.probabilityAlive(x: 2, tx: 30.43, T: 38.86) - 0.7266091587823782) < 1e-12)
    }

    @Test func conditionalExpectedPurchases() throws {
        let model = try BetaGeoModel(parameters: Self.mle)
        let first = try model.expectedPurchases(t: 39, x: 2, tx: 30.43, T: 38.86)
        let second = try model.expectedPurchases(t: 39, x: 1, tx: 1.71, T: 38.86)
        let third = try model.expectedPurchases(t: 39, x: 0, tx: 0, T: 38.86)
        #expect(Self.fourDigits(first, 1.2259))
        #expect(Self.fourDigits(second, 0.2033))
        #expect(Self.fourDigits(third, 0.1948))
        #expect(abs(first - 1.2259105425747399) < 1e-12)
        #expect(abs(second - 0.20325057891033207) < 1e-12)
        #expect(abs(third - 0.19478084813409624) < 1e-12)
        #expect(try model.expectedPurchases(t: 0, x: 2, tx: 30.43, T: 38.86) == 0)
    }

    @Test func conditionalExpectationIsMonotoneOverLongHorizons() throws {
        // CLV horizons go far out (360 periods and beyond); E[Y(t)] must keep increasing and stay finite.
        let model = try BetaGeoModel(parameters: Self.mle)
        var previous = 0.0
        for t in stride(from: 10.0, through: 5000, by: 10) {
            let value = try model.expectedPurchases(t: t, x: 30, tx: 37, T: 38.86)
            #expect(value > previous && value.isFinite, "t=\(t)")
            previous = value
        }
    }

    @Test func extremeHistoriesAgainstMpmath() throws {
        // References: the same formulas in mpmath at 40 digits.
        let cdnow = try BetaGeoModel(parameters: Self.mle)
        let cases: [(t: Double, x: Int, tx: Double, T: Double, expected: Double)] = [
            (39, 2000, 38, 38.86, 1.2661209563392709e-11),  // huge x, P(alive) ≈ 0
            (3600, 2000, 38, 38.86, 1.3390711956550974e-10),
            (5000, 30, 37, 38.86, 233.51613451837804),  // z = 0.99
            (1e5, 0, 0, 38.86, 15.1502585096602),  // z = 0.9996
            // Tiny horizon: 1 − (…) is taken with expm1, but ln 2F1 and (r+x)·ln(1−z) still cancel to ~1e-8
            // relative here.
            (1e-6, 3, 10, 38.86, 1.0222669846903918e-8),
        ]
        for c in cases {
            let value = try cdnow.expectedPurchases(t: c.t, x: c.x, tx: c.tx, T: c.T)
            #expect(abs(value - c.expected) <= (c.t < 1 ? 1e-7 : 1e-9) * c.expected, "\(c)")
        }
        // a > 1 (positive leading factor) on other parameters.
        let other = try BetaGeoModel(parameters: BetaGeoParameters(r: 1.5, alpha: 12, a: 2.5, b: 6))
        let more: [(t: Double, x: Int, tx: Double, T: Double, expected: Double)] = [
            (39, 5, 30, 40, 1.5963449732545609), (1000, 0, 0, 40, 4.1501952506308426),
            (52, 40, 51, 52, 15.802033163914524),
        ]
        for c in more {
            let value = try other.expectedPurchases(t: c.t, x: c.x, tx: c.tx, T: c.T)
            #expect(abs(value - c.expected) <= 1e-10 * c.expected, "\(c)")
        }
        #expect(abs(try other.expectedPurchasesNewCustomer(t: 52) - 2.6773411547248) < 1e-10 * 2.68)
        #expect(abs(try other.expectedPurchasesNewCustomer(t: 1e4) - 4.9858217070941291) < 1e-10 * 4.99)
    }

    @Test func newCustomerExpectations() throws {
        let model = try BetaGeoModel(parameters: Self.mle)
        let e39 = try model.expectedPurchasesNewCustomer(t: 39)
        let e78 = try model.expectedPurchasesNewCustomer(t: 78)
        #expect(Self.fourDigits(e39, 1.1950))
        #expect(Self.fourDigits(e78, 1.8580))
        #expect(abs(e39 - 1.1950163917734486) < 1e-12)
        #expect(abs(e78 - 1.857972060485614) < 1e-12)
    }

    @Test func purchaseCountDistribution() throws {
        let model = try BetaGeoModel(parameters: Self.mle)
        let expected = [0.5743, 0.1992, 0.0853, 0.0458]
        let precise = [0.5743072774409234, 0.1991930688024794, 0.08532240143262979, 0.04579718706072773]
        for n in 0..<4 {
            let value = try model.probabilityOfPurchases(n: n, t: 39)
            #expect(Self.fourDigits(value, expected[n]), "n=\(n)")
            #expect(abs(value - precise[n]) < 1e-12, "n=\(n)")
        }
        // A proper distribution whose mean is E[X(t)].
        var total = 0.0
        var mean = 0.0
        for n in 0..<2000 {
            let p = try model.probabilityOfPurchases(n: n, t: 39)
            total += p
            mean += Double(n) * p
        }
        #expect(abs(total - 1) < 1e-12)
        #expect(abs(mean - (try model.expectedPurchasesNewCustomer(t: 39))) < 1e-6)
        // Deep in the tail the value stays positive and accurate (tail summed directly, no 1 − CDF).
        let far = try model.probabilityOfPurchases(n: 400, t: 39)
        #expect(far > 0 && far < 1e-6)
        #expect(try model.probabilityOfPurchases(n: 0, t: 0) == 1)
        #expect(try model.probabilityOfPurchases(n: 3, t: 0) == 0)
    }

    @Test func batchScoringEqualsPerCustomerCalls() throws {
        let model = try BetaGeoModel(parameters: Self.mle)
        let rows = try CDNOWFixtures.summary().map(\.triple)
        let scores = try model.score(rows, horizon: 39)
        #expect(scores.count == rows.count)
        for (row, score) in zip(rows, scores).prefix(200) {
            #expect(score.probabilityAlive == (try model.probabilityAlive(x: row.x, tx: row.tx, T: row.T)))
            #expect(score.expectedPurchases == (try model.expectedPurchases(t: 39, x: row.x, tx: row.tx, T: row.T)))
        }
    }

    @Test func errors() throws {
        #expect(throws: PredictError.invalidParameter(name: "r", value: -1)) {
            try BetaGeoModel(parameters: BetaGeoParameters(r: -1, alpha: 1, a: 1, b: 1))
        }
        let model = try BetaGeoModel(parameters: Self.mle)
        #expect(throws: PredictError.invalidArgument(name: "t", value: -1)) {
            try model.expectedPurchases(t: -1, x: 1, tx: 1, T: 2)
        }
        #expect(throws: PredictError.invalidObservation(index: 0, issue: .recencyExceedsAge)) {
            try model.probabilityAlive(x: 1, tx: 3, T: 2)
        }
        #expect(throws: PredictError.invalidArgument(name: "n", value: -1)) {
            try model.probabilityOfPurchases(n: -1, t: 2)
        }
        let singular = try BetaGeoModel(parameters: BetaGeoParameters(r: 0.2, alpha: 4, a: 1, b: 2))
        #expect(throws: PredictError.self) { try singular.expectedPurchasesNewCustomer(t: 10) }
        // a + b − 1 = 0 is a pole of 2F1 for a new customer: a typed error, not a trap.
        let pole = try BetaGeoModel(parameters: BetaGeoParameters(r: 0.2, alpha: 4, a: 0.5, b: 0.5))
        #expect(throws: PredictError.hypergeometric(.undefinedForNonPositiveIntegerC(c: 0))) {
            try pole.expectedPurchasesNewCustomer(t: 10)
        }
    }
}
