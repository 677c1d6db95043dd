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
    /// Sort a purchase file customer-major before writing it (default `true`): every row is read, checked and sorted
    /// into runs first (runs larger than ``sortRunBytes`` spill to a temporary file in the store's directory), then
    /// written grouped by customer, each customer's rows in input order. The import's speed then does not depend on
    /// the input's order (a time-ordered export writes as fast as one grouped by customer), and a malformed row stops
    /// the import before anything is written. What is stored is what the input order stores, but for: the customer
    /// numbers of new customers (given in sorted order of their ids), which rows are stored before a row the store
    /// refuses (those sorted before it), and, when an earlier row that shares a later row's order id is itself
    /// refused, the later row (refused too, where the input order would store it). `false` writes batches in input
    /// order as they are read (`--no-sort`), for a stream whose rows should be committed while it is still read.
    public var sortInput = true
    /// The memory a sorted import gathers rows in before it sorts and spills them (default 64 MiB; a row takes its
    /// text's bytes plus about 45 bytes).
    public var sortRunBytes = 64 << 20
    /// Reader limits (field, record and column sizes).
    public var csv = CSVOptions()

    /// The defaults.
    public init() {}
}
