/// Lines over months: one or more series on a shared value axis, points marked, a legend, month labels every
/// k-th when they would overlap.
struct LineChart {
    struct Series {
        var name: String
        /// Per x position: the value drawn and its exact `data-value`.
        var points: [(value: Double, data: String)]
    }

    var keys: [String]
    var series: [Series]
    var yTitle: String
    var width = 960.0
    var height = 250.0

    func draw() -> SVG {
        var svg = SVG(width: width, height: height)
        let left = 80.0, right = width - 20, top = 34.0, bottom = height - 40
        let maximum = series.flatMap { $0.points.map(\.value) }.max() ?? 0
        let ticks = Ticks.values(maximum: maximum)
        let topValue = ticks.last ?? 1
        func y(_ value: Double) -> Double { bottom - (bottom - top) * (topValue > 0 ? value / topValue : 0) }
        let step = keys.count > 1 ? (right - left) / Double(keys.count - 1) : 0
        func x(_ index: Int) -> Double { keys.count > 1 ? left + step * Double(index) : (left + right) / 2 }
        for tick in ticks {
            svg.line(x1: left, y1: y(tick), x2: right, y2: y(tick), stroke: Palette.grid)
            svg.text(Ticks.label(tick, share: false), x: left - 6, y: y(tick) + 4, anchor: .end, size: 11,
                     fill: Palette.muted)
        }
        svg.text(yTitle, x: 14, y: (top + bottom) / 2, anchor: .middle, size: 11, fill: Palette.muted, rotate: -90)
        let every = max(1, Int((52 / max(step, 1)).rounded(.up)))
        for index in keys.indices where index % every == 0 {
            svg.line(x1: x(index), y1: bottom, x2: x(index), y2: bottom + 4, stroke: Palette.axis)
            svg.text(keys[index], x: x(index), y: bottom + 17, anchor: .middle, size: 10.5)
        }
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Palette.axis)
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: Palette.axis)
        svg.legend(series.enumerated().map { ($0.element.name, Palette.series[$0.offset % Palette.series.count]) },
                   x: left, y: 14)
        for (number, line) in series.enumerated() {
            let color = Palette.series[number % Palette.series.count]
            svg.open("g", [("data-series", line.name)])
            svg.polyline(line.points.enumerated().map { (x($0.offset), y($0.element.value)) }, stroke: color)
            for (index, point) in line.points.enumerated() where index < keys.count {
                svg.circle(x: x(index), y: y(point.value), r: keys.count > 60 ? 1.5 : 2.5, fill: color,
                           data: [("data-key", keys[index]), ("data-value", point.data)])
            }
            svg.close("g")
        }
        if keys.isEmpty {
            svg.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, anchor: .middle, fill: Palette.muted)
        }
        return svg
    }
}
