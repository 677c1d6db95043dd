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
        .target(name: "Clientele", dependencies: ["LMDBKit", "ClientelePredict"], swiftSettings: strict),
        .target(name: "ClienteleImport", dependencies: ["Clientele"], swiftSettings: strict),
        .executableTarget(
            name: "clientele",
            dependencies: [
                "Clientele", "ClienteleImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LMDBKitTests", dependencies: ["LMDBKit", "CLMDB"], swiftSettings: strict),
        .testTarget(
            name: "ClientelePredictTests", dependencies: ["ClientelePredict"], resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "ClienteleImportTests", dependencies: ["ClienteleImport", "Clientele"], swiftSettings: strict),
        .testTarget(
            name: "ClienteleTests",
            dependencies: ["Clientele", "LMDBKit"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ]
)
