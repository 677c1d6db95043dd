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

    mutating func add(_ outcome: RowOutcome) {
        switch outcome {
        case .imported(let created):
            imported += 1
            if created { customersCreated += 1 }
        case .duplicate:
            duplicates += 1
        }
    }
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

    /// The store's pages resident in this process (file-backed memory) above this are dropped by the writer
    /// (`StoreWriter.limitResidentPages(to:)`), so an import's peak RSS does not grow with the store. What remains
    /// grows with the batch size (the transaction's changed pages, about 1.5 KiB per row), not with the file.
    static let residentMapBudget = 48 << 20

    /// Progress is reported after each commit, and every quarter second while the writing thread waits for rows.

    func run<M: RowMapper, S: ByteSource & ~Copyable>(
        source: consuming S,
        csvOptions: CSVOptions,
        mapper: inout M,
        file: String,
        totalBytes: Int?,
        summary: inout ImportSummary,
        progress: (ImportProgress) -> Void,
        planner: (([PendingRow<M.Record>]) -> BatchPlan?)? = nil,
        sorting: RunCodec<M.Record>? = nil,
        apply: (StoreWriter, M.Record, Bool) throws -> RowOutcome
    ) throws(ImportError) {
        let started = POSIXCalls.monotonicSeconds()
        let keepFields = options.skipInvalid && rejects != nil
        var reader: CSVReader<S>
        do {
            reader = try CSVReader(source: source, options: csvOptions)
        } catch {
            throw ImportError(kind: .badInput, file: file, reason: error.description)
        }
        var local = ImportSummary()
        var committed = 0
        let pending = try mapper.start(&reader, file: file)

        // Rows are read and mapped on another thread (`RowReader`) while this one writes the previous batch.
        // Sorting, the reading thread plans nothing: the batches are planned as the merge hands them on.
        let rowReader = RowReader(
            reader: reader, mapper: mapper, pending: pending, file: file, options: options, keepFields: keepFields,
            planner: sorting == nil ? planner : nil)
        let handover = Handover<ReadChunk<M.Record>>()
        rowReader.start(into: handover)
        var finished = false

        func report() {
            progress(ImportProgress(
                file: file, rowsRead: max(local.rowsRead, rowReader.rowsRead.load(ordering: .relaxed)),
                rowsCommitted: committed, bytesRead: rowReader.bytesRead.load(ordering: .relaxed),
                totalBytes: totalBytes, elapsed: POSIXCalls.monotonicSeconds() - started))
        }
        func reject(_ row: RejectedRow) throws(ImportError) {
            local.rowsRead = row.rowsRead
            local.rejected += 1
            try rejects?.write(file: file, issue: row.issue, fields: row.fields)
        }
        var sorted: SortedWrite?
        func flush(_ batch: [PendingRow<M.Record>], plan: BatchPlan?) throws(ImportError) {
            guard !batch.isEmpty else { return }
            let counts = try write(
                batch, plan: plan, mapper: mapper, file: file, summary: &local, sorted: sorted, apply: apply)
            local.imported += counts.imported
            local.duplicates += counts.duplicates
            local.customersCreated += counts.customersCreated
            committed += batch.count
            report()
        }

        defer {
            // On a failure the reading thread stops at its next row (it may be blocked reading a pipe: it is not
            // waited for).
            if !finished { handover.cancel() }
            local.bytesRead = finished ? rowReader.finalBytes : rowReader.bytesRead.load(ordering: .relaxed)
            local.elapsed = POSIXCalls.monotonicSeconds() - started
            summary.add(local)
        }

        /// Receives chunks until the last, handing each batch to `take`.
        func drain(
            _ handover: Handover<ReadChunk<M.Record>>, take: ([PendingRow<M.Record>], BatchPlan?) throws(ImportError) -> Void
        ) throws(ImportError) {
            var done = false
            while !done {
                guard let chunk = handover.receive(timeoutMilliseconds: 250) else {
                    report()
                    continue
                }
                switch chunk {
                case .failed(let error, let rowsRead):
                    local.rowsRead = rowsRead
                    throw error
                case .rows(let batch, let rejected, let rowsRead, let isLast, let plan):
                    for row in rejected { try reject(row) }
                    local.rowsRead = rowsRead
                    done = isLast
                    try take(batch, plan)
                }
            }
        }

        if let sorting {
            // Every row is read, checked and sorted into runs before the first is written (`RunSorter`), then the
            // runs are merged on another thread and written in customer-major order.
            // The order ids are sorted too (`OrderClaim`): rows that repeat an earlier row's order id are known
            // before anything is written.
            let sorter = RunSorter(codec: sorting, runBytes: options.sortRunBytes, directory: store.path, file: file)
            let claims = RunSorter(
                codec: .orderClaims, runBytes: options.sortRunBytes / 4, directory: store.path, file: file)
            try drain(handover) { batch, _ throws(ImportError) in
                for row in batch {
                    try sorter.add(row)
                    if let claim = sorting.claim(row.record) {
                        try claims.add(PendingRow(line: row.line, record: claim, fields: nil))
                    }
                }
            }
            finished = true
            if let final = rowReader.finalMapper { mapper = final }
            local.spilledRuns = sorter.spilledRuns + claims.spilledRuns
            let repeats = try OrderRepeats(merging: claims.merged(readBufferBytes: 4 << 20))
            if !options.skipInvalid, let line = repeats.firstConflict {
                // The input order refuses this row first: the order id of an earlier row of another customer.
                let issue = mapper.issue(for: ClienteleError.orderConflict, line: line)
                    ?? RowIssue(line: line, column: "order_id", reason: ClienteleError.orderConflict.description)
                throw ImportError(issue, file: file)
            }
            // More than one batch: the order index entries are deferred and written in order-id order at the end
            // (see `Store.write(deferringOrdersTo:_:)`), under the store's import lock.
            var lock: ImportLock?
            var runs: DeferredOrderRuns?
            if sorter.count > options.batchSize {
                do {
                    lock = try ImportLock(storePath: store.path)
                } catch {
                    throw ImportError(kind: .store, file: file, reason: "\(error)")
                }
                guard lock != nil else {
                    throw ImportError(kind: .store, file: file, reason: "another import is writing this store")
                }
                runs = DeferredOrderRuns(runBytes: options.sortRunBytes / 2, directory: store.path, file: file)
            }
            sorted = SortedWrite(repeats: repeats, deferred: runs)
            let merger = try sorter.merged(readBufferBytes: 8 << 20)
            let merged = Handover<ReadChunk<M.Record>>()
            let feeder = MergeFeeder(
                merger: merger, batchSize: max(1, options.batchSize), rowsRead: local.rowsRead,
                categories: sorter.categories, planner: planner)
            feeder.start(into: merged)
            do {
                try drain(merged) { batch, plan throws(ImportError) in try flush(batch, plan: plan) }
            } catch {
                merged.cancel()
                // The batches committed so far keep their order index: their entries are written now (should that
                // fail too, the next open completes them from the lines).
                try? runs?.write(to: store)
                throw error
            }
            if let runs {
                do {
                    try runs.write(to: store)
                } catch let error as ImportError {
                    throw error
                } catch {
                    throw ImportError(kind: .store, file: file, reason: "\(error)")
                }
                local.spilledRuns += runs.sorter.spilledRuns
            }
            withExtendedLifetime(lock) {}
        } else {
            try drain(handover) { batch, plan throws(ImportError) in
                try flush(batch, plan: plan)
            }
            finished = true
            if let final = rowReader.finalMapper { mapper = final }
        }
        do {
            try store.sync()
        } catch {
            throw ImportError(kind: .store, file: file, reason: "sync failed: \(error)")
        }
        local.files = 1
        report()
    }

    /// Applies every row of `batch` in `plan`'s order in one transaction; throws (leaving nothing) at the first
    /// failure.
    private func writeInPlanOrder<Record>(
        _ batch: [PendingRow<Record>], plan: BatchPlan, deferred: DeferredOrderRuns?,
        apply: (StoreWriter, PendingRow<Record>) throws -> RowOutcome
    ) throws -> BatchCounts {
        let body = { (writer: StoreWriter) throws -> BatchCounts in
            writer.limitResidentPages(to: Self.residentMapBudget)
            try writer.internCategories(plan.categories)
            var counts = BatchCounts()
            try batch.withUnsafeBufferPointer { rows in
                for index in plan.order { counts.add(try apply(writer, rows[Int(index)])) }
            }
            return counts
        }
        if let deferred { return try store.write(deferringOrdersTo: deferred, body) }
        return try store.write(body)
    }

    /// Writes one batch in one transaction; rows the store refuses are rejected (and the batch retried without them)
    /// or stop the import.
    ///
    /// With a ``BatchPlan`` the batch is first applied in the plan's order (its categories interned first); when that
    /// fails in any way, nothing of it remains and the batch is applied in input order below, so the error, the
    /// rejected rows and what is stored are those of the input order.
    private func write<M: RowMapper>(
        _ batch: [PendingRow<M.Record>],
        plan: BatchPlan?,
        mapper: M,
        file: String,
        summary: inout ImportSummary,
        sorted: SortedWrite?,
        apply: (StoreWriter, M.Record, Bool) throws -> RowOutcome
    ) throws(ImportError) -> BatchCounts {
        // Sorted, the order-id sort said which rows repeat an earlier row's order id: another customer's is refused
        // as the input order refuses it; the same customer's is looked for among its lines when entries are deferred.
        func applyRow(_ writer: StoreWriter, _ row: PendingRow<M.Record>) throws -> RowOutcome {
            guard let sorted else { return try apply(writer, row.record, false) }
            if sorted.repeats.conflicts(row.line) { throw ClienteleError.orderConflict }
            return try apply(writer, row.record, sorted.deferred != nil && sorted.repeats.repeatsEarlierRow(row.line))
        }
        if let plan, plan.order.count == batch.count,
           let counts = try? writeInPlanOrder(batch, plan: plan, deferred: sorted?.deferred, apply: applyRow) {
            return counts
        }
        var failures: [Int: any Error] = [:]
        do {
            // Through the buffer: each row is lent to `apply`, not copied out of the array.
            let outcomes = try batch.withUnsafeBufferPointer { rows in
                try store.writeLeavingOutFailures(
                    count: rows.count, failures: &failures, deferringOrdersTo: sorted?.deferred
                ) { writer in
                    writer.limitResidentPages(to: Self.residentMapBudget)
                    // New categories get the ids of the input order here too (the plan lists them in that order).
                    if let plan { try writer.internCategories(plan.categories) }
                } apply: { writer, index in
                    try applyRow(writer, rows[index])
                } leaveOut: { index, error in
                    guard let issue = mapper.issue(for: error, line: rows[index].line) else { return false }
                    guard options.skipInvalid else { throw ImportError(issue, file: file) }
                    summary.rejected += 1
                    try rejects?.write(file: file, issue: issue, fields: rows[index].fields ?? [])
                    return true
                }
            }
            var counts = BatchCounts()
            for outcome in outcomes { if let outcome { counts.add(outcome) } }
            return counts
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(kind: .store, file: file, reason: "\(error)")
        }
    }
}

/// What a sorted import's batches are written with: what the order-id sort found (``OrderRepeats``) and, for a
/// multi-batch import, where the deferred order index entries of committed batches go.
struct SortedWrite {
    let repeats: OrderRepeats
    let deferred: DeferredOrderRuns?
}
