import ArgumentParser
import ClaimQL
import Foundation

extension SQLDialect: ExpressibleByArgument {}

/// `claimql sql -e QUERY`: the SQL a query lowers to, for reading or for running elsewhere.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the SQL a ClaimQL query lowers to (PostgreSQL, Spark SQL or DuckDB).",
        discussion: """
            The query is resolved against the graph given with --data (its relations and \
            attributes; names are matched by the engine through the exported name keys). \
            Parameters ($name) become bind markers ($1 in PostgreSQL and DuckDB, :p1 in Spark), \
            listed after the SQL as comments. A query the dialect cannot express the same way is \
            an error pointing at the clause (exit 65).
            """)

    @Option(name: [.customShort("e"), .customLong("execute")], help: "The query.")
    var query: String

    @Option(name: .customLong("dialect"), help: "postgres, spark or duckdb.")
    var dialect: SQLDialect = .postgres

    @Option(name: .customLong("data"), help: ArgumentHelp("Graph to resolve the query against (repeatable).", valueName: "PATH"))
    var data: [String] = []

    @Option(name: .customLong("engine"), help: ArgumentHelp("Resolve against this database's relations, in its dialect (nothing is run).", valueName: "URL"))
    var engineURL: String?

    @Option(name: .customLong("approx-tolerance"), help: ArgumentHelp("Tolerance bound for certainly/possibly.", valueName: "FRACTION"))
    var approxTolerance: Double = 0.1

    func run() throws {
        let console = Console()
        let graph = ClaimGraph()
        do {
            for path in data { try graph.load(path: path) }
            var dialect = self.dialect
            if let engineURL {
                dialect = try Engines.connect(engineURL, graph: graph, resolveLocally: !data.isEmpty).dialect
            }
            var engine = Engine(graph: graph)
            engine.approxTolerance = approxTolerance
            let sql = try engine.sql(query, dialect: dialect)
            console.write(sql.text + ";\n")
            for (k, name) in sql.parameterDescriptions.enumerated() {
                console.write("-- \(dialect.rawValue == "spark" ? ":p\(k + 1)" : "$\(k + 1)"): \(name)\n")
            }
        } catch {
            console.report(error)
            throw ExitCode(error.exitCode)
        }
    }
}

/// `claimql export-sql --dialect D --data PATH DIR`: the graph as tables an engine loads.
struct ExportSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-sql",
        abstract: "Write the graph as tables for PostgreSQL, Spark SQL or DuckDB.",
        discussion: """
            PostgreSQL and DuckDB: schema.sql, one CSV file per table and load.sql (run it from \
            the folder: `cd DIR && psql URL -f load.sql`, or `duckdb FILE < load.sql`). Spark: \
            one JSON Lines file per table and views.sql, which declares them as views \
            (`spark-sql -f DIR/views.sql ...`). The name keys, figure intervals, unit families \
            and duplicate links are computed by ClaimQL, so each engine answers as ClaimQL does.
            """)

    @Option(name: .customLong("dialect"), help: "postgres, spark or duckdb.")
    var dialect: SQLDialect = .postgres

    @Option(name: .customLong("data"), help: ArgumentHelp("Graph to export (repeatable).", valueName: "PATH"))
    var data: [String] = []

    @Argument(help: ArgumentHelp("Folder to write.", valueName: "DIR"))
    var folder: String

    func run() throws {
        let console = Console()
        let graph = ClaimGraph()
        do {
            for path in data { try graph.load(path: path) }
            try graph.exportSQL(dialect: dialect, to: folder)
        } catch {
            console.report(error)
            throw ExitCode(error.exitCode)
        }
    }
}
