import Clientele
import ClienteleImport

/// What to import: purchases or customers.
enum ImportKind: String {
    case purchases
    case customers
}

/// Runs imports of several files with progress and prints the summary; shared by `import` and `demo`.
struct ImportRunner {
    let store: Store
    let kind: ImportKind
    let options: ImportOptions
    let rejects: RejectsWriter?
    let progress: ProgressReporter

    /// Imports `files` in order; stops at the first failure.
    /// - Returns: The totals.
    /// - Throws: `ImportError` (after printing what was stored before it).
    func run(_ files: [String], printSummary: Bool = true) throws -> ImportSummary {
        let summary: () -> ImportSummary
        let importFile: (String, (ImportProgress) -> Void) throws(ImportError) -> ImportSummary
        switch kind {
        case .purchases:
            let importer = try PurchaseImporter(store: store, options: options, rejects: rejects)
            summary = { importer.summary }
            importFile = { path, callback throws(ImportError) in try importer.importFile(at: path, progress: callback) }
        case .customers:
            let importer = try CustomerImporter(store: store, options: options, rejects: rejects)
            summary = { importer.summary }
            importFile = { path, callback throws(ImportError) in try importer.importFile(at: path, progress: callback) }
        }
        for file in files {
            var last: ImportProgress?
            do {
                _ = try importFile(file) { update in
                    last = update
                    progress.update(update)
                }
                progress.finish(last)
            } catch {
                progress.finish(nil)
                try? rejects?.close()
                Console.err.write(OutputText.escapingControls(error.description) + "\n")
                let partial = summary()
                Console.err.write(
                    "import stopped: \(partial.imported) rows stored before the failing batch "
                        + "(\(partial.duplicates) duplicates, \(partial.rejected) rejected); "
                        + "nothing of the failing batch was stored (peak RSS \(PeakMemory.text()))\n")
                throw CLIError(CLIError.from(error).status, "", bare: true).silenced
            }
        }
        try rejects?.close()
        let total = summary()
        if printSummary { Self.print(total, kind: kind, rejectsPath: rejects?.path) }
        return total
    }

    static func print(_ summary: ImportSummary, kind: ImportKind, rejectsPath: String?) {
        var record = KeyValueOutput()
        record.add("files", .int(summary.files))
        record.add("rows read", .int(summary.rowsRead))
        record.add("imported", .int(summary.imported))
        record.add("duplicates", .int(summary.duplicates))
        record.add("rejected", .int(summary.rejected))
        record.add("customers created", .int(summary.customersCreated))
        record.add("elapsed", .text(Format.fixed(summary.elapsed, places: 2) + " s"))
        record.add("rows/s", .int(Int(summary.rowsPerSecond)))
        record.add("peak RSS", .text(PeakMemory.text()))
        if summary.spilledRuns > 0 { record.add("sort runs spilled", .int(summary.spilledRuns)) }
        if let rejectsPath, summary.rejected > 0 { record.add("rejects", .text(rejectsPath)) }
        Console.out.line("imported \(kind.rawValue):")
        record.print(.table, raw: false)
    }
}

extension CLIError {
    /// The same status with nothing more to print (the message was already written).
    var silenced: CLIError {
        var copy = self
        copy.message = ""
        copy.bare = true
        return copy
    }
}
