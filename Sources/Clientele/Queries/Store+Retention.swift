import LMDBKit

extension StoreReader {
    /// The cohort retention matrix (counts, shares, revenue), from the `cohorts` rollup.
    /// - Throws: `.corrupted`, `.storage`.
    public func cohortMatrix() throws -> [CohortRow] {
        do {
            var rows: [CohortRow] = []
            try schema.cohorts.scan(in: self.txn) { key, cell in
                let cohort = Month(rawValue: key.0), month = Month(rawValue: key.1)
                if rows.last?.cohort != cohort { rows.append(CohortRow(cohort: cohort, size: 0, cells: [])) }
                if month == cohort { rows[rows.count - 1].size = Int(cell.activeCustomers) }
                rows[rows.count - 1].cells.append(CohortRow.Cell(
                    month: month, offset: cohort.distance(to: month), activeCustomers: Int(cell.activeCustomers),
                    share: 0, revenue: Money(minorUnits: cell.revenue)))
                return true
            }
            for row in rows.indices {
                let size = rows[row].size
                for cell in rows[row].cells.indices {
                    rows[row].cells[cell].share = size > 0 ? Double(rows[row].cells[cell].activeCustomers) / Double(size) : 0
                }
            }
            return rows
        }
    }

    /// New→repeat conversion: customers with a second occasion, overall, by first-purchase month (reads every
    /// aggregate) and by the category of the first purchase (reads the `entry` rollup).
    /// - Throws: `.corrupted`, `.storage`.
    public func conversion() throws -> ConversionReport {
        do {
            var byCohort: [Month: (Int, Int)] = [:]
            try schema.stats.scan(in: self.txn) { _, stats in
                guard stats.hasPurchases else { return true }
                var cell = byCohort[stats.firstDay.month] ?? (0, 0)
                cell.0 += 1
                cell.1 += stats.occasions >= 2 ? 1 : 0
                byCohort[stats.firstDay.month] = cell
                return true
            }
            func row(_ key: String, _ customers: Int, _ converted: Int) -> ConversionRow {
                ConversionRow(key: key, customers: customers, converted: converted,
                              rate: customers > 0 ? Double(converted) / Double(customers) : 0)
            }
            var entries: [ConversionRow] = []
            try schema.entry.scan(in: self.txn) { category, cell in
                entries.append(row(try self.categoryName(category) ?? "(none)", Int(cell.customers), Int(cell.converted)))
                return true
            }
            let total = byCohort.values.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            return ConversionReport(
                overall: row("all", total.0, total.1),
                byCohort: byCohort.sorted { $0.key < $1.key }.map { row("\($0.key)", $0.value.0, $0.value.1) },
                byEntryCategory: entries.sorted { ($0.rate, $0.key) < ($1.rate, $1.key) })
        }
    }

    /// The average check (purchase revenue / purchases) per month from the `daily` rollup, with the change from
    /// month to month, a least-squares trend, and the month's refunds. Months without purchases are left out.
    /// - Throws: `.corrupted`, `.storage`.
    public func averageCheckByMonth() throws -> AverageCheckReport {
        do {
            var months: [Month: (orders: Int64, revenue: Int64, refunds: Int64, refunded: Int64)] = [:]
            try schema.daily.scan(in: self.txn) { day, totals in
                let month = Day(rawValue: day).month
                var cell = months[month] ?? (0, 0, 0, 0)
                cell.orders += totals.orders
                cell.revenue &+= totals.revenue
                cell.refunds &+= totals.refundCount
                cell.refunded &+= totals.refunds
                months[month] = cell
                return true
            }
            var rows: [MonthlyCheck] = []
            for month in months.keys.sorted() {
                guard let cell = months[month], cell.orders > 0 else { continue }
                let check = cell.revenue / cell.orders
                let change = rows.last.map { $0.averageCheck.minorUnits == 0 ? 0 : Double(check) / Double($0.averageCheck.minorUnits) - 1 }
                rows.append(MonthlyCheck(month: month, orders: Int(cell.orders), revenue: Money(minorUnits: cell.revenue),
                                         averageCheck: Money(minorUnits: check), change: change,
                                         refunds: Int(clamping: cell.refunds), refunded: Money(minorUnits: cell.refunded)))
            }
            return AverageCheckReport(months: rows, trendPerMonth: Self.slope(rows.map {
                (Double($0.month.rawValue), Double($0.averageCheck.minorUnits))
            }))
        }
    }

    static func slope(_ points: [(Double, Double)]) -> Double? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.0 } / n
        let meanY = points.reduce(0) { $0 + $1.1 } / n
        let sxx = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        guard sxx > 0 else { return nil }
        return points.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) } / sxx
    }

    /// Net revenue and purchases per category and month (seasonality), from the `category_months` rollup.
    /// - Throws: `.corrupted`, `.storage`.
    public func categoryMonths() throws -> [CategoryMonthRow] {
        do {
            var rows: [CategoryMonthRow] = []
            try schema.categoryMonths.scan(in: self.txn) { key, cell in
                rows.append(CategoryMonthRow(category: try self.categoryName(key.0), month: Month(rawValue: key.1),
                                             revenue: Money(minorUnits: cell.revenue), orders: Int(cell.orders)))
                return true
            }
            return rows
        }
    }

    /// What customers bought next after a purchase in `category` (nil: purchases without a category), most common
    /// first, from the `transitions` rollup. Unknown categories give an empty list.
    /// - Throws: `.corrupted`, `.storage`.
    public func nextPurchase(after category: String?) throws -> [NextPurchaseShare] {
        do {
            let from: UInt32
            if let category {
                guard let id = try self.categoryID(category) else { return [] }
                from = id
            } else {
                from = 0
            }
            var counts: [(UInt32, Int)] = []
            try schema.transitions.scan(in: self.txn, over: .prefix(try TransitionKey.prefix(from))) { key, count in
                counts.append((key.1, Int(clamping: count)))
                return true
            }
            let total = counts.reduce(0) { $0 + $1.1 }
            return try counts.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map { id, count in
                NextPurchaseShare(category: try self.categoryName(id), count: count,
                                  share: total > 0 ? Double(count) / Double(total) : 0)
            }
        }
    }

    /// Exit analysis: the last purchase categories of lapsed and lost customers against those of the others, as of
    /// now (reads every aggregate).
    /// - Throws: `.corrupted`, `.storage`.
    public func exitAnalysis(status rules: StatusRules = StatusRules()) throws -> [ExitRow] {
        do {
            let today = day(of: .now)
            var left: [UInt32: Int] = [:], staying: [UInt32: Int] = [:]
            try schema.stats.scan(in: self.txn) { _, stats in
                guard stats.hasPurchases else { return true }
                let figures = CustomerRFM.figures(stats, asOfDay: today)
                let status = rules.status(daysSinceLast: figures.daysSince, daysSinceFirst: figures.daysFirst,
                                          occasions: Int(stats.occasions), usualGapDays: figures.meanGap)
                if status == .lapsed || status == .lost { left[stats.lastCategory, default: 0] += 1 } else {
                    staying[stats.lastCategory, default: 0] += 1
                }
                return true
            }
            let leftTotal = left.values.reduce(0, +), stayingTotal = staying.values.reduce(0, +)
            return try Set(left.keys).union(staying.keys).sorted().map { id in
                ExitRow(category: try self.categoryName(id), leftCustomers: left[id] ?? 0,
                        leftShare: leftTotal > 0 ? Double(left[id] ?? 0) / Double(leftTotal) : 0,
                        stayingCustomers: staying[id] ?? 0,
                        stayingShare: stayingTotal > 0 ? Double(staying[id] ?? 0) / Double(stayingTotal) : 0)
            }.sorted { $0.leftShare - $0.stayingShare > $1.leftShare - $1.stayingShare }
        }
    }
}
