import Foundation

/// ln|Γ(x)| together with the sign of Γ(x), for x not a non-positive integer.
/// Uses the libm `lgamma_r` overlay (thread-safe: no write to the global `signgam`).
func signedLogGamma(_ x: Double) -> (log: Double, sign: Double) {
    let (magnitude, sign): (Double, Int) = lgamma(x)
    return (magnitude, sign < 0 ? -1 : 1)
}

/// ln|Γ(x)| (thread-safe `lgamma_r`).
@inline(__always)
func logGamma(_ x: Double) -> Double {
    let (magnitude, _): (Double, Int) = lgamma(x)
    return magnitude
}

/// The digamma function ψ(x) = Γ'(x)/Γ(x) (recurrence up to x ≥ 10, then the asymptotic series; ~1e-15).
func digamma(_ x: Double) -> Double {
    guard x.isFinite else { return x == .infinity ? .infinity : .nan }
    if x <= 0 {
        if x == x.rounded() { return .nan }
        // Reflection: ψ(x) = ψ(1 − x) − π / tan(πx).
        return digamma(1 - x) - Double.pi / tan(Double.pi * x)
    }
    var value = 0.0
    var y = x
    while y < 10 {
        value -= 1 / y
        y += 1
    }
    let f = 1 / (y * y)
    // ln y − 1/(2y) − Σ B₂ₖ/(2k y^{2k}), through k = 7.
    let series =
        f
        * (1.0 / 12 - f
            * (1.0 / 120 - f
                * (1.0 / 252 - f
                    * (1.0 / 240 - f
                        * (1.0 / 132
                            - f * (691.0 / 32760 - f * (1.0 / 12)))))))
    return value + log(y) - 0.5 / y - series
}

/// ln(e^u + e^v) without overflow.
@inline(__always)
func logAddExp(_ u: Double, _ v: Double) -> Double {
    let hi = max(u, v)
    if hi == -.infinity { return -.infinity }
    return hi + log1p(exp(-abs(u - v)))
}
