#if Serve
import Foundation
import Testing

/// `claimql serve` and `claimql mcp` driven by real clients (Tests/Web): the page in
/// headless Chromium (selenium), the API by schemathesis from its OpenAPI document, the
/// MCP server by the Python `mcp` client, and a wrk load run while another client loads
/// data. They need CLAIMQL_WEB_PYTHON, a Python with those packages (`.ci/run` sets it from
/// `.ci/web`), and Chromium, chromedriver and wrk on the machine (`.ci/web` installs them).
/// One at a time: the load runs measure, and two would share the two cores.
@Suite(.serialized) struct WebClientTests {
    static let python: String? = ProcessInfo.processInfo.environment["CLAIMQL_WEB_PYTHON"]

    static func requirePython() throws -> String {
        guard let python else {
            throw WebTestError("no Python with selenium, schemathesis and mcp: export CLAIMQL_WEB_PYTHON=$(.ci/web)")
        }
        return python
    }

    static func script(_ name: String) -> String { Repo.path("Tests/Web/" + name) }

    /// Where the browser test leaves its screenshots (the chart, the page) to look at.
    static let shots = Repo.path(".build/web-shots")

    @Test func thePageInHeadlessChromium() throws {
        let python = try WebClientTests.requirePython()
        let server = try ServedClaimQL(["--data", "examples/seed.cq"])
        defer { _ = server.stop() }
        try FileManager.default.createDirectory(atPath: WebClientTests.shots, withIntermediateDirectories: true)
        let r = try runProgram(python, [WebClientTests.script("browser_test.py"), server.url, WebClientTests.shots])
        print(r.stdout)
        #expect(r.status == 0, "browser test failed:\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("all 8 checks passed"))
    }

    @Test func theAPIAgainstItsOpenAPIDocument() throws {
        let python = try WebClientTests.requirePython()
        let server = try ServedClaimQL(["--data", "examples/seed.cq", "--allow-writes", "--token", "schemathesis-token"])
        defer { _ = server.stop() }
        let schemathesis = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("schemathesis").path
        // Every check but positive_data_acceptance, which expects any string the schema
        // allows to be accepted: a query (or a JSON Lines body) is a language, and whether
        // a string is a valid query is not a JSON Schema.
        let r = try runProgram(schemathesis, [
            "run", server.url + "/openapi.json", "--max-examples", "100", "--seed", "1",
            "--exclude-checks", "positive_data_acceptance", "-H", "Authorization: Bearer schemathesis-token",
        ], environment: ["SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"])
        print(r.stdout.split(separator: "\n").suffix(12).joined(separator: "\n"))
        #expect(r.status == 0, "schemathesis found failures:\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("passed"))
        // The server outlived every request, and stops cleanly on SIGTERM.
        #expect(server.stop() == 0)
    }

    @Test func theMCPServerWithThePythonClient() throws {
        let python = try WebClientTests.requirePython()
        let r = try runProgram(python, [WebClientTests.script("mcp_test.py"), Repo.binary, "examples/seed.cq"])
        print(r.stdout)
        #expect(r.status == 0, "MCP test failed:\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("ok: still answering after the errors"))
    }

    @Test(arguments: ["seed", "100k"])
    func loadWithWrkWhileAnotherClientLoads(_ data: String) throws {
        let python = try WebClientTests.requirePython()
        var path = "examples/seed.cq"
        let folder = NSTemporaryDirectory() + "claimql-load-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if data == "100k" {
            let gen = try runProgram(python, [WebClientTests.script("gen_data.py"), folder, "100000"])
            try #require(gen.status == 0, "gen_data.py failed: \(gen.stderr)")
            path = folder
        }
        // A debug build under the rest of the suite can take seconds a request at 100k; the
        // run checks errors and consistency, not speed (BENCHMARKS.md has release figures),
        // so the server's time limit is not what should end a request here.
        let server = try ServedClaimQL(["--data", path, "--allow-writes", "--token", "load-test-token", "--timeout", "60"])
        let r = try runProgram(python, [WebClientTests.script("load_test.py"), server.url, "load-test-token", "--seconds", "30",
                                        "--connections", "64"])
        print("load on \(data):", r.stdout)
        #expect(r.status == 0, "load test failed:\n\(r.stdout)\n\(r.stderr)")
        // SIGTERM while idle: a graceful stop, status 0.
        #expect(server.stop() == 0)
    }
}

struct WebTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// `claimql serve --port 0 ARGS` in the background; the port is read from what it prints.
final class ServedClaimQL {
    let process = Process()
    private(set) var port = 0
    private var stopped: Int32? = nil
    var url: String { "http://127.0.0.1:\(port)" }

    init(_ args: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Repo.binary)
        process.arguments = ["serve", "--port", "0"] + args
        process.currentDirectoryURL = Repo.root
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while port == 0 {
            let data = err.fileHandleForReading.availableData
            if data.isEmpty { throw WebTestError("claimql serve exited before listening: \(text)") }
            text += String(decoding: data, as: UTF8.self)
            if let m = text.firstMatch(of: /claimql serve: http:\/\/127\.0\.0\.1:([0-9]+)\//) { port = Int(m.1)! }
        }
        // Keep reading what it writes, so a full pipe never blocks it.
        err.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    /// SIGTERM, then waits; the exit status (0 for a graceful stop).
    func stop() -> Int32 {
        if let stopped { return stopped }
        process.terminate()
        process.waitUntilExit()
        stopped = process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
        return stopped!
    }

    deinit { _ = stop() }
}
#endif
