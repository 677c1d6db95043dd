import Foundation

/// The Gamma-Gamma log-likelihood and analytic gradient over collapsed repeat customers, grouped by x so the
/// lnΓ/ψ terms are computed once per distinct x; per row one `log` and one division. Spend values are
/// multiplied by `scale` (1 / weighted mean) so that v is O(1) during optimisation.
struct GammaGammaLikelihood {
    struct Group {
        var x: Double
        var logX: Double
        var weight: Double
        var weightedLogMean: Double
        var start: Int
        var end: Int
    }

    let groups: [Group]
    let means: [Double]
    let weights: [Double]
    let totalWeight: Double
    let scale: Double
    /// Whether θ_q parameterises q = 1 + e^θ (q > 1) instead of q = e^θ.
    let qConstraint: Bool

    /// - Parameter rows: validated rows with x > 0 and m̄ > 0.
    init(rows: [SpendSummary], qConstraint: Bool) {
        let patterns = Self.collapse(rows)
        let sorted = stableOrder(byKey: patterns.map(\.x)).map { patterns[$0] }
        let total = sorted.reduce(0) { $0 + $1.weight }
        let weightedMean = sorted.reduce(0) { $0 + $1.weight * $1.mean } / total
        let scale = weightedMean > 0 && weightedMean.isFinite ? 1 / weightedMean : 1
        var groups: [Group] = []
        for (i, row) in sorted.enumerated() {
            let x = Double(row.x)
            if groups.last.map({ $0.x != x }) ?? true {
                groups.append(Group(x: x, logX: log(x), weight: 0, weightedLogMean: 0, start: i, end: i))
            }
            groups[groups.count - 1].end = i + 1
            groups[groups.count - 1].weight += row.weight
            groups[groups.count - 1].weightedLogMean += row.weight * log(row.mean * scale)
        }
        self.groups = groups
        self.means = sorted.map { $0.mean * scale }
        self.weights = sorted.map(\.weight)
        self.totalWeight = total
        self.scale = scale
        self.qConstraint = qConstraint
    }

    /// Merges identical (x, m̄) rows (bitwise), summing weights; first-occurrence order.
    static func collapse(_ rows: [SpendSummary]) -> [SpendSummary] {
        guard let capacity = tableCapacity(for: rows.count) else { return rows }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var result: [SpendSummary] = []
        for row in rows {
            let bits = (row.mean + 0).bitPattern
            var i = Int(truncatingIfNeeded: mixBits(UInt64(bitPattern: Int64(row.x)), bits, 0)) & mask
            while true {
                let slot = slots[i]
                if slot < 0 {
                    slots[i] = Int32(truncatingIfNeeded: result.count)
                    result.append(row)
                    break
                }
                let index = Int(slot)
                if result[index].x == row.x, result[index].mean.bitPattern == bits {
                    result[index].weight += row.weight
                    break
                }
                i = (i + 1) & mask
            }
        }
        return result
    }

    var patternCount: Int { means.count }

    /// Unpenalised total log-likelihood in the original currency unit. Scaling m̄ and v by c shifts each
    /// customer's log-likelihood by −ln c, so LL(original) = LL(scaled) + W·ln(scale).
    func originalUnitLogLikelihood(logParameters theta: [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: 3)
        return evaluate(logParameters: theta, gradient: &scratch) + totalWeight * log(scale)
    }

    func parameters(_ theta: [Double]) -> (p: Double, q: Double, v: Double) {
        (exp(theta[0]), qConstraint ? 1 + exp(theta[1]) : exp(theta[1]), exp(theta[2]))
    }

    /// Total weighted log-likelihood (scaled spend) and its gradient with respect to θ.
    func evaluate(logParameters theta: [Double], gradient: inout [Double]) -> Double {
        let (p, q, v) = parameters(theta)
        let lgQ = logGamma(q)
        let psiQ = digamma(q)
        let logV = log(v)
        var ll = 0.0
        var gP = 0.0
        var gQ = 0.0
        var gV = 0.0
        means.withUnsafeBufferPointer { means in
            weights.withUnsafeBufferPointer { weights in
                for group in groups {
                    let x = group.x
                    let px = p * x
                    let w = group.weight
                    var sumLog = 0.0
                    var sumInverse = 0.0
                    for i in group.start..<group.end {
                        let denominator = x * means[i] + v
                        sumLog += weights[i] * log(denominator)
                        sumInverse += weights[i] / denominator
                    }
                    let psiPXQ = digamma(px + q)
                    ll +=
                        w * (logGamma(px + q) - logGamma(px) - lgQ + q * logV + px * group.logX)
                        + (px - 1) * group.weightedLogMean - (px + q) * sumLog
                    gP += x * (w * (psiPXQ - digamma(px) + group.logX) + group.weightedLogMean - sumLog)
                    gQ += w * (psiPXQ - psiQ + logV) - sumLog
                    gV += w * q / v - (px + q) * sumInverse
                }
            }
        }
        gradient = [gP * p, gQ * (q - (qConstraint ? 1 : 0)), gV * v]
        return ll
    }
}
