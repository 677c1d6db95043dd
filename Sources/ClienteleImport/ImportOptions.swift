/// How an import reads its input and what it does with bad rows.
public struct ImportOptions: Sendable {
    /// The input layout. Default: CSV with a header.
    public var format: ImportFormat = .csv
    /// Column renames (`--map FIELD=COLUMN`).
    public var mapping = ColumnMapping()
    /// Amounts written `12,50` (`--decimal-comma`).
    public var decimalComma = false
    /// Rows per write transaction. Default 50,000 (each row in a batch holds about 1.5 KiB of changed pages until
    /// its commit).
    public var batchSize = 50_000
    /// Reject bad rows and go on instead of stopping at the first (`--skip-invalid`).
    public var skipInvalid = false
    /// The most data rows a file may have (`--max-rows`); `nil` for no limit.
    public var maxRows: Int?
    /// Apply each purchase batch grouped by customer in the store's key order rather than in input order (default
    /// `true`): a time-ordered file then writes each customer's lines, aggregate and views together. The outcome is
    /// that of the input order (a batch that fails is applied again in input order; see ``PurchaseImporter``); only
    /// the internal tie-break sequence numbers of the lines differ. `false` applies rows in input order.
    public var keyOrderBatches = true
    /// Reader limits (field, record and column sizes).
    public var csv = CSVOptions()

    /// The defaults.
    public init() {}
}
