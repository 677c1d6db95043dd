/// One row of the cohort retention matrix: customers whose first purchase was in `cohort`, and how many of them
/// bought in each later month.
public struct CohortRow: Sendable, Hashable, Codable {
    /// The first-purchase month.
    public var cohort: Month
    /// Customers in the cohort (those active in the cohort month, which is all of them).
    public var size: Int
    /// One cell per month from the cohort month on, for months with any activity.
    public var cells: [Cell]

    /// One month of a cohort row.
    public struct Cell: Sendable, Hashable, Codable {
        /// The activity month.
        public var month: Month
        /// Months since the cohort month (0 = the cohort month).
        public var offset: Int
        /// Customers of the cohort with a purchase in the month.
        public var activeCustomers: Int
        /// `activeCustomers / size`.
        public var share: Double
        /// The cohort's net revenue dated in the month.
        public var revenue: Money
    }
}

/// Churn in one month (see `Store.churn(windowMonths:)`).
public struct MonthlyChurn: Sendable, Hashable, Codable {
    /// The month.
    public var month: Month
    /// Customers with a purchase in the `windowMonths` months before `month`.
    public var base: Int
    /// Of those, customers with a purchase in `month`.
    public var retained: Int
    /// `base − retained`.
    public var churned: Int
    /// `churned / base` (0 when the base is empty).
    public var rate: Double
}

/// How many first-time buyers came back for a second occasion.
public struct ConversionRow: Sendable, Hashable, Codable {
    /// What the row is about: "all", a cohort month (`YYYY-MM`) or an entry category.
    public var key: String
    /// Customers with at least one purchase.
    public var customers: Int
    /// Of those, customers with at least two occasions.
    public var converted: Int
    /// `converted / customers`.
    public var rate: Double
}

/// New→repeat conversion, overall, by cohort month and by entry category.
public struct ConversionReport: Sendable, Hashable, Codable {
    /// Every customer with a purchase (key `all`).
    public var overall: ConversionRow
    /// By the month of the first purchase (the key), oldest first.
    public var byCohort: [ConversionRow]
    /// By the category of the first purchase, lowest rate first (the first purchases that fail to make regulars).
    public var byEntryCategory: [ConversionRow]
}

/// The average check of one month.
public struct MonthlyCheck: Sendable, Hashable, Codable {
    /// The month.
    public var month: Month
    /// Purchases dated in the month.
    public var orders: Int
    /// Their sum (refunds excluded).
    public var revenue: Money
    /// `revenue / orders`, in minor units rounded toward zero.
    public var averageCheck: Money
    /// The change from the previous listed month, as a ratio − 1 (nil for the first).
    public var change: Double?
    /// Refund lines dated in the month.
    public var refunds: Int = 0
    /// Their sum, positive.
    public var refunded: Money = .zero
}

/// The average check per month and its trend.
public struct AverageCheckReport: Sendable, Hashable, Codable {
    /// One entry per month with purchases, oldest first.
    public var months: [MonthlyCheck]
    /// The least-squares slope of the average check per month, in minor units per month (nil with < 2 months).
    public var trendPerMonth: Double?
}

/// Net revenue and purchases of one category in one month.
public struct CategoryMonthRow: Sendable, Hashable, Codable {
    /// The category (nil: purchases without one).
    public var category: String?
    /// The month.
    public var month: Month
    /// Net revenue (purchases and refunds).
    public var revenue: Money
    /// Purchases.
    public var orders: Int
}

/// What customers bought next after a category.
public struct NextPurchaseShare: Sendable, Hashable, Codable {
    /// The next purchase's category (nil: none).
    public var category: String?
    /// How many times a purchase in the given category was followed by one in this category.
    public var count: Int
    /// `count` over all purchases that followed one in the given category.
    public var share: Double
}

/// The last purchase categories of lapsed and lost customers against those of new, active and at-risk ones.
public struct ExitRow: Sendable, Hashable, Codable {
    /// The last purchase's category (nil: none).
    public var category: String?
    /// Lapsed or lost customers whose last purchase was in the category.
    public var leftCustomers: Int
    /// Their share of all lapsed or lost customers.
    public var leftShare: Double
    /// New, active or at-risk customers whose last purchase was in the category.
    public var stayingCustomers: Int
    /// Their share of those customers.
    public var stayingShare: Double
}

/// A customer's scores and segment at one month end.
public struct ProfileHistoryPoint: Sendable, Hashable, Codable {
    /// The last day of the month.
    public var monthEnd: Day
    /// The scores among every customer with purchases by that day.
    public var scores: RFMScores
    /// The segment.
    public var segment: String
}
