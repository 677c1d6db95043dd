import Foundation
import ClientelePredict
import LMDBKit

extension StoreReader {
    /// Fits the BG/NBD model (and Gamma-Gamma on repeat customers with positive spend) on the store's summary of
    /// the purchases at or before the calibration end (the instant: with weeks or months, purchases later in the
    /// end's own period are left out, as lifetimes' `calibration_and_holdout_data` leaves them out). Identical
    /// (x, t_x, T) rows are collapsed into weights; the fit runs in log-parameters.
    /// - Throws: `ClienteleError.invalidInput(field: "model", …)` when the data cannot identify the model (no repeat
    ///   purchases, …) or the options are invalid; `.corrupted`; `.storage`.
    public func fitPurchaseModel(_ options: PredictionOptions = PredictionOptions()) throws -> PurchaseModel {
        let end = options.calibrationEnd ?? .now
        let rows = try modelSummary(period: options.period, multiplier: options.multiplier, end: end)
        let triples = rows.map { RFMTriple(x: $0.frequency, tx: $0.recency, T: $0.T) }
        let spend = rows.filter { $0.frequency > 0 && $0.monetaryValue > 0 }
            .map { SpendSummary(x: $0.frequency, mean: $0.monetaryValue) }
        do {
            let fit = try BetaGeoFitter.fit(triples, penalizer: options.penalizer)
            let spendFit = spend.isEmpty ? nil : try GammaGammaFitter.fit(spend, penalizer: options.spendPenalizer)
            return PurchaseModel(
                period: options.period, multiplier: options.multiplier, observationEnd: end,
                betaGeo: fit.parameters, logLikelihood: fit.logLikelihood, gammaGamma: spendFit?.parameters,
                customers: rows.count, repeatCustomers: spend.count)
        } catch {
            throw ClienteleError.invalidInput(field: "model", reason: "\(error)")
        }
    }

    /// The summary a model is fitted on and predicts from: the purchases at or before `end` (a split at `end` with
    /// an empty holdout, whose columns are dropped), ages measured to `end`'s period.
    private func modelSummary(period: Period, multiplier: Double, end: Instant) throws -> [SummaryRow] {
        try summary(SummaryOptions(period: period, multiplier: multiplier, observationEnd: end, calibrationEnd: end))
            .map { row in
                var row = row
                row.frequencyHoldout = nil
                row.monetaryValueHoldout = nil
                row.durationHoldout = nil
                return row
            }
    }

    /// The saved model, if any.
    /// - Throws: `ClienteleError.corrupted` when it cannot be decoded; `.storage`.
    public func savedPurchaseModel() throws -> PurchaseModel? {
        guard let bytes = try schema.meta.bytes(.purchaseModel, in: txn) else { return nil }
        do { return try JSONDecoder().decode(PurchaseModel.self, from: Data(bytes)) } catch {
            throw ClienteleError.corrupted(table: "meta", reason: "the saved purchase model cannot be decoded")
        }
    }

    /// Per-customer predictions from `model` as of its observation end: P(alive), expected purchases in the next
    /// `horizon` model periods, and (with a spend model) the expected average value and the CLV over `months`
    /// months at `monthlyDiscount` per month. Customers without a positive repeat spend (no repeat purchase, or
    /// repeat purchases averaging 0) are valued at the spend model's population mean p·v/(q − 1).
    /// - Throws: `ClienteleError.invalidInput(field: "model", …)` for invalid arguments; `.corrupted`; `.storage`.
    public func predictions(
        _ model: PurchaseModel, horizon: Double, months: Int = 12, monthlyDiscount: Double = 0.01,
        periodsPerMonth: Double? = nil
    ) throws -> [CustomerPrediction] {
        let rows = try modelSummary(period: model.period, multiplier: model.multiplier, end: model.observationEnd)
        do {
            let purchases = try BetaGeoModel(parameters: model.betaGeo)
            let spend = try model.gammaGamma.map { try GammaGammaModel(parameters: $0) }
            let f = periodsPerMonth ?? model.periodsPerMonth
            return try rows.map { row in
                let alive = try purchases.probabilityAlive(x: row.frequency, tx: row.recency, T: row.T)
                let expected = try purchases.expectedPurchases(t: horizon, x: row.frequency, tx: row.recency, T: row.T)
                var prediction = CustomerPrediction(externalID: row.externalID, summary: row, probabilityAlive: alive,
                                                    expectedPurchases: expected)
                if let spend {
                    // A repeat customer whose repeat purchases average 0 was left out of the spend fit (m̄ must be
                    // > 0); like a customer without repeat purchases it is valued at the model's population mean
                    // spend p·v/(q − 1).
                    let hasSpend = row.frequency > 0 && row.monetaryValue > 0
                    let value = try hasSpend
                        ? spend.expectedAverageOrderValue(x: row.frequency, mean: row.monetaryValue)
                        : spend.populationMean()
                    prediction.expectedAverageValue = value
                    prediction.lifetimeValue = try spend.customerLifetimeValue(
                        transactions: purchases, x: row.frequency, tx: row.recency, T: row.T, averageValue: value,
                        months: months, monthlyDiscountRate: monthlyDiscount, periodsPerMonth: f)
                }
                return prediction
            }
        } catch let error as PredictError {
            throw ClienteleError.invalidInput(field: "model", reason: "\(error)")
        }
    }

    /// Holdout validation: fits on the purchases up to `options.calibrationEnd`, then compares predicted and actual
    /// repeat purchases in (calibration end, `observationEnd`], by number of calibration purchases (the BG/NBD
    /// paper's figure 3 as a table), with summary errors.
    /// - Throws: `ClienteleError.invalidInput` when the calibration end is missing or after the observation end, or
    ///   the model cannot be fitted; `.corrupted`; `.storage`.
    public func validatePurchaseModel(
        _ options: PredictionOptions, observationEnd: Instant
    ) throws -> (model: PurchaseModel, report: HoldoutValidationReport) {
        guard let calibrationEnd = options.calibrationEnd else {
            throw ClienteleError.invalidInput(field: "calibration end", reason: "is required for validation")
        }
        let model = try fitPurchaseModel(options)
        let rows = try summary(SummaryOptions(period: options.period, multiplier: options.multiplier,
                                              observationEnd: observationEnd, calibrationEnd: calibrationEnd))
        do {
            let report = try HoldoutValidation.conditionalExpectations(
                model: try BetaGeoModel(parameters: model.betaGeo),
                calibration: rows.map { RFMTriple(x: $0.frequency, tx: $0.recency, T: $0.T) },
                actualHoldoutPurchases: rows.map { Double($0.frequencyHoldout ?? 0) },
                holdoutDuration: rows.first?.durationHoldout ?? 0)
            return (model, report)
        } catch {
            throw ClienteleError.invalidInput(field: "model", reason: "\(error)")
        }
    }
}

extension Store {
    /// Saves a fitted model in the store (one model; saving replaces it).
    /// - Throws: `.storage`.
    public func savePurchaseModel(_ model: PurchaseModel) throws {
        let bytes = try Array(JSONEncoder().encode(model))
        try write { w in try schema.meta.setBytes(.purchaseModel, bytes, in: w.txn) }
    }
}
