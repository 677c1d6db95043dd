import Clientele
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64: a small, fast generator whose output depends only
/// on the seed, on every platform and Swift version (unlike `SystemRandomNumberGenerator`).
struct RandomSource {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for `seed` and a `stream` number (independent sequences for parallel chunks).
    init(seed: UInt64, stream: UInt64 = 0) {
        var splitMix = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = splitMix.next()
        s1 = splitMix.next()
        s2 = splitMix.next()
        s3 = splitMix.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in (0, 1], safe for `log`.
    @inline(__always)
    mutating func positiveUniform() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// Uniform integer in `0..<bound` (bound > 0).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int { Int((next() >> 11) % UInt64(bound)) }

    /// Exponential with the given mean.
    mutating func exponential(mean: Double) -> Double { -log(positiveUniform()) * mean }

    /// Standard normal (Marsaglia's polar method).
    mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Gamma with `shape` and `scale` (Marsaglia & Tsang 2000; shape < 1 by the boost U^(1/shape)).
    mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, scale: scale) * pow(positiveUniform(), 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = positiveUniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v * scale }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v * scale }
        }
    }

    /// Beta(a, b) from two gammas.
    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, scale: 1)
        let y = gamma(shape: b, scale: 1)
        return x + y > 0 ? x / (x + y) : 0.5
    }
}

/// Draws indices 0..<n with probability proportional to 1/(k+1)^s (Zipf), by binary search in the CDF.
struct ZipfTable {
    let cdf: [Double]

    init(count: Int, exponent: Double) {
        var weights = (0..<count).map { 1 / pow(Double($0 + 1), exponent) }
        let total = weights.reduce(0, +)
        var running = 0.0
        for index in weights.indices {
            running += weights[index] / total
            weights[index] = running
        }
        cdf = weights
    }

    func draw(_ random: inout RandomSource) -> Int {
        let u = random.uniform()
        var low = 0
        var high = cdf.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cdf[mid] < u { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
