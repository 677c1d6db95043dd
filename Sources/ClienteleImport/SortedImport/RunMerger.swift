import Clientele

/// Reads one sorted run back, a record at a time.
protocol RunCursor: AnyObject {
    /// The current record, or `nil` past the run's end.
    var current: UnsafeRawPointer? { get }
    /// Moves to the next record.
    func advance() throws(ImportError)
}

/// The run still in memory (the input's last one).
final class ArenaCursor<Record>: RunCursor {
    private let arena: RunArena<Record>
    private var index = 0
    private(set) var current: UnsafeRawPointer?

    init(_ arena: RunArena<Record>) {
        self.arena = arena
        current = arena.entries.isEmpty ? nil : arena.record(0)
    }

    func advance() {
        index += 1
        current = index < arena.entries.count ? arena.record(index) : nil
    }
}

/// A run in the sort file, read through a buffer of its own.
final class SpilledCursor: RunCursor {
    private let file: SortSpillFile
    private let end: Int
    /// The file offset of the next byte not yet in the buffer.
    private var nextRead: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var filled = 0
    private var position = 0
    private(set) var current: UnsafeRawPointer?

    init(file: SortSpillFile, run: SpilledRun, bufferSize: Int) throws(ImportError) {
        self.file = file
        end = run.start + run.length
        nextRead = run.start
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 4096), alignment: 16)
        try load()
    }

    deinit { buffer.deallocate() }

    func advance() throws(ImportError) {
        guard let current else { return }
        position += RunRecord.length(at: current)
        try load()
    }

    /// Makes `current` the whole record at `position`, reading more of the run when the buffer ends inside it.
    private func load() throws(ImportError) {
        current = nil
        while true {
            let available = filled - position
            if available >= 4, let base = buffer.baseAddress {
                let record = UnsafeRawPointer(base + position)
                if available >= RunRecord.length(at: record) {
                    current = record
                    return
                }
            }
            guard nextRead < end else { return }
            try refill(keeping: available)
        }
    }

    /// Moves the `kept` unread bytes to the front and fills the rest of the buffer from the file.
    private func refill(keeping kept: Int) throws(ImportError) {
        guard let base = buffer.baseAddress else { return }
        if kept >= 4 {
            let needed = RunRecord.length(at: UnsafeRawPointer(base + position))
            if needed > buffer.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: needed, alignment: 16)
                if let target = larger.baseAddress { target.copyMemory(from: base + position, byteCount: kept) }
                buffer.deallocate()
                buffer = larger
                position = 0
                filled = kept
                return try read()
            }
        }
        if kept > 0 && position > 0 { base.copyMemory(from: base + position, byteCount: kept) }
        position = 0
        filled = kept
        try read()
    }

    private func read() throws(ImportError) {
        guard let base = buffer.baseAddress else { return }
        let room = min(buffer.count - filled, end - nextRead)
        let count = try file.read(into: UnsafeMutableRawBufferPointer(start: base + filled, count: room), at: nextRead)
        guard count > 0 else {
            throw ImportError(kind: .store, file: "", reason: "the import's sort file ended early")
        }
        filled += count
        nextRead += count
    }
}

/// Merges sorted runs into one sequence of rows in record order (customer, then line): a binary heap of the runs
/// by their current records.
final class RunMerger<Record> {
    private let codec: RunCodec<Record>
    private var cursors: [any RunCursor]
    private var heap: [Int] = []
    private var previousCustomer: String?

    init(_ cursors: [any RunCursor], codec: RunCodec<Record>) {
        self.codec = codec
        self.cursors = cursors
        for index in cursors.indices where cursors[index].current != nil {
            heap.append(index)
            siftUp(heap.count - 1)
        }
    }

    /// The next row, or `nil` when every run is read.
    func next() throws(ImportError) -> PendingRow<Record>? {
        guard let top = heap.first, let record = cursors[top].current else { return nil }
        let row = codec.decode(record, &previousCustomer)
        try pop()
        return row
    }

    /// The next record as it is stored (valid until the next call), or `nil` when every run is read.
    func nextRecord() throws(ImportError) -> UnsafeRawPointer? {
        if popPending {
            popPending = false
            try pop()
        }
        guard let top = heap.first, let record = cursors[top].current else { return nil }
        popPending = true
        return record
    }

    private var popPending = false

    private func pop() throws(ImportError) {
        guard let top = heap.first else { return }
        try cursors[top].advance()
        if cursors[top].current == nil {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        guard let x = cursors[heap[a]].current, let y = cursors[heap[b]].current else { return false }
        return RunRecord.precedes(x, y)
    }

    private func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count && less(left + 1, left) { smallest = left + 1 }
            guard less(smallest, parent) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
