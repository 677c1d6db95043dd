import Foundation
import Testing

/// `clientele predict` on the CDNOW sample: the published parameters, per-customer predictions, the holdout table,
/// and a saved model reused.
@Suite("predict command")
struct PredictCommandTests {
    static func importedSample() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let imported = try CLI.run(["import", "purchases", "--store", store, "--format", "cdnow", "--quiet",
                                    try Fixtures.path("CDNOW_sample.txt")])
        #expect(imported.status == 0, "\(imported)")
        return (dir, store)
    }

    @Test func printsParametersAndPredictions() throws {
        let (dir, store) = try Self.importedSample()
        _ = dir
        let result = try CLI.run(["predict", "--store", store, "--multiplier", "7", "--calibration-end", "1997-09-30",
                                  "--horizon", "39", "--periods-per-month", "4.345", "--output", "csv", "--save"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("r=0.2426 alpha=4.4136 a=0.7929 b=2.4259 log-likelihood=-9582.43"))
        #expect(result.stderr.contains("p=6.2496 q=3.7442 v=15.4435"))
        let rows = simpleCSV(result.stdout)
        #expect(rows.first == ["customer_id", "frequency", "recency", "T", "p_alive", "expected_purchases",
                               "expected_value", "clv"])
        #expect(rows.count == 2358)
        let first = try #require(rows.first { $0.first == "1" })
        #expect(first[4] == "0.7266")
        #expect(first[5] == "1.2260")

        let saved = try CLI.run(["predict", "--store", store, "--use-saved", "--horizon", "39",
                                 "--periods-per-month", "4.345", "--output", "csv"])
        #expect(saved.status == 0, "\(saved)")
        #expect(saved.stdout == result.stdout)
    }

    @Test func validatePrintsTheHoldoutTable() throws {
        let (dir, store) = try Self.importedSample()
        _ = dir
        let result = try CLI.run(["predict", "--store", store, "--multiplier", "7", "--calibration-end", "1997-09-30",
                                  "--as-of", "1998-06-30", "--validate", "--output", "csv"])
        #expect(result.status == 0, "\(result)")
        let rows = simpleCSV(result.stdout)
        #expect(rows.first == ["repeat_purchases", "customers", "mean_actual", "mean_predicted"])
        #expect(rows.map(\.first) == ["repeat_purchases", "0", "1", "2", "3", "4", "5", "6", "7+"])
        #expect(rows[1][1] == "1411")
        #expect(result.stderr.contains("total actual 1882.0"))
    }

    @Test func useSavedWithoutAModelIsNotFound() throws {
        let (dir, store) = try Self.importedSample()
        _ = dir
        let result = try CLI.run(["predict", "--store", store, "--use-saved"])
        #expect(result.status == 66, "\(result)")
    }
}
