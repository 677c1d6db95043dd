/// One line of the calibration/holdout table (FHL 2005, figure 3).
public struct HoldoutBucket: Sendable, Equatable {
    /// Calibration repeat purchases x of the bucket ("0", "1", ..., "7+").
    public var label: String
    /// Smallest x in the bucket.
    public var minimumRepeatPurchases: Int
    /// True for the open-ended last bucket (x ≥ ``minimumRepeatPurchases``).
    public var isOpenEnded: Bool
    /// Σ weights of the customers in the bucket.
    public var customers: Double
    /// Mean actual holdout repeat purchases per customer (0 for an empty bucket).
    public var meanActual: Double
    /// Mean of E[Y(holdout duration) | x, t_x, T] per customer (0 for an empty bucket).
    public var meanPredicted: Double
}

/// The conditional-expectations table and error summary of a calibration/holdout check.
public struct HoldoutValidationReport: Sendable, Equatable {
    /// Buckets x = 0, 1, ..., k−1 and "k+", in that order (empty buckets included, with 0 customers).
    public var buckets: [HoldoutBucket]
    /// Σ weights.
    public var customers: Double
    /// Σ actual holdout repeat purchases.
    public var totalActual: Double
    /// Σ predicted holdout repeat purchases.
    public var totalPredicted: Double
    /// Mean |predicted − actual| per customer.
    public var meanAbsoluteError: Double
    /// √(mean (predicted − actual)²) per customer.
    public var rootMeanSquaredError: Double
    /// Customer-weighted mean over buckets of |bucket mean predicted − bucket mean actual| (the visual gap of
    /// figure 3).
    public var bucketMeanAbsoluteError: Double
    /// (totalPredicted − totalActual) / totalActual; NaN when totalActual = 0.
    public var totalRelativeError: Double
}

/// Calibration/holdout validation of a BG/NBD model (Fader, Hardie & Lee 2005, section 4 and figure 3).
public enum HoldoutValidation: Sendable {
    /// Builds the figure-3 table: customers grouped by calibration repeat purchases (0...k−1 and "k+"), with the
    /// mean actual and mean predicted (E[Y(d) | x, t_x, T], d = holdout duration) holdout repeat purchases.
    ///
    /// - Parameters:
    ///   - model: the BG/NBD model fitted on `calibration`.
    ///   - calibration: calibration summaries, one per customer (or weighted rows).
    ///   - actualHoldoutPurchases: per row, the repeat purchase occasions in the holdout period (lifetimes'
    ///     `frequency_holdout`: distinct holdout periods); for a weighted row, the mean over its customers.
    ///   - holdoutDuration: length of the holdout period in the model's time unit (`duration_holdout`).
    ///   - openBucketFrom: k, first x of the open-ended bucket (default 7, as in the paper).
    /// - Throws: ``PredictError/lengthMismatch(expected:actual:)``, ``PredictError/emptyData``,
    ///   ``PredictError/invalidObservation(index:issue:)`` for an invalid row or a negative/non-finite actual
    ///   count, ``PredictError/invalidArgument(name:value:)`` for a bad duration or k < 1, and the errors of
    ///   ``BetaGeoModel/expectedPurchases(t:x:tx:T:)``.
    public static func conditionalExpectations(
        model: BetaGeoModel, calibration: [RFMTriple], actualHoldoutPurchases: [Double], holdoutDuration: Double,
        openBucketFrom: Int = 7
    ) throws(PredictError) -> HoldoutValidationReport {
        guard actualHoldoutPurchases.count == calibration.count else {
            throw .lengthMismatch(expected: calibration.count, actual: actualHoldoutPurchases.count)
        }
        guard !calibration.isEmpty else { throw .emptyData }
        guard holdoutDuration.isFinite, holdoutDuration >= 0 else {
            throw .invalidArgument(name: "holdoutDuration", value: holdoutDuration)
        }
        guard openBucketFrom >= 1, openBucketFrom <= 1_000 else {
            throw .invalidArgument(name: "openBucketFrom", value: Double(openBucketFrom))
        }
        var weight = [Double](repeating: 0, count: openBucketFrom + 1)
        var actualSum = weight
        var predictedSum = weight
        var absoluteError = 0.0
        var squaredError = 0.0
        for (index, row) in calibration.enumerated() {
            if let issue = row.issue { throw .invalidObservation(index: index, issue: issue) }
            let actual = actualHoldoutPurchases[index]
            guard actual.isFinite else { throw .invalidObservation(index: index, issue: .nonFinite(field: "actual")) }
            guard actual >= 0 else { throw .invalidObservation(index: index, issue: .negativeHoldoutCount) }
            let predicted = try model.conditionalExpectation(
                t: holdoutDuration, x: Double(row.x), tx: row.tx, T: row.T)
            let bucket = min(row.x, openBucketFrom)
            weight[bucket] += row.weight
            actualSum[bucket] += row.weight * actual
            predictedSum[bucket] += row.weight * predicted
            absoluteError += row.weight * abs(predicted - actual)
            squaredError += row.weight * (predicted - actual) * (predicted - actual)
        }
        let customers = weight.reduce(0, +)
        var buckets: [HoldoutBucket] = []
        var bucketError = 0.0
        for k in 0...openBucketFrom {
            let open = k == openBucketFrom
            let n = weight[k]
            let meanActual = n > 0 ? actualSum[k] / n : 0
            let meanPredicted = n > 0 ? predictedSum[k] / n : 0
            bucketError += n * abs(meanPredicted - meanActual)
            buckets.append(
                HoldoutBucket(
                    label: open ? "\(k)+" : "\(k)", minimumRepeatPurchases: k, isOpenEnded: open, customers: n,
                    meanActual: meanActual, meanPredicted: meanPredicted))
        }
        let totalActual = actualSum.reduce(0, +)
        let totalPredicted = predictedSum.reduce(0, +)
        return HoldoutValidationReport(
            buckets: buckets, customers: customers, totalActual: totalActual, totalPredicted: totalPredicted,
            meanAbsoluteError: absoluteError / customers, rootMeanSquaredError: (squaredError / customers).squareRoot(),
            bucketMeanAbsoluteError: bucketError / customers,
            totalRelativeError: totalActual > 0 ? (totalPredicted - totalActual) / totalActual : .nan)
    }
}
