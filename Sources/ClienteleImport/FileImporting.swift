import Clientele

/// What ``PurchaseImporter`` and ``CustomerImporter`` share: importing a file (or standard input) is opening it and
/// importing its bytes with ``importSource(_:name:totalBytes:progress:)``.
public protocol FileImporting: AnyObject {
    /// Imports from any byte source.
    /// - Parameters:
    ///   - source: The bytes.
    ///   - name: The name used in errors and progress.
    ///   - totalBytes: The input's size, when known (for progress).
    ///   - progress: Called (on the calling thread) after each committed batch, and every quarter second while a
    ///     batch is being read.
    /// - Returns: This input's figures.
    /// - Throws: ``ImportError``.
    @discardableResult
    func importSource<S: ByteSource & ~Copyable>(
        _ source: consuming S, name: String, totalBytes: Int?, progress: (ImportProgress) -> Void
    ) throws(ImportError) -> ImportSummary
}

extension FileImporting {
    /// Imports the file at `path` (`-` for standard input).
    /// - Parameters:
    ///   - path: The file; `-` reads standard input.
    ///   - progress: Called (on the calling thread) after each committed batch, and every quarter second while a
    ///     batch is being read.
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
}

extension FileDescriptorSource {
    /// Opens `path` (`-`: standard input) and hands it to `body` with the name errors use and its size when known.
    /// - Throws: ``ImportError`` `.unreadable` when the file cannot be opened, and what `body` throws.
    static func openForImport<R>(
        _ path: String, _ body: (consuming FileDescriptorSource, String, Int?) throws(ImportError) -> R
    ) throws(ImportError) -> R {
        let name = path == "-" ? "<stdin>" : path
        let source: FileDescriptorSource
        do {
            source = try FileDescriptorSource(path: path)
        } catch {
            throw ImportError(kind: .unreadable, file: name, reason: "cannot open: \(POSIXCalls.message(error.errno))")
        }
        let size = POSIXCalls.regularFileSize(source.fileDescriptor)
        return try body(source, name, size)
    }
}

extension ValueParsers {
    /// The parsers of an import into `store`, with the import's error for options that do not fit the store.
    static func forImport(into store: Store, options: ImportOptions) throws(ImportError) -> ValueParsers {
        do {
            return try ValueParsers(store: store, decimalComma: options.decimalComma)
        } catch {
            throw ImportError(kind: .badInput, file: "", reason: error.description)
        }
    }
}
