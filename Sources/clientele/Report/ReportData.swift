import Clientele

/// Everything the report page shows, read through the same query API the command-line tables use (one source of
/// truth): `stats` (totals), `customerBase` (segment map, statuses, visit gaps), `segmentSummary`, `conversion`,
/// `cohortMatrix`, `averageCheckByMonth`, `categoryMonths` and `nextPurchase`, `fitPurchaseModel` and
/// `predictionDistributions`.
struct ReportData {
    /// The instant the customer-base figures and the model are as of.
    var asOf: Instant
    /// Whether `--as-of` was given (else: now).
    var asOfGiven: Bool
    /// The as-of instant's day in the store's time zone.
    var asOfDay: Day
    var currencyScale: Int
    var figures: StoreFigures
    var base: CustomerBase
    var conversion: ConversionReport
    var cohorts: [CohortRow]
    var checks: AverageCheckReport
    /// Categories by net revenue, highest first (nil: purchases without a category).
    var categories: [(category: String?, revenue: Money)]
    /// For the first `transitionCategories` categories: what customers bought next.
    var transitions: [(category: String?, next: [NextPurchaseShare])]
    /// The predictions' distributions, or why no model could be fitted.
    var predicted: Result<PredictionDistributions, ModelUnavailable>

    struct ModelUnavailable: Error {
        var reason: String
    }

    /// Categories in the transition matrix (rows and columns); the rest are summed into "other".
    static let transitionCategories = 12

    static func read(_ store: Store, path: String, asOf: Instant?) throws -> ReportData {
        let instant = asOf ?? .now
        let figures = try StoreFigures.read(store, path: path)
        let base = try store.customerBase(asOf: asOf)
        var revenue: [String?: Int64] = [:]
        for cell in try store.categoryMonths() { revenue[cell.category, default: 0] &+= cell.revenue.minorUnits }
        let categories = revenue.sorted { ($0.value, $1.key ?? "") > ($1.value, $0.key ?? "") }
            .map { (category: $0.key, revenue: Money(minorUnits: $0.value)) }
        let transitions = try categories.prefix(transitionCategories).map { entry in
            (category: entry.category, next: try store.nextPurchase(after: entry.category))
        }
        let predicted: Result<PredictionDistributions, ModelUnavailable>
        do {
            let model = try store.fitPurchaseModel(PredictionOptions(calibrationEnd: instant))
            predicted = .success(try store.predictionDistributions(model))
        } catch let ClienteleError.invalidInput(field, reason) where field == "model" {
            predicted = .failure(ModelUnavailable(reason: reason))
        }
        return ReportData(
            asOf: instant, asOfGiven: asOf != nil, asOfDay: store.day(of: instant), currencyScale: store.currencyScale, figures: figures, base: base,
            conversion: try store.conversion(), cohorts: try store.cohortMatrix(),
            checks: try store.averageCheckByMonth(), categories: categories, transitions: transitions,
            predicted: predicted)
    }
}
