// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ClaimQL",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ClaimQL", targets: ["ClaimQL"]),
        .executable(name: "claimql", targets: ["claimql"]),
        .executable(name: "claimql-bench", targets: ["claimql-bench"]),
        .executable(name: "claimql-extract-score", targets: ["claimql-extract-score"]),
    ],
    // `SQLEngines` (on by default) links the PostgreSQL client, and with it SwiftNIO and
    // BoringSSL, into `claimql` and the tests. `.ci/run` turns it off for the sanitizer and
    // release builds that do not exercise it (`--disable-default-traits`): BoringSSL alone
    // takes minutes to compile per build.
    // `Serve` (on by default) links Hummingbird and the MCP SDK into `claimql serve` and
    // `claimql mcp`; the same `.ci/run` steps turn it off with the other default traits.
    traits: [
        .trait(name: "SQLEngines", description: "claimql --engine postgres:// and claimql push (postgres-nio)"),
        .trait(name: "Serve", description: "claimql serve (Hummingbird) and claimql mcp (the MCP Swift SDK)"),
        .default(enabledTraits: ["SQLEngines", "Serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Documentation only (`swift package generate-documentation`); nothing links it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The PostgreSQL wire protocol for `claimql --engine postgres://` and `claimql push`
        // (the ClaimQLPostgres target only; the library never links it).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // The HTTP server of `claimql serve` (the ClaimQLServer target only).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The Model Context Protocol over stdio for `claimql mcp` (the ClaimQLMCP target only).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        // Property tests (tests only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The language: syntax, fact graph, engine and the public API. No readline, no
        // argument parser: embedders get exactly this.
        .target(name: "ClaimQL"),
        // `claimql lsp`: the Language Server Protocol over stdio, on the library's editor
        // analysis. Its own target so embedders of ClaimQL never build it.
        .target(name: "ClaimQLLanguageServer", dependencies: ["ClaimQL"]),
        // `claimql --engine postgres://...` and `claimql push`: the SQL back end's queries on a
        // live PostgreSQL. Its own target, so embedders of ClaimQL never build postgres-nio.
        .target(name: "ClaimQLPostgres", dependencies: [
            "ClaimQL", .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["SQLEngines"])),
        ]),
        // What `claimql serve` and `claimql mcp` answer, with no transport: query, explain,
        // complete, schema, evidence, extract, load, the OpenAPI document. No dependencies.
        .target(name: "ClaimQLService", dependencies: ["ClaimQL"]),
        // `claimql serve`: the JSON API, the OpenAPI document and the web page over HTTP.
        // Its own target, so embedders of ClaimQL never build Hummingbird. The page's files
        // are compiled into the binary, so a copied `claimql` serves them too.
        .target(name: "ClaimQLServer", dependencies: [
            "ClaimQL", "ClaimQLService", .product(name: "Hummingbird", package: "hummingbird", condition: .when(traits: ["Serve"])),
        ], resources: [.embedInCode("Web/index.html"), .embedInCode("Web/app.js"), .embedInCode("Web/app.css")]),
        // `claimql mcp`: the same calls as tools of a Model Context Protocol server on stdio.
        .target(name: "ClaimQLMCP", dependencies: [
            "ClaimQL", "ClaimQLService", .product(name: "MCP", package: "swift-sdk", condition: .when(traits: ["Serve"])),
        ]),
        // `claimql --engine spark:DIR`: Spark SQL through a PySpark session in a child process.
        .target(name: "ClaimQLSpark", dependencies: ["ClaimQL"]),
        // GNU readline, linked by name (pkg-config drags in flags SwiftPM rejects).
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .executableTarget(
            name: "claimql",
            dependencies: [
                "ClaimQL", "CReadline", "ClaimQLLanguageServer", "ClaimQLSpark", "ClaimQLService",
                .target(name: "ClaimQLPostgres", condition: .when(traits: ["SQLEngines"])),
                .target(name: "ClaimQLServer", condition: .when(traits: ["Serve"])),
                .target(name: "ClaimQLMCP", condition: .when(traits: ["Serve"])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The benchmark harness peer (Benchmarks/README in BENCHMARKS.md).
        .executableTarget(name: "claimql-bench", dependencies: ["ClaimQL"], path: "Benchmarks/ClaimQLBench"),
        // Extraction quality: precision and recall over annotated texts (Benchmarks/ExtractScore/corpus).
        .executableTarget(name: "claimql-extract-score", dependencies: ["ClaimQL"], path: "Benchmarks/ExtractScore",
                          exclude: ["corpus"]),
        // Fuzzing (Tests/Fuzz/README.md): what each target does with an input lives in
        // ClaimQLFuzzing, shared with the regression tests; each fuzz-* executable is only
        // libFuzzer's entry point (a no-op program unless built with --sanitize=fuzzer).
        .target(name: "ClaimQLFuzzing", dependencies: ["ClaimQL"], path: "Tests/Fuzz/Support"),
        .executableTarget(name: "fuzz-parse", dependencies: ["ClaimQLFuzzing"], path: "Tests/Fuzz/Parse"),
        .executableTarget(name: "fuzz-query", dependencies: ["ClaimQLFuzzing"], path: "Tests/Fuzz/Query"),
        .executableTarget(name: "fuzz-declarations", dependencies: ["ClaimQLFuzzing"], path: "Tests/Fuzz/Declarations"),
        .executableTarget(name: "fuzz-jsonl", dependencies: ["ClaimQLFuzzing"], path: "Tests/Fuzz/JSONL"),
        .executableTarget(name: "fuzz-extract", dependencies: ["ClaimQLFuzzing"], path: "Tests/Fuzz/Extract"),
        .executableTarget(name: "fuzz-snapshot", dependencies: ["ClaimQLFuzzing"], path: "Tests/Fuzz/Snapshot"),
        .testTarget(name: "ClaimQLTests",
                    dependencies: ["ClaimQL", "ClaimQLService", .target(name: "ClaimQLPostgres", condition: .when(traits: ["SQLEngines"])), "ClaimQLSpark", "claimql", "claimql-bench", "claimql-extract-score", "ClaimQLFuzzing",
                                   .product(name: "PropertyBased", package: "swift-property-based")],
                    exclude: ["Fixtures"]),
    ]
)
