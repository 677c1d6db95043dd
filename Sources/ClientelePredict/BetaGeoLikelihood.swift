import Foundation

/// The BG/NBD log-likelihood and its analytic gradient over collapsed, validated data, laid out for speed.
///
/// Layout: distinct patterns sorted by x, so everything that depends only on x (the lnΓ and ψ terms of A1, A2
/// and their derivatives) is computed once per distinct x; ln(α+T) and ln(α+t_x) are computed once per distinct
/// T and t_x value and gathered by index. Per pattern the cost is one `exp`, one `log1p` and a few FMAs.
/// Times are multiplied by `scale` (lifetimes divides by max T) so α is O(1) during optimisation.
struct BetaGeoLikelihood {
    struct Group {
        var x: Double
        var start: Int
        var end: Int
        var weight: Double
    }

    let groups: [Group]
    let ageIndex: [Int32]
    let recencyIndex: [Int32]
    let weights: [Double]
    let distinctAges: [Double]
    let distinctRecencies: [Double]
    let totalWeight: Double
    let scale: Double
    /// Σ w·x, to convert the scaled-time log-likelihood back: LL(original) = LL(scaled) + Σ w·x·ln(scale).
    let weightedRepeatPurchases: Double

    /// - Parameters:
    ///   - patterns: validated rows, ideally already collapsed (``RFMTriple/collapse(_:)``); duplicates are
    ///     allowed but cost time.
    ///   - scale: factor applied to t_x and T.
    init(patterns: [RFMTriple], scale: Double) {
        // Stable counting sort by x (few distinct x values; O(n)).
        var groupOfX: [Int: Int] = [:]
        var distinctX: [Int] = []
        var counts: [Int] = []
        for row in patterns {
            if let g = groupOfX[row.x] {
                counts[g] += 1
            } else {
                groupOfX[row.x] = distinctX.count
                distinctX.append(row.x)
                counts.append(1)
            }
        }
        let byX = distinctX.indices.sorted { distinctX[$0] < distinctX[$1] }
        var offset = [Int](repeating: 0, count: distinctX.count)
        var groups: [Group] = []
        var next = 0
        for g in byX {
            offset[g] = next
            groups.append(Group(x: Double(distinctX[g]), start: next, end: next + counts[g], weight: 0))
            next += counts[g]
        }
        var order = [Int](repeating: 0, count: patterns.count)
        for (i, row) in patterns.enumerated() {
            if let g = groupOfX[row.x] {
                order[offset[g]] = i
                offset[g] += 1
            }
        }
        let capacity = tableCapacity(for: patterns.count) ?? 16
        var ages = DistinctDoubles(capacity: max(capacity, 16))
        var recencies = DistinctDoubles(capacity: max(capacity, 16))
        var ageIndex = [Int32](repeating: 0, count: patterns.count)
        var recencyIndex = ageIndex
        var weights = [Double](repeating: 0, count: patterns.count)
        var total = 0.0
        var repeats = 0.0
        for (position, i) in order.enumerated() {
            let row = patterns[i]
            ageIndex[position] = ages.index(of: row.T * scale)
            recencyIndex[position] = recencies.index(of: row.tx * scale)
            weights[position] = row.weight
            total += row.weight
            repeats += row.weight * Double(row.x)
        }
        for g in groups.indices {
            var w = 0.0
            for position in groups[g].start..<groups[g].end { w += weights[position] }
            groups[g].weight = w
        }
        self.groups = groups
        self.ageIndex = ageIndex
        self.recencyIndex = recencyIndex
        self.weights = weights
        self.distinctAges = ages.values
        self.distinctRecencies = recencies.values
        self.totalWeight = total
        self.scale = scale
        self.weightedRepeatPurchases = repeats
    }

    /// Number of distinct (x, t_x, T) patterns.
    var patternCount: Int { weights.count }

    /// The unpenalised total log-likelihood in the original time unit at log-parameters θ (α in scaled time).
    func originalUnitLogLikelihood(logParameters theta: [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: 4)
        return evaluate(logParameters: theta, gradient: &scratch) + weightedRepeatPurchases * log(scale)
    }

    /// Total weighted log-likelihood at parameters exp(θ) (θ = ln r, ln α, ln a, ln b, α in scaled time), and its
    /// gradient with respect to θ written into `gradient` (length 4).
    func evaluate(logParameters theta: [Double], gradient: inout [Double]) -> Double {
        let r = exp(theta[0])
        let alpha = exp(theta[1])
        let a = exp(theta[2])
        let b = exp(theta[3])
        let logAlpha = log(alpha)
        // Interleaved (ln(α+v), 1/(α+v)) so one gather brings both into cache.
        var ageTable = [Double](repeating: 0, count: 2 * distinctAges.count)
        for (k, age) in distinctAges.enumerated() {
            ageTable[2 * k] = log(alpha + age)
            ageTable[2 * k + 1] = 1 / (alpha + age)
        }
        var recencyTable = [Double](repeating: 0, count: 2 * distinctRecencies.count)
        for (k, recency) in distinctRecencies.enumerated() {
            recencyTable[2 * k] = log(alpha + recency)
            recencyTable[2 * k + 1] = 1 / (alpha + recency)
        }
        let lgR = logGamma(r)
        let lgB = logGamma(b)
        let lgAB = logGamma(a + b)
        let psiR = digamma(r)
        let psiB = digamma(b)
        let psiAB = digamma(a + b)
        let logA = log(a)

        var ll = 0.0
        var gR = 0.0
        var gAlpha = 0.0
        var gA = 0.0
        var gB = 0.0
        ageTable.withUnsafeBufferPointer { ageTable in
            recencyTable.withUnsafeBufferPointer { recencyTable in
                ageIndex.withUnsafeBufferPointer { ageIndex in
                    recencyIndex.withUnsafeBufferPointer { recencyIndex in
                        weights.withUnsafeBufferPointer { weights in
                            for group in groups {
                                let x = group.x
                                let rx = r + x
                                let w = group.weight
                                if x == 0 {
                                    // LL = r ln α − r ln(α + T).
                                    var sumLog = 0.0
                                    var sumInv = 0.0
                                    for i in group.start..<group.end {
                                        let k = 2 * Int(ageIndex[i])
                                        sumLog += weights[i] * ageTable[k]
                                        sumInv += weights[i] * ageTable[k + 1]
                                    }
                                    ll += w * r * logAlpha - r * sumLog
                                    gR += w * logAlpha - sumLog
                                    gAlpha += w * r / alpha - r * sumInv
                                    continue
                                }
                                let lgRX = logGamma(rx)
                                let lgBX = logGamma(b + x)
                                let lgABX = logGamma(a + b + x)
                                let constant = lgRX - lgR + r * logAlpha + lgAB + lgBX - lgB - lgABX
                                let logOdds = logA - log(b + x - 1)
                                var sumLL = 0.0
                                var sumR = 0.0
                                var sumAlpha = 0.0
                                var sumSigma = 0.0
                                for i in group.start..<group.end {
                                    let wi = weights[i]
                                    let kT = 2 * Int(ageIndex[i])
                                    let kt = 2 * Int(recencyIndex[i])
                                    let lT = ageTable[kT]
                                    let iT = ageTable[kT + 1]
                                    let lt = recencyTable[kt]
                                    let it = recencyTable[kt + 1]
                                    // d = A4 − A3; LL row part = A3 + softplus(d); σ = sigmoid(d).
                                    let d = logOdds - rx * (lt - lT)
                                    let e = exp(-abs(d))
                                    let softplus = max(d, 0) + log1p(e)
                                    let sigma = d >= 0 ? 1 / (1 + e) : e / (1 + e)
                                    sumLL += wi * (softplus - rx * lT)
                                    sumR += wi * (sigma * (lT - lt) - lT)
                                    sumAlpha += wi * (sigma * (iT - it) - iT)
                                    sumSigma += wi * sigma
                                }
                                ll += w * constant + sumLL
                                gR += w * (digamma(rx) - psiR + logAlpha) + sumR
                                gAlpha += w * r / alpha + rx * sumAlpha
                                let psiABX = digamma(a + b + x)
                                gA += w * (psiAB - psiABX) + sumSigma / a
                                gB += w * (psiAB + digamma(b + x) - psiB - psiABX) - sumSigma / (b + x - 1)
                            }
                        }
                    }
                }
            }
        }
        gradient = [gR * r, gAlpha * alpha, gA * a, gB * b]
        return ll
    }
}
