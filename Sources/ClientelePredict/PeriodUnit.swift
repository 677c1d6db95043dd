/// The time unit of an RFM summary (the unit of t_x, T, α and every horizon), and its periods per month.
///
/// Two conventions are offered because they differ: lifetimes 0.11.3 (`customer_lifetime_value`, `freq`) uses
/// 30 days, 4.345 weeks and 720 hours per month — a 360-day year for days/hours but a 365-day year for weeks.
/// ``periodsPerMonth`` instead uses the mean Gregorian month, 365.25/12 = 30.4375 days, consistently.
/// CLV functions take `periodsPerMonth` explicitly; pass ``lifetimesPeriodsPerMonth`` to reproduce lifetimes.
public enum PeriodUnit: String, Sendable, Codable, CaseIterable {
    /// Durations in hours.
    case hour
    /// Durations in days (lifetimes' default `freq="D"`).
    case day
    /// Durations in weeks (the CDNOW summary's unit).
    case week
    /// Durations in months.
    case month

    /// Periods per mean Gregorian month (365.25/12 days): 730.5 h, 30.4375 d, 4.348214… w, 1 m.
    public var periodsPerMonth: Double {
        switch self {
        case .hour: return 730.5
        case .day: return 30.4375
        case .week: return 30.4375 / 7
        case .month: return 1
        }
    }

    /// lifetimes 0.11.3's factors: H 720, D 30, W 4.345, M 1.
    public var lifetimesPeriodsPerMonth: Double {
        switch self {
        case .hour: return 720
        case .day: return 30
        case .week: return 4.345
        case .month: return 1
        }
    }
}
