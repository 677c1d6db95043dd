/// The time unit of a BTYD summary, as pandas periods in lifetimes' `summary_data_from_transaction_data`.
public enum Period: String, Sendable, Hashable, CaseIterable, Codable {
    /// Calendar days (`D`).
    case day
    /// Weeks ending on Sunday, starting on Monday (`W`, pandas' `W-SUN`).
    case week
    /// Calendar months (`M`).
    case month

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
