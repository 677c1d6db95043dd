import ClientelePredict

// `Period` (day, week, month) is ClientelePredict's, re-exported by Clientele; here: the period a day falls in.
extension Period {
    /// The index of the period `day` falls in; differences of indices are durations in this unit.
    public func index(of day: Day) -> Int {
        switch self {
        case .day: return Int(day.rawValue)
        case .week:
            // 1970-01-01 was a Thursday; Monday 1969-12-29 is day −3.
            let shifted = Int(day.rawValue) + 3
            return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7
        case .month: return Int(day.month.rawValue)
        }
    }
}
