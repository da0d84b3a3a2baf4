// swift-tools-version:6.1
// Luoshi (落实): decisions followed through. The folders under Sources/ are the layers:
// LuoshiDomain (rules, no I/O) → LuoshiStorage (the only SQL) → LuoshiUseCases (one write each,
// with its audit event) → LuoshiWeb (pages, API, auth) → luoshi (the command line).
import PackageDescription

let package = Package(
    name: "luoshi",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "luoshi", targets: ["luoshi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "LuoshiDomain",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "LuoshiStorage",
            dependencies: [
                "LuoshiDomain",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .target(
            name: "LuoshiSpreadsheet",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(
            name: "LuoshiUseCases",
            dependencies: ["LuoshiDomain", "LuoshiStorage", "LuoshiSpreadsheet", .product(name: "Crypto", package: "swift-crypto")],
            // The demo plan, as the spreadsheets the importer reads (and the import page offers as a worked example).
            resources: [.copy("Demo/Plan")]
        ),
        .target(
            name: "LuoshiAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            // Generated/ is the generator's output for openapi.yaml, committed (scripts/gen-openapi):
            // the generator and its parser cost minutes of every cold build for code that changes
            // only with the document. A test checks Generated/ was made from this openapi.yaml.
            exclude: ["openapi-generator-config.yaml"],
            resources: [.copy("openapi.yaml")]
        ),
        .target(
            name: "LuoshiWeb",
            dependencies: [
                "LuoshiDomain", "LuoshiStorage", "LuoshiUseCases", "LuoshiAPI", "LuoshiSpreadsheet",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Public")]
        ),
        .executableTarget(
            name: "luoshi",
            dependencies: [
                "LuoshiWeb", "LuoshiSpreadsheet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LuoshiSpreadsheetTests",
            dependencies: ["LuoshiSpreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "LuoshiDomainTests",
            dependencies: ["LuoshiDomain"]
        ),
        .testTarget(
            name: "LuoshiWebTests",
            dependencies: [
                "LuoshiWeb", "LuoshiStorage", "LuoshiUseCases", "LuoshiDomain", "LuoshiAPI",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
