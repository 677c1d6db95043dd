// swift-tools-version: 6.1
import PackageDescription

// An example service built on Clientele's public API: Hummingbird 2 routes that record purchases and answer
// customer, segment and contact-list questions. See README.md.
let package = Package(
    name: "ShopService",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Clientele", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Hummingbird's own lifecycle package: follow streams end when the service shuts down gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // The routes, configuration and JSON bodies, as a library so the end-to-end test can start the service.
        .target(
            name: "ShopServiceCore",
            dependencies: [
                .product(name: "Clientele", package: "Clientele"),
                .product(name: "ClientelePredict", package: "Clientele"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "ShopService", dependencies: ["ShopServiceCore"], swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ShopServiceTests",
            dependencies: [
                "ShopServiceCore",
                .product(name: "Clientele", package: "Clientele"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
