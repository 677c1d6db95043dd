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
    /// Score per customer number (0 for customers without purchases), one byte each.
    let recency: [UInt8]
    let frequency: [UInt8]
    let monetary: [UInt8]
    /// Net monetary per customer number (minor units).
    let netMonetary: [Int64]
    /// The view key at ranks ⌈k·N/5⌉, k = 1…4, for scoring one key without the arrays.
    let boundaries: [RankBy: [(value: Int64, id: UInt64)]]

    static func build(_ schema: Schema, txn: ReadTxn, customerCeiling: UInt64) throws -> ScoreSnapshot {
        let size = Int(min(customerCeiling, UInt64(Int32.max))) + 1
        let count = try schema.byRecency.count(in: txn)
        var recency = [UInt8](repeating: 0, count: size)
        var frequency = [UInt8](repeating: 0, count: size)
        var monetary = [UInt8](repeating: 0, count: size)
        var net = [Int64](repeating: 0, count: size)
        var boundaries: [RankBy: [(Int64, UInt64)]] = [:]
        for (rank, table) in [(RankBy.recency, schema.byRecency), (.frequency, schema.byFrequency),
                              (.monetary, schema.byMonetary)] {
            var index = 0
            var marks: [(Int64, UInt64)] = []
            try table.scanRaw(in: txn) { key, _ in
                let (value, id) = try Self.viewKey(key)
                let score = UInt8(5 * index / max(count, 1) + 1)
                while marks.count < Int(score) - 1 { marks.append((value, id)) }
                if id < UInt64(size) {
                    switch rank {
                    case .recency: recency[Int(id)] = score
                    case .frequency: frequency[Int(id)] = score
                    case .monetary:
                        monetary[Int(id)] = score
                        net[Int(id)] = value
                    }
                }
                index += 1
                return true
            }
            boundaries[rank] = marks
        }
        return ScoreSnapshot(
            transactionID: txn.id, count: count, recency: recency, frequency: frequency, monetary: monetary,
            netMonetary: net, boundaries: boundaries)
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
        guard id < UInt64(recency.count), recency[Int(id)] > 0 else { return nil }
        let i = Int(id)
        return RFMScores(recency: Int(recency[i]), frequency: Int(frequency[i]), monetary: Int(monetary[i]))
    }

    /// The score a view key gets, from the boundaries alone.
    func score(_ rank: RankBy, value: Int64, id: UInt64) -> Int {
        1 + (boundaries[rank] ?? []).filter { ($0.value, $0.id) <= (value, id) }.count
    }
}
