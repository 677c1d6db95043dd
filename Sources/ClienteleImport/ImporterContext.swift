import Clientele

/// What ``CustomerImporter`` and ``PurchaseImporter`` hold alike: the store, the options, the value parsers made for
/// them, and where rejected rows go; and how one input is imported with them.
struct ImporterContext {
    let store: Store
    let options: ImportOptions
    let parsers: ValueParsers
    let rejects: RejectsWriter?

    /// - Throws: ``ImportError`` when the options do not fit the store (a currency scale out of range).
    init(store: Store, options: ImportOptions, rejects: RejectsWriter?) throws(ImportError) {
        self.store = store
        self.options = options
        self.rejects = rejects
        parsers = try ValueParsers.forImport(into: store, options: options)
    }

    /// Imports one input: `body` runs it on a fresh ``ImportEngine`` into an empty summary, which is returned and
    /// added to `total` (also when `body` throws, so an importer's figures include a failed input's committed rows).
    func importInput<S: ByteSource & ~Copyable>(
        _ source: consuming S, adding total: inout ImportSummary,
        _ body: (ImportEngine, consuming S, inout ImportSummary) throws(ImportError) -> Void
    ) throws(ImportError) -> ImportSummary {
        let engine = ImportEngine(store: store, options: options, rejects: rejects)
        var local = ImportSummary()
        defer { total.add(local) }
        try body(engine, source, &local)
        return local
    }
}
