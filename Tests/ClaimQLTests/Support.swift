import Foundation
@testable import ClaimQL

/// Paths and helpers shared by the tests.
enum Repo {
    /// The package root (this file is Tests/ClaimQLTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The claimql binary built beside the test bundle.
    static let binary: String = {
        let fm = FileManager.default
        var candidates: [String] = []
        if let arg0 = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
            // Inside an .xctest bundle on some platforms: climb out of it.
            while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
            candidates.append(dir.appendingPathComponent("claimql").path)
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("claimql").path)
        candidates.append(path(".build/debug/claimql"))
        return candidates.first { fm.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    static func read(_ relative: String) -> String {
        (try? String(contentsOfFile: path(relative), encoding: .utf8)) ?? ""
    }
}

struct ProcessResult {
    let stdout: String
    let stderr: String
    let status: Int32
}

/// Runs the built claimql binary from the package root.
func runClaimQL(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
    try runProgram(Repo.binary, args, stdin: stdin, environment: environment)
}

/// Runs a program from the package root and waits for it.
func runProgram(_ executable: String, _ args: [String], stdin: String? = nil,
                environment: [String: String] = [:]) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = args
    p.currentDirectoryURL = Repo.root
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), input = Pipe()
    // stderr goes to a file, so reading stdout to the end cannot deadlock on a full pipe.
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-err-\(UUID())").path
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    let err = FileHandle(forWritingAtPath: errPath)!
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try err.close()
    let stderrData = FileManager.default.contents(atPath: errPath) ?? Data()
    return ProcessResult(stdout: String(decoding: stdoutData, as: UTF8.self),
                         stderr: String(decoding: stderrData, as: UTF8.self), status: p.terminationStatus)
}

/// A graph loaded with the example data set.
func seedGraph() throws -> ClaimGraph {
    let g = ClaimGraph()
    try g.load(path: Repo.path("examples/seed.cq"))
    return g
}

/// Runs a script in a fresh session and returns its result sets.
func results(_ script: String, graph: ClaimGraph) throws -> [ResultSet] {
    var out: [ResultSet] = []
    try Engine(graph: graph).makeSession().run(script) { out.append($0) }
    return out
}

/// The first column of every row, as text (claim ids for node results).
func ids(_ r: ResultSet) -> [String] {
    (0..<r.count).map { r.nodeID(row: $0) ?? "\(r[$0][0])" }
}
