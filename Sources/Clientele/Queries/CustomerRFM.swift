/// One customer's classic RFM figures, status, scores and segment, as of an instant.
public struct CustomerRFM: Sendable, Hashable, Codable {
    /// The external id.
    public var externalID: String
    /// The internal number.
    public var id: CustomerID
    /// The instant the figures are taken at.
    public var asOf: Instant
    /// Whole days from the last purchase's day to the as-of day.
    public var daysSinceLastPurchase: Int
    /// Whole days from the first purchase's day to the as-of day.
    public var daysSinceFirstPurchase: Int
    /// Purchases (non-refund lines).
    public var orders: Int
    /// Days with purchases.
    public var occasions: Int
    /// Gross revenue minus refunds.
    public var netMonetary: Money
    /// Gross revenue / orders, rounded toward zero.
    public var averageOrderValue: Money
    /// The mean gap between occasions in days (`nil` with one occasion).
    public var meanGapDays: Double?
    /// The gap between the last two occasions in days (`nil` with one occasion).
    public var lastGapDays: Int?
    /// The lifecycle status.
    public var status: CustomerStatus
    /// The quintile scores among all customers with purchases at the same instant.
    public var scores: RFMScores
    /// The segment of `scores`.
    public var segment: String

    static func figures(
        _ stats: CustomerStats, asOfDay: Day
    ) -> (daysSince: Int, daysFirst: Int, aov: Money, meanGap: Double?, lastGap: Int?) {
        let occasions = Int(stats.occasions)
        let meanGap = occasions > 1 ? Double(stats.gapSum) / Double(occasions - 1) : nil
        let lastGap = occasions > 1 ? Int(stats.lastDay.rawValue - stats.previousOccasionDay.rawValue) : nil
        let aov = Money(minorUnits: stats.orders > 0 ? stats.grossRevenue.minorUnits / Int64(stats.orders) : 0)
        return (stats.lastDay.distance(to: asOfDay), stats.firstDay.distance(to: asOfDay), aov, meanGap, lastGap)
    }
}
