// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ClaimQL",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ClaimQL", targets: ["ClaimQL"]),
        .executable(name: "claimql", targets: ["claimql"]),
        .executable(name: "claimql-bench", targets: ["claimql-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Documentation only (`swift package generate-documentation`); nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The language: syntax, fact graph, engine and the public API. No readline, no
        // argument parser: embedders get exactly this.
        .target(name: "ClaimQL"),
        // GNU readline, linked by name (pkg-config drags in flags SwiftPM rejects).
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .executableTarget(
            name: "claimql",
            dependencies: [
                "ClaimQL", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The benchmark harness peer (Benchmarks/README in BENCHMARKS.md).
        .executableTarget(name: "claimql-bench", dependencies: ["ClaimQL"], path: "Benchmarks/ClaimQLBench"),
        .testTarget(name: "ClaimQLTests", dependencies: ["ClaimQL", "claimql", "claimql-bench"],
                    exclude: ["Fixtures"]),
    ]
)
