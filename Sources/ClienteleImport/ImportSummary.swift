/// What an import did.
public struct ImportSummary: Sendable, Hashable {
    /// Files read completely.
    public var files = 0
    /// Data rows read (header rows excluded).
    public var rowsRead = 0
    /// Rows that changed the store: purchases recorded, customers created or updated.
    public var imported = 0
    /// Rows already in the store (same order id and content; customers left unchanged).
    public var duplicates = 0
    /// Rows rejected (written to the rejects file with `--skip-invalid`).
    public var rejected = 0
    /// Customers created (by customer rows, or by purchases of customers the store did not know).
    public var customersCreated = 0
    /// Input bytes read.
    public var bytesRead = 0
    /// Seconds spent.
    public var elapsed = 0.0
    /// Sorted runs written to the temporary sort file (``ImportOptions/sortInput``); 0 when the rows fitted in
    /// ``ImportOptions/sortRunBytes``.
    public var spilledRuns = 0

    /// An empty summary.
    public init() {}

    /// Rows read per second.
    public var rowsPerSecond: Double { elapsed > 0 ? Double(rowsRead) / elapsed : 0 }

    /// Adds another file's figures.
    public mutating func add(_ other: ImportSummary) {
        files += other.files
        rowsRead += other.rowsRead
        imported += other.imported
        duplicates += other.duplicates
        rejected += other.rejected
        customersCreated += other.customersCreated
        bytesRead += other.bytesRead
        elapsed += other.elapsed
        spilledRuns += other.spilledRuns
    }
}
