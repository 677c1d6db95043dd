import Foundation

/// Random variates used by the simulators (internal; generic over any `RandomNumberGenerator`).
enum RandomVariates {
    /// Uniform on the open interval (0, 1).
    static func openUnit<G: RandomNumberGenerator>(_ g: inout G) -> Double {
        (Double(g.next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Standard normal (Box–Muller, one of the pair).
    static func normal<G: RandomNumberGenerator>(_ g: inout G) -> Double {
        let u = openUnit(&g)
        let v = openUnit(&g)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Gamma(shape, scale 1) by Marsaglia & Tsang (2000), with the U^(1/shape) boost for shape < 1.
    static func gamma<G: RandomNumberGenerator>(shape: Double, _ g: inout G) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, &g) * pow(openUnit(&g), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal(&g)
            let v0 = 1 + c * x
            guard v0 > 0 else { continue }
            let v = v0 * v0 * v0
            let u = openUnit(&g)
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).
    static func beta<G: RandomNumberGenerator>(_ a: Double, _ b: Double, _ g: inout G) -> Double {
        let x = gamma(shape: a, &g)
        let y = gamma(shape: b, &g)
        return x / (x + y)
    }

    /// Exponential with the given rate.
    static func exponential<G: RandomNumberGenerator>(rate: Double, _ g: inout G) -> Double {
        -log(openUnit(&g)) / rate
    }
}
