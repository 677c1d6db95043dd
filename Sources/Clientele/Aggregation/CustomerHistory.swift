import LMDBKit

/// One stored line of a customer's history, in key order (time, then sequence).
struct HistoryLine: Sendable, Hashable {
    var occurredAt: Instant
    var sequence: UInt64
    var purchase: StoredPurchase
}

/// Derives a customer's aggregate and rollup contribution from its whole history. This is the definition the
/// incremental write path must agree with; `verify` and out-of-order writes use it directly.
enum CustomerHistory {
    /// Every line of a customer's history in key order (time, then sequence): the customer's contiguous range of
    /// the `purchases` table.
    static func lines(of id: CustomerID, schema: Schema, txn: ReadTxn) throws -> [HistoryLine] {
        var lines: [HistoryLine] = []
        try schema.purchases.scan(in: txn, over: .prefix(try PurchaseKey.prefix(id.rawValue))) { key, purchase in
            lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
            return true
        }
        return lines
    }

    /// One pass over the whole `purchases` table, calling `body` once per customer with that customer's lines in key
    /// order (only lines at or before `through`, in µs, when given; customers left with no line are skipped).
    /// - Throws: `LMDBError`/`ClienteleError` from the scan; whatever `body` throws.
    static func forEachCustomer(
        schema: Schema, txn: ReadTxn, through: Int64? = nil,
        _ body: (_ customer: UInt64, _ lines: [HistoryLine]) throws -> Void
    ) throws {
        var current: UInt64?
        var lines: [HistoryLine] = []
        func flush() throws {
            guard let current, !lines.isEmpty else { return }
            try body(current, lines)
        }
        try schema.purchases.scan(in: txn) { key, purchase in
            if key.0 != current {
                try flush()
                current = key.0
                lines.removeAll(keepingCapacity: true)
            }
            if through.map({ key.1 <= $0 }) ?? true {
                lines.append(HistoryLine(occurredAt: Instant(microseconds: key.1), sequence: key.2, purchase: purchase))
            }
            return true
        }
        try flush()
    }

    /// The aggregate (`nil` when there are no lines) and contribution of `lines`, which must be in key order.
    static func derive(
        _ lines: [HistoryLine], calendar: DayCalendar
    ) throws(ClienteleError) -> (stats: CustomerStats?, contribution: Contribution) {
        guard !lines.isEmpty else { return (nil, Contribution()) }
        var stats = CustomerStats()
        var contribution = Contribution()
        var previousCategory: UInt32?
        var activeMonths = Set<Month>()
        for line in lines where !line.purchase.isRefund {
            let day = calendar.day(of: line.occurredAt)
            let amount = line.purchase.amount.minorUnits
            var totals = contribution.daily[day] ?? DailyTotals()
            totals.revenue = try checkedAdd(totals.revenue, amount, field: "daily revenue")
            totals.orders += 1
            if stats.orders == 0 {
                stats.firstPurchase = line.occurredAt
                stats.firstDay = day
                stats.lastDay = day
                stats.previousOccasionDay = day
                stats.occasions = 1
                stats.firstCategory = line.purchase.categoryID
                totals.newCustomers = 1
            } else if day != stats.lastDay {
                let gap = Int64(day.rawValue) - Int64(stats.lastDay.rawValue)
                stats.gapSquareSum = try checkedAdd(stats.gapSquareSum, gap * gap, field: "gap squares")
                stats.previousOccasionDay = stats.lastDay
                stats.lastDay = day
                stats.occasions += 1
                totals.returningCustomers = 1
            }
            if day == stats.firstDay {
                stats.firstDayRevenue = try stats.firstDayRevenue.adding(line.purchase.amount, field: "revenue")
            }
            contribution.daily[day] = totals
            stats.orders += 1
            stats.lastPurchase = line.occurredAt
            stats.grossRevenue = try stats.grossRevenue.adding(line.purchase.amount, field: "revenue")
            stats.largestOrder = max(stats.largestOrder, line.purchase.amount)
            stats.lastCategory = line.purchase.categoryID
            if let previousCategory {
                let key = Contribution.TransitionIndex(from: previousCategory, to: line.purchase.categoryID)
                contribution.transitions[key, default: 0] += 1
            }
            previousCategory = line.purchase.categoryID
            activeMonths.insert(day.month)
        }
        for line in lines where line.purchase.isRefund {
            let day = calendar.day(of: line.occurredAt)
            let magnitude = try checkedSubtract(0, line.purchase.amount.minorUnits, field: "refund")
            var totals = contribution.daily[day] ?? DailyTotals()
            totals.refunds = try checkedAdd(totals.refunds, magnitude, field: "daily refunds")
            totals.refundCount += 1
            contribution.daily[day] = totals
            stats.refundCount += 1
            stats.refundTotal = Money(minorUnits: try checkedAdd(stats.refundTotal.minorUnits, magnitude,
                                                                 field: "refunds"))
        }
        for line in lines {
            try contribution.addCategoryMonth(line, month: calendar.day(of: line.occurredAt).month)
        }
        if stats.orders > 0 {
            let cohort = stats.firstDay.month
            for month in activeMonths {
                contribution.cohorts[.init(cohort: cohort, month: month), default: CohortCell()].activeCustomers = 1
            }
            for line in lines {
                let month = calendar.day(of: line.occurredAt).month
                let key = Contribution.CohortIndex(cohort: cohort, month: month)
                var cell = contribution.cohorts[key] ?? CohortCell()
                cell.revenue = try checkedAdd(cell.revenue, line.purchase.amount.minorUnits, field: "cohort revenue")
                contribution.cohorts[key] = cell.isZero ? nil : cell
            }
            var entry = EntryCell()
            entry.customers = 1
            entry.converted = stats.occasions >= 2 ? 1 : 0
            contribution.entry[stats.firstCategory] = entry
        }
        _ = try checkedSubtract(stats.grossRevenue.minorUnits, stats.refundTotal.minorUnits, field: "net monetary")
        return (stats, contribution)
    }
}
