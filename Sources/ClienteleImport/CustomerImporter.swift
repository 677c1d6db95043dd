import Clientele

/// Imports customer files into a store: batched and idempotent.
///
/// Each row is an upsert (``CSVCustomerMapper``): a new id creates the customer, a known one updates the fields the
/// row gives (empty cells keep the stored value). A row that changes nothing counts as a duplicate, so importing a
/// file twice reports every row as a duplicate the second time.
///
/// ```swift
/// let summary = try CustomerImporter(store: store).importFile(at: "customers.csv")
/// print(summary.customersCreated)
/// ```
public final class CustomerImporter: FileImporting {
    /// The store written to.
    public var store: Store { context.store }
    /// The options in force (``ImportOptions/format`` must be `.csv`).
    public var options: ImportOptions { context.options }
    private let context: ImporterContext
    /// The figures so far, over every file imported by this importer (also after a failure).
    public private(set) var summary = ImportSummary()

    /// An importer into `store`.
    /// - Throws: ``ImportError`` for a format other than CSV.
    public init(store: Store, options: ImportOptions = ImportOptions(), rejects: RejectsWriter? = nil) throws(ImportError) {
        guard options.format == .csv else {
            throw ImportError(kind: .badInput, file: "", reason: "customer files can only be CSV")
        }
        context = try ImporterContext(store: store, options: options, rejects: rejects)
    }

    /// Imports the file at `path` (`-` for standard input), as ``FileImporting/importFile(at:progress:)`` does.
    ///
    /// Declared here as well so that the whole import is compiled for a file source: through the protocol's generic
    /// method the CSV reader and the import loop run unspecialized (measured on the purchase import, which shares
    /// them: see ``PurchaseImporter/importFile(at:progress:)``).
    /// - Returns: This file's figures.
    /// - Throws: ``ImportError``: `.unreadable` when the file cannot be opened, and the import's errors.
    @discardableResult
    public func importFile(at path: String, progress: (ImportProgress) -> Void = { _ in }) throws(ImportError)
        -> ImportSummary
    {
        try FileDescriptorSource.openForImport(path) { source, name, size throws(ImportError) in
            try importSource(source, name: name, totalBytes: size, progress: progress)
        }
    }

    /// Imports from any byte source (see ``FileImporting/importSource(_:name:totalBytes:progress:)``).
    @discardableResult
    public func importSource<S: ByteSource & ~Copyable>(
        _ source: consuming S, name: String, totalBytes: Int? = nil,
        progress: (ImportProgress) -> Void = { _ in }
    ) throws(ImportError) -> ImportSummary {
        let context = context
        return try context.importInput(source, adding: &summary) { engine, source, local throws(ImportError) in
            var mapper = CSVCustomerMapper(mapping: context.options.mapping, parsers: context.parsers)
            try engine.run(
                source: source, csvOptions: context.options.csv, mapper: &mapper, file: name, totalBytes: totalBytes,
                summary: &local, progress: progress
            ) { writer, update, _ in
                let before = try writer.reader.profile(externalID: update.externalID)?.customer
                let result = try writer.upsertCustomer(update)
                if result.created { return .imported(createdCustomer: true) }
                let after = try writer.reader.profile(externalID: update.externalID)?.customer
                return before == after ? .duplicate : .imported(createdCustomer: false)
            }
        }
    }
}
