import Clientele
import Dispatch
import Synchronization

/// A row the reading thread rejected (with `skipInvalid`), handed to the writing thread with its batch.
struct RejectedRow {
    var issue: RowIssue
    var fields: [String]
    /// Rows read when it was rejected.
    var rowsRead: Int
}

/// What the reading thread hands to the writing thread.
enum ReadChunk<Record> {
    /// A full batch (or, when `isLast`, what was left at the end of the input), with the rows rejected while it was
    /// read, in input order, and the order to apply it in (``BatchPlan``; `nil`: input order).
    case rows([PendingRow<Record>], rejected: [RejectedRow], rowsRead: Int, isLast: Bool, plan: BatchPlan?)
    /// The input cannot go on (an unreadable or malformed input, a bad row without `skipInvalid`, `maxRows`): the
    /// rows read since the previous batch are not written.
    case failed(ImportError, rowsRead: Int)
}

/// A one-item hand-over between two threads. `send` returns once the receiver has taken the item, so while the
/// receiver writes one batch the sender reads at most the next one: memory stays at two batches.
final class Handover<Item>: @unchecked Sendable {
    // @unchecked: `item` and `cancelled` are only touched while holding `lock`; the semaphores are thread-safe.
    private var item: Item?
    private var cancelled = false
    private let lock = DispatchSemaphore(value: 1)
    private let filled = DispatchSemaphore(value: 0)
    private let taken = DispatchSemaphore(value: 0)

    private func locked<R>(_ body: () -> R) -> R {
        lock.wait()
        defer { lock.signal() }
        return body()
    }

    /// Hands `item` over and waits until it is taken; `false` when the receiver has cancelled.
    func send(_ newItem: Item) -> Bool {
        let placed = locked { () -> Bool in
            guard !cancelled else { return false }
            item = newItem
            return true
        }
        guard placed else { return false }
        filled.signal()
        taken.wait()
        return !locked { cancelled }
    }

    /// The next item, or `nil` when none came within `milliseconds`.
    func receive(timeoutMilliseconds milliseconds: Int) -> Item? {
        guard filled.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
        let received = locked { () -> Item? in
            defer { item = nil }
            return item
        }
        taken.signal()
        return received
    }

    /// Stops the sender: the `send` waiting now, and every later one, returns `false`.
    func cancel() {
        locked {
            cancelled = true
            item = nil
        }
        taken.signal()
    }
}

/// A closure handed to another thread (the `@unchecked` promise: what it captures is used by that thread alone).
struct ThreadWork: @unchecked Sendable {
    let body: () -> Void
}

/// The reading half of an import, run on its own thread: parses and maps rows into batches while the caller's
/// thread writes the previous batch (parsing then costs no time on the writing thread, and fills the waits for
/// each commit's disk sync). Rejects, failures and batch boundaries are exactly those of reading and writing in
/// turn; only the writing thread touches the store, the rejects file and the progress callback.
final class RowReader<M: RowMapper, S: ByteSource & ~Copyable>: @unchecked Sendable {
    // @unchecked: the reader and mapper are used by the reading thread alone while it runs; `rowsRead` and
    // `bytesRead` are atomics; `finalMapper` and `finalBytes` are written before the last hand-over and read after it.
    private var reader: CSVReader<S>?
    private let initialMapper: M
    private let pending: Bool
    private let file: String
    private let options: ImportOptions
    private let keepFields: Bool
    /// Works out each batch's application order on this thread (beside the writer), when given.
    private let planner: (([PendingRow<M.Record>]) -> BatchPlan?)?
    /// Rows read so far, and bytes consumed, for progress reports from the writing thread.
    let rowsRead = Atomic<Int>(0)
    let bytesRead = Atomic<Int>(0)
    /// The mapper and byte count at the end of the input (valid after the last batch was received).
    private(set) var finalMapper: M?
    private(set) var finalBytes = 0

    init(reader: consuming CSVReader<S>, mapper: M, pending: Bool, file: String, options: ImportOptions,
         keepFields: Bool, planner: (([PendingRow<M.Record>]) -> BatchPlan?)? = nil) {
        self.planner = planner
        self.reader = consume reader
        self.initialMapper = mapper
        self.pending = pending
        self.file = file
        self.options = options
        self.keepFields = keepFields
    }

    /// Starts reading on another thread, handing batches to `handover`.
    func start(into handover: Handover<ReadChunk<M.Record>>) {
        let work = ThreadWork { [self] in run(into: handover) }
        DispatchQueue.global(qos: .userInitiated).async { work.body() }
    }

    private func run(into handover: Handover<ReadChunk<M.Record>>) {
        guard var reader = reader.take() else { return }
        var mapper = initialMapper
        let batchSize = max(1, options.batchSize)
        var batch: [PendingRow<M.Record>] = []
        batch.reserveCapacity(min(batchSize, 100_000))
        var rejected: [RejectedRow] = []
        var rowsRead = 0
        var pending = self.pending

        func fail(_ error: ImportError) {
            self.rowsRead.store(rowsRead, ordering: .relaxed)
            bytesRead.store(reader.bytesConsumed, ordering: .relaxed)
            _ = handover.send(.failed(error, rowsRead: rowsRead))
        }
        /// A bad row: rejected with `skipInvalid`, else the end of the input.
        func reject(_ issue: RowIssue, fields: () -> [String]) -> Bool {
            guard options.skipInvalid else {
                fail(ImportError(issue, file: file))
                return false
            }
            rejected.append(RejectedRow(issue: issue, fields: keepFields ? fields() : [], rowsRead: rowsRead))
            return true
        }

        while true {
            if !pending {
                do {
                    guard try reader.next() else { break }
                } catch {
                    if let issue = mapper.raggedIssue(error) {
                        rowsRead += 1
                        guard reject(issue, fields: { reader.fieldStrings() }) else { return }
                        continue
                    }
                    // Unrecoverable: the record boundaries are lost. The current batch is not written.
                    return fail(mapper.importError(error, file: file))
                }
            }
            pending = false
            rowsRead += 1
            if let maxRows = options.maxRows, rowsRead > maxRows {
                return fail(ImportError(
                    kind: .badInput, file: file, line: reader.recordLine, reason: "more than \(maxRows) rows (--max-rows)"))
            }
            do {
                guard let record = try mapper.map(reader) else {
                    rowsRead -= 1
                    continue
                }
                batch.append(PendingRow(
                    line: reader.recordLine, record: record, fields: keepFields ? reader.fieldStrings() : nil))
            } catch {
                guard reject(error, fields: { reader.fieldStrings() }) else { return }
            }
            if rowsRead & 255 == 0 {
                self.rowsRead.store(rowsRead, ordering: .relaxed)
                bytesRead.store(reader.bytesConsumed, ordering: .relaxed)
            }
            if batch.count >= batchSize {
                self.rowsRead.store(rowsRead, ordering: .relaxed)
                bytesRead.store(reader.bytesConsumed, ordering: .relaxed)
                let plan = planner?(batch)
                guard handover.send(.rows(batch, rejected: rejected, rowsRead: rowsRead, isLast: false, plan: plan))
                else { return }
                batch = []
                batch.reserveCapacity(min(batchSize, 100_000))
                rejected = []
            }
        }
        self.rowsRead.store(rowsRead, ordering: .relaxed)
        bytesRead.store(reader.bytesConsumed, ordering: .relaxed)
        finalBytes = reader.bytesConsumed
        finalMapper = mapper
        let plan = planner?(batch)
        _ = handover.send(.rows(batch, rejected: rejected, rowsRead: rowsRead, isLast: true, plan: plan))
    }
}
