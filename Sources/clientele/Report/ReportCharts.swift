import Clientele

/// The report's charts, built from ``ReportData``. Every `data-value` is the query API's number, written so that it
/// reads back exactly (integers as integers, shares as Swift's shortest round-trip decimal, money at the store's
/// scale).
struct ReportCharts {
    let data: ReportData

    /// Most recent months in the monthly lines; cohorts (rows) and months since (columns) in the heatmap; cohorts
    /// in the conversion-by-cohort bars; entry categories in the conversion bars (those with the most customers).
    static let monthLimit = 60, cohortRows = 24, cohortColumns = 24, conversionCohorts = 36, entryCategories = 25

    var all: [Chart] {
        [segmentMap(), status(), conversionByCategory(), conversionByCohort(), cohorts(), revenue(), orders(),
         averageCheck(), visitGaps(), transitions()] + predicted()
    }

    private var scale: Int { data.currencyScale }

    /// A share in a heatmap cell: whole percent, "<1" for a share that is not zero but rounds to it.
    static func percentText(_ share: Double) -> String {
        share > 0 && share < 0.005 ? "<1" : Format.fixed(share * 100, places: 0)
    }

    private func money(_ value: Money) -> String { value.formatted(scale: scale) }

    private func units(_ value: Money) -> Double {
        var factor = 1.0
        for _ in 0..<scale { factor *= 10 }
        return Double(value.minorUnits) / factor
    }

    func segmentMap() -> Chart {
        let grid = data.base.grid
        let most = Double(grid.map(\.customers).max() ?? 0)
        var cells: [[Heatmap.Cell]] = []
        for recency in stride(from: 5, through: 1, by: -1) {
            cells.append((1...5).map { frequency in
                let cell = grid.first { $0.recency == recency && $0.frequency == frequency }
                let customers = cell?.customers ?? 0
                return Heatmap.Cell(
                    fraction: most > 0 ? Double(customers) / most : 0,
                    lines: ["\(Format.grouped(customers)) customers", "\(Format.percent(cell?.revenueShare ?? 0)) of revenue"],
                    data: [("data-r", "\(recency)"), ("data-f", "\(frequency)"), ("data-value", "\(customers)"),
                           ("data-revenue", money(cell?.revenue ?? .zero)),
                           ("data-revenue-share", "\(cell?.revenueShare ?? 0)"), ("data-segment", cell?.segment ?? "")],
                    region: cell?.segment,
                    title: "R\(recency) F\(frequency): \(customers) customers, \(Format.percent(cell?.share ?? 0)) of "
                        + "customers, \(Format.percent(cell?.revenueShare ?? 0)) of net revenue")
            })
        }
        let map = Heatmap(
            rowLabels: (1...5).reversed().map { "R\($0)" + ($0 == 5 ? " recent" : $0 == 1 ? " long ago" : "") },
            columnLabels: (1...5).map { "F\($0)" + ($0 == 1 ? " fewest purchases" : $0 == 5 ? " most" : "") },
            cells: cells, rowTitle: "recency score", columnTitle: "frequency score →",
            legendLow: "fewer customers", legendHigh: "more customers", cellHeight: 64, labelWidth: 100,
            fontSize: 11.5)
        return Chart(
            id: "segment-map", title: "Segment map",
            definition: "Customers with purchases by recency (R) and frequency (F) quintile score, 5 best; "
                + "each cell: customers and share of net revenue; named segments outlined.",
            svg: map.draw(), note: "\(Format.grouped(data.base.customers)) customers with purchases")
    }

    func status() -> Chart {
        let rows = data.base.statuses.map { row in
            BarChart.Row(key: row.status.rawValue, values: [(
                Double(row.customers), "\(Format.grouped(row.customers)) (\(Format.percent(row.share)))",
                "\(row.customers)")])
        }
        return Chart(
            id: "status", title: "Lifecycle status",
            definition: "lost: no purchase for > 365 days; lapsed: > max(180 days, 3 × own usual gap); at risk: > "
                + "max(90, 1.5 × gap); new: one visit ≤ 30 days ago.",
            svg: BarChart(series: ["customers"], rows: rows).draw())
    }

    func conversionByCategory() -> Chart {
        var entries = data.conversion.byEntryCategory
        var note = ""
        if entries.count > Self.entryCategories {
            let kept = Set(entries.sorted { ($0.customers, $1.key) > ($1.customers, $0.key) }
                .prefix(Self.entryCategories).map(\.key))
            note = "; the \(Self.entryCategories) entry categories with the most customers of \(entries.count)"
            entries = entries.filter { kept.contains($0.key) }
        }
        let overall = data.conversion.overall
        let rows = entries.map { row in
            BarChart.Row(key: row.key, values: [(
                row.rate, "\(Format.percent(row.rate)) (\(Format.grouped(row.converted)) of \(Format.grouped(row.customers)))",
                "\(row.rate)")])
        }
        return Chart(
            id: "conversion-category", title: "New → repeat conversion by entry category",
            definition: "Share of first-time buyers with a second purchase occasion (another day), by the category of "
                + "their first purchase, lowest first.",
            svg: BarChart(series: ["conversion"], rows: rows, share: true).draw(),
            note: "Overall \(Format.grouped(overall.converted)) of \(Format.grouped(overall.customers)) first-time "
                + "buyers came back (\(Format.percent(overall.rate)))" + note,
            noteData: [("data-customers", "\(overall.customers)"), ("data-converted", "\(overall.converted)"),
                       ("data-value", "\(overall.rate)")])
    }

    func conversionByCohort() -> Chart {
        let rows = data.conversion.byCohort.suffix(Self.conversionCohorts)
        let columns = rows.map { row in
            ColumnChart.Column(key: row.key, value: row.rate, data: "\(row.rate)",
                               title: "\(row.key): \(Format.percent(row.rate)) of \(row.customers)")
        }
        return Chart(
            id: "conversion-cohort", title: "New → repeat conversion by first-purchase month",
            definition: "Share of each month's first-time buyers who came back on another day (so far: recent "
                + "months have had less time).",
            svg: ColumnChart(columns: columns, share: true, xTitle: "month of the first purchase",
                             yTitle: "came back").draw())
    }

    func cohorts() -> Chart {
        let rows = Array(data.cohorts.suffix(Self.cohortRows))
        let latest = data.cohorts.flatMap { $0.cells.map(\.month) }.max()
        let widest = rows.map { row in latest.map { row.cohort.distance(to: $0) } ?? 0 }.max() ?? 0
        let columns = min(Self.cohortColumns, widest + 1)
        let peak = rows.flatMap { $0.cells.filter { $0.offset > 0 }.map(\.share) }.max() ?? 1
        let cells = rows.map { row in
            (0..<columns).map { offset -> Heatmap.Cell in
                guard let latest, row.cohort.advanced(by: offset) <= latest else { return Heatmap.Cell(fraction: nil) }
                let cell = row.cells.first { $0.offset == offset }
                let share = cell?.share ?? 0
                return Heatmap.Cell(
                    fraction: peak > 0 ? min(1, share / peak) : 0,
                    lines: [Self.percentText(share)],
                    data: [("data-cohort", row.cohort.description), ("data-offset", "\(offset)"),
                           ("data-value", "\(share)"), ("data-customers", "\(cell?.activeCustomers ?? 0)")],
                    title: "\(row.cohort) month \(offset): \(Format.percent(share)) (\(cell?.activeCustomers ?? 0) of \(row.size))")
            }
        }
        let map = Heatmap(
            rowLabels: rows.map { "\($0.cohort) (\(Format.grouped($0.size)))" },
            columnLabels: (0..<columns).map { "m\($0)" }, cells: cells, rowTitle: "cohort (size)",
            columnTitle: "months since the first purchase →", legendLow: "0%",
            legendHigh: "≥ \(Format.percent(peak)) (m0 is 100%)", cellHeight: 18, labelWidth: 110, fontSize: 9.5)
        return Chart(
            id: "cohorts", title: "Cohort retention",
            definition: "Customers by month of first purchase; each cell: % of the cohort buying in the m-th month "
                + "after it (figures in %; blank: not yet observed).",
            svg: map.draw(),
            note: data.cohorts.count > rows.count ? "the latest \(rows.count) of \(data.cohorts.count) cohorts" : nil)
    }

    private var months: ArraySlice<MonthlyCheck> { data.checks.months.suffix(Self.monthLimit) }

    func revenue() -> Chart {
        let chart = LineChart(
            keys: months.map(\.month.description),
            series: [
                .init(name: "revenue", points: months.map { (units($0.revenue), money($0.revenue)) }),
                .init(name: "refunded", points: months.map { (units($0.refunded), money($0.refunded)) }),
            ], yTitle: "per month")
        return Chart(
            id: "months-revenue", title: "Revenue and refunds by month",
            definition: "Sum of purchase amounts dated in the month (refunds excluded), and the sum of refunds "
                + "dated in the month.",
            svg: chart.draw())
    }

    func orders() -> Chart {
        let chart = LineChart(
            keys: months.map(\.month.description),
            series: [
                .init(name: "orders", points: months.map { (Double($0.orders), "\($0.orders)") }),
                .init(name: "refund lines", points: months.map { (Double($0.refunds), "\($0.refunds)") }),
            ], yTitle: "per month")
        return Chart(
            id: "months-orders", title: "Orders and refunds by month",
            definition: "Purchase lines (orders) and refund lines dated in the month.", svg: chart.draw())
    }

    func averageCheck() -> Chart {
        let chart = LineChart(
            keys: months.map(\.month.description),
            series: [.init(name: "average check", points: months.map { (units($0.averageCheck), money($0.averageCheck)) })],
            yTitle: "per order")
        var note: String?
        if let trend = data.checks.trendPerMonth {
            var factor = 1.0
            for _ in 0..<scale { factor *= 10 }
            note = "trend \(Format.fixed(trend / factor, places: 2)) per month (least squares over every month)"
        }
        return Chart(
            id: "months-check", title: "Average check by month",
            definition: "Revenue of the month's purchases / its orders (refunds do not lower it).", svg: chart.draw(),
            note: note)
    }

    /// A decimal with thousands separators: `146,196,167.15`.
    static func grouped(_ value: Double, places: Int) -> String {
        let text = Format.fixed(value, places: places)
        let negative = text.hasPrefix("-")
        let parts = (negative ? String(text.dropFirst()) : text).split(separator: ".", maxSplits: 1)
        let whole = parts.first.flatMap { Int($0) }.map { Format.grouped($0) } ?? String(parts.first ?? "")
        return (negative ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    private func histogramColumns(_ histogram: Histogram, unit: String) -> [ColumnChart.Column] {
        // Whole-number bin widths get whole-number labels.
        let width = histogram.bins.first.flatMap { bin in bin.upper.map { $0 - bin.lower } } ?? 1
        let places = width == width.rounded() ? 0 : width * 10 == (width * 10).rounded() ? 1 : 2
        return histogram.bins.map { bin in
            let lower = Format.fixed(bin.lower, places: places)
            let key = bin.upper.map { "\(lower)–\(Format.fixed($0, places: places))" } ?? "≥ \(lower)"
            var extra = [("data-lower", "\(bin.lower)")]
            if let upper = bin.upper { extra.append(("data-upper", "\(upper)")) }
            return ColumnChart.Column(key: key, value: Double(bin.count), data: "\(bin.count)", extra: extra,
                                      title: "\(key)\(unit): \(bin.count) customers")
        }
    }

    func visitGaps() -> Chart {
        let gaps = data.base.visitGaps
        var note = "\(Format.grouped(gaps.total)) repeat customers"
        if let mean = gaps.mean, let median = gaps.median {
            note += "; mean \(Format.fixed(mean, places: 1)) days, median \(Format.fixed(median, places: 1)) days"
        }
        return Chart(
            id: "visit-gaps", title: "Time between visits",
            definition: "Each repeat customer's mean days between purchase occasions (last − first visit) / "
                + "(visits − 1); last bar: the rest (≤ the longest 5%).",
            svg: ColumnChart(columns: histogramColumns(gaps, unit: " days"),
                             xTitle: "mean days between visits", yTitle: "customers", histogram: true).draw(),
            note: note, noteData: [("data-total", "\(gaps.total)")])
    }

    func transitions() -> Chart {
        let names = data.transitions.map { $0.category ?? "(none)" }
        let shown = Set(data.transitions.map(\.category))
        let hasOther = data.categories.count > data.transitions.count
        let columns = names + (hasOther ? ["other"] : [])
        let peak = data.transitions.flatMap { row in row.next.filter { shown.contains($0.category) }.map(\.share) }
            .max() ?? 1
        let cells = data.transitions.map { row -> [Heatmap.Cell] in
            let from = row.category ?? "(none)"
            let total = row.next.reduce(0) { $0 + $1.count }
            var line = data.transitions.map { column -> Heatmap.Cell in
                let next = row.next.first { $0.category == column.category }
                let share = next?.share ?? 0
                let to = column.category ?? "(none)"
                return Heatmap.Cell(
                    fraction: peak > 0 ? min(1, share / peak) : 0, lines: [Self.percentText(share)],
                    data: [("data-from", from), ("data-to", to), ("data-value", "\(share)"),
                           ("data-count", "\(next?.count ?? 0)")],
                    title: "\(from) → \(to): \(Format.percent(share)) (\(next?.count ?? 0))")
            }
            if hasOther {
                let count = row.next.filter { !shown.contains($0.category) }.reduce(0) { $0 + $1.count }
                let share = total > 0 ? Double(count) / Double(total) : 0
                line.append(Heatmap.Cell(
                    fraction: peak > 0 ? min(1, share / peak) : 0, lines: [Self.percentText(share)],
                    data: [("data-from", from), ("data-to", ""), ("data-other", "true"), ("data-value", "\(share)"),
                           ("data-count", "\(count)")],
                    title: "\(from) → other: \(Format.percent(share)) (\(count))"))
            }
            return line
        }
        let map = Heatmap(
            rowLabels: names, columnLabels: columns, cells: cells, rowTitle: "bought", columnTitle: "then bought →",
            legendLow: "0%", legendHigh: "≥ \(Format.percent(peak))", cellHeight: 24, labelWidth: 120,
            fontSize: 10.5)
        return Chart(
            id: "transitions", title: "What customers buy next",
            definition: "Of a customer's consecutive purchases (refunds skipped), the % whose next is in each "
                + "category; rows: the top categories by net revenue.",
            svg: map.draw(),
            note: hasOther ? "\(names.count) of \(data.categories.count) categories; other: the rest together" : nil)
    }

    func predicted() -> [Chart] {
        switch data.predicted {
        case .failure(let unavailable):
            return [Chart(
                id: "predicted", title: "Predicted: P(alive) and CLV",
                definition: "BG/NBD and Gamma-Gamma models fitted on the purchases up to the as-of date.",
                svg: nil, note: "No model could be fitted: \(unavailable.reason)",
                noteData: [("data-fitted", "false")])]
        case .success(let spread):
            let model = spread.model
            var parameters = "BG/NBD r=\(Format.fixed(model.betaGeo.r, places: 4)) "
                + "alpha=\(Format.fixed(model.betaGeo.alpha, places: 4)) a=\(Format.fixed(model.betaGeo.a, places: 4)) "
                + "b=\(Format.fixed(model.betaGeo.b, places: 4)) on \(Format.grouped(model.customers)) customers"
            var noteData: [(String, String)] = [
                ("data-fitted", "true"), ("data-r", "\(model.betaGeo.r)"), ("data-alpha", "\(model.betaGeo.alpha)"),
                ("data-a", "\(model.betaGeo.a)"), ("data-b", "\(model.betaGeo.b)"),
                ("data-customers", "\(spread.customers)"),
            ]
            if let spend = model.gammaGamma {
                parameters += "; Gamma-Gamma p=\(Format.fixed(spend.p, places: 4)) q=\(Format.fixed(spend.q, places: 4)) "
                    + "v=\(Format.fixed(spend.v, places: 4)) on \(Format.grouped(model.repeatCustomers)) repeat customers"
                noteData += [("data-p", "\(spend.p)"), ("data-q", "\(spend.q)"), ("data-v", "\(spend.v)")]
            }
            let alive = spread.probabilityAlive
            var charts = [Chart(
                id: "predicted-alive", title: "Predicted: P(alive)",
                definition: "BG/NBD probability that a customer is still active, fitted in days on the purchases up to "
                    + "the as-of date; mean \(Format.fixed(alive.mean ?? 0, places: 3)).",
                svg: ColumnChart(columns: histogramColumns(alive, unit: ""), xTitle: "P(alive)",
                                 yTitle: "customers", histogram: true).draw(),
                note: parameters, noteData: noteData)]
            if let clv = spread.lifetimeValue {
                charts.append(Chart(
                    id: "predicted-clv", title: "Predicted: customer lifetime value",
                    definition: "Expected purchases × Gamma-Gamma expected spend over \(spread.months) months, "
                        + "discounted \(Format.percent(spread.monthlyDiscount)) a month; last bar: the rest (≤ top 20%).",
                    svg: ColumnChart(columns: histogramColumns(clv, unit: ""),
                                     xTitle: "CLV, \(spread.months) months", yTitle: "customers",
                                     histogram: true).draw(),
                    note: "total \(Self.grouped(spread.totalLifetimeValue ?? 0, places: 2)); mean "
                        + "\(Format.fixed(clv.mean ?? 0, places: 2)), median \(Format.fixed(clv.median ?? 0, places: 2))",
                    noteData: [("data-total", "\(spread.totalLifetimeValue ?? 0)")]))
            }
            return charts
        }
    }
}
