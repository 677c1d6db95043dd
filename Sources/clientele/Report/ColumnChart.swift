/// Vertical bars over an ordered axis (months, histogram bins), with a value axis, gridlines, x labels (every
/// k-th when they would overlap) and an axis title; histograms draw their bars touching.
struct ColumnChart {
    struct Column {
        /// The x label (also `data-key`).
        var key: String
        var value: Double
        /// The exact value for `data-value`.
        var data: String
        /// Extra `data-` attributes (a histogram bin's edges).
        var extra: [(String, String)] = []
        /// The tooltip.
        var title: String
    }

    var columns: [Column]
    var share = false
    var xTitle: String
    var yTitle: String
    var histogram = false
    var width = 960.0
    var height = 260.0
    var color = Palette.series[0]

    func draw() -> SVG {
        var svg = SVG(width: width, height: height)
        let left = 70.0, right = width - 20, top = 16.0, bottom = height - 54
        let ticks = Ticks.values(maximum: columns.map(\.value).max() ?? 0)
        let topValue = ticks.last ?? 1
        func y(_ value: Double) -> Double { bottom - (bottom - top) * (topValue > 0 ? value / topValue : 0) }
        for tick in ticks {
            svg.line(x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: Palette.grid)
            svg.text(Ticks.label(tick, share: share), x: left - 6, y: y(tick) + 4, anchor: .end, size: 11,
                     fill: Palette.muted)
        }
        svg.text(yTitle, x: 14, y: (top + bottom) / 2, anchor: .middle, size: 11, fill: Palette.muted, rotate: -90)
        svg.text(xTitle, x: (left + right) / 2, y: height - 6, anchor: .middle, size: 11, fill: Palette.muted)
        let slot = columns.isEmpty ? 0 : (right - left) / Double(columns.count)
        let gap = histogram ? min(1, slot * 0.1) : slot * 0.2
        // Labels about 7 px per character: show every k-th so they do not overlap.
        let longest = Double(columns.map(\.key.count).max() ?? 1) * 6.5 + 8
        let every = max(1, Int((longest / max(slot, 1)).rounded(.up)))
        for (index, column) in columns.enumerated() {
            let x = left + slot * Double(index)
            svg.rect(x: x + gap / 2, y: y(column.value), width: slot - gap, height: bottom - y(column.value),
                     fill: color, data: [("data-key", column.key), ("data-value", column.data)] + column.extra,
                     title: column.title)
            if index % every == 0 {
                svg.text(column.key, x: x + slot / 2, y: bottom + 15, anchor: .middle, size: 10.5, fill: Palette.text,
                         limit: 14)
            }
        }
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Palette.axis)
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: Palette.axis)
        if columns.isEmpty {
            svg.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle, fill: Palette.muted)
        }
        return svg
    }
}
