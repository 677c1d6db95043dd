import Clientele

/// Gathers an input's rows into sorted runs, spilling full ones to a ``SortSpillFile`` in the store's directory,
/// and merges them back in record order (customer-major, each customer's rows in input order).
///
/// Memory stays at one run's block (``ImportOptions/sortRunBytes``) plus a read buffer per spilled run while
/// merging, whatever the input's size; the sort file holds the input's rows once.
final class RunSorter<Record> {
    private let codec: RunCodec<Record>
    private let directory: String
    private let file: String
    private let arena: RunArena<Record>
    private var spill: SortSpillFile?
    private var runs: [SpilledRun] = []
    private var seenCategories: Set<String> = []
    private var lastCategory: String?
    /// The distinct categories of the rows added, in input order.
    private(set) var categories: [String] = []
    /// Rows added.
    private(set) var count = 0

    init(codec: RunCodec<Record>, runBytes: Int, directory: String, file: String) {
        self.codec = codec
        self.directory = directory
        self.file = file
        arena = RunArena(capacity: runBytes, codec: codec)
    }

    /// Runs written to the sort file so far.
    var spilledRuns: Int { runs.count }

    /// Adds a row, spilling the current run first when it is full.
    /// - Throws: ``ImportError`` (`.store`) when the sort file cannot be written.
    func add(_ row: PendingRow<Record>) throws(ImportError) {
        if let category = codec.category(row.record), category != lastCategory {
            lastCategory = category
            if seenCategories.insert(category).inserted { categories.append(category) }
        }
        count += 1
        if arena.add(row) { return }
        try spillRun()
        _ = arena.add(row)
    }

    private func spillRun() throws(ImportError) {
        arena.sort()
        let target: SortSpillFile
        if let spill {
            target = spill
        } else {
            target = try SortSpillFile(directory: directory, file: file)
            spill = target
        }
        runs.append(try arena.spill(to: target))
        arena.reset()
    }

    /// Sorts the last run and returns a merger over every run. Call once, after the last ``add(_:)``.
    /// - Throws: ``ImportError`` (`.store`) when the sort file cannot be read.
    func merged(readBufferBytes: Int) throws(ImportError) -> RunMerger<Record> {
        // When runs were spilled, the last one is too and its memory freed: merging then costs the read buffers only.
        if spill != nil && !arena.isEmpty {
            try spillRun()
            arena.release()
        }
        arena.sort()
        var cursors: [any RunCursor] = []
        if let spill {
            let perRun = max(64 << 10, readBufferBytes / max(1, runs.count))
            for run in runs { cursors.append(try SpilledCursor(file: spill, run: run, bufferSize: perRun)) }
        }
        cursors.append(ArenaCursor(arena))
        return RunMerger(cursors, codec: codec)
    }
}
