/// A grid of shaded cells with row and column labels, optional text in each cell, optional outlined regions (a
/// thick border wherever two neighbouring cells belong to different regions, the region's name in its first
/// cell) and a colour legend.
struct Heatmap {
    struct Cell {
        /// The shade, 0...1 of the scale; nil for a cell that is not observed (drawn empty, no data).
        var fraction: Double?
        /// Lines of text in the cell.
        var lines: [String] = []
        /// The `data-` attributes of the cell.
        var data: [(String, String)] = []
        /// The region the cell belongs to, for outlines.
        var region: String? = nil
        var title: String = ""
    }

    var rowLabels: [String]
    var columnLabels: [String]
    /// Row-major, `rowLabels.count × columnLabels.count`.
    var cells: [[Cell]]
    var rowTitle: String
    var columnTitle: String
    /// The legend: what the darkest and lightest shades mean.
    var legendLow: String
    var legendHigh: String
    var width = 960.0
    var cellHeight = 22.0
    var labelWidth = 110.0
    var fontSize = 10.0

    var height: Double { 48 + cellHeight * Double(rowLabels.count) + 40 }

    func draw() -> SVG {
        var svg = SVG(width: width, height: height)
        let left = labelWidth, top = 48.0
        let cellWidth = rowLabels.isEmpty || columnLabels.isEmpty ? 0 : (width - left - 10) / Double(columnLabels.count)
        svg.text(columnTitle, x: left, y: 14, size: 11, fill: Palette.muted)
        svg.text(rowTitle, x: 4, y: 14, size: 11, fill: Palette.muted)
        let every = max(1, Int(((Double(columnLabels.map(\.count).max() ?? 1) * 6.5 + 6) / max(cellWidth, 1)).rounded(.up)))
        for (index, label) in columnLabels.enumerated() where index % every == 0 {
            svg.text(label, x: left + cellWidth * (Double(index) + 0.5), y: top - 8, anchor: .middle, size: 10.5,
                     limit: max(3, Int(cellWidth * Double(every) / 6.5)))
        }
        for (row, label) in rowLabels.enumerated() {
            let y = top + cellHeight * Double(row)
            svg.text(label, x: left - 6, y: y + cellHeight / 2 + 4, anchor: .end, size: 11,
                     limit: Int(labelWidth / 6.5) - 1)
            for (column, cell) in cells[row].enumerated() where column < columnLabels.count {
                let x = left + cellWidth * Double(column)
                guard let fraction = cell.fraction else {
                    svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: Palette.empty,
                             stroke: Palette.background)
                    continue
                }
                svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: Palette.shade(fraction),
                         stroke: Palette.background, data: cell.data, title: cell.title)
                let color = Palette.darkShade(fraction) ? "#ffffff" : Palette.text
                let lineHeight = fontSize + 3
                let first = y + (cellHeight - lineHeight * Double(cell.lines.count)) / 2 + fontSize
                for (number, line) in cell.lines.enumerated() {
                    svg.text(line, x: x + cellWidth / 2, y: first + lineHeight * Double(number), anchor: .middle,
                             size: fontSize, fill: color, limit: max(2, Int(cellWidth / (fontSize * 0.6))))
                }
            }
        }
        drawRegions(&svg, left: left, top: top, cellWidth: cellWidth)
        // The legend: the scale's shades from light to dark.
        let legendY = top + cellHeight * Double(rowLabels.count) + 22
        svg.text(legendLow, x: left, y: legendY + 4, anchor: .start, size: 11, fill: Palette.muted)
        let legendX = left + Double(legendLow.count) * 6.5 + 10
        for (index, color) in Palette.scale.enumerated() {
            svg.rect(x: legendX + Double(index) * 22, y: legendY - 8, width: 22, height: 14, fill: color,
                     stroke: Palette.axis, strokeWidth: 0.5)
        }
        svg.text(legendHigh, x: legendX + Double(Palette.scale.count) * 22 + 8, y: legendY + 4, size: 11,
                 fill: Palette.muted)
        return svg
    }

    private func drawRegions(_ svg: inout SVG, left: Double, top: Double, cellWidth: Double) {
        guard cells.contains(where: { $0.contains { $0.region != nil } }) else { return }
        let rows = cells.count
        func region(_ row: Int, _ column: Int) -> String? {
            guard row >= 0, row < rows, column >= 0, column < cells[row].count else { return nil }
            return cells[row][column].region
        }
        var named = Set<String>()
        for row in 0..<rows {
            for column in cells[row].indices {
                let x = left + cellWidth * Double(column), y = top + cellHeight * Double(row)
                let here = region(row, column)
                if here != region(row, column + 1) {
                    svg.line(x1: x + cellWidth, y1: y, x2: x + cellWidth, y2: y + cellHeight, stroke: Palette.text,
                             width: 2.5)
                }
                if here != region(row + 1, column) {
                    svg.line(x1: x, y1: y + cellHeight, x2: x + cellWidth, y2: y + cellHeight, stroke: Palette.text,
                             width: 2.5)
                }
                if column == 0 {
                    svg.line(x1: x, y1: y, x2: x, y2: y + cellHeight, stroke: Palette.text, width: 2.5)
                }
                if row == 0 {
                    svg.line(x1: x, y1: y, x2: x + cellWidth, y2: y, stroke: Palette.text, width: 2.5)
                }
                if let here, named.insert(here).inserted {
                    let fraction = cells[row][column].fraction ?? 0
                    svg.text(here, x: x + 6, y: y + 14, size: 11, weight: "bold",
                             fill: Palette.darkShade(fraction) ? "#ffffff" : Palette.text,
                             limit: Int(cellWidth / 6.5))
                }
            }
        }
    }
}
