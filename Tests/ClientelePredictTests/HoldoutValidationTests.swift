import Foundation
import Testing

@testable import ClientelePredict

/// FHL 2005 figure 3 on CDNOW: calibration = the summary file (weeks), holdout = distinct purchase days in
/// 1997-10-01..1998-06-30 from CDNOW_sample.txt, duration 39 weeks. References from numpy/scipy at the MLE.
struct HoldoutValidationTests {
    static let expected: [(customers: Double, actual: Double, predicted: Double)] = [
        (1411, 0.23671155209071582, 0.22508613305119796),
        (439, 0.6970387243735763, 0.5231246137088456),
        (214, 1.3925233644859814, 1.044136901160965),
        (100, 1.56, 1.5202598189520689),
        (62, 2.532258064516129, 2.163905177856711),
        (38, 2.9473684210526314, 2.6539140128001137),
        (29, 3.8620689655172415, 3.5040911773135557),
        (64, 6.359375, 6.157413783634555),
    ]

    @Test func figureThreeTable() throws {
        let summary = try CDNOWFixtures.summary()
        let histories = try CDNOWFixtures.histories()
        #expect(histories.map(\.id) == summary.map(\.id))
        let model = try BetaGeoModel(parameters: CustomerLifetimeValueTests.bg)
        let report = try HoldoutValidation.conditionalExpectations(
            model: model, calibration: summary.map(\.triple),
            actualHoldoutPurchases: histories.map { Double($0.holdoutDays) }, holdoutDuration: 39)
        #expect(report.buckets.map(\.label) == ["0", "1", "2", "3", "4", "5", "6", "7+"])
        for (bucket, reference) in zip(report.buckets, Self.expected) {
            #expect(bucket.customers == reference.customers, "bucket \(bucket.label)")
            #expect(abs(bucket.meanActual - reference.actual) < 1e-12, "bucket \(bucket.label)")
            #expect(abs(bucket.meanPredicted - reference.predicted) < 1e-9, "bucket \(bucket.label)")
        }
        #expect(report.customers == 2357)
        #expect(report.totalActual == 1882)
        #expect(abs(report.totalPredicted - 1653.4234977053018) < 1e-6)
        #expect(abs(report.meanAbsoluteError - 0.7854565515685594) < 1e-9)
        #expect(abs(report.rootMeanSquaredError - 1.608006715064154) < 1e-9)
        #expect(abs(report.totalRelativeError - (1653.4234977053018 - 1882) / 1882) < 1e-9)
        #expect(report.buckets[7].isOpenEnded && !report.buckets[6].isOpenEnded)
    }

    @Test func fittedModelGivesTheSameTable() throws {
        // End to end: fit on the calibration file, then validate.
        let summary = try CDNOWFixtures.summary().map(\.triple)
        let fit = try BetaGeoFitter.fit(summary)
        let histories = try CDNOWFixtures.histories()
        let report = try HoldoutValidation.conditionalExpectations(
            model: fit.model, calibration: summary, actualHoldoutPurchases: histories.map { Double($0.holdoutDays) },
            holdoutDuration: 39)
        for (bucket, reference) in zip(report.buckets, Self.expected) {
            #expect(abs(bucket.meanPredicted - reference.predicted) < 1e-4 * reference.predicted)
        }
    }

    @Test func errors() throws {
        let model = try BetaGeoModel(parameters: CustomerLifetimeValueTests.bg)
        let rows = [RFMTriple(x: 1, tx: 2, T: 3)]
        #expect(throws: PredictError.lengthMismatch(expected: 1, actual: 0)) {
            try HoldoutValidation.conditionalExpectations(
                model: model, calibration: rows, actualHoldoutPurchases: [], holdoutDuration: 39)
        }
        #expect(throws: PredictError.invalidObservation(index: 0, issue: .negativeHoldoutCount)) {
            try HoldoutValidation.conditionalExpectations(
                model: model, calibration: rows, actualHoldoutPurchases: [-1], holdoutDuration: 39)
        }
        #expect(throws: PredictError.emptyData) {
            try HoldoutValidation.conditionalExpectations(
                model: model, calibration: [], actualHoldoutPurchases: [], holdoutDuration: 39)
        }
    }
}
