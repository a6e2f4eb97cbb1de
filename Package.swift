// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "maternal-qa",
    // Linux is where it runs; on Apple platforms `Mutex` and `Atomic` (Synchronization) need macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "maternal-qa", targets: ["maternal-qa"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "EngineSQLite", targets: ["EngineSQLite"]),
        .library(name: "EnginePostgres", targets: ["EnginePostgres"]),
        .library(name: "EngineDrivers", targets: ["EngineDrivers"]),
        .library(name: "Server", targets: ["Server"]),
        .library(name: "TUI", targets: ["TUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "Engine",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [
                .copy("Resources/knowledge_base.json"), .copy("Resources/traditional_to_simplified.tsv"),
                .copy("Resources/cantonese_to_mandarin.tsv"), .copy("Resources/danger_word_typos.tsv"),
            ]
        ),
        .target(
            name: "EngineSQLite",
            dependencies: ["Engine", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "EnginePostgres",
            dependencies: [
                "Engine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EngineDrivers",
            dependencies: ["Engine", "EngineSQLite", "EnginePostgres", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Engine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        .target(name: "TUI", dependencies: ["Engine", "CNCursesW"]),
        .executableTarget(
            name: "maternal-qa",
            dependencies: [
                "Engine", "EngineDrivers", "Server", "TUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "EngineSQLite", "EngineDrivers", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Engine", "EngineDrivers",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Engine", "EngineSQLite", "EnginePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Engine"], exclude: ["Golden"]),
        .testTarget(
            name: "OpenAIBackendTests",
            dependencies: [
                "Engine", "EngineSQLite", "EngineDrivers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
