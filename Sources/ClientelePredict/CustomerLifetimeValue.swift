import Foundation

extension GammaGammaModel {
    /// Largest number of months accepted by the CLV functions.
    public static let maximumMonths = 12_000

    /// Discounted customer lifetime value over `months` months (lifetimes' `customer_lifetime_value`):
    /// CLV = Σ_{k=1..months} E[M]·(E[Y(k·f)] − E[Y((k−1)·f)]) / (1 + d)^k, where E[M] is
    /// ``expectedAverageOrderValue(x:mean:)``, E[Y(t)] the BG/NBD conditional expectation
    /// (``BetaGeoModel/expectedPurchases(t:x:tx:T:)``), f = `periodsPerMonth` and d = `monthlyDiscountRate`.
    ///
    /// Units: f converts months into the BG/NBD model's time unit, so it must match the unit t_x and T were
    /// measured in (see ``Period``). lifetimes' documentation example passes weekly CDNOW data with its
    /// default f = 30 (days), which yields 140.096 for CDNOW customer 1 instead of 36.28 with f = 4.345.
    /// With d = 0 the sum telescopes to E[M]·E[Y(months·f)] (pymc-marketing's single step).
    ///
    /// - Parameters:
    ///   - transactions: the fitted BG/NBD model.
    ///   - x, tx, T: the customer's BG/NBD history, in the model's time unit.
    ///   - meanValue: m̄, mean value of the repeat purchases (ignored when x = 0).
    ///   - months: horizon in months (0...``maximumMonths``).
    ///   - monthlyDiscountRate: d > −1.
    ///   - periodsPerMonth: f > 0, model time units per month.
    /// - Throws: ``PredictError/invalidArgument(name:value:)`` for a bad months, rate or f; plus the errors of
    ///   ``expectedAverageOrderValue(x:mean:)`` and ``BetaGeoModel/expectedPurchases(t:x:tx:T:)``.
    public func customerLifetimeValue(
        transactions: BetaGeoModel, x: Int, tx: Double, T: Double, meanValue: Double, months: Int = 12,
        monthlyDiscountRate: Double = 0.01, periodsPerMonth: Double
    ) throws(PredictError) -> Double {
        try monthlyLifetimeValues(
            transactions: transactions, x: x, tx: tx, T: T, meanValue: meanValue, months: months,
            monthlyDiscountRate: monthlyDiscountRate, periodsPerMonth: periodsPerMonth
        ).reduce(0, +)
    }

    /// The discounted contribution of each month k = 1...months to the customer lifetime value:
    /// E[M]·(E[Y(k·f)] − E[Y((k−1)·f)]) / (1 + d)^k. Their running sum is the CLV after k months.
    ///
    /// - Throws: as `customerLifetimeValue(transactions:x:tx:T:meanValue:months:monthlyDiscountRate:
    ///   periodsPerMonth:)`: ``PredictError/invalidArgument(name:value:)`` and the model errors.
    public func monthlyLifetimeValues(
        transactions: BetaGeoModel, x: Int, tx: Double, T: Double, meanValue: Double, months: Int = 12,
        monthlyDiscountRate: Double = 0.01, periodsPerMonth: Double
    ) throws(PredictError) -> [Double] {
        try Self.checkHorizon(months: months, monthlyDiscountRate: monthlyDiscountRate, periodsPerMonth: periodsPerMonth)
        try BetaGeoModel.check(x: x, tx: tx, T: T)
        let value = try expectedAverageOrderValue(x: x, mean: meanValue)
        return try monthlyLifetimeValues(
            transactions: transactions, x: x, tx: tx, T: T, averageValue: value, months: months,
            monthlyDiscountRate: monthlyDiscountRate, periodsPerMonth: periodsPerMonth)
    }

    /// The customer lifetime value with the expected average purchase value E[M] given directly (for instance the
    /// population mean ``populationMean()`` for a customer whose repeat purchases average 0, whom the spend model
    /// cannot condition on): Σ_{k=1..months} E[M]·(E[Y(k·f)] − E[Y((k−1)·f)]) / (1 + d)^k.
    ///
    /// - Throws: ``PredictError/invalidArgument(name:value:)`` for a bad months, rate, f or a non-finite
    ///   `averageValue`; the errors of ``BetaGeoModel/expectedPurchases(t:x:tx:T:)``.
    public func customerLifetimeValue(
        transactions: BetaGeoModel, x: Int, tx: Double, T: Double, averageValue: Double, months: Int = 12,
        monthlyDiscountRate: Double = 0.01, periodsPerMonth: Double
    ) throws(PredictError) -> Double {
        try monthlyLifetimeValues(
            transactions: transactions, x: x, tx: tx, T: T, averageValue: averageValue, months: months,
            monthlyDiscountRate: monthlyDiscountRate, periodsPerMonth: periodsPerMonth
        ).reduce(0, +)
    }

    /// The discounted contribution of each month with E[M] given directly (see
    /// ``customerLifetimeValue(transactions:x:tx:T:averageValue:months:monthlyDiscountRate:periodsPerMonth:)``).
    /// - Throws: as that function.
    public func monthlyLifetimeValues(
        transactions: BetaGeoModel, x: Int, tx: Double, T: Double, averageValue value: Double, months: Int = 12,
        monthlyDiscountRate: Double = 0.01, periodsPerMonth: Double
    ) throws(PredictError) -> [Double] {
        try Self.checkHorizon(months: months, monthlyDiscountRate: monthlyDiscountRate, periodsPerMonth: periodsPerMonth)
        guard value.isFinite else { throw .invalidArgument(name: "averageValue", value: value) }
        try BetaGeoModel.check(x: x, tx: tx, T: T)
        var contributions: [Double] = []
        contributions.reserveCapacity(months)
        var previous = 0.0
        var discount = 1.0
        for k in 0..<months {
            let t = Double(k + 1) * periodsPerMonth
            let current = try transactions.conditionalExpectation(t: t, x: Double(x), tx: tx, T: T)
            discount *= 1 + monthlyDiscountRate
            contributions.append(value * (current - previous) / discount)
            previous = current
        }
        return contributions
    }

    /// The checks both CLV forms make before anything else: months in 0...``maximumMonths``, d > −1, f > 0.
    static func checkHorizon(months: Int, monthlyDiscountRate: Double, periodsPerMonth: Double) throws(PredictError) {
        guard months >= 0, months <= Self.maximumMonths else {
            throw .invalidArgument(name: "months", value: Double(months))
        }
        guard monthlyDiscountRate.isFinite, monthlyDiscountRate > -1 else {
            throw .invalidArgument(name: "monthlyDiscountRate", value: monthlyDiscountRate)
        }
        guard periodsPerMonth.isFinite, periodsPerMonth > 0 else {
            throw .invalidArgument(name: "periodsPerMonth", value: periodsPerMonth)
        }
    }
}
