import Clientele
import Foundation
import Testing

/// `clientele report`: the page parses as XML, holds every chart, and its numbers are the query API's.
@Suite("Report page")
struct ReportTests {
    /// 400 generated customers (end 2025-06-30) plus three with hostile category names, and the report of
    /// `--as-of 2025-06-30`; built once, removed when the test process exits.
    static let shared = Result { try Fixture() }

    static let hostile = ["<script>alert(\"x\")</script>", "a&b'c\"d>e", "\u{202E}evil"]  // C1 controls (U+0085) are refused as identifiers (issue 16)

    final class Fixture: @unchecked Sendable {
        let dir: TemporaryDirectory
        let storePath: String
        let reportPath: String
        let html: String
        let page: ReportPageFigures
        let store: Store
        let asOf: Instant
        let reportOutput: CLI.Result

        init() throws {
            dir = try TemporaryDirectory(removeAtExit: true)
            storePath = dir.file("store")
            let generated = try CLI.run(["generate", "--customers", "400", "--seed", "5", "--end", "2025-06-30",
                                         "--out", dir.file("data"), "--quiet"])
            try #require(generated.status == 0, "\(generated)")
            for (kind, file) in [("customers", "customers.csv"), ("purchases", "purchases.csv")] {
                let imported = try CLI.run(["import", kind, "--store", storePath, "--quiet", dir.file("data/" + file)])
                try #require(imported.status == 0, "\(imported)")
            }
            var hostileCSV = "customer_id,order_id,occurred_at,amount,category\n"
            for (index, name) in ReportTests.hostile.enumerated() {
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                hostileCSV += "H\(index),H\(index)-1,2025-03-0\(index + 1),10.00,\(quoted)\n"
                hostileCSV += "H\(index),H\(index)-2,2025-04-0\(index + 1),12.00,\(quoted)\n"
            }
            let hostileFile = try dir.write("hostile.csv", hostileCSV)
            let imported = try CLI.run(["import", "purchases", "--store", storePath, "--quiet", hostileFile])
            try #require(imported.status == 0, "\(imported)")
            reportPath = dir.file("report.html")
            reportOutput = try CLI.run(["report", "--store", storePath, "--out", reportPath, "--as-of", "2025-06-30"])
            try #require(reportOutput.status == 0, "\(reportOutput)")
            html = try String(contentsOfFile: reportPath, encoding: .utf8)
            page = try ReportPageFigures(html: html)
            store = try Store.openExisting(at: storePath)
            // --as-of 2025-06-30 is the last microsecond of that day (the store is in UTC).
            asOf = Instant(microseconds: Instant(day: try #require(Day(year: 2025, month: 7, day: 1))).microseconds - 1)
        }
    }

    @Test("the page is well-formed XHTML with every chart, no script and nothing from elsewhere")
    func wellFormed() throws {
        let fixture = try Self.shared.get()
        #expect(fixture.page.charts == [
            "segment-map", "status", "conversion-category", "conversion-cohort", "cohorts", "months-revenue",
            "months-orders", "months-check", "visit-gaps", "transitions", "predicted-alive", "predicted-clv",
        ])
        let lower = fixture.html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains(" src="))
        #expect(!lower.contains(" href="))
        #expect(!lower.contains("url("))
        #expect(!lower.contains("@import"))
        #expect(fixture.reportOutput.stdout.hasPrefix("wrote \(fixture.reportPath)"), "\(fixture.reportOutput)")
        // Every drawing has marks.
        for chart in fixture.page.charts {
            #expect(!fixture.page.marks(chart).isEmpty, "no marks in \(chart)")
        }
        #expect(fixture.html.utf8.count < 2_000_000)
    }

    /// A string as the page shows it: C1 controls and bidirectional overrides replaced by U+FFFD (the store refuses
    /// C0 controls).
    static func shown(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: return "\u{FFFD}"
            default: return scalar
            }
        }))
    }

    @Test("hostile category names are escaped, never markup")
    func hostileNames() throws {
        let fixture = try Self.shared.get()
        #expect(!fixture.html.contains("<script>alert"))
        #expect(!fixture.html.contains("\u{202E}"))
        let keys = Set(fixture.page.marks("conversion-category").compactMap { $0["data-key"] })
        // XMLParser decodes the character references back; the bidi override became U+FFFD.
        #expect(keys.contains("<script>alert(\"x\")</script>"))
        #expect(keys.contains("a&b'c\"d>e"))
        #expect(keys.contains("\u{FFFD}evil"))
    }

    @Test("the header's totals are those of `clientele stats`")
    func totals() throws {
        let fixture = try Self.shared.get()
        let stats = try CLI.run(["stats", "--store", fixture.storePath, "--output", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        var totals: [String: String] = [:]
        for element in fixture.page.elements { if let key = element["data-total"] { totals[key] = element["data-value"] } }
        #expect(totals["customers"] == "\(json["customers"] as? Int ?? -1)")
        #expect(totals["purchase-lines"] == "\(json["purchases"] as? Int ?? -1)")
        #expect(totals["orders"] == "\(json["orders"] as? Int ?? -1)")
        #expect(totals["net-revenue"].flatMap(Double.init) == json["net_revenue"] as? Double)
        #expect(totals["gross-revenue"].flatMap(Double.init) == json["gross_revenue"] as? Double)
        #expect(totals["months"] == "\(json["first_month"] as? String ?? "")/\(json["last_month"] as? String ?? "")")
        let base = try fixture.store.customerBase(asOf: fixture.asOf)
        #expect(totals["with-purchases"] == "\(base.customers)")
    }

    @Test("segment map, lifecycle status and time between visits equal customerBase(asOf:)")
    func customerBase() throws {
        let fixture = try Self.shared.get()
        let base = try fixture.store.customerBase(asOf: fixture.asOf)
        let cells = fixture.page.marks("segment-map")
        #expect(cells.count == 25)
        for cell in base.grid {
            let mark = try #require(cells.first { $0["data-r"] == "\(cell.recency)" && $0["data-f"] == "\(cell.frequency)" })
            #expect(mark["data-value"] == "\(cell.customers)")
            #expect(mark["data-revenue-share"].flatMap(Double.init) == cell.revenueShare)
            #expect(mark["data-revenue"] == cell.revenue.formatted(scale: fixture.store.currencyScale))
            #expect(mark["data-segment"] == cell.segment)
        }
        // The grid sums to the `segments --as-of` table (rfmTable), segment by segment.
        var bySegment: [String: Int] = [:]
        for row in try fixture.store.rfmTable(asOf: fixture.asOf) { bySegment[row.segment, default: 0] += 1 }
        for (segment, count) in bySegment {
            let marked = cells.filter { $0["data-segment"] == segment }.compactMap { $0["data-value"].flatMap(Int.init) }
            #expect(marked.reduce(0, +) == count, "\(segment)")
        }
        let statuses = fixture.page.marks("status").map { ($0["data-key"] ?? "", $0["data-value"] ?? "") }
        #expect(statuses.map(\.0) == base.statuses.map(\.status.rawValue))
        #expect(statuses.map(\.1) == base.statuses.map { "\($0.customers)" })
        let bins = fixture.page.marks("visit-gaps")
        #expect(bins.map { $0["data-value"] ?? "" } == base.visitGaps.bins.map { "\($0.count)" })
        #expect(bins.map { $0["data-lower"].flatMap(Double.init) } == base.visitGaps.bins.map(\.lower))
        #expect(bins.compactMap { $0["data-value"].flatMap(Int.init) }.reduce(0, +) == base.visitGaps.total)
    }

    @Test("conversion bars equal conversion()")
    func conversion() throws {
        let fixture = try Self.shared.get()
        let report = try fixture.store.conversion()
        let bars = fixture.page.marks("conversion-category").filter { $0.name == "rect" }
        #expect(bars.map { $0["data-key"] ?? "" } == report.byEntryCategory.map { Self.shown($0.key) })
        #expect(bars.map { $0["data-value"].flatMap(Double.init) } == report.byEntryCategory.map(\.rate))
        let overall = try #require(fixture.page.marks("conversion-category").first { $0.name == "p" })
        #expect(overall["data-customers"] == "\(report.overall.customers)")
        #expect(overall["data-converted"] == "\(report.overall.converted)")
        let cohorts = fixture.page.marks("conversion-cohort")
        let expected = report.byCohort.suffix(36)
        #expect(cohorts.map { $0["data-key"] ?? "" } == expected.map(\.key))
        #expect(cohorts.map { $0["data-value"].flatMap(Double.init) } == expected.map(\.rate))
    }

    @Test("the cohort heatmap equals cohortMatrix()")
    func cohorts() throws {
        let fixture = try Self.shared.get()
        let matrix = try fixture.store.cohortMatrix()
        let latest = try #require(matrix.flatMap { $0.cells.map(\.month) }.max())
        let shown = matrix.suffix(24)
        var expected: [String: (Double, Int)] = [:]
        for row in shown {
            for offset in 0..<24 where row.cohort.advanced(by: offset) <= latest {
                let cell = row.cells.first { $0.offset == offset }
                expected["\(row.cohort)/\(offset)"] = (cell?.share ?? 0, cell?.activeCustomers ?? 0)
            }
        }
        let marks = fixture.page.marks("cohorts")
        #expect(marks.count == expected.count)
        for mark in marks {
            let key = "\(mark["data-cohort"] ?? "")/\(mark["data-offset"] ?? "")"
            let want = try #require(expected[key], "\(key)")
            #expect(mark["data-value"].flatMap(Double.init) == want.0, "\(key)")
            #expect(mark["data-customers"] == "\(want.1)", "\(key)")
        }
    }

    @Test("the monthly lines equal averageCheckByMonth()")
    func months() throws {
        let fixture = try Self.shared.get()
        let months = try fixture.store.averageCheckByMonth().months.suffix(60)
        let scale = fixture.store.currencyScale
        func series(_ chart: String, _ name: String) -> [String] {
            // The points of the series, in page order: the first series' circles, then the second's.
            let points = fixture.page.elements.filter { $0.chart == chart && $0.name == "circle" }
                .map { $0["data-value"] ?? "" }.chunked(into: months.count)
            return points.count == 2 ? points[name == "first" ? 0 : 1] : []
        }
        #expect(series("months-revenue", "first") == months.map { $0.revenue.formatted(scale: scale) })
        #expect(series("months-revenue", "second") == months.map { $0.refunded.formatted(scale: scale) })
        #expect(series("months-orders", "first") == months.map { "\($0.orders)" })
        #expect(series("months-orders", "second") == months.map { "\($0.refunds)" })
        let checks = fixture.page.marks("months-check").filter { $0.name == "circle" }
        #expect(checks.map { $0["data-value"] ?? "" } == months.map { $0.averageCheck.formatted(scale: scale) })
        #expect(checks.map { $0["data-key"] ?? "" } == months.map(\.month.description))
        #expect(months.contains { $0.refunds > 0 })
    }

    @Test("the transition matrix equals nextPurchase(after:)")
    func transitions() throws {
        let fixture = try Self.shared.get()
        let marks = fixture.page.marks("transitions").filter { $0["data-other"] == nil }
        #expect(!marks.isEmpty)
        var cache: [String: [NextPurchaseShare]] = [:]
        for mark in marks {
            let from = try #require(mark["data-from"]), to = try #require(mark["data-to"])
            if cache[from] == nil { cache[from] = try fixture.store.nextPurchase(after: from) }
            let next = cache[from]?.first { $0.category == to }
            #expect(mark["data-value"].flatMap(Double.init) == (next?.share ?? 0), "\(from) → \(to)")
            #expect(mark["data-count"] == "\(next?.count ?? 0)", "\(from) → \(to)")
        }
        // Each row's shares, "other" included, cover every next purchase.
        for from in Set(marks.compactMap { $0["data-from"] }) {
            let row = fixture.page.marks("transitions").filter { $0["data-from"] == from }
            let total = row.compactMap { $0["data-count"].flatMap(Int.init) }.reduce(0, +)
            #expect(total == cache[from]?.reduce(0) { $0 + $1.count }, "\(from)")
        }
    }

    @Test("the predicted section equals fitPurchaseModel and predictionDistributions")
    func predicted() throws {
        let fixture = try Self.shared.get()
        let model = try fixture.store.fitPurchaseModel(PredictionOptions(calibrationEnd: fixture.asOf))
        let spread = try fixture.store.predictionDistributions(model)
        let note = try #require(fixture.page.marks("predicted-alive", with: "data-fitted").first)
        #expect(note["data-fitted"] == "true")
        #expect(note["data-r"].flatMap(Double.init) == model.betaGeo.r)
        #expect(note["data-alpha"].flatMap(Double.init) == model.betaGeo.alpha)
        #expect(note["data-a"].flatMap(Double.init) == model.betaGeo.a)
        #expect(note["data-b"].flatMap(Double.init) == model.betaGeo.b)
        #expect(note["data-p"].flatMap(Double.init) == model.gammaGamma?.p)
        let alive = fixture.page.marks("predicted-alive").filter { $0.name == "rect" }
        #expect(alive.map { $0["data-value"] ?? "" } == spread.probabilityAlive.bins.map { "\($0.count)" })
        #expect(spread.probabilityAlive.total == spread.customers)
        let clv = fixture.page.marks("predicted-clv").filter { $0.name == "rect" }
        #expect(clv.map { $0["data-value"] ?? "" } == (spread.lifetimeValue?.bins ?? []).map { "\($0.count)" })
        #expect(clv.map { $0["data-lower"].flatMap(Double.init) } == (spread.lifetimeValue?.bins ?? []).map(\.lower))
    }

    @Test("a store no model can be fitted on says so")
    func noModel() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("p.csv", "customer_id,occurred_at,amount,category\nA,2025-01-02,5.00,tea\n"
            + "B,2025-02-03,7.00,tea\nC,2025-03-04,9.00,coffee\n")
        #expect(try CLI.run(["import", "purchases", "--store", dir.file("s"), "--quiet", file]).status == 0)
        let result = try CLI.run(["report", "--store", dir.file("s"), "--out", dir.file("r.html")])
        #expect(result.status == 0, "\(result)")
        let page = try ReportPageFigures(html: try String(contentsOfFile: dir.file("r.html"), encoding: .utf8))
        #expect(page.charts.last == "predicted")
        #expect(page.marks("predicted", with: "data-fitted").first?["data-fitted"] == "false")
        #expect(page.text.contains("No model could be fitted"))
    }

    @Test("report needs an existing store and a writable output")
    func errors() throws {
        let dir = try TemporaryDirectory()
        let missing = try CLI.run(["report", "--store", dir.file("none"), "--out", dir.file("r.html")])
        #expect(missing.status == 74, "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("none")))
        let fixture = try Self.shared.get()
        let unwritable = try CLI.run(["report", "--store", fixture.storePath, "--out", dir.file("no/such/dir/r.html")])
        #expect(unwritable.status == 74, "\(unwritable)")
        #expect(unwritable.stderr.contains("cannot write the report"), "\(unwritable)")
    }
}

extension Array {
    /// Consecutive slices of `size` elements (the last may be shorter).
    func chunked(into size: Int) -> [[Element]] {
        guard size > 0 else { return [self] }
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
