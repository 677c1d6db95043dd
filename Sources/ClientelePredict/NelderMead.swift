/// Derivative-free Nelder–Mead simplex (adaptive coefficients of Gao & Han 2012), used as a fallback when
/// BFGS stalls far from a stationary point. Non-finite objective values count as +infinity.
struct NelderMead {
    var maxEvaluations = 4000
    var valueTolerance = 1e-12
    var pointTolerance = 1e-10

    func minimize(from start: [Double], initialStep: Double = 0.5, _ f: ([Double]) -> Double) -> (
        point: [Double], value: Double, evaluations: Int
    ) {
        let n = start.count
        guard n > 0 else { return (start, f(start), 1) }
        let dimension = Double(n)
        let reflect = 1.0
        let expand = 1 + 2 / dimension
        let contract = 0.75 - 1 / (2 * dimension)
        let shrink = 1 - 1 / dimension
        func value(_ p: [Double]) -> Double {
            let v = f(p)
            return v.isFinite ? v : .infinity
        }
        var simplex: [[Double]] = [start]
        for i in 0..<n {
            var p = start
            p[i] += initialStep
            simplex.append(p)
        }
        var values = simplex.map(value)
        var evaluations = n + 1
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = abs(values[n] - values[0])
            let size = (1...n).map { i in maxAbs((0..<n).map { simplex[i][$0] - simplex[0][$0] }) }.max() ?? 0
            if spread <= valueTolerance * max(1, abs(values[0])) && size <= pointTolerance { break }
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { centroid[j] += simplex[i][j] / dimension } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let xr = along(-reflect)
            let fr = value(xr)
            evaluations += 1
            if fr < values[0] {
                let xe = along(-reflect * expand)
                let fe = value(xe)
                evaluations += 1
                if fe < fr {
                    simplex[n] = xe
                    values[n] = fe
                } else {
                    simplex[n] = xr
                    values[n] = fr
                }
                continue
            }
            if fr < values[n - 1] {
                simplex[n] = xr
                values[n] = fr
                continue
            }
            let outside = fr < values[n]
            let xc = along(outside ? -reflect * contract : contract)
            let fc = value(xc)
            evaluations += 1
            if fc < min(fr, values[n]) {
                simplex[n] = xc
                values[n] = fc
                continue
            }
            for i in 1...n {
                simplex[i] = (0..<n).map { simplex[0][$0] + shrink * (simplex[i][$0] - simplex[0][$0]) }
                values[i] = value(simplex[i])
            }
            evaluations += n
        }
        let best = values.indices.min { values[$0] < values[$1] } ?? 0
        return (simplex[best], values[best], evaluations)
    }
}
