import ClaimQL
import Foundation

/// The interactive shell: readline input, multi-line statements decided by the parser,
/// dot-commands, errors that never end the session.
final class REPL {
    let graph: ClaimGraph
    let session: Session
    let console: Console
    var printer: ResultPrinter
    var timer = false
    let editor: LineEditor
    /// What the session itself declared (typed statements, `.extract`), as spans of rows
    /// between marks: `.save` writes these. Rows loaded from files (--data, `.load`,
    /// `.read`, a `load` statement) are on disk already and are left out.
    var own: [(from: GraphMark, to: GraphMark)] = []
    /// Whether something was declared since the last `.save`; leaving then asks once.
    var unsaved = false
    var warnedUnsaved = false

    /// A database the queries run on instead of the graph in memory (`--engine`).
    var runner: (any SQLRunner)? = nil
    /// The last result shown, for `.chart`.
    var last: ResultSet? = nil

    init(graph: ClaimGraph, session: Session, console: Console, format: OutputFormat, historyFile: String?) {
        self.graph = graph
        self.session = session
        self.console = console
        self.printer = ResultPrinter(format: format, maxTableRows: 100)
        self.printer.color = console.colorOutput
        self.editor = LineEditor(session: session, historyFile: historyFile)
    }

    /// Runs until Ctrl-D or `.quit`; returns the exit status (always 0: errors are shown
    /// and the session goes on).
    func run() -> Int32 {
        let counts = graph.counts
        console.write("ClaimQL \(version): \(counts.claims) claims, \(counts.entities) entities, \(counts.documents) documents. Type .help for help, Ctrl-D to quit.\n")
        var buffer = ""
        while true {
            LineEditor.pending = buffer
            switch editor.readLine(prompt: buffer.isEmpty ? "claimql> " : "   ...> ") {
            case .end:
                if !buffer.isEmpty { console.write("\n") }
                if !mayLeave() { buffer = ""; continue }
                editor.close()
                return 0
            case .interrupted:
                buffer = ""
                continue
            case .line(let line):
                if buffer.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix(".") {
                    editor.remember(line)
                    if !dotCommand(line.trimmingCharacters(in: .whitespaces)) {
                        if !mayLeave() { continue }
                        editor.close()
                        return 0
                    }
                    continue
                }
                buffer += line + "\n"
                if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { buffer = ""; continue }
                if Session.isIncomplete(buffer) { continue }
                editor.remember(buffer)
                execute(buffer, name: "<input>")
                buffer = ""
            }
        }
    }

    func execute(_ text: String, name: String) {
        let start = ContinuousClock.now
        console.startGroup()
        let before = graph.mark
        do {
            if let runner {
                try session.run(text, name: name, on: runner) { self.show($0) }
            } else {
                try session.run(text, name: name) { self.show($0) }
            }
        } catch {
            console.report(error)
        }
        // (Data statements go in even when a query after them fails.)
        let loadsFiles = text.range(of: #"(^|[;\n])\s*load\s"#, options: [.regularExpression, .caseInsensitive]) != nil
        declared(since: before, counts: !loadsFiles)
        LineEditor.clearInterrupt()
        if timer {
            let d = ContinuousClock.now - start
            let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            console.write(String(format: "time: %.3f ms\n", ms))
        }
    }

    /// Returns false to end the session.
    func dotCommand(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let command = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch command {
        case ".quit", ".exit":
            return false
        case ".save":
            save(argument)
        case ".export":
            guard !argument.isEmpty else { console.writeErr("usage: .export DIR\n"); break }
            do {
                try graph.exportJSONL(to: unquote(argument))
                let c = graph.counts
                console.write("wrote \(c.entities) entities, \(c.documents) documents, \(c.claims) claims to \(unquote(argument))/*.jsonl\n")
            } catch { console.report(error) }
        case ".help":
            console.write(Help.text(argument))
        case ".load":
            guard !argument.isEmpty else { console.writeErr("usage: .load PATH\n"); break }
            do {
                let before = graph.counts
                try graph.load(path: unquote(argument))
                let after = graph.counts
                console.write("loaded \(after.claims - before.claims) claims, \(after.entities - before.entities) entities, \(after.documents - before.documents) documents\n")
            } catch { console.report(error) }
        case ".open":
            guard !argument.isEmpty else { console.writeErr("usage: .open FILE.claimdb\n"); break }
            do {
                try graph.open(snapshot: unquote(argument))
                // The session starts again from the snapshot: nothing of its own is unsaved.
                own = []
                unsaved = false
                let c = graph.counts
                console.write("opened \(unquote(argument)): \(c.entities) entities, \(c.documents) documents, \(c.claims) claims\n")
            } catch { console.report(error) }
        case ".read":
            guard !argument.isEmpty else { console.writeErr("usage: .read FILE.cq\n"); break }
            console.startGroup()
            do { try session.run(file: unquote(argument)) { self.show($0) } } catch { console.report(error) }
        case ".mode":
            guard let f = OutputFormat(rawValue: argument) else {
                console.writeErr("usage: .mode \(OutputFormat.allCases.map(\.rawValue).joined(separator: "|")) (now \(printer.format.rawValue))\n")
                break
            }
            printer.format = f
        case ".chart":
            chart(argument)
        case ".timer":
            guard argument == "on" || argument == "off" else { console.writeErr("usage: .timer on|off\n"); break }
            timer = argument == "on"
        case ".maxrows":
            guard let n = Int(argument), n >= 0 else {
                console.writeErr("usage: .maxrows N (0 shows every row; now \(printer.maxTableRows))\n")
                break
            }
            printer.maxTableRows = n
        case ".schema":
            console.write(schemaText())
        case ".extract":
            guard !argument.isEmpty else { console.writeErr("usage: .extract FILE [YYYY-MM-DD]\n"); break }
            extract(argument)
        default:
            let names = LineEditor.dotCommands
            let best = names.min { editDistance($0, command) < editDistance($1, command) }
            let hint = best.flatMap { editDistance($0, command) <= 2 ? " (did you mean \($0)?)" : nil } ?? ""
            console.writeErr("unknown command \(command)\(hint); .help lists the commands\n")
        }
        return true
    }

    private func show(_ result: ResultSet) {
        if !result.isExplain && !result.isCount { last = result }
        console.show(result, printer)
    }

    /// `.chart FILE.svg [auto|linear|log]`: the last result's claims as a timeline chart.
    private func chart(_ argument: String) {
        var words = argument.split(separator: " ").map(String.init)
        var options = printer.chart
        if words.count > 1, let scale = ChartOptions.Scale(rawValue: words.last!) { options.scale = scale; words.removeLast() }
        let path = unquote(words.joined(separator: " "))
        guard !path.isEmpty else { console.writeErr("usage: .chart FILE.svg [auto|linear|log]\n"); return }
        guard let last else { console.writeErr("nothing to chart yet: run a claims query first, then .chart \(path)\n"); return }
        let count = TimelineChart.claimCount(in: last)
        guard count > 0 else {
            console.writeErr("the last result holds no claims to chart (its columns: \(last.columns.joined(separator: ", ")))\n")
            return
        }
        do {
            try Data(TimelineChart(options).render(last).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            console.write("wrote a chart of \(count) claim\(count == 1 ? "" : "s") to \(path)\n")
        } catch {
            console.writeErr("cannot write \(path): \(error.localizedDescription)\n")
        }
    }

    /// `.extract FILE [DATE]`: drafts the article's claims into the session's graph as one
    /// batch, and says what went in (DATE for an article without a dateline).
    private func extract(_ argument: String) {
        var words = argument.split(separator: " ").map(String.init)
        var published: Day? = nil
        if words.count > 1, let d = Day(iso: words.last!) { published = d; words.removeLast() }
        let path = unquote(words.joined(separator: " "))
        guard let bytes = FileManager.default.contents(atPath: path) else {
            console.writeErr("cannot open \(path): no such file\n")
            return
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            console.writeErr("\(path): not UTF-8 text\n")
            return
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let draft = graph.extract(text: text, documentID: name, published: published)
        let before = graph.mark
        do {
            try graph.add([draft])
        } catch {
            console.report(error)
            return
        }
        declared(since: before, counts: true)
        let sourced = draft.claims.filter { $0.record.source != nil }.count
        let unsure = draft.claims.filter { !$0.checks.isEmpty }.count
        console.write("""
            \(draft.document.id): \(draft.claims.count) claims (\(sourced) with a source, \(unsure) to check), \
            \(draft.entities.count) new entities
            see them: claims where doc = "\(draft.document.id)" select id, figure, unit, source, quote

            """)
    }

    /// Notes what a statement added, as the session's own work or not.
    private func declared(since before: GraphMark, counts: Bool) {
        let after = graph.mark
        guard after != before, counts else { return }
        own.append((before, after))
        unsaved = true
        warnedUnsaved = false
    }

    /// `.save [--all] FILE.cq`: the session's declarations (or the whole graph) written as
    /// declarations, through a temporary file so a failed write leaves the old file whole.
    private func save(_ argument: String) {
        var words = argument.split(separator: " ").map(String.init)
        let all = words.first == "--all"
        if all { words.removeFirst() }
        let path = unquote(words.joined(separator: " "))
        guard !path.isEmpty else { console.writeErr("usage: .save [--all] FILE.cq\n"); return }
        if path.hasSuffix(".claimdb") {
            // A snapshot is always the whole graph (what `--data FILE.claimdb` opens).
            do {
                try graph.save(to: path)
                unsaved = false
                let c = graph.counts
                console.write("saved \(c.entities) entities, \(c.documents) documents, \(c.claims) claims to \(path)\n")
            } catch { console.report(error) }
            return
        }
        guard all || !own.isEmpty else {
            console.writeErr("nothing declared in this session yet; .save --all \(path) writes the whole graph\n")
            return
        }
        let text = "-- Saved by claimql: \(all ? "the whole graph" : "what the session declared").\n"
            + (all ? graph.declarations() : graph.declarations(between: own))
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)),
              rename(temporary, path) == 0 else {
            unlink(temporary)
            console.writeErr("cannot write \(path)\n")
            return
        }
        unsaved = false
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("entity ") || $0.hasPrefix("document ") || $0.hasPrefix("claim ") }
        func count(_ p: String) -> Int { lines.filter { $0.hasPrefix(p) }.count }
        console.write("saved \(count("entity ")) entities, \(count("document ")) documents, \(count("claim ")) claims to \(path)\n")
    }

    /// Leaving with declarations not saved asks once; asked, the next Ctrl-D or `.quit` leaves.
    private func mayLeave() -> Bool {
        guard unsaved, !warnedUnsaved else { return true }
        warnedUnsaved = true
        console.writeErr("this session declared data that is not saved: .save FILE.cq keeps it; Ctrl-D or .quit again leaves\n")
        return false
    }

    private func unquote(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    func schemaText() -> String {
        var out = ""
        for c in graph.schema().collections {
            out += "\(c.name) (\(c.count))\n"
            let width = c.fields.map(\.name.count).max() ?? 0
            for f in c.fields {
                out += "  " + f.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  " + f.type.padding(toLength: 16, withPad: " ", startingAt: 0) + "  \(f.count)\n"
            }
        }
        return out
    }
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var prev = Array(0...b.count)
    for i in 1...max(1, a.count) where !a.isEmpty {
        var cur = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...max(1, b.count) where !b.isEmpty {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return a.isEmpty ? b.count : prev[b.count]
}

let version = "0.1.0"
