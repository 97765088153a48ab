import ArgumentParser
import ClaimQL
#if SQLEngines
import ClaimQLPostgres
#endif
import ClaimQLSpark
import Foundation

/// The databases `--engine` reaches: `postgres://USER@HOST:PORT/DB` (a live server) and
/// `spark:DIR` (Spark SQL over a folder written by `claimql export-sql --dialect spark`).
enum Engines {
    /// Connects to `url`. Without local data the graph learns the database's relation
    /// names, so paths such as `source.country` resolve.
    static func connect(_ url: String, graph: ClaimGraph, resolveLocally: Bool) throws(ClaimQLError) -> any SQLRunner {
        if url.hasPrefix("spark:") {
            let engine = try SparkEngine(folder: String(url.dropFirst("spark:".count)))
            if !resolveLocally { try graph.declareRelations(try engine.relations()) }
            return engine
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw ClaimQLError(.semantic, message: "unknown engine `\(url)`: use postgres://USER@HOST:PORT/DB or spark:DIR")
        }
        #if SQLEngines
        let engine = try PostgresEngine(url: postgresURL(url))
        if !resolveLocally { try graph.declareRelations(try engine.relations()) }
        return engine
        #else
        throw withoutPostgres
        #endif
    }

    static let withoutPostgres = ClaimQLError(.runtime, message: "this claimql was built without PostgreSQL (the SQLEngines trait is off)")

    #if SQLEngines
    static func postgresURL(_ text: String) throws(ClaimQLError) -> PostgresURL {
        do { return try PostgresURL(text) } catch { throw ClaimQLError(.semantic, message: "\(error)") }
    }
    #endif
}

/// `claimql push --engine URL --data PATH`: loads a graph into PostgreSQL in one transaction.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Load a graph into PostgreSQL (the tables of `claimql export-sql`), in one transaction.",
        discussion: """
            Replaces the ClaimQL tables in the database (entities, entity_names, entity_aliases, \
            edges, documents, claims, unit_families, claimql_relations) with the graph from --data, \
            creates their indexes and analyses them. Either all of it is committed or nothing: a \
            failure leaves the database as it was (exit 70).
            """)

    @Option(name: .customLong("engine"), help: ArgumentHelp("The database.", valueName: "postgres://USER@HOST:PORT/DB"))
    var engineURL: String

    @Option(name: .customLong("data"), help: ArgumentHelp("Graph to load (repeatable).", valueName: "PATH"))
    var data: [String] = []

    func run() throws {
        let console = Console()
        let graph = ClaimGraph()
        do throws(ClaimQLError) {
            for path in data { try graph.load(path: path) }
            #if SQLEngines
            let parsed = try Engines.postgresURL(engineURL)
            let engine = try PostgresEngine(url: parsed)
            let start = ContinuousClock.now
            try engine.push(graph)
            let c = graph.counts
            console.writeErr("pushed \(c.entities) entities, \(c.documents) documents, \(c.claims) claims to \(parsed) in \(start.duration(to: .now))\n")
            #else
            throw Engines.withoutPostgres
            #endif
        } catch {
            console.report(error)
            throw ExitCode(error.exitCode)
        }
    }
}
