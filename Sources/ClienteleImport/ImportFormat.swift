/// The layout of an input file.
public enum ImportFormat: String, Sendable, Hashable, CaseIterable {
    /// CSV with a header row (RFC 4180), columns found by name (see ``PurchaseField``, ``CustomerField``).
    case csv
    /// The CDNOW data set's whitespace-separated files: the master file (`customer_id date cds dollars`, a header
    /// line first) or the sample (`orig_id sample_id date cds dollars`, no header), told apart by the number of
    /// columns. Purchases only. See ``CDNOWPurchaseMapper``.
    case cdnow
}
