/// The time unit of a BTYD/RFM summary (the unit of t_x, T, α and every horizon), as pandas periods in lifetimes'
/// `summary_data_from_transaction_data`, and its periods per month. `Clientele` adds `index(of:)`, the period a day
/// falls in.
///
/// Two conventions are offered because they differ: lifetimes 0.11.3 (`customer_lifetime_value`, `freq`) uses
/// 30 days and 4.345 weeks per month — a 360-day year for days but a 365-day year for weeks.
/// ``periodsPerMonth`` instead uses the mean Gregorian month, 365.25/12 = 30.4375 days, consistently.
/// CLV functions take `periodsPerMonth` explicitly; pass ``lifetimesPeriodsPerMonth`` to reproduce lifetimes.
public enum Period: String, Sendable, Hashable, CaseIterable, Codable {
    /// Calendar days (`D`, lifetimes' default).
    case day
    /// Weeks ending on Sunday, starting on Monday (`W`, pandas' `W-SUN`; the CDNOW summary's unit).
    case week
    /// Calendar months (`M`).
    case month

    /// Periods per mean Gregorian month (365.25/12 days): 30.4375 d, 4.348214… w, 1 m.
    public var periodsPerMonth: Double {
        switch self {
        case .day: return 30.4375
        case .week: return 30.4375 / 7
        case .month: return 1
        }
    }

    /// lifetimes 0.11.3's factors: D 30, W 4.345, M 1.
    public var lifetimesPeriodsPerMonth: Double {
        switch self {
        case .day: return 30
        case .week: return 4.345
        case .month: return 1
        }
    }
}
