import Testing
@testable import Clientele

/// A repeat customer whose repeat purchases all cost 0 (CDNOW's master file has such customers) is outside the
/// Gamma-Gamma fit: the predictions value it at the spend model's population mean instead of failing for every customer
/// (regression: `predictions` threw `nonPositiveMonetaryValue`, so `clientele predict` and `clientele report` failed
/// on the CDNOW master file).
@Suite("Predictions with zero repeat spend")
struct ZeroSpendPredictionTests {
    @Test func aZeroSpendRepeatCustomerIsValuedAtThePopulationMean() throws {
        let temp = try PredictTests.sampleStore()
        try temp.store.recordAll([
            line("zero-spender", at(1997, 1, 5, 0), 1_000),
            line("zero-spender", at(1997, 2, 5, 0), 0),
            line("zero-spender", at(1997, 3, 5, 0), 0),
        ])
        let model = try temp.store.fitPurchaseModel(
            PredictionOptions(period: .day, multiplier: 7, calibrationEnd: PredictTests.calibrationEnd))
        #expect(model.gammaGamma != nil)
        let rows = try temp.store.predictions(model, horizon: 39)
        let zero = try #require(rows.first { $0.externalID == "zero-spender" })
        #expect(zero.summary.frequency == 2)
        #expect(zero.summary.monetaryValue == 0)
        let spend = try GammaGammaModel(parameters: try #require(model.gammaGamma))
        #expect(zero.expectedAverageValue == (try spend.populationMean()))
        #expect(zero.lifetimeValue != nil)
        #expect(zero.probabilityAlive > 0 && zero.probabilityAlive <= 1)
        #expect(rows.allSatisfy { $0.lifetimeValue != nil })

        let spread = try temp.store.predictionDistributions(model)
        #expect(spread.customers == rows.count)
        #expect(spread.probabilityAlive.total == rows.count)
        #expect(spread.lifetimeValue?.total == rows.count)
        let total = rows.compactMap(\.lifetimeValue).reduce(0, +)
        #expect(abs((spread.totalLifetimeValue ?? 0) - total) <= 1e-9 * max(1, total))
    }
}
