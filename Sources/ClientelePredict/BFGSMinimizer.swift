/// Outcome of an unconstrained minimisation.
struct MinimizationResult {
    var point: [Double]
    var value: Double
    var gradient: [Double]
    var iterations: Int
    var evaluations: Int
    var converged: Bool
}

/// An objective returning f(x) and writing ∇f(x) into `gradient` (same length as x). A non-finite return value
/// means "outside the domain"; line searches then step back.
typealias Objective = (_ point: [Double], _ gradient: inout [Double]) -> Double

/// Dense BFGS on the inverse Hessian with a strong-Wolfe line search (Nocedal & Wright, algorithms 6.1, 3.5, 3.6).
/// Meant for the 3- and 4-parameter likelihoods here; O(n²) memory.
struct BFGSMinimizer {
    var maxIterations = 500
    /// Converged when max |∂f/∂xᵢ| ≤ this.
    var gradientTolerance = 1e-8
    /// When the line search can no longer decrease f (round-off floor), a gradient within this factor of the
    /// tolerance still counts as converged.
    static let precisionSlack = 100.0

    func minimize(from start: [Double], _ objective: @escaping Objective) -> MinimizationResult {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var evaluations = 1
        var f = objective(x, &g)
        var result = MinimizationResult(
            point: x, value: f, gradient: g, iterations: 0, evaluations: evaluations, converged: false)
        guard f.isFinite, g.allSatisfy(\.isFinite) else { return result }
        var h = identity(n)
        var hIsIdentity = true
        var iteration = 0
        var stalled = 0
        while iteration < maxIterations {
            if maxAbs(g) <= gradientTolerance {
                result.converged = true
                break
            }
            var p = multiply(h, g).map { -$0 }
            var slope = dot(g, p)
            if !(slope < 0) {
                h = identity(n)
                hIsIdentity = true
                p = g.map { -$0 }
                slope = dot(g, p)
            }
            let firstStep = hIsIdentity ? min(1, 1 / max(norm(g), 1e-300)) : 1
            var search = LineSearch(objective: objective, origin: x, value: f, gradient: g, direction: p)
            let found = search.run(initialStep: firstStep)
            evaluations += search.evaluations
            guard let step = found else {
                // No decrease found: at the noise floor of f this is convergence, otherwise retry once
                // with steepest descent.
                if maxAbs(g) <= gradientTolerance * Self.precisionSlack {
                    result.converged = true
                    break
                }
                if hIsIdentity { break }
                h = identity(n)
                hIsIdentity = true
                continue
            }
            iteration += 1
            let s = (0..<n).map { step.point[$0] - x[$0] }
            let y = (0..<n).map { step.gradient[$0] - g[$0] }
            let previous = f
            x = step.point
            f = step.value
            g = step.gradient
            let sy = dot(s, y)
            if sy > 1e-14 * norm(s) * norm(y) {
                if hIsIdentity {
                    // Shanno–Phua scaling of the initial inverse Hessian.
                    let scale = sy / dot(y, y)
                    h = identity(n).map { $0.map { $0 * scale } }
                }
                update(&h, s: s, y: y, sy: sy)
                hIsIdentity = false
            }
            // Stop when the objective no longer moves at working precision (gradient noise floor reached).
            if abs(previous - f) <= 1e-15 * max(1, abs(f)) {
                stalled += 1
                if stalled >= 3 {
                    result.converged = maxAbs(g) <= gradientTolerance * Self.precisionSlack
                    break
                }
            } else {
                stalled = 0
            }
        }
        result.point = x
        result.value = f
        result.gradient = g
        result.iterations = iteration
        result.evaluations = evaluations
        if maxAbs(g) <= gradientTolerance { result.converged = true }
        return result
    }

    /// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / yᵀs.
    private func update(_ h: inout [[Double]], s: [Double], y: [Double], sy: Double) {
        let n = s.count
        let rho = 1 / sy
        let hy = multiply(h, y)
        let yhy = dot(y, hy)
        for i in 0..<n {
            for j in 0..<n {
                h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
            }
        }
    }
}

/// Strong-Wolfe line search: bracketing phase then zoom with safeguarded cubic interpolation.
struct LineSearch {
    let objective: Objective
    let origin: [Double]
    let value: Double
    let gradient: [Double]
    let direction: [Double]
    var evaluations = 0
    let c1 = 1e-4
    let c2 = 0.9
    let maxEvaluations = 40

    struct Point {
        var step: Double
        var point: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    init(objective: @escaping Objective, origin: [Double], value: Double, gradient: [Double], direction: [Double]) {
        self.objective = objective
        self.origin = origin
        self.value = value
        self.gradient = gradient
        self.direction = direction
    }

    private mutating func evaluate(_ step: Double) -> Point {
        let point = (0..<origin.count).map { origin[$0] + step * direction[$0] }
        var g = [Double](repeating: 0, count: origin.count)
        evaluations += 1
        let f = objective(point, &g)
        let ok = f.isFinite && g.allSatisfy(\.isFinite)
        return Point(
            step: step, point: point, value: ok ? f : .infinity, gradient: g, slope: ok ? dot(g, direction) : .nan)
    }

    /// The accepted point, or nil when no acceptable step was found.
    mutating func run(initialStep: Double) -> Point? {
        let slope0 = dot(gradient, direction)
        var previous = Point(step: 0, point: origin, value: value, gradient: gradient, slope: slope0)
        var step = initialStep
        var first = true
        while evaluations < maxEvaluations {
            let current = evaluate(step)
            if !current.value.isFinite {
                // Outside the domain (overflow): shrink towards the last good step.
                step = previous.step + 0.25 * (step - previous.step)
                continue
            }
            if current.value > value + c1 * step * slope0 || (!first && current.value >= previous.value) {
                return zoom(low: previous, high: current, slope0: slope0)
            }
            if abs(current.slope) <= -c2 * slope0 { return current }
            if current.slope >= 0 { return zoom(low: current, high: previous, slope0: slope0) }
            previous = current
            first = false
            step *= 2
        }
        return previous.step > 0 && previous.value < value ? previous : nil
    }

    private mutating func zoom(low lowIn: Point, high highIn: Point, slope0: Double) -> Point? {
        var low = lowIn
        var high = highIn
        while evaluations < maxEvaluations {
            let lo = min(low.step, high.step)
            let hi = max(low.step, high.step)
            var trial = cubicMinimizer(low, high) ?? 0.5 * (lo + hi)
            let margin = 0.1 * (hi - lo)
            if !(trial > lo + margin && trial < hi - margin) { trial = 0.5 * (lo + hi) }
            if hi - lo <= 1e-16 * max(1, hi) { break }
            let current = evaluate(trial)
            if !current.value.isFinite || current.value > value + c1 * trial * slope0 || current.value >= low.value {
                high = current
            } else {
                if abs(current.slope) <= -c2 * slope0 { return current }
                if current.slope * (high.step - low.step) >= 0 { high = low }
                low = current
            }
        }
        return low.step > 0 && low.value < value ? low : nil
    }

    /// Minimiser of the cubic interpolating values and slopes at two points, if it exists.
    private func cubicMinimizer(_ p: Point, _ q: Point) -> Double? {
        guard q.value.isFinite, q.slope.isFinite else { return nil }
        let d1 = p.slope + q.slope - 3 * (p.value - q.value) / (p.step - q.step)
        let disc = d1 * d1 - p.slope * q.slope
        guard disc >= 0 else { return nil }
        let d2 = (q.step > p.step ? 1.0 : -1.0) * disc.squareRoot()
        let denominator = q.slope - p.slope + 2 * d2
        guard denominator != 0 else { return nil }
        let t = q.step - (q.step - p.step) * (q.slope + d2 - d1) / denominator
        return t.isFinite ? t : nil
    }
}

func dot(_ u: [Double], _ v: [Double]) -> Double {
    var s = 0.0
    for i in 0..<min(u.count, v.count) { s += u[i] * v[i] }
    return s
}

func norm(_ u: [Double]) -> Double { dot(u, u).squareRoot() }

func maxAbs(_ u: [Double]) -> Double { u.reduce(0) { max($0, abs($1)) } }

func identity(_ n: Int) -> [[Double]] {
    (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
}

func multiply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { dot($0, v) } }
