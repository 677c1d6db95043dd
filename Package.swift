// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    // Fault points (injected LMDB failures, named crash points) exist only in debug builds, which is what
    // `swift test` builds. Release builds, which users link, carry none of it.
    .define("CLIENTELE_FAULT_POINTS", .when(configuration: .debug)),
]

let package = Package(
    name: "Clientele",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LMDBKit", targets: ["LMDBKit"]),
        .library(name: "Clientele", targets: ["Clientele"]),
        .library(name: "ClienteleImport", targets: ["ClienteleImport"]),
        .library(name: "ClientelePredict", targets: ["ClientelePredict"]),
        // Test support: the properties the fuzz targets (Fuzz/) check, also replayed by the unit tests.
        .library(name: "FuzzHarness", targets: ["FuzzHarness"]),
        .executable(name: "clientele", targets: ["clientele"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(name: "LMDBKit", dependencies: ["CLMDB"], swiftSettings: strict),
        .target(name: "ClientelePredict", swiftSettings: strict),
        // CRC-32C with the CPU's instruction where there is one (x86-64 SSE 4.2); Clientele falls back to tables.
        .target(name: "CCRC32C"),
        .target(name: "Clientele", dependencies: ["LMDBKit", "ClientelePredict", "CCRC32C"], swiftSettings: strict),
        .target(name: "ClienteleImport", dependencies: ["Clientele"], swiftSettings: strict),
        .target(name: "FuzzHarness", dependencies: ["Clientele", "ClienteleImport", "LMDBKit"], swiftSettings: strict),
        .executableTarget(
            name: "clientele",
            dependencies: [
                "Clientele", "ClienteleImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // A child process for crash and fault tests (not a product).
        .executableTarget(name: "clientele-torture", dependencies: ["Clientele", "LMDBKit"], swiftSettings: strict),
        // What every test target shares (as NIO's NIOTestUtils): temporary stores, environments and directories, the
        // seeded generators and the one CLIENTELE_SEED parser, thread and fork helpers, the CDNOW fixtures.
        .target(
            name: "ClienteleTestSupport", dependencies: ["Clientele", "LMDBKit"], path: "Tests/ClienteleTestSupport",
            resources: [.copy("Fixtures")], swiftSettings: strict
        ),
        .testTarget(name: "LMDBKitTests", dependencies: ["LMDBKit", "CLMDB", "ClienteleTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ClientelePredictTests", dependencies: ["ClientelePredict", "ClienteleTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClienteleImportTests",
            dependencies: ["ClienteleImport", "Clientele", "FuzzHarness", "ClienteleTestSupport"], swiftSettings: strict
        ),
        // Runs the built `clientele` binary (found next to the test bundle) as a subprocess.
        .testTarget(
            name: "ClienteleCLITests",
            dependencies: ["ClienteleImport", "Clientele", "ClienteleTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ClienteleTests",
            dependencies: ["Clientele", "LMDBKit", "ClienteleTestSupport"],
            swiftSettings: strict
        ),
    ]
)
