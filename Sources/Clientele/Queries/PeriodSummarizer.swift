/// Folds one customer's purchase lines (in time order) into its BTYD summary for a period unit.
struct PeriodSummarizer {
    let period: Period
    let multiplier: Double
    let scale: Double
    let endIndex: Int
    let calibrationIndex: Int?
    let endDay: Day
    let calibrationDay: Day?
    let utcOffsetSeconds: Int32

    /// The summary of `lines` (purchases only; refunds are ignored), or `nil` when the customer made no purchase
    /// by the (calibration) end.
    func summarize(_ lines: [HistoryLine], customerID: String) -> SummaryRow? {
        let cutoff = calibrationDay ?? endDay
        var periods: [(index: Int, sum: Int64)] = []
        var holdoutPeriods = Set<Int>()
        var holdoutSum: Int64 = 0
        var holdoutLines = 0
        for line in lines where !line.purchase.isRefund {
            let day = Day(line.occurredAt, utcOffsetSeconds: utcOffsetSeconds)
            let amount = line.purchase.amount.minorUnits
            if day <= cutoff {
                let index = period.index(of: day)
                if let last = periods.last, last.index == index {
                    periods[periods.count - 1].sum = last.sum &+ amount
                } else if let position = periods.firstIndex(where: { $0.index == index }) {
                    periods[position].sum = periods[position].sum &+ amount
                } else {
                    periods.append((index, amount))
                }
            } else if calibrationDay != nil, day <= endDay {
                holdoutPeriods.insert(period.index(of: day))
                holdoutSum = holdoutSum &+ amount
                holdoutLines += 1
            }
        }
        guard !periods.isEmpty else { return nil }
        periods.sort { $0.index < $1.index }
        let first = periods[0].index
        let last = periods[periods.count - 1].index
        let x = periods.count - 1
        let repeatSum = periods.dropFirst().reduce(Int64(0)) { $0 &+ $1.sum }
        let ageEnd = calibrationIndex ?? endIndex
        var row = SummaryRow(
            customerID: customerID, frequency: x, recency: Double(last - first) / multiplier,
            T: Double(ageEnd - first) / multiplier,
            monetaryValue: x > 0 ? Double(repeatSum) / Double(x) / scale : 0)
        if let calibrationIndex {
            row.frequencyHoldout = holdoutPeriods.count
            row.monetaryValueHoldout = holdoutLines > 0 ? Double(holdoutSum) / Double(holdoutLines) / scale : 0
            row.durationHoldout = Double(endIndex - calibrationIndex) / multiplier
        }
        return row
    }
}
