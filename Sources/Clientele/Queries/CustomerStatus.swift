/// Where a customer stands in its lifecycle, by `StatusRules`.
public enum CustomerStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// A single occasion, recent.
    case new
    /// Buying within its usual rhythm.
    case active
    /// Later than usual.
    case atRisk = "at risk"
    /// Well past its usual rhythm.
    case lapsed
    /// Gone: no purchase for longer than `lostAfterDays`.
    case lost
}

/// The rules that give a customer its status, from the days since its last purchase and its own usual gap (the mean
/// gap between its occasions). The first that applies wins:
///
/// 1. `lost` when days since the last purchase > `lostAfterDays`;
/// 2. `lapsed` when > max(`lapsedAfterDays`, `lapsedGapMultiple` × usual gap);
/// 3. `at risk` when > max(`atRiskAfterDays`, `atRiskGapMultiple` × usual gap);
/// 4. `new` when the customer has one occasion, at most `newWithinDays` ago;
/// 5. otherwise `active`.
public struct StatusRules: Sendable, Hashable, Codable {
    /// A customer with one occasion at most this many days ago is `new`. Default 30.
    public var newWithinDays = 30
    /// The least number of days since the last purchase that makes a customer `at risk`. Default 90.
    public var atRiskAfterDays = 90
    /// A customer is `at risk` past this multiple of its usual gap (when that is more than `atRiskAfterDays`). Default 1.5.
    public var atRiskGapMultiple = 1.5
    /// The least number of days since the last purchase that makes a customer `lapsed`. Default 180.
    public var lapsedAfterDays = 180
    /// A customer is `lapsed` past this multiple of its usual gap (when that is more than `lapsedAfterDays`). Default 3.
    public var lapsedGapMultiple = 3.0
    /// A customer is `lost` after more than this many days since the last purchase, whatever its gap. Default 365.
    public var lostAfterDays = 365

    /// The default rules (30 / 90 / 1.5 / 180 / 3 / 365).
    public init() {}

    /// The status for a customer with `occasions`, its mean gap in days (nil with one occasion), and the days since
    /// its last and first purchase.
    public func status(daysSinceLast: Int, daysSinceFirst: Int, occasions: Int, usualGapDays: Double?) -> CustomerStatus {
        let gap = usualGapDays ?? 0
        let since = Double(daysSinceLast)
        if daysSinceLast > lostAfterDays { return .lost }
        if since > max(Double(lapsedAfterDays), lapsedGapMultiple * gap) { return .lapsed }
        if since > max(Double(atRiskAfterDays), atRiskGapMultiple * gap) { return .atRisk }
        if occasions <= 1 && daysSinceFirst <= newWithinDays { return .new }
        return .active
    }
}
