import Clientele

/// What storing one record did.
enum RowOutcome {
    /// The store changed (a purchase recorded, a customer created or updated).
    case imported(createdCustomer: Bool)
    /// The store already had it.
    case duplicate
}

/// A parsed row waiting for its batch to be written.
struct PendingRow<Record> {
    var line: Int
    var record: Record
    /// The row's fields as read, kept only when rejected rows are written somewhere.
    var fields: [String]?
}

/// Counts of one committed batch.
struct BatchCounts {
    var imported = 0
    var duplicates = 0
    var customersCreated = 0
}

/// The batched, idempotent import loop shared by ``PurchaseImporter`` and ``CustomerImporter``.
///
/// Rows are parsed and checked into a batch; a full batch is written in one transaction. A row the store refuses
/// (an order id stored with other content, a refund of an unknown order…) aborts that transaction, so the store is
/// exactly as before the batch: without `skipInvalid` the import stops there; with it, the row is rejected and the
/// batch is written again without it.
struct ImportEngine {
    let store: Store
    let options: ImportOptions
    let rejects: RejectsWriter?

    /// How often the progress callback is called while reading (in rows), besides after each commit.
    static let progressRowInterval = 4096

    func run<M: RowMapper, S: ByteSource & ~Copyable>(
        source: consuming S,
        csvOptions: CSVOptions,
        mapper: inout M,
        file: String,
        totalBytes: Int?,
        summary: inout ImportSummary,
        progress: (ImportProgress) -> Void,
        apply: (StoreWriter, M.Record) throws -> RowOutcome
    ) throws(ImportError) {
        let started = POSIXCalls.monotonicSeconds()
        let keepFields = options.skipInvalid && rejects != nil
        let batchSize = max(1, options.batchSize)
        var reader: CSVReader<S>
        do {
            reader = try CSVReader(source: source, options: csvOptions)
        } catch {
            throw ImportError(kind: .badInput, file: file, reason: error.description)
        }
        var local = ImportSummary()
        var committed = 0
        var batch: [PendingRow<M.Record>] = []
        batch.reserveCapacity(min(batchSize, 100_000))

        func report() {
            progress(ImportProgress(
                file: file, rowsRead: local.rowsRead, rowsCommitted: committed, bytesRead: reader.bytesConsumed,
                totalBytes: totalBytes, elapsed: POSIXCalls.monotonicSeconds() - started))
        }
        func reject(_ issue: RowIssue, fields: [String]) throws(ImportError) {
            guard options.skipInvalid else { throw ImportError(issue, file: file) }
            local.rejected += 1
            try rejects?.write(file: file, issue: issue, fields: fields)
        }
        func flush() throws(ImportError) {
            guard !batch.isEmpty else { return }
            let counts = try write(batch, mapper: mapper, file: file, summary: &local, apply: apply)
            local.imported += counts.imported
            local.duplicates += counts.duplicates
            local.customersCreated += counts.customersCreated
            committed += batch.count
            batch.removeAll(keepingCapacity: true)
            report()
        }

        defer {
            local.bytesRead = reader.bytesConsumed
            local.elapsed = POSIXCalls.monotonicSeconds() - started
            summary.add(local)
        }

        var pending = try mapper.start(&reader, file: file)
        while true {
            if !pending {
                do {
                    guard try reader.next() else { break }
                } catch {
                    if let issue = mapper.raggedIssue(error) {
                        local.rowsRead += 1
                        try reject(issue, fields: keepFields ? reader.fieldStrings() : [])
                        continue
                    }
                    // Unrecoverable: the record boundaries are lost. The current batch is not written.
                    throw mapper.importError(error, file: file)
                }
            }
            pending = false
            local.rowsRead += 1
            if let maxRows = options.maxRows, local.rowsRead > maxRows {
                throw ImportError(
                    kind: .badInput, file: file, line: reader.recordLine, reason: "more than \(maxRows) rows (--max-rows)")
            }
            do {
                guard let record = try mapper.map(reader) else {
                    local.rowsRead -= 1
                    continue
                }
                batch.append(PendingRow(
                    line: reader.recordLine, record: record, fields: keepFields ? reader.fieldStrings() : nil))
            } catch {
                try reject(error, fields: keepFields ? reader.fieldStrings() : [])
            }
            if batch.count >= batchSize { try flush() }
            if local.rowsRead % Self.progressRowInterval == 0 { report() }
        }
        try flush()
        do {
            try store.environment.sync()
        } catch {
            throw ImportError(kind: .store, file: file, reason: "sync failed: \(error)")
        }
        local.files = 1
        report()
    }

    /// Writes one batch in one transaction; rows the store refuses are rejected (and the batch retried without them)
    /// or stop the import.
    private func write<M: RowMapper>(
        _ batch: [PendingRow<M.Record>],
        mapper: M,
        file: String,
        summary: inout ImportSummary,
        apply: (StoreWriter, M.Record) throws -> RowOutcome
    ) throws(ImportError) -> BatchCounts {
        var excluded = Set<Int>()
        while true {
            var failedIndex: Int?
            do {
                return try store.write { writer -> BatchCounts in
                    failedIndex = nil
                    var counts = BatchCounts()
                    for index in batch.indices where !excluded.contains(index) {
                        do {
                            switch try apply(writer, batch[index].record) {
                            case .imported(let created):
                                counts.imported += 1
                                if created { counts.customersCreated += 1 }
                            case .duplicate:
                                counts.duplicates += 1
                            }
                        } catch {
                            failedIndex = index
                            throw error
                        }
                    }
                    return counts
                }
            } catch {
                guard let index = failedIndex, let issue = mapper.issue(for: error, line: batch[index].line) else {
                    throw ImportError(kind: .store, file: file, reason: "\(error)")
                }
                guard options.skipInvalid else { throw ImportError(issue, file: file) }
                excluded.insert(index)
                summary.rejected += 1
                try rejects?.write(file: file, issue: issue, fields: batch[index].fields ?? [])
            }
        }
    }
}
