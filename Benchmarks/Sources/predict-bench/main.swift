// Timing harness: `cd Benchmarks && swift run -c release predict-bench [customers]`.
// Not a test: numbers depend on the machine. Prints fit/score/CLV timings on simulated BG/NBD data.
import Clientele
import Foundation

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    print(String(format: "%@: %.3f s", label, seconds(clock.now - start)))
    return value
}

let arguments = CommandLine.arguments
let customers = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let mode = arguments.count > 2 ? arguments[2] : "all"

// CDNOW parameters with time in days (α = 4.414 weeks → 30.898 days).
let truth = BetaGeoParameters(r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426)

func simulate(customers: Int, rounding: Double, seed: UInt64) throws -> [RFMTriple] {
    var generator = SeededGenerator(seed: seed)
    // Acquired over one quarter, observed 273–364 days.
    let ages = (0..<customers).map { _ in Double.random(in: 273..<364, using: &generator) }
    return try BetaGeoSimulator.simulate(parameters: truth, ages: ages, roundingUnit: rounding, using: &generator)
}

func benchmark(label: String, rounding: Double) throws {
    print("== \(customers) customers, \(label)")
    let data = try time("simulate") { try simulate(customers: customers, rounding: rounding, seed: 1) }
    let collapsed = time("collapse (public helper, separately)") { RFMTriple.collapse(data) }
    print("distinct (x, t_x, T) patterns: \(collapsed.count)")
    let fit = try time("fit (validate + collapse + BFGS, no standard errors)") {
        try BetaGeoFitter.fit(data, options: FitOptions(computeStandardErrors: false))
    }
    print(
        "  converged \(fit.converged), iterations \(fit.iterations), evaluations \(fit.evaluations), LL \(fit.logLikelihood)"
    )
    print("  estimate \(fit.parameters)")
    _ = try time("fit incl. standard errors") { try BetaGeoFitter.fit(data) }
    let model = fit.model
    let scores = try time("score: P(alive) + E[Y(91 days)] per customer (batch API)") {
        try model.score(data, horizon: 91)
    }
    print("  Σ E[Y] = \(scores.reduce(0) { $0 + $1.expectedPurchases })")
    let long = try time("score: P(alive) + E[Y(365 days)] per customer (batch API)") {
        try model.score(data, horizon: 365)
    }
    print("  Σ E[Y] = \(long.reduce(0) { $0 + $1.expectedPurchases })")
    let alive = try time("score: probabilityAlive only, per-customer calls") {
        var sum = 0.0
        for row in data { sum += try model.probabilityAlive(x: row.x, tx: row.tx, T: row.T) }
        return sum
    }
    print("  Σ P(alive) = \(alive)")
    let gg = try GammaGammaModel(parameters: GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44))
    let sample = data.prefix(100_000)
    let clv = try time("CLV, 12 months, f = 30.4375, first \(sample.count) customers") {
        var total = 0.0
        for row in sample {
            total += try gg.customerLifetimeValue(
                transactions: model, x: row.x, tx: row.tx, T: row.T, meanValue: 30, periodsPerMonth: 30.4375)
        }
        return total
    }
    print("  Σ CLV = \(clv)")
}

func coverage() throws {
    // How often is |estimate − truth| ≤ k·SE over many seeds? (checks the standard errors used by the tests)
    let truthWeeks = BetaGeoParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
    var within2 = 0
    var within4 = 0
    var total = 0
    var worst = 0.0
    for seed in UInt64(1)...60 {
        var generator = SeededGenerator(seed: seed)
        let ages = (0..<20_000).map { _ in Double.random(in: 39..<52, using: &generator) }
        let data = try BetaGeoSimulator.simulate(parameters: truthWeeks, ages: ages, using: &generator)
        let fit = try BetaGeoFitter.fit(data)
        guard let se = fit.standardErrors else {
            print("seed \(seed): no SE")
            continue
        }
        let z = [
            (fit.parameters.r - truthWeeks.r) / se.r, (fit.parameters.alpha - truthWeeks.alpha) / se.alpha,
            (fit.parameters.a - truthWeeks.a) / se.a, (fit.parameters.b - truthWeeks.b) / se.b,
        ]
        for v in z {
            total += 1
            if abs(v) <= 2 { within2 += 1 }
            if abs(v) <= 4 { within4 += 1 }
            worst = max(worst, abs(v))
        }
        if !fit.converged { print("seed \(seed) not converged") }
    }
    print("coverage over \(total) parameter estimates: |z| ≤ 2: \(within2), |z| ≤ 4: \(within4), max |z| = \(worst)")
}

/// Marsaglia–Tsang Gamma(shape, 1) (bench-local copy; the library's sampler is internal).
func gammaVariate(_ shape: Double, _ g: inout SeededGenerator) -> Double {
    if shape < 1 {
        return gammaVariate(shape + 1, &g)
            * pow(Double.random(in: Double.leastNonzeroMagnitude..<1, using: &g), 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
        let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &g)
        let u2 = Double.random(in: 0..<1, using: &g)
        let x = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        let v0 = 1 + c * x
        guard v0 > 0 else { continue }
        let v = v0 * v0 * v0
        if log(Double.random(in: Double.leastNonzeroMagnitude..<1, using: &g)) < 0.5 * x * x + d - d * v + d * log(v) {
            return d * v
        }
    }
}

func gammaGammaBenchmark() throws {
    print("== Gamma-Gamma, \(customers) repeat customers, continuous spend (all rows distinct)")
    var generator = SeededGenerator(seed: 5)
    let data: [SpendSummary] = (0..<customers).map { _ in
        let x = Int.random(in: 1...20, using: &generator)
        let nu = gammaVariate(3.74, &generator) / 15.44
        return SpendSummary(x: x, mean: gammaVariate(6.25 * Double(x), &generator) / (Double(x) * nu))
    }
    let fit = try time("Gamma-Gamma fit (no standard errors)") {
        try GammaGammaFitter.fit(data, options: FitOptions(computeStandardErrors: false))
    }
    print("  converged \(fit.converged), iterations \(fit.iterations), \(fit.parameters)")
    print(
        "  LL at estimate \(fit.logLikelihood), at truth \(try GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44).logLikelihood(of: data))"
    )
    if let se = try? GammaGammaFitter.fit(data).standardErrors { print("  SE \(se)") }
    let model = fit.model
    let total = try time("E[M | x, m̄] for every customer") {
        var sum = 0.0
        for row in data { sum += try model.expectedAverageOrderValue(x: row.x, mean: row.mean) }
        return sum
    }
    print("  Σ E[M] = \(total)")
}

/// Fit diagnostics on a summary CSV (ID,frequency,recency,T), e.g. the shared CDNOW file.
func cdnow(_ path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let rows = text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line -> RFMTriple? in
        let f = line.split(separator: ",")
        guard f.count == 4, let x = Int(f[1]), let tx = Double(f[2]), let t = Double(f[3]) else { return nil }
        return RFMTriple(x: x, tx: tx, T: t)
    }
    let fit = try time("CDNOW fit (\(rows.count) rows)") { try BetaGeoFitter.fit(rows) }
    print("  \(fit.parameters), LL \(fit.logLikelihood)")
    print("  iterations \(fit.iterations), evaluations \(fit.evaluations), gradient \(fit.gradientNorm)")
    print("  SE \(fit.standardErrors.map { "\($0)" } ?? "none")")
}

do {
    if mode == "cdnow", arguments.count > 3 { try cdnow(arguments[3]) }
    if mode == "all" || mode == "gamma" { try gammaGammaBenchmark() }
    if mode == "all" || mode == "daily" { try benchmark(label: "durations in whole days", rounding: 1) }
    if mode == "all" || mode == "continuous" { try benchmark(label: "continuous durations (worst case)", rounding: 0) }
    if mode == "coverage" { try coverage() }
} catch {
    print("error: \(error)")
}
