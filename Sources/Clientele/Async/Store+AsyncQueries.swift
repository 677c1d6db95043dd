import LMDBKit

// The async twins of the population queries: each runs on the store's reader threads (`Store.read(_:) async`), so
// it never blocks a Swift concurrency thread. Cancellation: a query still queued when its task is cancelled never
// runs and throws `CancellationError`; one already running finishes.

extension Store {
    /// Churn per month. See `StoreReader.churn(windowMonths:asOf:)`.
    public func churn(windowMonths: Int = 3, asOf: Instant? = nil) async throws -> [MonthlyChurn] {
        try await read { try $0.churn(windowMonths: windowMonths, asOf: asOf) }
    }

    /// Async: One customer's BTYD summary. See `StoreReader.customerSummary(externalID:_:)`.
    public func customerSummary(externalID: String, _ options: SummaryOptions = SummaryOptions()) async throws -> SummaryRow? {
        try await read { try $0.customerSummary(externalID: externalID, options) }
    }

    /// Async: The gaps between a customer's occasions. See `StoreReader.intervals(externalID:asOf:)`.
    public func intervals(externalID: String, asOf: Instant? = nil) async throws -> PurchaseIntervals? {
        try await read { try $0.intervals(externalID: externalID, asOf: asOf) }
    }

    /// Async: A customer's scores at each month end. See `StoreReader.profileHistory(externalID:asOf:segments:)`.
    public func profileHistory(
        externalID: String, asOf: Instant? = nil, segments: SegmentMap = .standard
    ) async throws -> [ProfileHistoryPoint] {
        try await read { try $0.profileHistory(externalID: externalID, asOf: asOf, segments: segments) }
    }

    /// Async: One customer's RFM figures. See `StoreReader.customerRFM(externalID:asOf:segments:status:)`.
    public func customerRFM(
        externalID: String, asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) async throws -> CustomerRFM? {
        try await read { try $0.customerRFM(externalID: externalID, asOf: asOf, segments: segments, status: status) }
    }

    /// Async: RFM figures of every customer. See `StoreReader.rfmTable(asOf:segments:status:)`.
    public func rfmTable(
        asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) async throws -> [CustomerRFM] {
        try await read { try $0.rfmTable(asOf: asOf, segments: segments, status: status) }
    }

    /// Async: The top customers. See `StoreReader.top(by:limit:includeDoNotContact:)`.
    public func top(by rank: RankBy, limit: Int, includeDoNotContact: Bool = false) async throws -> [RankedCustomer] {
        try await read { try $0.top(by: rank, limit: limit, includeDoNotContact: includeDoNotContact) }
    }

    /// Async: A page of lapsed customers, each page in its own transaction. See
    /// `StoreReader.lapsed(since:limit:after:includeDoNotContact:)`.
    public func lapsed(
        since: Instant, limit: Int = 1000, after: RankedCustomer? = nil, includeDoNotContact: Bool = false
    ) async throws -> [RankedCustomer] {
        try await read { try $0.lapsed(since: since, limit: limit, after: after, includeDoNotContact: includeDoNotContact) }
    }

    /// Async: The cohort retention matrix. See `StoreReader.cohortMatrix()`.
    public func cohortMatrix() async throws -> [CohortRow] { try await read { try $0.cohortMatrix() } }

    /// Async: New→repeat conversion. See `StoreReader.conversion()`.
    public func conversion() async throws -> ConversionReport { try await read { try $0.conversion() } }

    /// Async: The average check per month. See `StoreReader.averageCheckByMonth()`.
    public func averageCheckByMonth() async throws -> AverageCheckReport { try await read { try $0.averageCheckByMonth() } }

    /// Async: Revenue per category and month. See `StoreReader.categoryMonths()`.
    public func categoryMonths() async throws -> [CategoryMonthRow] { try await read { try $0.categoryMonths() } }

    /// Async: What customers bought next. See `StoreReader.nextPurchase(after:)`.
    public func nextPurchase(after category: String?) async throws -> [NextPurchaseShare] {
        try await read { try $0.nextPurchase(after: category) }
    }

    /// Async: Exit analysis. See `StoreReader.exitAnalysis(status:)`.
    public func exitAnalysis(status rules: StatusRules = StatusRules()) async throws -> [ExitRow] {
        try await read { try $0.exitAnalysis(status: rules) }
    }

    /// Async: Counts and revenue per segment. See `StoreReader.segmentSummary(segments:)`.
    public func segmentSummary(segments: SegmentMap = .standard) async throws -> [SegmentSummary] {
        try await read { try $0.segmentSummary(segments: segments) }
    }

    /// Async: Counts and revenue per segment as of an instant. See `StoreReader.segmentSummary(asOf:segments:)`.
    public func segmentSummary(asOf: Instant?, segments: SegmentMap = .standard) async throws -> [SegmentSummary] {
        try await read { try $0.segmentSummary(asOf: asOf, segments: segments) }
    }

    /// Async: A page of a segment's customers. See `StoreReader.segmentMembers(_:segments:limit:after:includeDoNotContact:)`.
    public func segmentMembers(
        _ name: String, segments: SegmentMap = .standard, limit: Int = 1000, after: CustomerID? = nil,
        includeDoNotContact: Bool = false
    ) async throws -> [SegmentMember] {
        try await read {
            try $0.segmentMembers(name, segments: segments, limit: limit, after: after,
                                  includeDoNotContact: includeDoNotContact)
        }
    }

    /// Async: Every customer carrying a tag. See `StoreReader.customers(taggedWith:includeDoNotContact:)`.
    public func customers(taggedWith tag: String, includeDoNotContact: Bool = false) async throws -> [CustomerProfile] {
        try await read { try $0.customers(taggedWith: tag, includeDoNotContact: includeDoNotContact) }
    }

    /// Async: The BTYD summary of every customer. See `StoreReader.summary(_:)`.
    public func summary(_ options: SummaryOptions = SummaryOptions()) async throws -> [SummaryRow] {
        try await read { try $0.summary(options) }
    }

    /// Async: Fits the purchase model. See `StoreReader.fitPurchaseModel(_:)`.
    public func fitPurchaseModel(_ options: PredictionOptions = PredictionOptions()) async throws -> PurchaseModel {
        try await read { try $0.fitPurchaseModel(options) }
    }

    /// Async: The saved model. See `StoreReader.savedPurchaseModel()`.
    public func savedPurchaseModel() async throws -> PurchaseModel? { try await read { try $0.savedPurchaseModel() } }

    /// Async: Per-customer predictions. See `StoreReader.predictions(_:horizon:months:monthlyDiscount:periodsPerMonth:)`.
    public func predictions(
        _ model: PurchaseModel, horizon: Double, months: Int = 12, monthlyDiscount: Double = 0.01,
        periodsPerMonth: Double? = nil
    ) async throws -> [CustomerPrediction] {
        try await read {
            try $0.predictions(model, horizon: horizon, months: months, monthlyDiscount: monthlyDiscount,
                               periodsPerMonth: periodsPerMonth)
        }
    }

    /// Async: Holdout validation. See `StoreReader.validatePurchaseModel(_:observationEnd:)`.
    public func validatePurchaseModel(
        _ options: PredictionOptions, observationEnd: Instant
    ) async throws -> (model: PurchaseModel, report: HoldoutValidationReport) {
        try await read { try $0.validatePurchaseModel(options, observationEnd: observationEnd) }
    }

    /// Async: A page of a customer's purchases, in its own short transaction. See
    /// `StoreReader.purchases(of:from:to:limit:after:)`.
    public func purchases(
        of externalID: String, from: Instant? = nil, to: Instant? = nil, limit: Int = 100,
        after cursor: PurchaseCursor? = nil
    ) async throws -> PurchasePage {
        try await read { try $0.purchases(of: externalID, from: from, to: to, limit: limit, after: cursor) }
    }

    /// Async: A customer's aggregate as of an instant. See `StoreReader.customerStats(externalID:asOf:)`.
    public func customerStats(externalID: String, asOf: Instant? = nil) async throws -> CustomerStats? {
        try await read { try $0.customerStats(externalID: externalID, asOf: asOf) }
    }

    /// Async: The R × F grid, statuses and visit gaps. See `StoreReader.customerBase(asOf:segments:status:)`.
    public func customerBase(
        asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) async throws -> CustomerBase {
        try await read { try $0.customerBase(asOf: asOf, segments: segments, status: status) }
    }

    /// Async: The P(alive) and CLV distributions. See
    /// `StoreReader.predictionDistributions(_:months:monthlyDiscount:periodsPerMonth:)`.
    public func predictionDistributions(
        _ model: PurchaseModel, months: Int = 12, monthlyDiscount: Double = 0.01, periodsPerMonth: Double? = nil
    ) async throws -> PredictionDistributions {
        try await read {
            try $0.predictionDistributions(model, months: months, monthlyDiscount: monthlyDiscount,
                                           periodsPerMonth: periodsPerMonth)
        }
    }
}
