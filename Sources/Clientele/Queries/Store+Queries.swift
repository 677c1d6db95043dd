import LMDBKit

// Every population query runs on a `StoreReader` (one snapshot for many queries); the `Store` versions below each
// read one snapshot of their own, and the async ones run on the store's reader threads (see `Store.read(_:) async`).
// Arguments, results and errors are the reader's: see the `StoreReader` method of the same name.

extension Store {
    /// Churn per month, on a snapshot of its own. See `StoreReader.churn(windowMonths:asOf:)`.
    public func churn(windowMonths: Int = 3, asOf: Instant? = nil) throws -> [MonthlyChurn] {
        try read { try $0.churn(windowMonths: windowMonths, asOf: asOf) }
    }

    /// One customer's BTYD summary. See `StoreReader.customerSummary(externalID:_:)`.
    public func customerSummary(externalID: String, _ options: SummaryOptions = SummaryOptions()) throws -> SummaryRow? {
        try read { try $0.customerSummary(externalID: externalID, options) }
    }

    /// The gaps between a customer's occasions. See `StoreReader.intervals(externalID:asOf:)`.
    public func intervals(externalID: String, asOf: Instant? = nil) throws -> PurchaseIntervals? {
        try read { try $0.intervals(externalID: externalID, asOf: asOf) }
    }

    /// A customer's scores at each month end. See `StoreReader.profileHistory(externalID:asOf:segments:)`.
    public func profileHistory(
        externalID: String, asOf: Instant? = nil, segments: SegmentMap = .standard
    ) throws -> [ProfileHistoryPoint] {
        try read { try $0.profileHistory(externalID: externalID, asOf: asOf, segments: segments) }
    }

    /// One customer's RFM figures. See `StoreReader.customerRFM(externalID:asOf:segments:status:)`.
    public func customerRFM(
        externalID: String, asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) throws -> CustomerRFM? {
        try read { try $0.customerRFM(externalID: externalID, asOf: asOf, segments: segments, status: status) }
    }

    /// RFM figures of every customer. See `StoreReader.rfmTable(asOf:segments:status:)`.
    public func rfmTable(
        asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) throws -> [CustomerRFM] {
        try read { try $0.rfmTable(asOf: asOf, segments: segments, status: status) }
    }

    /// The top customers. See `StoreReader.top(by:limit:includeDoNotContact:)`.
    public func top(by rank: RankBy, limit: Int, includeDoNotContact: Bool = false) throws -> [RankedCustomer] {
        try read { try $0.top(by: rank, limit: limit, includeDoNotContact: includeDoNotContact) }
    }

    /// A page of lapsed customers, each page in its own transaction. See
    /// `StoreReader.lapsed(since:limit:after:includeDoNotContact:)`.
    public func lapsed(
        since: Instant, limit: Int = 1000, after: RankedCustomer? = nil, includeDoNotContact: Bool = false
    ) throws -> [RankedCustomer] {
        try read { try $0.lapsed(since: since, limit: limit, after: after, includeDoNotContact: includeDoNotContact) }
    }

    /// The cohort retention matrix. See `StoreReader.cohortMatrix()`.
    public func cohortMatrix() throws -> [CohortRow] { try read { try $0.cohortMatrix() } }

    /// New→repeat conversion. See `StoreReader.conversion()`.
    public func conversion() throws -> ConversionReport { try read { try $0.conversion() } }

    /// The average check per month. See `StoreReader.averageCheckByMonth()`.
    public func averageCheckByMonth() throws -> AverageCheckReport { try read { try $0.averageCheckByMonth() } }

    /// Revenue per category and month. See `StoreReader.categoryMonths()`.
    public func categoryMonths() throws -> [CategoryMonthRow] { try read { try $0.categoryMonths() } }

    /// What customers bought next. See `StoreReader.nextPurchase(after:)`.
    public func nextPurchase(after category: String?) throws -> [NextPurchaseShare] {
        try read { try $0.nextPurchase(after: category) }
    }

    /// Exit analysis. See `StoreReader.exitAnalysis(status:)`.
    public func exitAnalysis(status rules: StatusRules = StatusRules()) throws -> [ExitRow] {
        try read { try $0.exitAnalysis(status: rules) }
    }

    /// Counts and revenue per segment. See `StoreReader.segmentSummary(segments:)`.
    public func segmentSummary(segments: SegmentMap = .standard) throws -> [SegmentSummary] {
        try read { try $0.segmentSummary(segments: segments) }
    }

    /// Counts and revenue per segment as of an instant. See `StoreReader.segmentSummary(asOf:segments:)`.
    public func segmentSummary(asOf: Instant?, segments: SegmentMap = .standard) throws -> [SegmentSummary] {
        try read { try $0.segmentSummary(asOf: asOf, segments: segments) }
    }

    /// A page of a segment's customers. See `StoreReader.segmentMembers(_:segments:limit:after:includeDoNotContact:)`.
    public func segmentMembers(
        _ name: String, segments: SegmentMap = .standard, limit: Int = 1000, after: CustomerID? = nil,
        includeDoNotContact: Bool = false
    ) throws -> [SegmentMember] {
        try read {
            try $0.segmentMembers(name, segments: segments, limit: limit, after: after,
                                  includeDoNotContact: includeDoNotContact)
        }
    }

    /// Every customer carrying a tag. See `StoreReader.customers(taggedWith:includeDoNotContact:)`.
    public func customers(taggedWith tag: String, includeDoNotContact: Bool = false) throws -> [CustomerProfile] {
        try read { try $0.customers(taggedWith: tag, includeDoNotContact: includeDoNotContact) }
    }

    /// The BTYD summary of every customer. See `StoreReader.summary(_:)`.
    public func summary(_ options: SummaryOptions = SummaryOptions()) throws -> [SummaryRow] {
        try read { try $0.summary(options) }
    }

    /// Fits the purchase model. See `StoreReader.fitPurchaseModel(_:)`.
    public func fitPurchaseModel(_ options: PredictionOptions = PredictionOptions()) throws -> PurchaseModel {
        try read { try $0.fitPurchaseModel(options) }
    }

    /// The saved model. See `StoreReader.savedPurchaseModel()`.
    public func savedPurchaseModel() throws -> PurchaseModel? { try read { try $0.savedPurchaseModel() } }

    /// Per-customer predictions. See `StoreReader.predictions(_:horizon:months:monthlyDiscount:periodsPerMonth:)`.
    public func predictions(
        _ model: PurchaseModel, horizon: Double, months: Int = 12, monthlyDiscount: Double = 0.01,
        periodsPerMonth: Double? = nil
    ) throws -> [CustomerPrediction] {
        try read {
            try $0.predictions(model, horizon: horizon, months: months, monthlyDiscount: monthlyDiscount,
                               periodsPerMonth: periodsPerMonth)
        }
    }

    /// Holdout validation. See `StoreReader.validatePurchaseModel(_:observationEnd:)`.
    public func validatePurchaseModel(
        _ options: PredictionOptions, observationEnd: Instant
    ) throws -> (model: PurchaseModel, report: HoldoutValidationReport) {
        try read { try $0.validatePurchaseModel(options, observationEnd: observationEnd) }
    }

    /// A page of a customer's purchases, in its own short transaction. See
    /// `StoreReader.purchases(of:from:to:limit:after:)`.
    public func purchases(
        of externalID: String, from: Instant? = nil, to: Instant? = nil, limit: Int = 100,
        after cursor: PurchaseCursor? = nil
    ) throws -> PurchasePage {
        try read { try $0.purchases(of: externalID, from: from, to: to, limit: limit, after: cursor) }
    }

    /// A customer's aggregate as of an instant. See `StoreReader.customerStats(externalID:asOf:)`.
    public func customerStats(externalID: String, asOf: Instant? = nil) throws -> CustomerStats? {
        try read { try $0.customerStats(externalID: externalID, asOf: asOf) }
    }

    /// The R × F grid, statuses and visit gaps. See `StoreReader.customerBase(asOf:segments:status:)`.
    public func customerBase(
        asOf: Instant? = nil, segments: SegmentMap = .standard, status: StatusRules = StatusRules()
    ) throws -> CustomerBase {
        try read { try $0.customerBase(asOf: asOf, segments: segments, status: status) }
    }

    /// The P(alive) and CLV distributions. See
    /// `StoreReader.predictionDistributions(_:months:monthlyDiscount:periodsPerMonth:)`.
    public func predictionDistributions(
        _ model: PurchaseModel, months: Int = 12, monthlyDiscount: Double = 0.01, periodsPerMonth: Double? = nil
    ) throws -> PredictionDistributions {
        try read {
            try $0.predictionDistributions(model, months: months, monthlyDiscount: monthlyDiscount,
                                           periodsPerMonth: periodsPerMonth)
        }
    }
}
