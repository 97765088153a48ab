#if SQLEngines
import ClaimQLPostgres
import Foundation
import Testing
@testable import ClaimQL

/// The PostgreSQL 15 server the SQL back end's tests use: the one `.ci/run` started
/// (CLAIMQL_TEST_POSTGRES holds its URL), or else a throwaway cluster this test process
/// starts with `.ci/postgres` and stops when it exits. Each test gets a database of its own,
/// so tests running at once never see each other's tables.
enum TestPostgres {
    nonisolated(unsafe) private static var startedFolder: String? = nil

    static let adminURL: String? = {
        if let url = ProcessInfo.processInfo.environment["CLAIMQL_TEST_POSTGRES"] { return url }
        let folder = NSTemporaryDirectory() + "claimql-pg-\(getpid())"
        let port = 55000 + Int(getpid() % 900)
        guard let r = try? runScript(Repo.path(".ci/postgres"), ["start", folder], ["CLAIMQL_PG_PORT": String(port)]),
              r.status == 0 else {
            return nil
        }
        startedFolder = folder
        atexit {
            if let folder = TestPostgres.startedFolder { _ = try? runScript(Repo.path(".ci/postgres"), ["stop", folder], [:]) }
        }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// A new, empty database and a connection to it.
    static func freshDatabase() throws -> (engine: PostgresEngine, url: String) {
        guard let admin = adminURL else {
            throw ClaimQLError(.runtime, message: "no PostgreSQL: set CLAIMQL_TEST_POSTGRES or install postgresql-15 (.ci/postgres)")
        }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let root = try PostgresEngine(url: PostgresURL(admin))
        try root.execute("CREATE DATABASE \(name)")
        let url = admin[..<admin.range(of: "/", options: .backwards)!.upperBound] + name
        return (try PostgresEngine(url: PostgresURL(String(url))), String(url))
    }

    static func runScript(_ path: String, _ args: [String], _ env: [String: String]) throws -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [path] + args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ProcessResult(stdout: String(decoding: data, as: UTF8.self), stderr: "", status: p.terminationStatus)
    }
}
#endif
