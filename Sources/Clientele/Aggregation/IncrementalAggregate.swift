/// The O(1) write path: how one new line changes a customer's aggregate and rollup contribution, computed from the
/// stored aggregate alone. It must agree with `CustomerHistory.derive` on the whole history; when the line does not
/// arrive in time order it returns `nil` and the caller re-derives.
enum IncrementalAggregate {
    static func append(
        _ line: HistoryLine, to old: CustomerStats?, utcOffsetSeconds: Int32
    ) throws(ClienteleError) -> (stats: CustomerStats, delta: Contribution)? {
        let day = Day(line.occurredAt, utcOffsetSeconds: utcOffsetSeconds)
        let amount = line.purchase.amount.minorUnits
        var stats = old ?? CustomerStats()
        var delta = Contribution()
        try delta.addCategoryMonth(line, month: day.month)
        if line.purchase.isRefund {
            let magnitude = try checkedSubtract(0, amount, field: "refund")
            var totals = DailyTotals()
            totals.refunds = magnitude
            totals.refundCount = 1
            delta.daily[day] = totals
            stats.refundCount += 1
            stats.refundTotal = Money(minorUnits: try checkedAdd(stats.refundTotal.minorUnits, magnitude, field: "refunds"))
            if stats.hasPurchases {
                var cell = CohortCell()
                cell.revenue = amount
                delta.cohorts[.init(cohort: stats.firstDay.month, month: day.month)] = cell
            }
            _ = try checkedSubtract(stats.grossRevenue.minorUnits, stats.refundTotal.minorUnits, field: "net monetary")
            return (stats, delta)
        }

        if !stats.hasPurchases {
            // Earlier refunds would need the cohort that this first purchase defines: re-derive.
            guard stats.refundCount == 0 else { return nil }
            stats.orders = 1
            stats.occasions = 1
            stats.firstPurchase = line.occurredAt
            stats.lastPurchase = line.occurredAt
            stats.firstDay = day
            stats.lastDay = day
            stats.previousOccasionDay = day
            stats.grossRevenue = line.purchase.amount
            stats.firstDayRevenue = line.purchase.amount
            stats.largestOrder = line.purchase.amount
            stats.firstCategory = line.purchase.categoryID
            stats.lastCategory = line.purchase.categoryID
            var totals = DailyTotals()
            totals.revenue = amount
            totals.orders = 1
            totals.newCustomers = 1
            delta.daily[day] = totals
            var cell = CohortCell()
            cell.activeCustomers = 1
            cell.revenue = amount
            delta.cohorts[.init(cohort: day.month, month: day.month)] = cell
            var entry = EntryCell()
            entry.customers = 1
            delta.entry[line.purchase.categoryID] = entry
            return (stats, delta)
        }

        guard line.occurredAt >= stats.lastPurchase, day >= stats.lastDay else { return nil }
        var totals = DailyTotals()
        totals.revenue = amount
        totals.orders = 1
        var cohortCell = CohortCell()
        cohortCell.revenue = amount
        if day != stats.lastDay {
            let gap = Int64(day.rawValue) - Int64(stats.lastDay.rawValue)
            stats.gapSquareSum = try checkedAdd(stats.gapSquareSum, gap * gap, field: "gap squares")
            if day.month != stats.lastDay.month { cohortCell.activeCustomers = 1 }
            stats.previousOccasionDay = stats.lastDay
            stats.lastDay = day
            stats.occasions += 1
            totals.returningCustomers = 1
            if stats.occasions == 2 {
                var entry = EntryCell()
                entry.converted = 1
                delta.entry[stats.firstCategory] = entry
            }
        } else if day == stats.firstDay {
            stats.firstDayRevenue = try stats.firstDayRevenue.adding(line.purchase.amount, field: "revenue")
        }
        delta.daily[day] = totals
        delta.cohorts[.init(cohort: stats.firstDay.month, month: day.month)] = cohortCell
        delta.transitions[.init(from: stats.lastCategory, to: line.purchase.categoryID)] = 1
        stats.orders += 1
        stats.lastPurchase = line.occurredAt
        stats.grossRevenue = try stats.grossRevenue.adding(line.purchase.amount, field: "revenue")
        stats.largestOrder = max(stats.largestOrder, line.purchase.amount)
        stats.lastCategory = line.purchase.categoryID
        _ = try checkedSubtract(stats.grossRevenue.minorUnits, stats.refundTotal.minorUnits, field: "net monetary")
        return (stats, delta)
    }
}
