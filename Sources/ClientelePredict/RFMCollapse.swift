extension RFMTriple {
    /// Merges rows with identical (x, t_x, T) into one row whose weight is the sum of their weights.
    ///
    /// Fader & Hardie fit on the distinct observed patterns; the likelihood of the collapsed data equals the
    /// likelihood of the original rows exactly. Output order is the order of first occurrence, so the result is
    /// deterministic. Rows are compared bit for bit after normalising −0.0 to 0.0 (so 1.0 and 1.0000000001 stay
    /// apart: round durations first if they come from floating-point arithmetic). No validation is done.
    ///
    /// - Complexity: O(n) expected (one probe sequence of a flat open-addressing table per row).
    public static func collapse(_ rows: [RFMTriple]) -> [RFMTriple] {
        guard let capacity = tableCapacity(for: rows.count) else { return collapseWithDictionary(rows) }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var result: [RFMTriple] = []
        for row in rows {
            let tx = row.tx + 0
            let age = row.T + 0
            let hash = mixBits(UInt64(bitPattern: Int64(row.x)), tx.bitPattern, age.bitPattern)
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = slots[i]
                if slot < 0 {
                    slots[i] = Int32(truncatingIfNeeded: result.count)
                    result.append(RFMTriple(x: row.x, tx: tx, T: age, weight: row.weight))
                    break
                }
                let index = Int(slot)
                let existing = result[index]
                if existing.x == row.x, existing.tx.bitPattern == tx.bitPattern, existing.T.bitPattern == age.bitPattern
                {
                    result[index].weight += row.weight
                    break
                }
                i = (i + 1) & mask
            }
        }
        return result
    }

    /// Fallback for inputs too large for 32-bit table slots.
    static func collapseWithDictionary(_ rows: [RFMTriple]) -> [RFMTriple] {
        var slot: [PatternKey: Int] = [:]
        var result: [RFMTriple] = []
        for row in rows {
            let key = PatternKey(row)
            if let index = slot[key] {
                result[index].weight += row.weight
            } else {
                slot[key] = result.count
                result.append(RFMTriple(x: row.x, tx: row.tx + 0, T: row.T + 0, weight: row.weight))
            }
        }
        return result
    }
}

/// Bitwise identity of an (x, t_x, T) pattern (−0.0 folded into 0.0).
struct PatternKey: Hashable {
    let x: Int
    let tx: UInt64
    let age: UInt64

    init(_ row: RFMTriple) {
        x = row.x
        tx = (row.tx + 0).bitPattern
        age = (row.T + 0).bitPattern
    }
}
