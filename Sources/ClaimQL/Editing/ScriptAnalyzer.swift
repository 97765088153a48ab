import Foundation

/// What an editor asks of a `.cq` file, computed the way `claimql` would run it, without
/// running a query: the file is parsed, its `load` statements bring their data in, its
/// declarations are added to a scratch copy of that graph (the same checks as a load) and
/// its queries and `let`s are resolved and planned in order. The language server
/// (`claimql lsp`) is a thin protocol layer over this; other front ends can use it as is.
///
/// Loaded files are cached by path and modification time, so typing in a script that
/// loads a large data set does not load it again on every keystroke.
public final class ScriptAnalyzer: @unchecked Sendable {
    /// Guards `cache`; an analysis itself works on values.
    private let lock = NSLock()
    private var cache: [[String]: LoadedData] = [:]

    private struct LoadedData {
        let stamps: [Date?]
        let graph: ClaimGraph
        /// One message per failed `load`, keyed by its resolved path.
        let failures: [String: String]
    }

    /// Whether `load` statements read their files (off: each `load` is reported as not
    /// allowed, as in a session without file access).
    public let allowFileAccess: Bool

    public init(allowFileAccess: Bool = true) { self.allowFileAccess = allowFileAccess }

    /// Analyses `text` (named `name` in diagnostics); `load` paths are relative to
    /// `baseDirectory` (the file's folder).
    public func analyze(_ text: String, name: String, baseDirectory: String?) -> ScriptAnalysis {
        let file = SourceFile(name: name, text: text)
        let parsed = Parser.parse(file)
        var diagnostics = parsed.diagnostics.map { $0.in(file) }
        let statements = parsed.script.statements

        // The data the file loads, then its own declarations on a scratch copy.
        let loads: [(path: String, range: SourceRange)] = statements.compactMap {
            if case .load(let path, let range, _) = $0 { return (Loader.resolve(path, relativeTo: baseDirectory), range) }
            return nil
        }
        let loaded = allowFileAccess ? data(for: loads.map(\.path))
            : LoadedData(stamps: [], graph: ClaimGraph(), failures: Dictionary(
                loads.map { ($0.path, "`load` is not allowed here: file access is disabled") }, uniquingKeysWith: { a, _ in a }))
        for (path, range) in loads {
            if let message = loaded.failures[path] { diagnostics.append(Diagnostic.error(message, at: range).in(file)) }
        }
        let scratch = ClaimGraph(snapshot: loaded.graph.snapshot)
        let declarations = statements.filter { if case .load = $0 { return false }; return $0.isData }
        if !declarations.isEmpty {
            do { try scratch.update { $0.apply(declarations, file: file, baseDirectory: baseDirectory) } } catch {
                diagnostics += error.diagnostics.filter { $0.fileName == name }
            }
        }

        // Queries are planned, never run (file access off: a query cannot read files anyway).
        let session = Engine(graph: scratch, limits: Limits(allowFileAccess: false)).makeSession()
        let planned = session.plan(statements, file, scratch.snapshot)
        diagnostics += planned.errors
        session.lets = planned.lets

        return ScriptAnalysis(file: file, statements: statements, graph: scratch.snapshot, session: session,
                              diagnostics: diagnostics, loadedFiles: loads.map(\.path))
    }

    /// The graph of a list of loaded files, from the cache while none of them changed.
    private func data(for paths: [String]) -> LoadedData {
        let stamps = paths.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate]) as? Date }
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache[paths], hit.stamps == stamps { return hit }
        let graph = ClaimGraph()
        var failures: [String: String] = [:]
        for path in paths {
            // Only files and folders: a script naming a device or a pipe (`load "/dev/zero"`)
            // must not hang the editor that is analysing it as it is typed.
            let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type]) as? FileAttributeType
            if let type, type != .typeRegular, type != .typeDirectory, type != .typeSymbolicLink {
                failures[path] = "cannot load \(path): not a regular file"
                continue
            }
            do { try graph.load(path: path) } catch {
                let first = error.diagnostics.first
                let place = first.flatMap { d in d.location.map { "\(d.fileName ?? path):\($0.line):\($0.column): " } } ?? ""
                let more = error.diagnostics.count > 1 ? " (and \(error.diagnostics.count - 1) more)" : ""
                failures[path] = error.kind == .missingFile
                    ? "cannot open \(path): no such file"
                    : "\(path) did not load: \(place)\(first?.message ?? "error")\(more)"
            }
        }
        let data = LoadedData(stamps: stamps, graph: graph, failures: failures)
        // A handful of load sets at most (one per open script, usually the same one).
        if cache.count > 8 { cache.removeAll() }
        cache[paths] = data
        return data
    }
}

extension ClaimGraph {
    /// A graph starting from another's data (the editor's scratch copy: columns are
    /// copied on write, so this is cheap until the copy changes).
    convenience init(snapshot: FactGraph) {
        self.init()
        state.withLock { $0 = snapshot }
    }
}
