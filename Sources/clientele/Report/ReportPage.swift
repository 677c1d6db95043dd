import Clientele

/// The report as one self-contained page: XHTML (well-formed XML, parsed as HTML by browsers), inline CSS and SVG,
/// no script, no asset from elsewhere.
///
/// The screen layout is one fixed-width column of fixed-height blocks, so every chart's rectangle is known here
/// and written on its `<svg>` (`data-top`: CSS pixels from the top of the page; the column is `data-column-width`
/// wide and centred): the rendering test checks each rectangle of a screenshot. In print the blocks flow and
/// charts are not split across pages.
struct ReportPage {
    let data: ReportData
    let charts: [Chart]
    let generatedAt: Instant

    enum Layout {
        static let column = 960
        static let pageTop = 24, pageBottom = 24
        static let title = 40, meta = 22, totals = 116, definitionsTitle = 24, definitionLine = 17, definitionsBottom = 8
        static let sectionGap = 28, sectionTitle = 30, definition = 34, note = 22
        static let footer = 30
    }

    private var definitions: [(String, String)] {
        [("Totals", "every stored customer and purchase line; revenue = purchases, net = purchases − refunds.")]
            + charts.map { ($0.title, $0.definition) }
    }

    private var headerHeight: Int {
        Layout.title + Layout.meta + Layout.totals + Layout.definitionsTitle
            + Layout.definitionLine * definitions.count + Layout.definitionsBottom
    }

    private func sectionHeight(_ chart: Chart) -> Int {
        Layout.sectionGap + Layout.sectionTitle + Layout.definition + Int(chart.drawingHeight.rounded(.up))
            + (chart.note == nil ? 0 : Layout.note)
    }

    /// The page's height in CSS pixels on screen.
    var height: Int {
        Layout.pageTop + headerHeight + charts.reduce(0) { $0 + sectionHeight($1) } + Layout.footer + Layout.pageBottom
    }

    func html() -> String {
        var out = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" "
            + "data-column-width=\"\(Layout.column)\" data-page-height=\"\(height)\">\n<head>\n"
            + "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
            + "<title>Clientele report as of \(HTMLEscape.text(asOfText))</title>\n<style>\(css)</style>\n</head>\n"
            + "<body>\n<div class=\"page\">\n"
        out += header()
        var top = Layout.pageTop + headerHeight
        for chart in charts {
            out += section(chart, top: top)
            top += sectionHeight(chart)
        }
        out += "<footer>Made by <code>clientele report</code> at \(HTMLEscape.text(generatedAt.description)). "
            + "One self-contained page: no script, nothing loaded from elsewhere.</footer>\n"
        out += "</div>\n</body>\n</html>\n"
        return out
    }

    private var asOfText: String {
        data.asOfGiven ? data.asOfDay.description : "now (\(data.asOfDay.description))"
    }

    private func groupedMoney(_ value: Money) -> String {
        let text = value.formatted(scale: data.currencyScale)
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1)
        let whole = Int(parts.first ?? "0").map { Format.grouped($0) } ?? String(parts.first ?? "")
        return (negative ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    private func header() -> String {
        let figures = data.figures
        let months = [figures.firstMonth, figures.lastMonth].compactMap { $0?.description }
        let totals: [(String, String, String)] = [
            ("customers", "customers", Format.grouped(figures.customers)),
            ("with-purchases", "with purchases by the as-of date", Format.grouped(data.base.customers)),
            ("purchase-lines", "purchase lines", Format.grouped(figures.purchaseLines)),
            ("orders", "orders / refunds", "\(Format.grouped(figures.orders)) / \(Format.grouped(figures.refunds))"),
            ("gross-revenue", "revenue (purchases)", groupedMoney(Money(minorUnits: figures.grossRevenue))),
            ("net-revenue", "net revenue", groupedMoney(Money(minorUnits: figures.netRevenue))),
            ("refunded", "refunded", groupedMoney(Money(minorUnits: figures.refunded))),
            ("months", "months with purchases", months.isEmpty ? "none" : months.joined(separator: " – ")),
        ]
        let machine: [String: String] = [
            "customers": "\(figures.customers)", "with-purchases": "\(data.base.customers)",
            "purchase-lines": "\(figures.purchaseLines)", "orders": "\(figures.orders)",
            "gross-revenue": Money(minorUnits: figures.grossRevenue).formatted(scale: data.currencyScale),
            "net-revenue": Money(minorUnits: figures.netRevenue).formatted(scale: data.currencyScale),
            "refunded": Money(minorUnits: figures.refunded).formatted(scale: data.currencyScale),
            "months": months.joined(separator: "/"),
        ]
        var out = "<header>\n<h1>Clientele report</h1>\n"
        out += "<p class=\"meta\" data-as-of=\"\(HTMLEscape.text(data.asOfDay.description))\">As of "
            + "\(HTMLEscape.text(asOfText)): segments, statuses, visit gaps and the model; the monthly figures, "
            + "cohorts, conversion and next purchases cover every stored purchase.</p>\n"
        out += "<div class=\"totals\">"
        for (key, label, value) in totals {
            out += "<div class=\"total\" data-total=\"\(key)\" data-value=\"\(HTMLEscape.text(machine[key] ?? ""))\""
            if key == "orders" { out += " data-refunds=\"\(figures.refunds)\"" }
            out += "><div class=\"label\">\(HTMLEscape.text(label))</div>"
                + "<div class=\"value\">\(HTMLEscape.text(value))</div></div>"
        }
        out += "</div>\n<p class=\"defs-title\">How each figure is defined</p>\n"
        out += "<ul class=\"defs\" style=\"height:\(Layout.definitionLine * definitions.count + Layout.definitionsBottom)px\">"
        for (title, definition) in definitions {
            out += "<li title=\"\(HTMLEscape.text(definition))\"><b>\(HTMLEscape.text(title))</b>: "
                + "\(HTMLEscape.text(definition))</li>"
        }
        out += "</ul>\n</header>\n"
        return out
    }

    private func section(_ chart: Chart, top: Int) -> String {
        var out = "<section class=\"chart\" id=\"chart-\(HTMLEscape.text(chart.id))\" "
            + "data-chart=\"\(HTMLEscape.text(chart.id))\" style=\"height:\(sectionHeight(chart))px\">\n"
        out += "<h2>\(HTMLEscape.text(chart.title))</h2>\n<p class=\"def\">\(HTMLEscape.text(chart.definition))</p>\n"
        if let svg = chart.svg {
            let svgTop = top + Layout.sectionGap + Layout.sectionTitle + Layout.definition
            out += svg.markup(label: chart.title, [("data-top", "\(svgTop)"), ("data-left", "0")]) + "\n"
        }
        if let note = chart.note {
            let attributes = chart.noteData.map { " \($0.0)=\"\(HTMLEscape.text($0.1))\"" }.joined()
            out += "<p class=\"note\"\(attributes)>\(HTMLEscape.text(note))</p>\n"
        }
        out += "</section>\n"
        return out
    }

    private var css: String {
        let muted = Palette.muted
        return """

            * { box-sizing: border-box; margin: 0; padding: 0; }
            html { background: #ffffff; color: \(Palette.text); font: 13px/1.4 "DejaVu Sans", "Liberation Sans", \
            Arial, Helvetica, sans-serif; }
            body { margin: 0; background: #ffffff; }
            .page { width: \(Layout.column)px; margin: 0 auto; padding: \(Layout.pageTop)px 0 \(Layout.pageBottom)px; }
            h1 { height: \(Layout.title)px; line-height: \(Layout.title)px; font-size: 26px; }
            .meta { height: \(Layout.meta)px; line-height: \(Layout.meta)px; color: \(muted); white-space: nowrap; \
            overflow: hidden; text-overflow: ellipsis; }
            .totals { height: \(Layout.totals)px; padding-top: 8px; display: grid; \
            grid-template-columns: repeat(4, 1fr); grid-auto-rows: 50px; gap: 8px; }
            .total { border: 1px solid \(Palette.grid); border-radius: 4px; padding: 3px 10px; overflow: hidden; }
            .total .label { height: 16px; font-size: 11px; color: \(muted); white-space: nowrap; }
            .total .value { height: 26px; line-height: 26px; font-size: 18px; font-weight: bold; white-space: nowrap; }
            .defs-title { height: \(Layout.definitionsTitle)px; line-height: \(Layout.definitionsTitle)px; \
            font-weight: bold; }
            .defs li { list-style: none; height: \(Layout.definitionLine)px; line-height: \(Layout.definitionLine)px; \
            font-size: 11.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
            section.chart { padding-top: \(Layout.sectionGap)px; overflow: hidden; }
            section.chart h2 { height: \(Layout.sectionTitle)px; line-height: \(Layout.sectionTitle)px; \
            font-size: 18px; border-top: 1px solid \(Palette.grid); }
            .def { height: \(Layout.definition)px; line-height: 17px; font-size: 12px; color: \(muted); \
            overflow: hidden; }
            svg { display: block; }
            svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
            .note { height: \(Layout.note)px; line-height: \(Layout.note)px; font-size: 12px; white-space: nowrap; \
            overflow: hidden; text-overflow: ellipsis; }
            footer { height: \(Layout.footer)px; line-height: \(Layout.footer)px; font-size: 11px; color: \(muted); }
            @media print {
              .page { width: auto; padding: 0; }
              section.chart { height: auto !important; break-inside: avoid; page-break-inside: avoid; }
              .defs { height: auto !important; }
              .meta, .def, .note, .defs li { height: auto; white-space: normal; }
              svg { width: 100%; height: auto; max-width: \(Layout.column)px; }
              @page { margin: 12mm; }
            }

            """
    }
}
