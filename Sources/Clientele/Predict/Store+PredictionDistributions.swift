extension StoreReader {
    /// The distributions of P(alive) and of the CLV over `months` months among the customers `model` predicts,
    /// from ``predictions(_:horizon:months:monthlyDiscount:periodsPerMonth:)`` (one row per customer, binned here so
    /// a report never lists customers). P(alive) goes in 20 bins of 0.05; the CLV, which is very skewed (most
    /// customers are worth little), in about 20 round-width bins from 0 reaching its 80th percentile, the top 20% in
    /// the last, open bin (``Histogram/rounded(_:bins:coverage:)``).
    ///
    /// ```swift
    /// let model = try store.fitPurchaseModel()
    /// let spread = try store.predictionDistributions(model)
    /// print(spread.probabilityAlive.mean ?? 0, spread.totalLifetimeValue ?? 0)
    /// ```
    /// - Throws: as ``predictions(_:horizon:months:monthlyDiscount:periodsPerMonth:)``.
    public func predictionDistributions(
        _ model: PurchaseModel, months: Int = 12, monthlyDiscount: Double = 0.01, periodsPerMonth: Double? = nil
    ) throws -> PredictionDistributions {
        let rows = try predictions(model, horizon: 0, months: months, monthlyDiscount: monthlyDiscount,
                                   periodsPerMonth: periodsPerMonth)
        let alive = Histogram(values: rows.map(\.probabilityAlive), lower: 0, binWidth: 0.05, bins: 20)
        var values: [Double] = []
        if model.gammaGamma != nil {
            values.reserveCapacity(rows.count)
            for row in rows { if let value = row.lifetimeValue { values.append(value) } }
        }
        // Spend is in currency units already (the summary's monetary value is).
        let clv = values
        return PredictionDistributions(
            model: model, customers: rows.count, probabilityAlive: alive,
            lifetimeValue: model.gammaGamma == nil ? nil : Histogram.rounded(clv, bins: 20, coverage: 0.8),
            totalLifetimeValue: model.gammaGamma == nil ? nil : clv.reduce(0, +),
            months: months, monthlyDiscount: monthlyDiscount)
    }
}
