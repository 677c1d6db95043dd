// swift-tools-version: 6.1
// Clientele's benchmarks: their own package, so benchmark dependencies (package-benchmark, GRDB for the SQLite
// baseline) never reach users of the library.
import PackageDescription

let package = Package(
    name: "ClienteleBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Clientele", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
    ],
    targets: [
        // The workloads, for both engines: the same data, the same operations.
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Clientele", package: "Clientele"),
                .product(name: "ClienteleImport", package: "Clientele"),
                .product(name: "ClientelePredict", package: "Clientele"),
                .product(name: "LMDBKit", package: "Clientele"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Side-by-side figures: one table, operation / Clientele / SQLite / ratio (Benchmarks/run.sh).
        .executableTarget(
            name: "bench-compare",
            dependencies: ["BenchmarkSupport"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Fit/score/CLV timings of the predictive models on simulated customers (docs/predict.md §6).
        .executableTarget(
            name: "predict-bench",
            dependencies: [.product(name: "Clientele", package: "Clientele")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The CSV scanner alone on a file: records/s before and after a change to the parser (docs/performance.md).
        .executableTarget(
            name: "csv-scan",
            dependencies: [.product(name: "ClienteleImport", package: "Clientele")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Nanoseconds per day computation: a fixed offset, IANA zones' transition tables, Foundation (docs/performance.md).
        .executableTarget(
            name: "day-calendar",
            dependencies: [.product(name: "Clientele", package: "Clientele")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The change feed's write cost (feed on vs off, alternating rounds) and sweep/advance timings
        // (docs/performance.md, "Change feed cost").
        .executableTarget(
            name: "feed-cost",
            dependencies: [.product(name: "Clientele", package: "Clientele"),
                           .product(name: "ClientelePredict", package: "Clientele")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // One population query, run N times on an existing store: the target of `perf` and `valgrind --tool=callgrind`
        // profiles (docs/performance.md).
        .executableTarget(
            name: "query-profile",
            dependencies: [.product(name: "Clientele", package: "Clientele")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // package-benchmark suites (`swift package benchmark`).
        .executableTarget(
            name: "ClienteleBenchmarks",
            dependencies: ["BenchmarkSupport", .product(name: "Benchmark", package: "package-benchmark")],
            path: "Benchmarks/ClienteleBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
