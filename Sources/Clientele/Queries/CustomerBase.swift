/// The customer base at one instant, in the figures a report charts: the recency × frequency score grid, the
/// lifecycle statuses, and the distribution of the usual time between visits. See ``Store/customerBase(asOf:segments:status:)``.
public struct CustomerBase: Sendable, Hashable, Codable {
    /// One cell of the 5 × 5 recency × frequency grid (monetary summed over).
    public struct GridCell: Sendable, Hashable, Codable {
        /// The recency score, 1...5 (5: most recent).
        public var recency: Int
        /// The frequency score, 1...5 (5: most purchases).
        public var frequency: Int
        /// Customers with these scores.
        public var customers: Int
        /// Their share of the customers with purchases, 0...1.
        public var share: Double
        /// Their net monetary value.
        public var revenue: Money
        /// Their share of the total net monetary value, 0...1 (0 when the total is not positive).
        public var revenueShare: Double
        /// The segment every monetary score of the cell maps to, nil when the map splits the cell by monetary.
        public var segment: String?
    }

    /// Customers with one lifecycle status.
    public struct StatusCount: Sendable, Hashable, Codable {
        /// The status.
        public var status: CustomerStatus
        /// Customers with it.
        public var customers: Int
        /// Their share of the customers with purchases, 0...1.
        public var share: Double
    }

    /// The instant the figures are as of.
    public var asOf: Instant
    /// Customers with purchases by then.
    public var customers: Int
    /// 25 cells, recency 5 first, then frequency 1...5 within each recency.
    public var grid: [GridCell]
    /// Every status in ``CustomerStatus/allCases`` order.
    public var statuses: [StatusCount]
    /// Each repeat customer's mean days between purchase occasions (customers with at least two occasions).
    public var visitGaps: Histogram
}
