import LMDBKit

/// Quintile scores of the whole population at one store snapshot, computed from the three ordered views.
///
/// Ranks: customers with purchases are sorted ascending by the view's value, ties broken by customer number (the
/// view's key order); the customer at 0-based rank i of N gets score ⌊5·i/N⌋ + 1. So recency 5 is the most recent
/// fifth, and equal values can straddle a boundary (deterministically, by customer number).
struct ScoreSnapshot: Sendable {
    /// The LMDB transaction id the scores were taken at.
    let transactionID: Int
    /// Customers with purchases.
    let count: Int
    /// Scores per customer number, packed (recency in bits 0–2, frequency 3–5, monetary 6–8; 0 for customers
    /// without purchases): one small array, so the three passes that fill it stay in cache.
    let packed: [UInt16]
    /// Customers and net monetary value per score cell, `(r-1)·25 + (f-1)·5 + (m-1)`, for segment counts.
    let cellCounts: [Int]
    let cellRevenue: [Int64]
    /// Net monetary value of every customer with purchases (wrapping sum, as the cells).
    let totalRevenue: Int64
    /// The view key at ranks ⌈k·N/5⌉, k = 1…4, for scoring one key without the arrays.
    let boundaries: [RankBy: [(value: Int64, id: UInt64)]]

    /// One past the largest customer number the snapshot covers.
    var capacity: Int { packed.count }

    static func build(_ schema: Schema, txn: ReadTxn, customerCeiling: UInt64) throws -> ScoreSnapshot {
        let size = Int(min(customerCeiling, UInt64(Int32.max))) + 1
        var builder = Builder(size: size, count: try schema.byRecency.count(in: txn))
        try builder.withPasses { pass in
            for (rank, table) in [(RankBy.recency, schema.byRecency), (.frequency, schema.byFrequency),
                                  (.monetary, schema.byMonetary)] {
                var index = 0
                try table.scanRaw(in: txn) { key, _ in
                    let (value, id) = try Self.viewKey(key)
                    pass(rank, index, value, id)
                    index += 1
                    return true
                }
            }
        }
        return builder.snapshot(transactionID: txn.id)
    }

    /// Fills a snapshot from the three rankings, visited in the order recency, frequency, monetary (each ascending
    /// by view key): the monetary pass reads the recency and frequency scores already in place and adds each
    /// customer to its cell.
    struct Builder {
        let size: Int
        let count: Int
        var packed: [UInt16]
        var cellCounts = [Int](repeating: 0, count: 125)
        var cellRevenue = [Int64](repeating: 0, count: 125)
        var totalRevenue: Int64 = 0
        var boundaries: [RankBy: [(value: Int64, id: UInt64)]] = [:]

        init(size: Int, count: Int) {
            self.size = size
            self.count = count
            packed = [UInt16](repeating: 0, count: size)
        }

        /// Runs `body` with the function that takes one ranked key: `(rank, 0-based index, value, customer)`.
        mutating func withPasses(
            _ body: (_ pass: (RankBy, Int, Int64, UInt64) -> Void) throws -> Void
        ) rethrows {
            let count = max(self.count, 1)
            let size = UInt64(self.size)
            var marks: [[(value: Int64, id: UInt64)]] = [[], [], []]
            var cellCounts = self.cellCounts
            var cellRevenue = self.cellRevenue
            var total = totalRevenue
            // Written through a buffer pointer: array subscripts captured by the scan closure would check
            // uniqueness on every write.
            try packed.withUnsafeMutableBufferPointer { packed in
                try body { rank, index, value, id in
                    // Views of unequal sizes (a damaged store) could rank past N: scores stay within 3 bits.
                    let score = UInt16(min(5 * index / count + 1, 7))
                    let axis = rank == .recency ? 0 : rank == .frequency ? 1 : 2
                    while marks[axis].count < Int(score) - 1 { marks[axis].append((value, id)) }
                    guard id < size else { return }
                    let slot = Int(id)
                    switch rank {
                    case .recency: packed[slot] = packed[slot] & ~0x7 | score
                    case .frequency: packed[slot] = packed[slot] & ~(0x7 << 3) | score << 3
                    case .monetary:
                        let scores = packed[slot] & ~(0x7 << 6) | score << 6
                        packed[slot] = scores
                        let (r, f, m) = (Int(scores & 7), Int(scores >> 3 & 7), Int(score))
                        guard (1...5).contains(r), (1...5).contains(f), (1...5).contains(m) else { return }
                        let cell = (r - 1) * 25 + (f - 1) * 5 + (m - 1)
                        cellCounts[cell] += 1
                        cellRevenue[cell] &+= value
                        total &+= value
                    }
                }
            }
            boundaries = [.recency: marks[0], .frequency: marks[1], .monetary: marks[2]]
            self.cellCounts = cellCounts
            self.cellRevenue = cellRevenue
            totalRevenue = total
        }

        func snapshot(transactionID: Int) -> ScoreSnapshot {
            ScoreSnapshot(
                transactionID: transactionID, count: count, packed: packed, cellCounts: cellCounts,
                cellRevenue: cellRevenue, totalRevenue: totalRevenue, boundaries: boundaries)
        }
    }

    /// An ordered-view key, `(value, customer)`: two big-endian words, the value's sign bit flipped (as `Int64Key`
    /// encodes it), read directly (this loop visits every customer three times).
    /// - Throws: `ClienteleError.corrupted` for a key of another size.
    @inline(__always)
    static func viewKey(_ key: UnsafeRawBufferPointer) throws -> (Int64, UInt64) {
        guard key.count == 16 else {
            throw ClienteleError.corrupted(table: "ordered views", reason: "a key of \(key.count) bytes, not 16")
        }
        let value = Int64(bitPattern: UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 0, as: UInt64.self)) ^ (1 << 63))
        return (value, UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// The scores of customer `id`, when it has purchases.
    func scores(of id: UInt64) -> RFMScores? {
        guard id < UInt64(packed.count) else { return nil }
        let scores = packed[Int(id)]
        guard scores & 7 > 0 else { return nil }
        return RFMScores(recency: Int(scores & 7), frequency: Int(scores >> 3 & 7), monetary: Int(scores >> 6 & 7))
    }

    /// The score a view key gets, from the boundaries alone.
    func score(_ rank: RankBy, value: Int64, id: UInt64) -> Int {
        1 + (boundaries[rank] ?? []).filter { ($0.value, $0.id) <= (value, id) }.count
    }
}
