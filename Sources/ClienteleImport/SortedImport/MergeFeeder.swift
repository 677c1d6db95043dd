import Clientele
import Dispatch

/// The merging half of a sorted import, run on its own thread: reads the merged runs into batches, plans each
/// (``BatchPlan``) and hands it to the writing thread, which writes one batch while the next is merged.
final class MergeFeeder<Record>: @unchecked Sendable {
    // @unchecked: the merger and planner are used by the merging thread alone once it runs.
    private let merger: RunMerger<Record>
    private let batchSize: Int
    private let rowsRead: Int
    private let categories: [String]
    private let planner: (([PendingRow<Record>]) -> BatchPlan?)?

    /// - Parameters:
    ///   - rowsRead: the input's rows, reported with every batch.
    ///   - categories: the input's categories in input order, interned by the first batch's transaction.
    init(merger: RunMerger<Record>, batchSize: Int, rowsRead: Int, categories: [String],
         planner: (([PendingRow<Record>]) -> BatchPlan?)?) {
        self.merger = merger
        self.batchSize = batchSize
        self.rowsRead = rowsRead
        self.categories = categories
        self.planner = planner
    }

    /// Starts merging on another thread, handing batches to `handover`.
    func start(into handover: Handover<ReadChunk<Record>>) {
        let work = ThreadWork { [self] in run(into: handover) }
        DispatchQueue.global(qos: .userInitiated).async { work.body() }
    }

    private func run(into handover: Handover<ReadChunk<Record>>) {
        var first = true
        while true {
            var batch: [PendingRow<Record>] = []
            batch.reserveCapacity(min(batchSize, 100_000))
            do {
                while batch.count < batchSize, let row = try merger.next() { batch.append(row) }
            } catch {
                _ = handover.send(.failed(error, rowsRead: rowsRead))
                return
            }
            let isLast = batch.count < batchSize
            var plan = planner?(batch)
            if first && !categories.isEmpty && batch.count < Int(Int32.max) {
                if plan == nil { plan = BatchPlan(order: (0..<Int32(batch.count)).map { $0 }, categories: []) }
                plan?.categories = categories
            }
            first = false
            guard handover.send(.rows(batch, rejected: [], rowsRead: rowsRead, isLast: isLast, plan: plan)),
                  !isLast
            else { return }
        }
    }
}
