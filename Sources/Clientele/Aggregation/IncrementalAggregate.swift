/// What one in-order line adds to the rollups: at most one cell of each rollup table. It holds exactly the cells
/// that `Contribution` differences would hold for the line (zero-valued cells included), so applying it reads and
/// writes the same cells.
struct LineDelta: Sendable, Equatable {
    var day: Day
    var daily: DailyTotals
    var cohort: (index: Contribution.CohortIndex, cell: CohortCell)?
    var transition: Contribution.TransitionIndex?
    var entry: (category: UInt32, cell: EntryCell)?
    var categoryMonth: (index: Contribution.CategoryMonthIndex, cell: CategoryMonthCell)

    static func == (a: LineDelta, b: LineDelta) -> Bool {
        a.day == b.day && a.daily == b.daily && a.cohort?.index == b.cohort?.index && a.cohort?.cell == b.cohort?.cell
            && a.transition == b.transition && a.entry?.category == b.entry?.category && a.entry?.cell == b.entry?.cell
            && a.categoryMonth.index == b.categoryMonth.index && a.categoryMonth.cell == b.categoryMonth.cell
    }

    /// The same change as a `Contribution` (for tests and the general path).
    var contribution: Contribution {
        var result = Contribution()
        result.daily[day] = daily
        if let cohort { result.cohorts[cohort.index] = cohort.cell }
        if let transition { result.transitions[transition] = 1 }
        if let entry { result.entry[entry.category] = entry.cell }
        result.categoryMonths[categoryMonth.index] = categoryMonth.cell
        return result
    }
}

/// The O(1) write path: how one new line changes a customer's aggregate and rollup contribution, computed from the
/// stored aggregate alone. It must agree with `CustomerHistory.derive` on the whole history; when the line does not
/// arrive in time order it returns `nil` and the caller re-derives.
enum IncrementalAggregate {
    /// - Parameter day: the line's day in the store's time zone (the caller has it for the day index).
    static func append(
        _ line: HistoryLine, on day: Day, to old: CustomerStats?
    ) throws(ClienteleError) -> (stats: CustomerStats, delta: LineDelta)? {
        let month = day.month
        let amount = line.purchase.amount.minorUnits
        var stats = old ?? CustomerStats()
        var categoryCell = CategoryMonthCell()
        categoryCell.revenue = amount
        categoryCell.orders = line.purchase.isRefund ? 0 : 1
        var delta = LineDelta(
            day: day, daily: DailyTotals(), cohort: nil, transition: nil, entry: nil,
            categoryMonth: (.init(category: line.purchase.categoryID, month: month), categoryCell))
        if line.purchase.isRefund {
            let magnitude = try checkedSubtract(0, amount, field: "refund")
            delta.daily.refunds = magnitude
            delta.daily.refundCount = 1
            stats.refundCount += 1
            stats.refundTotal = Money(minorUnits: try checkedAdd(stats.refundTotal.minorUnits, magnitude, field: "refunds"))
            if stats.hasPurchases {
                var cell = CohortCell()
                cell.revenue = amount
                delta.cohort = (.init(cohort: stats.firstDay.month, month: month), cell)
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
            delta.daily.revenue = amount
            delta.daily.orders = 1
            delta.daily.newCustomers = 1
            var cell = CohortCell()
            cell.activeCustomers = 1
            cell.revenue = amount
            delta.cohort = (.init(cohort: month, month: month), cell)
            var entry = EntryCell()
            entry.customers = 1
            delta.entry = (line.purchase.categoryID, entry)
            return (stats, delta)
        }

        guard line.occurredAt >= stats.lastPurchase, day >= stats.lastDay else { return nil }
        delta.daily.revenue = amount
        delta.daily.orders = 1
        var cohortCell = CohortCell()
        cohortCell.revenue = amount
        if day != stats.lastDay {
            let gap = Int64(day.rawValue) - Int64(stats.lastDay.rawValue)
            stats.gapSquareSum = try checkedAdd(stats.gapSquareSum, gap * gap, field: "gap squares")
            if month != stats.lastDay.month { cohortCell.activeCustomers = 1 }
            stats.previousOccasionDay = stats.lastDay
            stats.lastDay = day
            stats.occasions += 1
            delta.daily.returningCustomers = 1
            if stats.occasions == 2 {
                var entry = EntryCell()
                entry.converted = 1
                delta.entry = (stats.firstCategory, entry)
            }
        } else if day == stats.firstDay {
            stats.firstDayRevenue = try stats.firstDayRevenue.adding(line.purchase.amount, field: "revenue")
        }
        delta.cohort = (.init(cohort: stats.firstDay.month, month: month), cohortCell)
        delta.transition = .init(from: stats.lastCategory, to: line.purchase.categoryID)
        stats.orders += 1
        stats.lastPurchase = line.occurredAt
        stats.grossRevenue = try stats.grossRevenue.adding(line.purchase.amount, field: "revenue")
        stats.largestOrder = max(stats.largestOrder, line.purchase.amount)
        stats.lastCategory = line.purchase.categoryID
        _ = try checkedSubtract(stats.grossRevenue.minorUnits, stats.refundTotal.minorUnits, field: "net monetary")
        return (stats, delta)
    }
}
