import Testing
@testable import Clientele

/// BG/NBD and Gamma-Gamma fitted inside the engine on the summary it produces from the CDNOW sample.
@Suite("Predict on the engine's CDNOW summary")
struct PredictTests {
    /// The CDNOW sample through the public API: sample id as the customer, one purchase per row.
    static func sampleStore() throws -> TemporaryStore {
        let temp = try TemporaryStore()
        let rows = try Fixtures.text("CDNOW_sample.txt").split(whereSeparator: \.isNewline).map { $0.split(separator: " ") }
        try temp.store.write { w in
            for fields in rows where fields.count == 5 {
                let date = Int(fields[2])!
                let dollars = fields[4].split(separator: ".")
                let cents = Int64(dollars[0])! * 100 + (dollars.count > 1 ? Int64(String(dollars[1])
                    .padding(toLength: 2, withPad: "0", startingAt: 0))! : 0)
                try w.record(Purchase(customer: String(fields[1]), occurredAt: at(date / 10000, date / 100 % 100,
                                                                                 date % 100, 0),
                                      amount: money(cents)))
            }
        }
        return temp
    }

    static let calibrationEnd = at(1997, 9, 30, 0)

    @Test func fitReproducesThePublishedParameters() throws {
        let temp = try Self.sampleStore()
        let model = try temp.store.fitPurchaseModel(
            PredictionOptions(period: .day, multiplier: 7, calibrationEnd: Self.calibrationEnd))
        #expect(model.customers == 2_357)
        func close(_ value: Double, _ published: Double) -> Bool { abs(value / published - 1) <= 0.005 }
        #expect(close(model.betaGeo.r, 0.243))
        #expect(close(model.betaGeo.alpha, 4.414))
        #expect(close(model.betaGeo.a, 0.793))
        #expect(close(model.betaGeo.b, 2.426))
        #expect(abs(model.logLikelihood - -9582.43) <= 0.01)
        let spend = try #require(model.gammaGamma)
        #expect(model.repeatCustomers == 946)
        #expect(close(spend.p, 6.25))
        #expect(close(spend.q, 3.74))
        #expect(close(spend.v, 15.44))

        try temp.store.savePurchaseModel(model)
        try temp.reopen()
        #expect(try temp.store.savedPurchaseModel() == model)
    }

    @Test func predictionsMatchTheReferenceValues() throws {
        let temp = try Self.sampleStore()
        let model = try temp.store.fitPurchaseModel(
            PredictionOptions(period: .day, multiplier: 7, calibrationEnd: Self.calibrationEnd))
        let predictions = try temp.store.predictions(model, horizon: 39, months: 12, monthlyDiscount: 0.01,
                                                     periodsPerMonth: 4.345)
        #expect(predictions.count == 2_357)
        // Customer 1 of the sample: x = 2, t_x = 30.43, T = 38.86 (RFM.md: P(alive) 0.7266, E[Y(39)] 1.2259,
        // CLV 36.28 with f = 4.345 weeks per month).
        let first = try #require(predictions.first { $0.externalID == "0001" || $0.externalID == "1" })
        #expect(first.summary.frequency == 2)
        #expect(abs(first.probabilityAlive - 0.7266) < 0.0005)
        #expect(abs(first.expectedPurchases - 1.2259) < 0.0005)
        #expect(abs((first.lifetimeValue ?? 0) - 36.28) < 0.05)
    }

    @Test func holdoutValidationComparesPredictedWithActual() throws {
        let temp = try Self.sampleStore()
        let (_, report) = try temp.store.validatePurchaseModel(
            PredictionOptions(period: .day, multiplier: 7, calibrationEnd: Self.calibrationEnd),
            observationEnd: at(1998, 6, 30, 0))
        #expect(report.buckets.count == 8)
        #expect(report.customers == 2_357)
        // The sample's holdout holds 1,882 repeat occasions (distinct days); the model predicts about 1,653.
        #expect(report.totalActual == 1_882)
        #expect(abs(report.totalPredicted - 1_653.4) < 5)
    }
}
