import Clientele

/// The demo's compact report over a store.
struct DemoReport {
    let store: Store

    func print() throws {
        let scale = store.currencyScale
        section("Segments")
        var segments = OutputTable(["segment", "customers", "share", "revenue share"])
        for row in try store.segmentSummary() where row.customers > 0 {
            segments.append([.text(row.name), .int(row.customers), .share(row.share), .share(row.revenueShare)])
        }
        segments.print(.table, raw: false)

        section("Lifecycle status")
        var counts: [CustomerStatus: Int] = [:]
        for row in try store.rfmTable() { counts[row.status, default: 0] += 1 }
        let total = max(1, counts.values.reduce(0, +))
        var status = OutputTable(["status", "customers", "share"])
        for value in CustomerStatus.allCases {
            let count = counts[value] ?? 0
            status.append([.text(value.rawValue), .int(count), .share(Double(count) / Double(total))])
        }
        status.print(.table, raw: false)

        section("New -> repeat conversion")
        let conversion = try store.conversion()
        Console.out.line(
            "\(Format.grouped(conversion.overall.converted)) of \(Format.grouped(conversion.overall.customers)) "
                + "first-time buyers came back (\(Format.percent(conversion.overall.rate)))")
        Console.out.line("by the category of the first purchase (the 3 lowest and 3 highest rates):")
        var entry = OutputTable(["entry category", "customers", "converted", "rate"])
        for row in conversion.byEntryCategory.prefix(3) + conversion.byEntryCategory.suffix(
            max(0, min(3, conversion.byEntryCategory.count - 3)))
        {
            entry.append([.text(row.key), .int(row.customers), .int(row.converted), .share(row.rate)])
        }
        entry.print(.table, raw: false)

        section("Average check by month (last 12)")
        let checks = try store.averageCheckByMonth()
        var months = OutputTable(["month", "orders", "revenue", "average check", "change"])
        for row in checks.months.suffix(12) {
            months.append([
                .text(row.month.description), .int(row.orders), .money(row.revenue, scale: scale),
                .money(row.averageCheck, scale: scale), row.change.map { .share($0) } ?? .null,
            ])
        }
        months.print(.table, raw: false)
        if let trend = checks.trendPerMonth {
            var factor = 1.0
            for _ in 0..<scale { factor *= 10 }
            Console.out.line("trend: \(Format.fixed(trend / factor, places: 2)) per month")
        }

        section("Top categories and what follows them")
        var revenue: [String: Int64] = [:]
        for cell in try store.categoryMonths() {
            revenue[cell.category ?? "(none)", default: 0] &+= cell.revenue.minorUnits
        }
        var categories = OutputTable(["category", "revenue", "next (share)"])
        for (name, minor) in revenue.sorted(by: { $0.value > $1.value }).prefix(5) {
            let next = try store.nextPurchase(after: name == "(none)" ? nil : name).prefix(3)
                .map { "\($0.category ?? "(none)") \(Format.percent($0.share))" }.joined(separator: ", ")
            categories.append([.text(name), .money(Money(minorUnits: minor), scale: scale), .text(next)])
        }
        categories.print(.table, raw: false)
    }

    private func section(_ title: String) {
        Console.out.line()
        Console.out.line(title)
    }
}
