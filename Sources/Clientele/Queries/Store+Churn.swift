import LMDBKit

extension StoreReader {
    /// Churn per month. For each month M: the *base* is the customers with a purchase in the `windowMonths` months
    /// before M (M−window … M−1); *retained* are those of the base with a purchase in M; churn rate =
    /// (base − retained) / base. Months run from the first month with a full window to the month of `asOf`
    /// (now by default). Reads every purchase once.
    /// - Throws: `ClienteleError.invalidInput` for a window below 1; `.corrupted`; `.storage`.
    public func churn(windowMonths: Int = 3, asOf: Instant? = nil) throws -> [MonthlyChurn] {
        guard windowMonths >= 1, windowMonths <= 120 else {
            throw ClienteleError.invalidInput(field: "window", reason: "must be 1...120 months")
        }
        let lastMonth = day(of: asOf ?? .now).month
        do {
            var base: [Month: Int] = [:], retained: [Month: Int] = [:]
            var first: Month?
            var current: UInt64?
            var months = Set<Month>()
            func flush() {
                for month in months {
                    // Every month M for which `month` lies in M's window: M in month+1 … month+window.
                    for step in 1...windowMonths {
                        let target = month.advanced(by: step)
                        guard target <= lastMonth else { break }
                        // Count the customer once per target month, from its latest window month.
                        let isLatest = (1..<step).allSatisfy { !months.contains(target.advanced(by: -$0)) }
                        guard isLatest else { continue }
                        base[target, default: 0] += 1
                        if months.contains(target) { retained[target, default: 0] += 1 }
                    }
                }
                months.removeAll(keepingCapacity: true)
            }
            try schema.purchases.scan(in: self.txn) { key, purchase in
                if key.0 != current {
                    flush()
                    current = key.0
                }
                guard !purchase.isRefund, key.1 <= (asOf ?? .now).microseconds else { return true }
                let month = day(of: Instant(microseconds: key.1)).month
                months.insert(month)
                if first.map({ month < $0 }) ?? true { first = month }
                return true
            }
            flush()
            guard let first else { return [] }
            let start = first.advanced(by: windowMonths)
            guard start <= lastMonth else { return [] }
            return (start...lastMonth).map { month in
                let b = base[month] ?? 0, r = retained[month] ?? 0
                return MonthlyChurn(month: month, base: b, retained: r, churned: b - r,
                                    rate: b > 0 ? Double(b - r) / Double(b) : 0)
            }
        }
    }
}
