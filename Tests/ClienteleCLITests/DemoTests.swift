import Foundation
import Testing

/// `clientele demo` generates, imports and reports.
@Suite("Demo")
struct DemoTests {
    @Test("the demo runs and prints every section")
    func runs() throws {
        let result = try CLI.run(["demo", "--customers", "400", "--seed", "3", "--quiet"])
        #expect(result.status == 0, "\(result)")
        for section in ["Clientele demo:", "Segments", "Lifecycle status", "New -> repeat conversion",
                        "Average check by month", "Top categories and what follows them"] {
            #expect(result.stdout.contains(section), "missing \(section)\n\(result)")
        }
        #expect(result.stdout.contains("400 customers"))
    }

    @Test("the demo keeps its store with --store")
    func keepsStore() throws {
        let dir = try TemporaryDirectory()
        let store = dir.file("store")
        let result = try CLI.run(["demo", "--customers", "200", "--store", store, "--quiet"])
        #expect(result.status == 0, "\(result)")
        let stats = try CLI.run(["stats", "--store", store, "--output", "csv"])
        #expect(StatsSnapshot(stats.stdout).values["customers"] == "200", "\(stats)")
        let verify = try CLI.run(["verify", "--store", store])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test("the demo writes the HTML report and prints its path")
    func writesReport() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("demo-report.html")
        let result = try CLI.run(["demo", "--customers", "300", "--seed", "4", "--quiet", "--report", path])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("HTML report: \(path) ("), "\(result)")
        let page = try ReportPageFigures(html: try String(contentsOfFile: path, encoding: .utf8))
        #expect(page.charts.first == "segment-map")
        #expect(page.charts.contains("predicted-alive"))
        let customers = page.elements.first { $0["data-total"] == "customers" }
        #expect(customers?["data-value"] == "300")
    }
}
