/// Horizontal bars, one row per item, one bar per series in a row (grouped), with a value axis, gridlines, the
/// value written after each bar and a legend when there is more than one series.
struct BarChart {
    struct Row {
        /// The key in `data-key` (the full, unshortened label).
        var key: String
        /// Per series: the value drawn, its label, and the exact value written to `data-value`.
        var values: [(value: Double, label: String, data: String)]
    }

    var series: [String]
    var rows: [Row]
    /// Values are shares (axis in %).
    var share = false
    var width = 960.0
    var labelWidth = 190.0
    var barHeight = 16.0

    func draw() -> SVG {
        let groupHeight = barHeight * Double(series.count) + 8
        let top = series.count > 1 ? 30.0 : 10.0
        let height = top + groupHeight * Double(rows.count) + 30
        var svg = SVG(width: width, height: height)
        let plotLeft = labelWidth, plotRight = width - 150
        let maximum = rows.flatMap { $0.values.map(\.value) }.max() ?? 0
        let ticks = Ticks.values(maximum: maximum)
        let topValue = ticks.last ?? 1
        func x(_ value: Double) -> Double { plotLeft + (plotRight - plotLeft) * (topValue > 0 ? value / topValue : 0) }
        let bottom = top + groupHeight * Double(rows.count)
        for tick in ticks {
            svg.line(x1: x(tick), y1: top - 4, x2: x(tick), y2: bottom, stroke: Palette.grid)
            svg.text(Ticks.label(tick, share: share), x: x(tick), y: bottom + 16, anchor: .middle, size: 11,
                     fill: Palette.muted)
        }
        svg.line(x1: plotLeft, y1: top - 4, x2: plotLeft, y2: bottom, stroke: Palette.axis)
        if series.count > 1 {
            svg.legend(series.enumerated().map { ($0.element, Palette.series[$0.offset % Palette.series.count]) },
                       x: plotLeft, y: 14)
        }
        for (index, row) in rows.enumerated() {
            let groupTop = top + groupHeight * Double(index) + 4
            svg.text(row.key, x: plotLeft - 8, y: groupTop + groupHeight / 2 - 1, anchor: .end, size: 12, limit: 26)
            for (position, value) in row.values.enumerated() {
                let y = groupTop + barHeight * Double(position)
                let color = Palette.series[position % Palette.series.count]
                svg.rect(x: plotLeft, y: y, width: x(value.value) - plotLeft, height: barHeight - 3, fill: color,
                         data: [("data-key", row.key), ("data-series", series[position]), ("data-value", value.data)],
                         title: "\(row.key): \(value.label)")
                svg.text(value.label, x: x(value.value) + 5, y: y + barHeight - 6, size: 11, fill: Palette.text)
            }
        }
        return svg
    }
}
