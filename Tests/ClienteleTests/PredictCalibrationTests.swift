import Testing
@testable import Clientele

/// `fitPurchaseModel` with weeks on the CDNOW master: the fit sees only the purchases at or before the calibration
/// end (issue 13 item 1), and the customers with repeat purchases averaging $0 are still scored (item 2).
///
/// Reference values: lifetimes 0.11.3, `calibration_and_holdout_data(master, "customer_id", "date",
/// calibration_period_end="1997-09-30", observation_period_end="1998-06-30", freq="W",
/// monetary_value_col="dollar_value")`, then `BetaGeoFitter().fit(frequency_cal, recency_cal, T_cal)` and
/// `GammaGammaFitter().fit` on the rows with frequency_cal > 0 and monetary_value_cal > 0 (9,242 repeat customers,
/// 9,241 of them with positive spend).
@Suite("Predict: calibration end with weeks on the CDNOW master")
struct PredictCalibrationTests {
    static func masterStore() throws -> TemporaryStore {
        try CDNOWLoadTests.store(CDNOWLoadTests.masterRows(), batchSize: 10_000)
    }

    static let calibrationEnd = endOfDay(Day(year: 1997, month: 9, day: 30)!)

    static func relativelyClose(_ value: Double, _ reference: Double, _ tolerance: Double) -> Bool {
        abs(value / reference - 1) <= tolerance
    }

    @Test func weeklyFitLeavesOutTheRestOfTheEndWeekAndScoresZeroSpendCustomers() throws {
        let temp = try Self.masterStore()
        let options = PredictionOptions(period: .week, calibrationEnd: Self.calibrationEnd)
        let model = try temp.store.fitPurchaseModel(options)
        #expect(model.customers == 23_570)
        #expect(model.repeatCustomers == 9_241)
        let close = Self.relativelyClose
        #expect(close(model.betaGeo.r, 0.28433784314135113, 1e-5), "r \(model.betaGeo.r)")
        #expect(close(model.betaGeo.alpha, 6.724521503272805, 1e-5), "alpha \(model.betaGeo.alpha)")
        #expect(close(model.betaGeo.a, 0.7077378333574067, 1e-5), "a \(model.betaGeo.a)")
        #expect(close(model.betaGeo.b, 2.3723018441011665, 1e-5), "b \(model.betaGeo.b)")
        let spend = try #require(model.gammaGamma)
        #expect(close(spend.p, 6.11223002179949, 1e-4), "p \(spend.p)")
        #expect(close(spend.q, 3.4450944426134926, 1e-4), "q \(spend.q)")
        #expect(close(spend.v, 15.042817269655744, 1e-4), "v \(spend.v)")

        // Validation fits the same model.
        let (validated, report) = try temp.store.validatePurchaseModel(
            options, observationEnd: endOfDay(Day(year: 1998, month: 6, day: 30)!))
        #expect(validated == model)
        #expect(report.customers == 23_570)

        // Predictions cover every customer, including 10244 ($15.96, then $0.00): valued at the population mean.
        let predictions = try temp.store.predictions(model, horizon: 39, months: 12, monthlyDiscount: 0.01)
        #expect(predictions.count == 23_570)
        let zeroSpend = try #require(predictions.first { $0.externalID == "10244" })
        #expect(zeroSpend.summary.frequency == 1)
        #expect(zeroSpend.summary.monetaryValue == 0)
        let populationMean = spend.p * spend.v / (spend.q - 1)
        #expect(abs((zeroSpend.expectedAverageValue ?? .nan) - populationMean) < 1e-9)
        #expect((zeroSpend.lifetimeValue ?? .nan) > 0)
        #expect(zeroSpend.probabilityAlive > 0 && zeroSpend.probabilityAlive < 1)
        #expect(predictions.allSatisfy { ($0.lifetimeValue ?? .nan).isFinite })
    }
}
