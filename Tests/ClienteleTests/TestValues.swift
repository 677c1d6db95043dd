import Clientele

/// An instant from a civil date and time (UTC).
func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 12, _ minute: Int = 0) -> Instant {
    let base = Instant(day: Day(year: year, month: month, day: day)!).microseconds
    return Instant(microseconds: base + Int64(hour * 3600 + minute * 60) * 1_000_000)
}

/// Money from whole currency units and cents.
func money(_ cents: Int64) -> Money { Money(minorUnits: cents) }

extension StatusRules {
    /// The default rules with these day thresholds (the gap multiples left at their defaults).
    static func days(new: Int, atRisk: Int, lapsed: Int, lost: Int) -> StatusRules {
        var rules = StatusRules()
        rules.newWithinDays = new
        rules.atRiskAfterDays = atRisk
        rules.lapsedAfterDays = lapsed
        rules.lostAfterDays = lost
        return rules
    }
}
