// swift-tools-version: 6.1
// Micro-benchmarks of ClaimQL with ordo-one/benchmark (time and allocations): lexer and
// parser throughput, loading, and each query shape of the peer benchmark.
// Kept as a package of its own so that the main package builds without the benchmark
// dependency. Run from this folder: swift package benchmark --no-progress
import PackageDescription

let package = Package(
    name: "ClaimQLMicro",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ClaimQL", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ClaimQLMicro",
            dependencies: [
                .product(name: "ClaimQL", package: "ClaimQL"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ClaimQLMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
