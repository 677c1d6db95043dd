import Foundation
import Testing

@testable import ClientelePredict

/// CLV anchors of RFM.md §1.4: CDNOW customer 1 (x=2, t_x=30.43, T=38.86 weeks, m̄=22.35), BG MLE + Gamma-Gamma,
/// 12 months, d = 0.01.
struct CustomerLifetimeValueTests {
    static let bg = BetaGeoParameters(
        r: 0.24259291324777593, alpha: 4.413531358988151, a: 0.7928852678787257, b: 2.4257497712891984)

    func clv(_ gg: GammaGammaModel, f: Double, rate: Double = 0.01, months: Int = 12) throws -> Double {
        try gg.customerLifetimeValue(
            transactions: try BetaGeoModel(parameters: Self.bg), x: 2, tx: 30.43, T: 38.86, meanValue: 22.35,
            months: months, monthlyDiscountRate: rate, periodsPerMonth: f)
    }

    @Test func lifetimesDocumentationAnchor() throws {
        // f = 30 (lifetimes' default freq "D", used on weekly data in its docs) → 140.096.
        let gg = try GammaGammaModel(parameters: GammaGammaTests.noteMLE)
        let value = try clv(gg, f: Period.day.lifetimesPeriodsPerMonth)
        #expect(abs(value - 140.096) < 5e-4)
        #expect(abs(value - 140.09604104287482) < 2e-3)  // numpy at the rounded note parameters
    }

    @Test func weeklyAnchor() throws {
        // f = 4.345 (weeks per month, right for this weekly data) → 36.28.
        let gg = try GammaGammaModel(parameters: GammaGammaTests.noteMLE)
        let value = try clv(gg, f: Period.week.lifetimesPeriodsPerMonth)
        #expect(abs(value - 36.28) < 0.005)
        // Calendar weeks per month (30.4375/7) → 36.300 (numpy 36.30048).
        #expect(abs(try clv(gg, f: Period.week.periodsPerMonth) - 36.3005) < 5e-4)
    }

    @Test func anchorsWithParametersFittedHere() throws {
        let gg = try GammaGammaFitter.fit(try GammaGammaTests.spend()).model
        #expect(abs(try clv(gg, f: 30) - 140.1) < 0.05)
        #expect(abs(try clv(gg, f: 4.345) - 36.28) < 0.005)
    }

    @Test func monthlyBreakdownSumsToTotalAndTelescopesWithoutDiscount() throws {
        let gg = try GammaGammaModel(parameters: GammaGammaTests.noteMLE)
        let bg = try BetaGeoModel(parameters: Self.bg)
        let months = try gg.monthlyLifetimeValues(
            transactions: bg, x: 2, tx: 30.43, T: 38.86, meanValue: 22.35, periodsPerMonth: 4.345)
        #expect(months.count == 12)
        #expect(months.allSatisfy { $0 > 0 })
        #expect(abs(months.reduce(0, +) - (try clv(gg, f: 4.345))) < 1e-12)
        let undiscounted = try clv(gg, f: 4.345, rate: 0)
        let direct =
            try gg.expectedAverageOrderValue(x: 2, mean: 22.35)
            * bg.expectedPurchases(t: 12 * 4.345, x: 2, tx: 30.43, T: 38.86)
        #expect(abs(undiscounted - direct) < 1e-10)
        #expect(try clv(gg, f: 4.345, months: 0) == 0)
    }

    @Test func periodUnits() {
        #expect(Period.day.periodsPerMonth == 30.4375)
        #expect(Period.day.lifetimesPeriodsPerMonth == 30)
        #expect(Period.week.lifetimesPeriodsPerMonth == 4.345)
        #expect(abs(Period.week.periodsPerMonth - 4.348214285714286) < 1e-15)
    }

    @Test func errors() throws {
        let gg = try GammaGammaModel(parameters: GammaGammaTests.noteMLE)
        #expect(throws: PredictError.invalidArgument(name: "periodsPerMonth", value: 0)) { try clv(gg, f: 0) }
        #expect(throws: PredictError.invalidArgument(name: "months", value: -1)) { try clv(gg, f: 4, months: -1) }
        #expect(throws: PredictError.invalidArgument(name: "monthlyDiscountRate", value: -1)) {
            try clv(gg, f: 4, rate: -1)
        }
    }
}
