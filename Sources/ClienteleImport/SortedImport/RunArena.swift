import Clientele

/// The rows of one sorted run while it is gathered: their records (``RunRecord``) packed in one block of memory,
/// and a sort entry per row. When the block is full the run is sorted and spilled to the ``SortSpillFile``; the
/// last run of an input stays in memory.
final class RunArena<Record> {
    /// A row's place in the block and the first bytes of its customer (most comparisons end there).
    struct Entry {
        var prefix: UInt64
        var offset: Int
    }

    private let codec: RunCodec<Record>
    private var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// Bytes used.
    private(set) var used = 0
    private(set) var entries: [Entry] = []

    /// An empty run of `capacity` bytes.
    init(capacity: Int, codec: RunCodec<Record>) {
        self.codec = codec
        self.capacity = max(capacity, 1 << 10)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { entries.isEmpty }

    /// Adds `row`; `false` (nothing added) when the block has no room for it and is not empty.
    func add(_ row: PendingRow<Record>) -> Bool {
        let size = codec.size(row)
        if used + size > capacity {
            guard entries.isEmpty else { return false }
            // A single row larger than the block (a rejects file keeping a huge row's fields): the block grows.
            base.deallocate()
            capacity = size
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        let record = base + used
        codec.write(row, size, record)
        entries.append(Entry(prefix: RunRecord.prefix(at: record), offset: used))
        used += size
        return true
    }

    /// Sorts the entries into record order (customer, then line).
    func sort() {
        let base = UnsafeRawPointer(self.base)
        entries.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            return RunRecord.precedes(base + a.offset, base + b.offset)
        }
    }

    /// The record of the `index`th entry.
    func record(_ index: Int) -> UnsafeRawPointer { UnsafeRawPointer(base) + entries[index].offset }

    /// Writes the sorted records to `file` in order, returning where the run starts and how many bytes it has.
    func spill(to file: SortSpillFile) throws(ImportError) -> SpilledRun {
        let start = file.size
        // Copied into a staging buffer in sorted order and written in large pieces.
        let stagingSize = 1 << 20
        let staging = UnsafeMutableRawPointer.allocate(byteCount: stagingSize, alignment: 16)
        defer { staging.deallocate() }
        var filled = 0
        for entry in entries {
            let record = UnsafeRawPointer(base) + entry.offset
            let length = RunRecord.length(at: record)
            if filled + length > stagingSize && filled > 0 {
                try file.append(UnsafeRawBufferPointer(start: staging, count: filled))
                filled = 0
            }
            if length > stagingSize {
                try file.append(UnsafeRawBufferPointer(start: record, count: length))
                continue
            }
            (staging + filled).copyMemory(from: record, byteCount: length)
            filled += length
        }
        if filled > 0 { try file.append(UnsafeRawBufferPointer(start: staging, count: filled)) }
        return SpilledRun(start: start, length: file.size - start, rows: entries.count)
    }

    /// Frees the block (after the last run was spilled); the arena is empty and holds no memory afterwards.
    func release() {
        reset()
        entries = []
        base.deallocate()
        capacity = 0
        base = UnsafeMutableRawPointer.allocate(byteCount: 0, alignment: 16)
    }

    /// Empties the run for the next one (the block is kept).
    func reset() {
        used = 0
        entries.removeAll(keepingCapacity: true)
    }
}

/// Where a spilled run lies in the sort file.
struct SpilledRun {
    var start: Int
    var length: Int
    var rows: Int
}
