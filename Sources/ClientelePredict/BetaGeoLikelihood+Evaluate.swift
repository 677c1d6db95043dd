import Foundation

extension BetaGeoLikelihood {
    /// Total weighted log-likelihood at parameters exp(θ) (θ = ln r, ln α, ln a, ln b, α in scaled time), and its
    /// gradient with respect to θ written into `gradient` (length 4).
    func evaluate(logParameters theta: [Double], gradient: inout [Double]) -> Double {
        let point = Point(logParameters: theta)
        let table = point.timeTable(distinctTimes)
        var sums = Sums()
        table.withUnsafeBufferPointer { table in
            rows.withUnsafeBufferPointer { rows in
                for group in groups {
                    if group.x == 0 {
                        sums.addNoRepeats(group, rows: rows, table: table, at: point)
                    } else {
                        sums.addRepeats(group, rows: rows, table: table, at: point)
                    }
                }
            }
        }
        gradient = [sums.r * point.r, sums.alpha * point.alpha, sums.a * point.a, sums.b * point.b]
        return sums.logLikelihood
    }
}

/// The parameters at one evaluation and the terms that depend on them alone.
private struct Point {
    let r, alpha, a, b: Double
    let logAlpha, logA: Double
    let lgR, lgB, lgAB: Double
    let psiR, psiB, psiAB: Double

    init(logParameters theta: [Double]) {
        r = exp(theta[0])
        alpha = exp(theta[1])
        a = exp(theta[2])
        b = exp(theta[3])
        logAlpha = log(alpha)
        logA = log(a)
        lgR = logGamma(r)
        lgB = logGamma(b)
        lgAB = logGamma(a + b)
        psiR = digamma(r)
        psiB = digamma(b)
        psiAB = digamma(a + b)
    }

    /// Interleaved (ln(α+v), 1/(α+v)) per distinct time v, so one gather brings both into cache.
    func timeTable(_ times: [Double]) -> [Double] {
        var table = [Double](repeating: 0, count: 2 * times.count)
        for (k, time) in times.enumerated() {
            table[2 * k] = log(alpha + time)
            table[2 * k + 1] = 1 / (alpha + time)
        }
        return table
    }
}

/// The log-likelihood and its gradient with respect to (r, α, a, b), summed group by group.
private struct Sums {
    var logLikelihood = 0.0
    var r = 0.0
    var alpha = 0.0
    var a = 0.0
    var b = 0.0

    /// Patterns with x = 0: LL = r ln α − r ln(α + T).
    mutating func addNoRepeats(_ group: BetaGeoLikelihood.Group, rows: UnsafeBufferPointer<BetaGeoLikelihood.Row>,
                               table: UnsafeBufferPointer<Double>, at p: Point) {
        var sumLog = 0.0
        var sumInv = 0.0
        for i in group.start..<group.end {
            let k = 2 * Int(rows[i].ageSlot)
            sumLog += rows[i].weight * table[k]
            sumInv += rows[i].weight * table[k + 1]
        }
        let w = group.weight
        logLikelihood += w * p.r * p.logAlpha - p.r * sumLog
        r += w * p.logAlpha - sumLog
        alpha += w * p.r / p.alpha - p.r * sumInv
    }

    /// Patterns with x > 0: LL = constant(x) + A3 + softplus(A4 − A3) per row.
    mutating func addRepeats(_ group: BetaGeoLikelihood.Group, rows: UnsafeBufferPointer<BetaGeoLikelihood.Row>,
                             table: UnsafeBufferPointer<Double>, at p: Point) {
        let x = group.x
        let rx = p.r + x
        let w = group.weight
        let constant = logGamma(rx) - p.lgR + p.r * p.logAlpha + p.lgAB + logGamma(p.b + x) - p.lgB
            - logGamma(p.a + p.b + x)
        let logOdds = p.logA - log(p.b + x - 1)
        var sumLL = 0.0
        var sumR = 0.0
        var sumAlpha = 0.0
        var sumSigma = 0.0
        for i in group.start..<group.end {
            let wi = rows[i].weight
            let kT = 2 * Int(rows[i].ageSlot)
            let kt = 2 * Int(rows[i].recencySlot)
            let lT = table[kT]
            let iT = table[kT + 1]
            let lt = table[kt]
            let it = table[kt + 1]
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
        logLikelihood += w * constant + sumLL
        r += w * (digamma(rx) - p.psiR + p.logAlpha) + sumR
        alpha += w * p.r / p.alpha + rx * sumAlpha
        let psiABX = digamma(p.a + p.b + x)
        a += w * (p.psiAB - psiABX) + sumSigma / p.a
        b += w * (p.psiAB + digamma(p.b + x) - p.psiB - psiABX) - sumSigma / (p.b + x - 1)
    }
}
