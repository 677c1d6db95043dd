// package-benchmark suites for the hot paths, each on a store built once in setup. Scale with
// CLIENTELE_BENCH_CUSTOMERS (default 20,000 customers, ~10 purchases each), CLIENTELE_BENCH_PREDICT_CUSTOMERS
// (default 1,000,000) and CLIENTELE_BENCH_MAX_SECONDS per benchmark (default 3).
import Benchmark
import BenchmarkSupport
import Clientele
import Foundation
import LMDBKit

nonisolated(unsafe) var store: Store!
nonisolated(unsafe) var data: SyntheticData!
nonisolated(unsafe) var sampleIDs: [String] = []
nonisolated(unsafe) var triples: [RFMTriple] = []
nonisolated(unsafe) var fitted: BetaGeoModel?

let benchmarks: @Sendable () -> Void = {
    let seconds = Int(ProcessInfo.processInfo.environment["CLIENTELE_BENCH_MAX_SECONDS"] ?? "") ?? 3
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           maxDuration: .seconds(seconds), maxIterations: 1_000_000)
    let customers = Int(ProcessInfo.processInfo.environment["CLIENTELE_BENCH_CUSTOMERS"] ?? "") ?? 20_000

    Benchmark("record purchases in batches of 10k", configuration: .init(maxIterations: 5)) { benchmark in
        let purchases = SyntheticData.make(customers: 2_000, seed: UInt64(benchmark.currentIteration + 7)).purchases
        let path = NSTemporaryDirectory() + "clientele-bench-batch-\(UUID().uuidString)"
        var options = StoreOptions()
        options.environment.durability = .relaxed
        let fresh = try Store.open(at: path, options: options)
        benchmark.startMeasurement()
        for start in stride(from: 0, to: purchases.count, by: 10_000) {
            try fresh.write { w in
                for p in purchases[start..<min(start + 10_000, purchases.count)] { try w.record(p) }
            }
        }
        benchmark.stopMeasurement()
        try? FileManager.default.removeItem(atPath: path)
    }

    Benchmark("customer RFM + scores + segment", configuration: .init(setup: { try makeStore(customers) })) {
        benchmark in
        for index in benchmark.scaledIterations {
            blackHole(try store.customerRFM(externalID: sampleIDs[index % sampleIDs.count]))
        }
    }

    Benchmark("segment counts (cold score cache)", configuration: .init(setup: { try makeStore(customers) })) {
        benchmark in
        for _ in benchmark.scaledIterations {
            store.invalidateScoreCache()
            blackHole(try store.segmentSummary())
        }
    }

    Benchmark("top 100 by monetary", configuration: .init(setup: { try makeStore(customers) })) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try store.top(by: .monetary, limit: 100)) }
    }

    Benchmark("lifetimes summary of every customer", configuration: .init(setup: { try makeStore(customers) })) {
        benchmark in
        for _ in benchmark.scaledIterations { blackHole(try store.summary()) }
    }

    Benchmark("customers lapsed since 180 days", configuration: .init(setup: { try makeStore(customers) })) {
        benchmark in
        let since = Instant(microseconds: Instant.now.microseconds - 180 * 86_400_000_000)
        for _ in benchmark.scaledIterations { blackHole(try store.lapsed(since: since, limit: Int.max)) }
    }

    Benchmark("verify", configuration: .init(maxIterations: 3, setup: { try makeStore(customers) })) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try store.verify()) }
    }

    // BG/NBD on 1M simulated customers (CDNOW's parameters in days, ages 273–364 days, whole days).
    let predictCustomers = Int(ProcessInfo.processInfo.environment["CLIENTELE_BENCH_PREDICT_CUSTOMERS"] ?? "")
        ?? 1_000_000
    Benchmark("BG/NBD fit, \(predictCustomers) customers",
              configuration: .init(maxIterations: 5, setup: { try makeTriples(predictCustomers) })) { benchmark in
        for _ in benchmark.scaledIterations {
            let fit = try BetaGeoFitter.fit(triples, options: FitOptions(computeStandardErrors: false))
            fitted = fit.model
            blackHole(fit)
        }
    }

    Benchmark("BG/NBD score P(alive) + E[Y(91)], \(predictCustomers) customers",
              configuration: .init(maxIterations: 5, setup: {
                  try makeTriples(predictCustomers)
                  fitted = try BetaGeoFitter.fit(triples, options: FitOptions(computeStandardErrors: false)).model
              })) { benchmark in
        guard let model = fitted else { return }
        for _ in benchmark.scaledIterations { blackHole(try model.score(triples, horizon: 91)) }
    }
}

/// Builds the shared store once per process (package-benchmark runs each benchmark in its own process).
func makeStore(_ customers: Int) throws {
    guard store == nil else { return }
    let path = NSTemporaryDirectory() + "clientele-bench-\(UUID().uuidString)"
    var options = StoreOptions()
    options.environment.durability = .bulk
    store = try Store.open(at: path, options: options)
    // The process ends without closing it: the files are unlinked now (open, they stay usable) so that no run
    // leaves a store behind in the temporary directory.
    try? FileManager.default.removeItem(atPath: path)
    data = SyntheticData.make(customers: customers)
    for start in stride(from: 0, to: data.purchases.count, by: 10_000) {
        try store.write { w in
            for p in data.purchases[start..<min(start + 10_000, data.purchases.count)] { try w.record(p) }
        }
    }
    try store.sync()
    var random = SystemRandomNumberGenerator()
    sampleIDs = (0..<1000).map { _ in "c\(Int.random(in: 0..<customers, using: &random))" }
    _ = try store.customerRFM(externalID: sampleIDs[0])
}

/// Simulated BG/NBD customers: CDNOW's parameters in days, ages 273–364 days, whole days.
func makeTriples(_ customers: Int) throws {
    guard triples.isEmpty else { return }
    var generator = ClientelePredict.SeededGenerator(seed: 1)
    let ages = (0..<customers).map { _ in Double.random(in: 273..<364, using: &generator) }
    triples = try BetaGeoSimulator.simulate(
        parameters: BetaGeoParameters(r: 0.243, alpha: 30.898, a: 0.793, b: 2.426), ages: ages, roundingUnit: 1,
        using: &generator)
}
