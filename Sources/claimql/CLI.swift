import ArgumentParser
import ClaimQL
import Foundation

/// Exit statuses (sysexits): 0 ok, 65 bad script or query or data, 66 missing input
/// file, 70 failure while running.
enum ExitStatus {
    static let ok: Int32 = 0
    static let badInput: Int32 = 65
    static let noInput: Int32 = 66
    static let failure: Int32 = 70
}

@main
struct ClaimQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claimql",
        abstract: "Query who claimed what, and when.",
        discussion: """
            With no subcommand, runs ClaimQL scripts (FILE.cq), a query given with -e, or a \
            script piped on stdin, or opens the REPL. `claimql extract` drafts claims from \
            article text. Results go to stdout, diagnostics to stderr. Exit status: 0 ok, 65 bad \
            script, query or data, 66 missing input file, 70 failure while running.
            """,
        subcommands: [RunCommand.self, ExtractCommand.self, FmtCommand.self, LSPCommand.self, SQLCommand.self, ExportSQLCommand.self, PushCommand.self, ServeCommand.self, MCPCommand.self],
        defaultSubcommand: RunCommand.self)
}

/// `claimql [run] ...`: scripts, `-e` texts, stdin or the REPL (the default subcommand).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scripts, queries given with -e, a script on stdin, or the REPL (the default).")

    @Option(name: [.customShort("e"), .customLong("execute")], help: "Run this ClaimQL text (repeatable).")
    var execute: [String] = []

    @Option(name: .customLong("data"), help: ArgumentHelp("Load a folder of JSON Lines, a .jsonl file or a .cq declarations file first (repeatable); a .claimdb snapshot opens only as the first.", valueName: "PATH"))
    var data: [String] = []

    @Option(name: .customLong("format"), help: "Output format: table, json, jsonl, csv, line, or svg (a timeline chart of the claims).")
    var format: String = "table"

    @Option(name: .customLong("chart-scale"), help: ArgumentHelp("The figure axis of --format svg: auto (log when a panel's figures span 1000x), linear or log.", valueName: "SCALE"))
    var chartScale: String = "auto"

    @Option(name: .customLong("max-rows"), help: "Fail (exit 70) when a result would have more rows than this.")
    var maxRows: Int?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Fail (exit 70) when one query runs longer than this many seconds.", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .customLong("approx-tolerance"), help: ArgumentHelp("How far an approx figure may be from the stated one, as a fraction, for certainly/possibly (default 0.1).", valueName: "FRACTION"))
    var approxTolerance: Double = 0.1

    @Flag(name: [.customShort("i"), .customLong("interactive")], help: "Stay interactive (the REPL) after running the scripts.")
    var interactive = false

    @Option(name: .customLong("history-file"), help: ArgumentHelp("REPL history file (default: ~/.claimql_history).", valueName: "PATH"))
    var historyFile: String?

    @Option(name: .customLong("export-jsonl"), help: ArgumentHelp("After running, write the graph as JSON Lines into this folder.", valueName: "DIR"))
    var exportFolder: String?

    @Option(name: .customLong("save"), help: ArgumentHelp("After running, write the whole graph as a snapshot that --data opens in milliseconds.", valueName: "FILE.claimdb"))
    var snapshotFile: String?

    @Option(name: .customLong("engine"), help: ArgumentHelp("Run the queries on a database instead of in memory: postgres://USER@HOST:PORT/DB (see `claimql push`) or spark:DIR (see `claimql export-sql`).", valueName: "URL"))
    var engineURL: String?

    @Argument(help: ArgumentHelp("Script files to run, in order.", valueName: "FILE.cq"))
    var files: [String] = []

    func validate() throws {
        guard approxTolerance >= 0 && approxTolerance < 1 else {
            throw ValidationError("--approx-tolerance must be at least 0 and below 1, not \(approxTolerance)")
        }
        guard ChartOptions.Scale(rawValue: chartScale) != nil else {
            throw ValidationError("unknown chart scale '\(chartScale)'; use auto, linear or log")
        }
        guard OutputFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)'; use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let graph = ClaimGraph()
        var limits = Limits()
        limits.maxRows = maxRows
        if let timeout { limits.timeout = .milliseconds(Int64(timeout * 1000)) }
        // Ctrl-C stops a running query; the handler is installed only by the REPL.
        limits.isCancelled = { LineEditor.interruptPending() }
        var engine = Engine(graph: graph, limits: limits)
        engine.approxTolerance = approxTolerance
        let printer = ResultPrinter(format: OutputFormat(rawValue: format)!,
                                    chart: ChartOptions(scale: ChartOptions.Scale(rawValue: chartScale)!, approxTolerance: approxTolerance))
        let console = Console()

        for path in data {
            do {
                try graph.load(path: path)
            } catch {
                console.report(error)
                throw ExitCode(error.exitCode)
            }
        }
        let session = engine.makeSession()
        var runner: (any SQLRunner)? = nil
        do throws(ClaimQLError) {
            if let engineURL { runner = try Engines.connect(engineURL, graph: graph, resolveLocally: !data.isEmpty) }
        } catch {
            console.report(error)
            throw ExitCode(error.exitCode)
        }
        var sources: [(run: () throws(ClaimQLError) -> Void, name: String)] = []
        let emit: (ResultSet) -> Void = { result in console.show(result, printer) }
        let engineRunner = runner
        func run(_ text: String, _ name: String) throws(ClaimQLError) {
            if let runner = engineRunner { try session.run(text, name: name, on: runner, onResult: emit) } else { try session.run(text, name: name, onResult: emit) }
        }
        for path in files {
            if runner != nil {
                sources.append(({ () throws(ClaimQLError) in
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw ClaimQLError(.missingFile, message: "cannot open \(path): no such file")
                    }
                    try run(String(decoding: data, as: UTF8.self), path)
                }, path))
            } else {
                sources.append(({ () throws(ClaimQLError) in try session.run(file: path, onResult: emit) }, path))
            }
        }
        for (k, text) in execute.enumerated() {
            let name = execute.count == 1 ? "<-e>" : "<-e \(k + 1)>"
            sources.append(({ () throws(ClaimQLError) in try run(text, name) }, name))
        }
        let terminal = isatty(STDIN_FILENO) != 0
        let startREPL = terminal && (interactive || (sources.isEmpty && exportFolder == nil && snapshotFile == nil))
        if !terminal && (interactive || (sources.isEmpty && exportFolder == nil && snapshotFile == nil)) {
            // Piped stdin runs as a script: no prompt, no echo, no history.
            let input = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: input, as: UTF8.self)
            sources.append(({ () throws(ClaimQLError) in try run(text, "<stdin>") }, "<stdin>"))
        }
        for source in sources {
            do {
                try source.run()
            } catch {
                console.report(error)
                // With -i the session goes on in the REPL, as sqlite3 does after -init.
                if !startREPL { throw ExitCode(error.exitCode) }
            }
        }
        if startREPL {
            var history = historyFile
            if history == nil, let home = ProcessInfo.processInfo.environment["HOME"] {
                history = home + "/.claimql_history"
            }
            let repl = REPL(graph: graph, session: session, console: console,
                            format: printer.format, historyFile: history)
            repl.runner = runner
            throw ExitCode(repl.run())
        }
        if let exportFolder {
            do { try graph.exportJSONL(to: exportFolder) } catch {
                console.report(error)
                throw ExitCode(error.exitCode)
            }
        }
        if let snapshotFile {
            do { try graph.save(to: snapshotFile) } catch {
                console.report(error)
                throw ExitCode(error.exitCode)
            }
        }
    }
}

/// Writes results to stdout and diagnostics to stderr, with colour only on a terminal
/// and only when NO_COLOR is unset.
final class Console {
    let colorErrors = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let colorOutput = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    private var printedResults = 0

    /// Results of one statement group (a script, a REPL entry) are separated by blank lines;
    /// a new group starts without one.
    func startGroup() { printedResults = 0 }

    func show(_ result: ResultSet, _ printer: ResultPrinter) {
        for w in result.warnings { writeErr(w.rendered(color: colorErrors)) }
        if printer.format == .svg, !result.isCount, TimelineChart.claimCount(in: result) == 0 {
            writeErr("warning: this result holds no claims, so its chart is empty (its columns: \(result.columns.joined(separator: ", ")))\n")
        }
        if printedResults > 0 && printer.format == .table && !result.isCount { write("\n") }
        write(printer.render(result))
        printedResults += 1
    }

    func report(_ error: ClaimQLError) {
        writeErr(error.rendered(color: colorErrors))
    }

    func write(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    func writeErr(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
