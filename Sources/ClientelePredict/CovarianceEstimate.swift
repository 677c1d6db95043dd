/// Observed-information covariance of maximum-likelihood estimates in log-parameter space.
enum CovarianceEstimate {
    /// Inverse of the Hessian of a negative log-likelihood at `point`, the Hessian taken by central differences
    /// of the analytic gradient. Nil when the Hessian is not positive definite or not finite.
    static func inverseHessian(at point: [Double], _ objective: Objective) -> [[Double]]? {
        let n = point.count
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            let h = 1e-5 * max(1, abs(point[i]))
            var plus = point
            var minus = point
            plus[i] += h
            minus[i] -= h
            var gp = [Double](repeating: 0, count: n)
            var gm = [Double](repeating: 0, count: n)
            _ = objective(plus, &gp)
            _ = objective(minus, &gm)
            for j in 0..<n { hessian[i][j] = (gp[j] - gm[j]) / (2 * h) }
        }
        for i in 0..<n {
            for j in 0..<i {
                let mean = 0.5 * (hessian[i][j] + hessian[j][i])
                hessian[i][j] = mean
                hessian[j][i] = mean
            }
        }
        return invertPositiveDefinite(hessian)
    }

    /// The standard errors of the log-parameters at the estimate `point`: the square roots of the diagonal of the
    /// inverse Hessian of the negative log-likelihood (`logLikelihood` gives the value and fills the gradient). Nil
    /// as `inverseHessian(at:_:)`.
    static func standardErrors(
        at point: [Double], logLikelihood: (_ point: [Double], _ gradient: inout [Double]) -> Double
    ) -> [Double]? {
        func negative(_ point: [Double], _ gradient: inout [Double]) -> Double {
            let ll = logLikelihood(point, &gradient)
            for k in gradient.indices { gradient[k] = -gradient[k] }
            return -ll
        }
        guard let covariance = inverseHessian(at: point, negative) else { return nil }
        return (0..<point.count).map { covariance[$0][$0].squareRoot() }
    }

    /// Inverse of a symmetric positive-definite matrix via Cholesky; nil otherwise.
    static func invertPositiveDefinite(_ m: [[Double]]) -> [[Double]]? {
        let n = m.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = m[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        // Columns of the inverse: solve L Lᵀ x = eᵢ.
        var inverse = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for column in 0..<n {
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = i == column ? 1.0 : 0.0
                for k in 0..<i { s -= l[i][k] * y[k] }
                y[i] = s / l[i][i]
            }
            var x = [Double](repeating: 0, count: n)
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<n { s -= l[k][i] * x[k] }
                x[i] = s / l[i][i]
            }
            for i in 0..<n { inverse[i][column] = x[i] }
        }
        return inverse.allSatisfy({ $0.allSatisfy(\.isFinite) }) ? inverse : nil
    }
}
