import ArgumentParser
import ClaimQL
import ClaimQLService
import Foundation
#if Serve
import ClaimQLMCP
import ClaimQLServer
#endif

/// What `serve` and `mcp` share: the data to load and the limits every request runs under.
struct ServiceOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: ArgumentHelp("Load a folder of JSON Lines, a .jsonl file, a .cq declarations file or a .claimdb snapshot first (repeatable).", valueName: "PATH"))
    var data: [String] = []

    @Option(name: .customLong("max-rows"), help: "Refuse (422) a result with more rows than this.")
    var maxRows: Int = 10_000

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Stop (422) a query that runs longer than this.", valueName: "SECONDS"))
    var timeout: Double = 5

    @Option(name: .customLong("approx-tolerance"), help: ArgumentHelp("How far an approx figure may be from the stated one (default 0.1).", valueName: "FRACTION"))
    var approxTolerance: Double = 0.1

    func validate() throws {
        guard maxRows > 0 else { throw ValidationError("--max-rows must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be above 0 seconds") }
        guard approxTolerance >= 0 && approxTolerance < 1 else {
            throw ValidationError("--approx-tolerance must be at least 0 and below 1, not \(approxTolerance)")
        }
    }

    func loadGraph(_ console: Console) throws -> ClaimGraph {
        let graph = ClaimGraph()
        for path in data {
            do { try graph.load(path: path) } catch {
                console.report(error)
                throw ExitCode(error.exitCode)
            }
        }
        return graph
    }

    func service(_ graph: ClaimGraph, allowWrites: Bool = false, token: String? = nil) -> ClaimQLService {
        ClaimQLService(graph: graph, options: .init(maxRows: maxRows, timeout: .milliseconds(Int64(timeout * 1000)),
                                                    allowWrites: allowWrites, token: token, approxTolerance: approxTolerance))
    }
}

/// `claimql serve`: the JSON API, its OpenAPI document and the web page.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the graph over HTTP: a JSON API (/openapi.json) and a web page to query and chart it.",
        discussion: """
            Read-only unless --allow-writes: then POST /api/load and /api/extract with "commit" \
            change the graph, each as one atomic load, and only with the header \
            `Authorization: Bearer TOKEN` (TOKEN from --token, else CLAIMQL_SERVER_TOKEN, else a \
            random one printed at start). Every query runs under --max-rows and --timeout and \
            never reads files. SIGTERM or Ctrl-C stops the server after the requests in flight.
            """)

    @OptionGroup var common: ServiceOptions

    @Option(name: .customLong("host"), help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("port"), help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Flag(name: .customLong("allow-writes"), help: "Let clients with the token add data (POST /api/load, /api/extract with commit).")
    var allowWrites = false

    @Option(name: .customLong("token"), help: ArgumentHelp("The token writes need (default: CLAIMQL_SERVER_TOKEN, else a random one).", valueName: "TOKEN"))
    var token: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port)") }
        if token != nil && !allowWrites { throw ValidationError("--token is for writes: add --allow-writes") }
        if let token, token.count < 8 { throw ValidationError("--token must be at least 8 characters") }
    }

    func run() throws {
        #if Serve
        let console = Console()
        let graph = try common.loadGraph(console)
        var writeToken: String? = nil
        if allowWrites {
            writeToken = token ?? ProcessInfo.processInfo.environment["CLAIMQL_SERVER_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            if writeToken == nil {
                writeToken = (0..<32).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement()!) }.joined()
                console.writeErr("writes need: Authorization: Bearer \(writeToken!)\n")
            }
        }
        let service = common.service(graph, allowWrites: allowWrites, token: writeToken)
        let counts = graph.counts
        let mode = allowWrites ? "writes allowed with the token" : "read-only"
        let host = self.host
        let status = blockOn {
            try await HTTPServer.run(service, .init(host: host, port: port)) { port in
                FileHandle.standardError.write(Data("claimql serve: http://\(host):\(port)/ (\(counts.claims) claims, \(counts.entities) entities, \(counts.documents) documents; \(mode))\n".utf8))
            }
        }
        if let status {
            console.writeErr("claimql serve: \(status)\n")
            throw ExitCode(ExitStatus.failure)
        }
        #else
        FileHandle.standardError.write(Data("this claimql was built without the server (the Serve trait is off)\n".utf8))
        throw ExitCode(ExitStatus.failure)
        #endif
    }
}

/// `claimql mcp`: query, explain, schema and evidence as Model Context Protocol tools.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the Model Context Protocol on stdin/stdout: query, explain, schema and evidence as tools.",
        discussion: """
            For AI assistants: register `claimql mcp --data PATH` as a stdio MCP server. The \
            tools are read-only and run under --max-rows and --timeout, as `claimql serve` does.
            """)

    @OptionGroup var common: ServiceOptions

    func run() throws {
        #if Serve
        let console = Console()
        let service = common.service(try common.loadGraph(console))
        if let error = blockOn({ try await MCPServer.run(service, version: version) }) {
            console.writeErr("claimql mcp: \(error)\n")
            throw ExitCode(ExitStatus.failure)
        }
        #else
        FileHandle.standardError.write(Data("this claimql was built without the MCP server (the Serve trait is off)\n".utf8))
        throw ExitCode(ExitStatus.failure)
        #endif
    }
}

/// Runs async work from a synchronous command and waits for it: the main thread is not
/// one of the cooperative pool's, so blocking it starves nothing. Returns the error, if any.
func blockOn(_ work: @escaping @Sendable () async throws -> Void) -> (any Error)? {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var failure: (any Error)? = nil
    Task {
        do { try await work() } catch { failure = error }
        done.signal()
    }
    done.wait()
    return failure
}
