/// Folds one customer's purchase lines (in time order) into its BTYD summary for a period unit, with lifetimes'
/// exact selection rules:
///
/// * without a calibration split (`summary_data_from_transaction_data`), every purchase is floored to its period and
///   kept when that period is not after the observation end's period (so with weeks or months, purchases later in
///   the end's own period count, as they do in lifetimes);
/// * with a split (`calibration_and_holdout_data`), the rows are split on the instants themselves: calibration rows
///   are those at or before `calibrationEnd`, holdout rows those after it and at or before `observationEnd`; ages are
///   still measured in whole periods (`T` to the calibration end's period, `duration_holdout` between the two ends'
///   periods).
struct PeriodSummarizer {
    let period: Period
    let multiplier: Double
    let scale: Double
    /// The observation end and the index of its period.
    let observationEnd: Instant
    let endIndex: Int
    /// The calibration end and the index of its period, for a calibration/holdout split.
    let calibrationEnd: Instant?
    let calibrationIndex: Int?
    let calendar: DayCalendar

    init(period: Period, multiplier: Double, currencyScale: Int, observationEnd: Instant, calibrationEnd: Instant?,
         calendar: DayCalendar) {
        var scale = 1.0
        for _ in 0..<currencyScale { scale *= 10 }
        self.period = period
        self.multiplier = multiplier
        self.scale = scale
        self.observationEnd = observationEnd
        self.calibrationEnd = calibrationEnd
        self.calendar = calendar
        endIndex = period.index(of: calendar.day(of: observationEnd))
        calibrationIndex = calibrationEnd.map { period.index(of: calendar.day(of: $0)) }
    }

    /// The summary of `lines` (purchases only; refunds are ignored), or `nil` when the customer made no purchase
    /// by the (calibration) end.
    func summarize(_ lines: [HistoryLine], externalID: String) -> SummaryRow? {
        var periods: [(index: Int, sum: Int64)] = []
        var holdoutPeriods = Set<Int>()
        var holdoutSum: Int64 = 0
        var holdoutLines = 0
        for line in lines where !line.purchase.isRefund {
            let index = period.index(of: calendar.day(of: line.occurredAt))
            let amount = line.purchase.amount.minorUnits
            let inCalibration = calibrationEnd.map { line.occurredAt <= $0 } ?? (index <= endIndex)
            if inCalibration {
                if let last = periods.last, last.index == index {
                    periods[periods.count - 1].sum = last.sum &+ amount
                } else if let position = periods.firstIndex(where: { $0.index == index }) {
                    periods[position].sum = periods[position].sum &+ amount
                } else {
                    periods.append((index, amount))
                }
            } else if calibrationEnd != nil, line.occurredAt <= observationEnd {
                holdoutPeriods.insert(index)
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
            externalID: externalID, frequency: x, recency: Double(last - first) / multiplier,
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
