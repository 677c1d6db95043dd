/// One chart of the report: its title, the one-line definition of its figure, and its drawing.
struct Chart {
    /// A stable id (`status`, `cohorts`, …), also the `data-chart` attribute the tests read.
    var id: String
    var title: String
    /// How the figure is defined, one line.
    var definition: String
    /// The drawing; nil for a section that only has a note (a model that cannot be fitted).
    var svg: SVG?
    /// A note under the drawing (or instead of it).
    var note: String?
    /// `data-` attributes of the note (the figures it states).
    var noteData: [(String, String)] = []

    /// The height of the drawing in CSS pixels (0 without one).
    var drawingHeight: Double { svg?.height ?? 0 }
}

/// Axis ticks: round steps (1, 2 or 5 × 10ⁿ) from 0 to at least `maximum`.
enum Ticks {
    static func values(maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0 && maximum.isFinite else { return [0, 1] }
        let step = Ticks.step(maximum / Double(max(1, count)))
        var ticks: [Double] = []
        var value = 0.0
        while ticks.count < 50 {
            ticks.append(value)
            if value >= maximum { break }
            value += step
        }
        return ticks
    }

    static func step(_ value: Double) -> Double {
        guard value > 0 && value.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude > value { magnitude /= 10 }
        while magnitude * 10 <= value { magnitude *= 10 }
        for factor in [1.0, 2.0, 5.0] where magnitude * factor >= value { return magnitude * factor }
        return magnitude * 10
    }

    /// A tick label: shares as percentages, large numbers with k/M.
    static func label(_ value: Double, share: Bool) -> String {
        if share {
            let percent = value * 100
            return Format.fixed(percent, places: abs(percent - percent.rounded()) < 1e-9 ? 0 : 1) + "%"
        }
        let magnitude = abs(value)
        if magnitude >= 1e9 { return SVG.number(value / 1e9) + "G" }
        if magnitude >= 1e6 { return SVG.number(value / 1e6) + "M" }
        if magnitude >= 1e4 { return SVG.number(value / 1e3) + "k" }
        return SVG.number(value)
    }
}

/// A series legend: coloured swatches with names, in one row from (x, y).
extension SVG {
    mutating func legend(_ entries: [(name: String, color: String)], x: Double, y: Double) {
        var left = x
        for entry in entries {
            rect(x: left, y: y - 9, width: 12, height: 12, fill: entry.color)
            text(entry.name, x: left + 17, y: y + 1, size: 12)
            left += 17 + Double(entry.name.count) * 7 + 18
        }
    }
}
