import LMDBKit

/// The per-customer aggregate, kept up to date in the same write transaction as each purchase.
///
/// "Purchases" here are the non-refund lines (amount ≥ 0); refunds are counted apart. An occasion is a day (in the
/// store's time zone) with at least one purchase, as in the BTYD models.
public struct CustomerStats: Sendable, Hashable, Codable {
    /// Purchases (non-refund lines).
    public var orders: UInt32 = 0
    /// Distinct days with purchases.
    public var occasions: UInt32 = 0
    /// The first purchase's instant (meaningful when `orders > 0`).
    public var firstPurchase = Instant(microseconds: 0)
    /// The last purchase's instant (meaningful when `orders > 0`).
    public var lastPurchase = Instant(microseconds: 0)
    /// The first occasion day.
    public var firstDay = Day(rawValue: 0)
    /// The last occasion day.
    public var lastDay = Day(rawValue: 0)
    /// The occasion day before the last one (equal to `firstDay` with a single occasion).
    public var previousOccasionDay = Day(rawValue: 0)
    /// The sum of purchase amounts.
    public var grossRevenue = Money.zero
    /// The sum of purchase amounts on the first occasion day (so the BTYD monetary value is exact).
    public var firstDayRevenue = Money.zero
    /// The number of refund lines.
    public var refundCount: UInt32 = 0
    /// The sum of refunded amounts, as a positive amount.
    public var refundTotal = Money.zero
    /// The largest single purchase.
    public var largestOrder = Money.zero
    /// The category id of the first purchase.
    public var firstCategory: UInt32 = 0
    /// The category id of the last purchase.
    public var lastCategory: UInt32 = 0
    /// The sum of squared gaps between consecutive occasions, in days² (for the gap's spread).
    public var gapSquareSum: Int64 = 0

    /// Empty statistics: no purchases, no refunds.
    public init() {}

    /// Gross revenue minus refunds.
    public var netMonetary: Money { Money(minorUnits: grossRevenue.minorUnits &- refundTotal.minorUnits) }

    /// Whether the customer has at least one purchase.
    public var hasPurchases: Bool { orders > 0 }

    /// The sum of gaps between consecutive occasions, in days (they telescope to last − first).
    public var gapSum: Int { lastDay.rawValue >= firstDay.rawValue ? Int(lastDay.rawValue - firstDay.rawValue) : 0 }
}

/// Stored aggregates: version 1, fixed width, CRC32C-sealed.
enum CustomerStatsCodec: ValueCodec {
    static func encode(_ stats: CustomerStats, into bytes: inout [UInt8]) {
        var writer = RecordWriter(version: 1, appendingTo: &bytes, capacity: 96)
        writer.fixed(stats.orders)
        writer.fixed(stats.occasions)
        writer.fixed(stats.firstPurchase.microseconds)
        writer.fixed(stats.lastPurchase.microseconds)
        writer.fixed(stats.firstDay.rawValue)
        writer.fixed(stats.lastDay.rawValue)
        writer.fixed(stats.previousOccasionDay.rawValue)
        writer.fixed(stats.grossRevenue.minorUnits)
        writer.fixed(stats.firstDayRevenue.minorUnits)
        writer.fixed(stats.refundCount)
        writer.fixed(stats.refundTotal.minorUnits)
        writer.fixed(stats.largestOrder.minorUnits)
        writer.fixed(stats.firstCategory)
        writer.fixed(stats.lastCategory)
        writer.fixed(stats.gapSquareSum)
        writer.seal(into: &bytes)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> CustomerStats {
        var reader = try RecordReader(bytes, versions: 1...1)
        var stats = CustomerStats()
        stats.orders = try reader.fixed()
        stats.occasions = try reader.fixed()
        stats.firstPurchase = Instant(microseconds: try reader.fixed())
        stats.lastPurchase = Instant(microseconds: try reader.fixed())
        stats.firstDay = Day(rawValue: try reader.fixed())
        stats.lastDay = Day(rawValue: try reader.fixed())
        stats.previousOccasionDay = Day(rawValue: try reader.fixed())
        stats.grossRevenue = Money(minorUnits: try reader.fixed())
        stats.firstDayRevenue = Money(minorUnits: try reader.fixed())
        stats.refundCount = try reader.fixed()
        stats.refundTotal = Money(minorUnits: try reader.fixed())
        stats.largestOrder = Money(minorUnits: try reader.fixed())
        stats.firstCategory = try reader.fixed()
        stats.lastCategory = try reader.fixed()
        stats.gapSquareSum = try reader.fixed()
        try reader.finish()
        return stats
    }
}
