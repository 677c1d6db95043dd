import Foundation
import Testing

/// `predict --period week --calibration-end 1997-09-30 --validate --full-precision` on the CDNOW master gives
/// lifetimes 0.11.3's weekly BetaGeoFitter parameters (issue 13 items 1, 2 and 5). The master file is the shared
/// fixture (Tests/ClienteleTestSupport/Fixtures/SOURCE.md).
@Suite("predict on the CDNOW master")
struct PredictCalibrationCommandTests {
    static var masterPath: String { get throws { try Fixtures.path("CDNOW_master.txt") } }

    /// The numbers after `name=` in a parameter line.
    static func parameter(_ name: String, in text: String) -> Double? {
        guard let range = text.range(of: " \(name)=") else { return nil }
        return Double(text[range.upperBound...].prefix { !$0.isWhitespace && $0 != ";" })
    }

    @Test func weeklyValidationAndPredictionsOnTheMaster() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let imported = try CLI.run(["import", "purchases", "--store", store, "--format", "cdnow", "--quiet",
                                    try Self.masterPath])
        #expect(imported.status == 0, "\(imported)")
        let validation = try CLI.run(["predict", "--store", store, "--period", "week", "--calibration-end",
                                      "1997-09-30", "--as-of", "1998-06-30", "--validate", "--full-precision",
                                      "--output", "csv"])
        #expect(validation.status == 0, "\(validation)")
        let reference = ["r": 0.28433784314135113, "alpha": 6.724521503272805, "a": 0.7077378333574067,
                         "b": 2.3723018441011665]
        for (name, value) in reference {
            let printed = try #require(Self.parameter(name, in: " " + validation.stderr), "\(name): \(validation.stderr)")
            #expect(abs(printed / value - 1) <= 1e-5, "\(name) = \(printed)")
        }
        // Unrounded: more than 4 decimals are printed.
        let r = try #require(Self.parameter("r", in: " " + validation.stderr))
        #expect(r != (r * 10_000).rounded() / 10_000)

        // Every customer is scored, 10244 (repeat purchase of $0.00) included.
        let predictions = try CLI.run(["predict", "--store", store, "--period", "week", "--calibration-end",
                                       "1997-09-30", "--horizon", "39", "--output", "csv"])
        #expect(predictions.status == 0, "\(predictions.stderr)")
        let rows = simpleCSV(predictions.stdout)
        #expect(rows.count == 23_571)
        let zeroSpend = try #require(rows.first { $0.first == "10244" })
        #expect(zeroSpend.count == 8)
        #expect((Double(zeroSpend[7]) ?? 0) > 0)
    }
}
