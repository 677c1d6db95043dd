// swift-tools-version: 6.1
// libFuzzer targets, in their own package: a fuzz executable has no `main` of its own (libFuzzer provides it), which
// would break a plain `swift build` of the main package. Build and run with Fuzz/run.sh.
import PackageDescription

let targets = ["csv", "amount", "timestamp", "records", "keys", "identity"]

let package = Package(
    name: "ClienteleFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Clientele", path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "FuzzHarness", package: "Clientele")],
            path: "Sources/fuzz-\(name)",
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        )
    }
)
