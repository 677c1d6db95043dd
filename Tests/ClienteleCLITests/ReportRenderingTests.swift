import Foundation
import Testing

/// Headless Chromium renders the report to a PNG, and every chart's rectangle (known from the page's fixed layout:
/// `data-top`, `width`, `height` of each `<svg>`, in a centred column of `data-column-width`) has drawn pixels.
///
/// Skipped when Chromium is not installed, except in CI (`CI=true`), where a missing Chromium is a failure
/// (`.ci/run` installs Debian's `chromium`). The screenshot is kept at `.build/report-artifacts/report.png` (and
/// the page beside it) as CI's artefact.
@Suite("Report rendering")
struct ReportRenderingTests {
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// `chromium` (Debian's name) or `chromium-browser` on the PATH.
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// `.build/report-artifacts` of this package.
    static let artifacts: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/report-artifacts").path
    }()

    static let windowWidth = 1200

    @Test("every chart area of the rendered page has drawn content",
          .enabled(if: chromium != nil || inCI,
                   "chromium is not installed (apt-get install -y chromium); with CI=true this test fails instead"))
    func rendersEveryChart() throws {
        let chromium = try #require(Self.chromium, "CI=true but chromium is not installed: .ci/run installs it")
        let fixture = try ReportTests.shared.get()
        let page = fixture.page
        let height = try #require(page.root["data-page-height"].flatMap(Int.init))
        let column = try #require(page.root["data-column-width"].flatMap(Int.init))
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)
        let png = Self.artifacts + "/report.png"
        let html = Self.artifacts + "/report.html"
        try? FileManager.default.removeItem(atPath: png)
        try? FileManager.default.removeItem(atPath: html)
        try FileManager.default.copyItem(atPath: fixture.reportPath, toPath: html)
        let profile = try TemporaryDirectory()
        try Self.screenshot(chromium: chromium, page: html, to: png, height: height, profile: profile.path)

        let image = try PNGImage(contentsOf: png)
        #expect(image.width == Self.windowWidth)
        #expect(image.height == height)
        let left = (Self.windowWidth - column) / 2
        let drawings = page.drawings
        #expect(drawings.map(\.chart) == page.charts)
        for drawing in drawings {
            let top = Int(drawing.top), bottom = min(image.height, Int(drawing.top + drawing.height))
            let right = min(image.width, left + Int(drawing.width))
            guard top < bottom, left < right else {
                Issue.record("\(drawing.chart): its rectangle is outside the \(image.width)×\(image.height) screenshot")
                continue
            }
            let middle = (left + right) / 2
            var drawn = [0, 0]
            for y in top..<bottom {
                for x in left..<right {
                    let (r, g, b) = image.rgb(x, y)
                    if r < 245 || g < 245 || b < 245 { drawn[x < middle ? 0 : 1] += 1 }
                }
            }
            let half = Double((bottom - top) * (middle - left))
            // Marks, axes and labels cover well over 0.5% of each half of every chart; an empty drawing has none.
            #expect(Double(drawn[0]) / half > 0.005, "\(drawing.chart): left half \(drawn[0]) drawn pixels")
            #expect(Double(drawn[1]) / half > 0.005, "\(drawing.chart): right half \(drawn[1]) drawn pixels")
        }
        // Outside the column the page is blank: the layout is where the page says it is.
        var outside = 0
        for y in stride(from: 0, to: image.height, by: 7) {
            for x in 0..<(left - 4) { let (r, g, b) = image.rgb(x, y); if r < 245 || g < 245 || b < 245 { outside += 1 } }
        }
        #expect(outside == 0, "\(outside) drawn pixels left of the column")
    }

    /// `chromium --headless --screenshot` of `page` at 1200 × `height` CSS pixels, scale 1; fails after 180 s.
    static func screenshot(chromium: String, page: String, to png: String, height: Int, profile: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
            "--user-data-dir=\(profile)", "--screenshot=\(png)", "--window-size=\(windowWidth),\(height)",
            "file://\(page)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning && Date() < deadline { usleep(100_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("chromium did not finish in 180 s")
        }
        try #require(FileManager.default.fileExists(atPath: png), "chromium wrote no screenshot (exit \(process.terminationStatus))")
    }
}
