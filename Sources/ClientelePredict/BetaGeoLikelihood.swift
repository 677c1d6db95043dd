import Foundation

/// The BG/NBD log-likelihood and its analytic gradient over collapsed, validated data, laid out for speed.
///
/// Layout: distinct patterns sorted by x, so everything that depends only on x (the lnΓ and ψ terms of A1, A2
/// and their derivatives) is computed once per distinct x; ln(α+v) and 1/(α+v) are computed once per distinct
/// time value v (T or t_x) and gathered by index. Per pattern the cost is one `exp`, one `log1p` and a few FMAs.
/// Times are multiplied by `scale` (lifetimes divides by max T) so α is O(1) during optimisation.
struct BetaGeoLikelihood {
    /// The patterns sharing one x: rows `start..<end`, their total weight.
    struct Group {
        var x: Double
        var start: Int
        var end: Int
        var weight: Double
    }

    /// One pattern: where its T and t_x sit in `distinctTimes`, and its weight.
    struct Row {
        var ageSlot: Int32
        var recencySlot: Int32
        var weight: Double
    }

    let groups: [Group]
    let rows: [Row]
    /// Every distinct scaled T and t_x value, each once.
    let distinctTimes: [Double]
    let totalWeight: Double
    let scale: Double
    /// Σ w·x, to convert the scaled-time log-likelihood back: LL(original) = LL(scaled) + Σ w·x·ln(scale).
    let weightedRepeatPurchases: Double

    /// - Parameters:
    ///   - patterns: validated rows, ideally already collapsed (``RFMTriple/collapse(_:)``); duplicates are
    ///     allowed but cost time.
    ///   - scale: factor applied to t_x and T.
    init(patterns: [RFMTriple], scale: Double) {
        let (groups, order) = Self.groupByX(patterns)
        let capacity = tableCapacity(for: 2 * patterns.count) ?? 16
        var times = DistinctDoubles(capacity: max(capacity, 16))
        var rows: [Row] = []
        rows.reserveCapacity(patterns.count)
        var total = 0.0
        var repeats = 0.0
        for i in order {
            let row = patterns[i]
            rows.append(Row(ageSlot: times.index(of: row.T * scale), recencySlot: times.index(of: row.tx * scale),
                            weight: row.weight))
            total += row.weight
            repeats += row.weight * Double(row.x)
        }
        self.groups = groups.map { group in
            var weighted = group
            weighted.weight = rows[group.start..<group.end].reduce(0) { $0 + $1.weight }
            return weighted
        }
        self.rows = rows
        self.distinctTimes = times.values
        self.totalWeight = total
        self.scale = scale
        self.weightedRepeatPurchases = repeats
    }

    /// The patterns' order by x (stable) and the groups of equal x in it.
    private static func groupByX(_ patterns: [RFMTriple]) -> (groups: [Group], order: [Int]) {
        let order = stableOrder(byKey: patterns.map(\.x))
        var groups: [Group] = []
        for (position, index) in order.enumerated() {
            let x = Double(patterns[index].x)
            if groups.last.map({ $0.x != x }) ?? true {
                groups.append(Group(x: x, start: position, end: position, weight: 0))
            }
            groups[groups.count - 1].end = position + 1
        }
        return (groups, order)
    }

    /// Number of distinct (x, t_x, T) patterns.
    var patternCount: Int { rows.count }

    /// The unpenalised total log-likelihood in the original time unit at log-parameters θ (α in scaled time).
    func originalUnitLogLikelihood(logParameters theta: [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: 4)
        return evaluate(logParameters: theta, gradient: &scratch) + weightedRepeatPurchases * log(scale)
    }
}
