/// What one customer adds to the global rollups: its part of the daily totals, the cohort matrix, the category
/// transitions and the entry-category table. Rollups are the sum of every customer's contribution, so a change to
/// one customer is applied as (new contribution − old contribution).
struct Contribution: Sendable, Equatable {
    var daily: [Day: DailyTotals] = [:]
    var cohorts: [CohortIndex: CohortCell] = [:]
    var transitions: [TransitionIndex: Int64] = [:]
    var entry: [UInt32: EntryCell] = [:]
    var categoryMonths: [CategoryMonthIndex: CategoryMonthCell] = [:]

    struct CohortIndex: Hashable, Sendable, Comparable {
        var cohort: Month
        var month: Month
        static func < (a: Self, b: Self) -> Bool { (a.cohort, a.month) < (b.cohort, b.month) }
    }

    struct CategoryMonthIndex: Hashable, Sendable, Comparable {
        var category: UInt32
        var month: Month
        static func < (a: Self, b: Self) -> Bool { (a.category, a.month) < (b.category, b.month) }
    }

    struct TransitionIndex: Hashable, Sendable, Comparable {
        var from: UInt32
        var to: UInt32
        static func < (a: Self, b: Self) -> Bool { (a.from, a.to) < (b.from, b.to) }
    }

    var isEmpty: Bool { daily.isEmpty && cohorts.isEmpty && transitions.isEmpty && entry.isEmpty && categoryMonths.isEmpty }

    /// Adds `other` times `sign` (+1 or −1), dropping cells that become zero.
    mutating func add(_ other: Contribution, sign: Int64) throws(ClienteleError) {
        for (day, totals) in other.daily {
            var cell = daily[day] ?? DailyTotals()
            try cell.add(totals, sign: sign)
            daily[day] = cell.isZero ? nil : cell
        }
        for (key, value) in other.cohorts {
            var cell = cohorts[key] ?? CohortCell()
            cell.activeCustomers += value.activeCustomers * sign
            cell.revenue = try checkedAdd(cell.revenue, try checkedMultiply(value.revenue, sign, field: "cohort revenue"),
                                          field: "cohort revenue")
            cohorts[key] = cell.isZero ? nil : cell
        }
        for (key, count) in other.transitions {
            let total = (transitions[key] ?? 0) + count * sign
            transitions[key] = total == 0 ? nil : total
        }
        for (category, value) in other.entry {
            var cell = entry[category] ?? EntryCell()
            cell.customers += value.customers * sign
            cell.converted += value.converted * sign
            entry[category] = cell.isZero ? nil : cell
        }
        for (key, value) in other.categoryMonths {
            var cell = categoryMonths[key] ?? CategoryMonthCell()
            try cell.add(value, sign: sign)
            categoryMonths[key] = cell.isZero ? nil : cell
        }
    }

    /// Adds one line's share of the category × month rollup.
    mutating func addCategoryMonth(_ line: HistoryLine, month: Month) throws(ClienteleError) {
        let key = CategoryMonthIndex(category: line.purchase.categoryID, month: month)
        var cell = categoryMonths[key] ?? CategoryMonthCell()
        var one = CategoryMonthCell()
        one.revenue = line.purchase.amount.minorUnits
        one.orders = line.purchase.isRefund ? 0 : 1
        try cell.add(one, sign: 1)
        categoryMonths[key] = cell.isZero ? nil : cell
    }
}
