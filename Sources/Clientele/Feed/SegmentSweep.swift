import LMDBKit

/// Re-ranks the population from the three ordered views (as `ScoreSnapshot` does) and lists the customers whose
/// segment against the new quintiles differs from their segment against the previous sweep's boundaries.
enum SegmentSweep {
    struct Change {
        var id: UInt64
        var from: String?
        var to: String
    }

    /// - Throws: `ClienteleError.corrupted` for a damaged view key; `.storage`.
    static func rank(
        _ schema: Schema, _ txn: ReadTxn, segments: SegmentMap, old: SegmentBoundaries?, customerCeiling: UInt64
    ) throws -> (boundaries: SegmentBoundaries?, changes: [Change]) {
        let count = try schema.byRecency.count(in: txn)
        guard count > 0 else { return (nil, []) }
        let size = Int(min(customerCeiling, UInt64(Int32.max))) + 1
        var fresh = [UInt16](repeating: 0, count: size)
        var previous = [UInt16](repeating: 0, count: old == nil ? 0 : size)
        var marks: [[SegmentBoundaries.ViewKey]] = []
        let oldAxes = old.map { [$0.recency, $0.frequency, $0.monetary] }
        for (axis, table) in [schema.byRecency, schema.byFrequency, schema.byMonetary].enumerated() {
            var index = 0
            var axisMarks: [SegmentBoundaries.ViewKey] = []
            let shift = UInt16(3 * axis)
            try table.scanRaw(in: txn) { key, _ in
                let (value, id) = try ScoreSnapshot.viewKey(key)
                let viewKey = SegmentBoundaries.ViewKey(value: value, id: id)
                let score = min(5 * index / count + 1, 5)
                while axisMarks.count < score - 1 { axisMarks.append(viewKey) }
                index += 1
                guard id < UInt64(size) else { return true }
                fresh[Int(id)] |= UInt16(score) << shift
                if let oldAxes {
                    previous[Int(id)] |= UInt16(SegmentBoundaries.score(oldAxes[axis], viewKey)) << shift
                }
                return true
            }
            marks.append(axisMarks)
        }
        let boundaries = SegmentBoundaries(recency: marks[0], frequency: marks[1], monetary: marks[2])
        // The segment of each packed score triple, looked up once per cell.
        var names: [UInt16: String] = [:]
        func name(_ packed: UInt16) -> String? {
            let (r, f, m) = (Int(packed & 7), Int(packed >> 3 & 7), Int(packed >> 6 & 7))
            guard (1...5).contains(r), (1...5).contains(f), (1...5).contains(m) else { return nil }
            if let known = names[packed] { return known }
            let made = segments.segment(for: RFMScores(recency: r, frequency: f, monetary: m))
            names[packed] = made
            return made
        }
        var changes: [Change] = []
        for id in 0..<size where fresh[id] != 0 {
            let before = old == nil ? nil : previous[id]
            if let before, before == fresh[id] { continue }
            guard let to = name(fresh[id]) else { continue }
            let from = before.flatMap(name)
            if from != to { changes.append(Change(id: UInt64(id), from: from, to: to)) }
        }
        return (boundaries, changes)
    }
}
