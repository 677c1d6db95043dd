import Foundation

/// Why ``Hypergeometric`` could not evaluate 2F1(a, b; c; z).
public enum HypergeometricError: Error, Sendable, Equatable {
    /// a, b, c or z is NaN or infinite.
    case nonFiniteArgument
    /// z is outside [0, 1); this implementation covers only that interval (all BG/NBD uses lie in it).
    case argumentOutOfRange(z: Double)
    /// c is 0 or a negative integer and the series does not terminate before the pole.
    case undefinedForNonPositiveIntegerC(c: Double)
    /// No representation converged within the term budget, or every representation lost all significant
    /// digits to cancellation.
    case didNotConverge(a: Double, b: Double, c: Double, z: Double)
}

/// A real number held as sign · exp(logMagnitude), so that values far outside the `Double` range stay usable.
public struct SignedLogValue: Sendable, Equatable {
    /// ln |value|; `-infinity` when the value is exactly zero.
    public var logMagnitude: Double
    /// −1, 0 or +1.
    public var sign: Double

    /// Creates a value from its natural log magnitude and sign.
    public init(logMagnitude: Double, sign: Double) {
        self.logMagnitude = logMagnitude
        self.sign = sign
    }

    /// The plain value; ±infinity when |value| exceeds `Double.greatestFiniteMagnitude`, 0 on underflow.
    public var value: Double { sign == 0 ? 0 : sign * exp(logMagnitude) }
}

/// The Gauss hypergeometric function 2F1(a, b; c; z) for real a, b, c and 0 ≤ z < 1.
///
/// Strategy (see `docs/predict.md`):
/// 1. the defining power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ, summed with running rescaling so that it neither
///    overflows nor underflows, with a tail bound as stopping rule;
/// 2. Euler's transform 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) when c − a − b < 0 (the transformed
///    terms decay like n^(c−a−b−1) instead of n^(a+b−c−1); for BG/NBD this makes the series short);
/// 3. for z > 0.9 and non-integer c − a − b, the z → 1 − z connection formula (Abramowitz & Stegun 15.3.6),
///    whose two series converge fast;
/// 4. for z > 0.9 with integer c − a − b when the series exhausts its budget: the mean of 15.3.6 at c ± ε;
/// 5. every candidate carries a cancellation estimate (largest term / |sum|); the best-conditioned convergent
///    candidate wins, and ``HypergeometricError/didNotConverge(a:b:c:z:)`` is thrown when none is usable.
/// The direct series is allowed up to 4,000,000 terms, enough for z ≤ 0.99999 with moderate parameters.
/// Accuracy: ~1e-13 relative on well-conditioned inputs; the integer c − a − b fallback (step 4) ~1e-9.
public enum Hypergeometric: Sendable {
    /// Maximum number of series terms per representation.
    static let maxTerms = 4_000_000
    /// Candidates whose cancellation estimate exceeds this lose more than ~6 of 16 digits and are only used
    /// when nothing better converges.
    static let acceptableCondition = 1e6
    /// Beyond this condition number (< ~4 significant digits left) a result is rejected.
    static let unusableCondition = 1e12

    /// Evaluates 2F1(a, b; c; z) and returns it as a plain `Double`.
    ///
    /// - Returns: the value; `±infinity` when it exceeds the `Double` range (use ``logHyp2f1(_:_:_:_:)`` then).
    /// - Throws: ``HypergeometricError`` for non-finite arguments, z ∉ [0, 1), c a non-positive integer, or
    ///   non-convergence.
    public static func hyp2f1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(HypergeometricError)
        -> Double
    {
        try logHyp2f1(a, b, c, z).value
    }

    /// Evaluates 2F1(a, b; c; z) in sign/log-magnitude form, which cannot overflow.
    ///
    /// - Throws: ``HypergeometricError`` for non-finite arguments, z ∉ [0, 1), c a non-positive integer, or
    ///   non-convergence.
    public static func logHyp2f1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) throws(HypergeometricError)
        -> SignedLogValue
    {
        guard a.isFinite, b.isFinite, c.isFinite, z.isFinite else { throw .nonFiniteArgument }
        guard z >= 0, z < 1 else { throw .argumentOutOfRange(z: z) }
        if z == 0 || a == 0 || b == 0 { return SignedLogValue(logMagnitude: 0, sign: 1) }

        let aTerm = isNonPositiveInteger(a)
        let bTerm = isNonPositiveInteger(b)
        if isNonPositiveInteger(c) {
            // Defined only when the series stops (a or b = −m with m < −c) before hitting the pole.
            let stopsBeforePole = (aTerm && a > c) || (bTerm && b > c)
            guard stopsBeforePole else { throw .undefinedForNonPositiveIntegerC(c: c) }
            return try finish(series(a, b, c, z), a, b, c, z)
        }
        if aTerm || bTerm {
            // A polynomial: the direct sum is exact up to rounding.
            return try finish(series(a, b, c, z), a, b, c, z)
        }

        let m = c - a - b
        var best: Candidate?
        func consider(_ candidate: Candidate?) -> Bool {
            guard let candidate, candidate.converged else { return false }
            if best.map({ candidate.condition < $0.condition }) ?? true { best = candidate }
            return candidate.condition <= acceptableCondition
        }

        if z > 0.9, let connection = oneMinusZ(a, b, c, z), consider(connection) {
            return connection.value
        }
        let eulerFirst = m < 0
        let first = eulerFirst ? euler(a, b, c, z) : series(a, b, c, z)
        if consider(first) { return first.value }
        let second = eulerFirst ? series(a, b, c, z) : euler(a, b, c, z)
        if consider(second) { return second.value }
        if best == nil, z > 0.9, let averaged = perturbedConnection(a, b, c, z), consider(averaged) {
            return averaged.value
        }
        guard let chosen = best, chosen.condition <= unusableCondition else {
            throw .didNotConverge(a: a, b: b, c: c, z: z)
        }
        return chosen.value
    }

    // MARK: - Representations

    /// One evaluated representation.
    struct Candidate {
        var value: SignedLogValue
        /// Largest |term| / |result|: 1 for same-sign sums, large when cancellation ate digits.
        var condition: Double
        var converged: Bool
    }

    private static func finish(_ candidate: Candidate, _ a: Double, _ b: Double, _ c: Double, _ z: Double)
        throws(HypergeometricError) -> SignedLogValue
    {
        guard candidate.converged, candidate.condition <= unusableCondition else {
            throw .didNotConverge(a: a, b: b, c: c, z: z)
        }
        return candidate.value
    }

    static func isNonPositiveInteger(_ x: Double) -> Bool { x <= 0 && x == x.rounded() }

    /// Euler: (1−z)^(c−a−b) · 2F1(c−a, c−b; c; z).
    static func euler(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Candidate {
        var inner = series(c - a, c - b, c, z)
        inner.value.logMagnitude += (c - a - b) * log1p(-z)
        return inner
    }

    /// Abramowitz & Stegun 15.3.6 (c − a − b not an integer):
    /// Γ(c)Γ(m)/(Γ(c−a)Γ(c−b)) · F(a, b; 1−m; 1−z) + (1−z)^m Γ(c)Γ(−m)/(Γ(a)Γ(b)) · F(c−a, c−b; 1+m; 1−z),
    /// with m = c − a − b. Returns nil when m is (numerically) an integer.
    static func oneMinusZ(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Candidate? {
        let m = c - a - b
        guard abs(m - m.rounded()) > 1e-12 else { return nil }
        let w = 1 - z
        let gc = signedLogGamma(c)
        var parts: [(SignedLogValue, Double)] = []
        // First term; vanishes when c−a or c−b is a pole of Γ.
        if !isNonPositiveInteger(c - a), !isNonPositiveInteger(c - b) {
            let s = series(a, b, 1 - m, w)
            guard s.converged else { return nil }
            let gm = signedLogGamma(m)
            let gca = signedLogGamma(c - a)
            let gcb = signedLogGamma(c - b)
            let log = gc.log + gm.log - gca.log - gcb.log + s.value.logMagnitude
            let sign = gc.sign * gm.sign * gca.sign * gcb.sign * s.value.sign
            parts.append((SignedLogValue(logMagnitude: log, sign: sign), s.condition))
        }
        if !isNonPositiveInteger(a), !isNonPositiveInteger(b) {
            let s = series(c - a, c - b, 1 + m, w)
            guard s.converged else { return nil }
            let gmm = signedLogGamma(-m)
            let ga = signedLogGamma(a)
            let gb = signedLogGamma(b)
            let log = m * log(w) + gc.log + gmm.log - ga.log - gb.log + s.value.logMagnitude
            let sign = gc.sign * gmm.sign * ga.sign * gb.sign * s.value.sign
            parts.append((SignedLogValue(logMagnitude: log, sign: sign), s.condition))
        }
        guard let top = parts.map(\.0.logMagnitude).max(), top.isFinite else { return nil }
        var sum = 0.0
        var largest = 0.0
        var innerCondition = 1.0
        for (part, condition) in parts where part.sign != 0 {
            let scaled = part.sign * exp(part.logMagnitude - top)
            sum += scaled
            largest = max(largest, abs(scaled))
            innerCondition = max(innerCondition, condition)
        }
        guard sum != 0 else { return nil }
        let value = SignedLogValue(logMagnitude: top + log(abs(sum)), sign: sum < 0 ? -1 : 1)
        return Candidate(value: value, condition: innerCondition * largest / abs(sum), converged: true)
    }

    /// Last resort for z close to 1 with integer c − a − b, where the series is too slow and 15.3.6 is
    /// degenerate: F is analytic in c, so F(c) = (F(c+ε) + F(c−ε))/2 + O(ε²), each side by 15.3.6.
    /// With ε = 1e-6·max(1, |c|) about 9–10 significant digits survive.
    static func perturbedConnection(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Candidate? {
        let epsilon = 1e-6 * max(1, abs(c))
        guard let upper = oneMinusZ(a, b, c + epsilon, z), let lower = oneMinusZ(a, b, c - epsilon, z),
            upper.value.sign != 0, upper.value.sign == lower.value.sign
        else { return nil }
        let top = max(upper.value.logMagnitude, lower.value.logMagnitude)
        let mean = 0.5 * (exp(upper.value.logMagnitude - top) + exp(lower.value.logMagnitude - top))
        return Candidate(
            value: SignedLogValue(logMagnitude: top + log(mean), sign: upper.value.sign),
            condition: max(upper.condition, lower.condition), converged: true)
    }

    /// The defining series with running rescaling and a tail-bound stopping rule.
    static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Candidate {
        let rescaleAt = 1e200
        let logRescale = log(rescaleAt)
        var sum = 1.0
        var term = 1.0
        var largest = 1.0
        var logScale = 0.0
        // Beyond this index every Pochhammer factor is positive and the term ratio settles towards z.
        let settled = 2 * max(abs(a), abs(b), abs(c), 1) + 2
        var n = 0.0
        var count = 0
        var converged = false
        while count < maxTerms {
            let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            term *= ratio
            n += 1
            count += 1
            if term == 0 || !term.isFinite {
                converged = term == 0
                break
            }
            sum += term
            let magnitude = abs(term)
            if magnitude > largest { largest = magnitude }
            if magnitude > rescaleAt {
                sum /= rescaleAt
                term /= rescaleAt
                largest /= rescaleAt
                logScale += logRescale
            }
            if n >= settled {
                let next = abs((a + n) * (b + n) / ((c + n) * (n + 1)) * z)
                let bound = max(next, z)
                if bound < 1, magnitude * bound / (1 - bound) <= 1e-17 * abs(sum) {
                    converged = true
                    break
                }
            }
        }
        guard sum != 0 else {
            return Candidate(
                value: SignedLogValue(logMagnitude: -.infinity, sign: 0), condition: .infinity,
                converged: converged)
        }
        return Candidate(
            value: SignedLogValue(logMagnitude: logScale + log(abs(sum)), sign: sum < 0 ? -1 : 1),
            condition: largest / abs(sum), converged: converged)
    }
}
