import Foundation

/// Runs ClaimQL scripts and keeps `let` bindings between runs, as the REPL needs.
///
/// A script runs in three phases: it is parsed whole (any syntax error: nothing runs); its
/// data statements (`load`, `entity`, `document`, `claim`) are applied to the graph as one
/// atomic batch; its queries are compiled in order (every error reported) and only then
/// run, each result handed to `onResult` as it is ready.
public final class Session {
    public let engine: Engine
    var lets = LetBindings()

    init(engine: Engine) { self.engine = engine }

    /// Names bound with `let` so far.
    public var bindingNames: [String] { lets.bindings.keys.sorted() }

    /// Runs a script file; `load` paths in it are relative to its folder.
    public func run(file path: String, onResult: (ResultSet) -> Void) throws(ClaimQLError) {
        guard let bytes = Loader.readFile(path) else {
            throw ClaimQLError(.missingFile, message: "cannot open \(path): no such file")
        }
        try run(SourceFile(name: path, bytes: bytes), baseDirectory: Loader.directory(of: path), onResult: onResult)
    }

    /// Runs script text; `load` paths are relative to `baseDirectory` (default: the current one).
    public func run(_ text: String, name: String = "<script>", baseDirectory: String? = nil,
                    onResult: (ResultSet) -> Void) throws(ClaimQLError) {
        try run(SourceFile(name: name, text: text), baseDirectory: baseDirectory, onResult: onResult)
    }

    /// Whether `text` is an unfinished statement (an open bracket or string, a trailing
    /// `and`): the REPL then reads another line.
    public static func isIncomplete(_ text: String) -> Bool {
        Parser.parse(SourceFile(name: "", text: text)).incomplete
    }

    func run(_ file: SourceFile, baseDirectory: String?, onResult: (ResultSet) -> Void) throws(ClaimQLError) {
        let parsed = Parser.parse(file)
        if !parsed.diagnostics.isEmpty { throw ClaimQLError(.syntax, parsed.diagnostics.map { $0.in(file) }) }
        let statements = parsed.script.statements

        let data = statements.filter(\.isData)
        if !data.isEmpty {
            if !engine.limits.allowFileAccess {
                for case .load(_, let pathRange, _) in data {
                    throw ClaimQLError(.limit, [Diagnostic.error("`load` is not allowed here: file access is disabled",
                                                                at: pathRange).in(file)])
                }
            }
            try engine.graph.update { $0.apply(data, file: file, baseDirectory: baseDirectory) }
        }

        // Plan everything first, so one run reports every error and runs nothing wrong.
        let (plans, scratch, errors) = plan(statements, file, engine.graph.snapshot)
        if !errors.isEmpty { throw ClaimQLError(.semantic, errors) }
        lets = scratch
        for (plan, explain) in plans {
            onResult(try engine.execute(plan, [:], explain: explain))
        }
    }

    /// Compiles a script's queries and `let`s in order (each `let` visible to what follows),
    /// running nothing: the plans, the bindings they leave, and every error. Shared by
    /// `run` and by the editor's checks (`ScriptAnalyzer`).
    func plan(_ statements: [Statement], _ file: SourceFile, _ graph: FactGraph)
        -> (plans: [(PhysicalPlan, ExplainMode?)], lets: LetBindings, errors: [Diagnostic]) {
        var scratch = lets
        var plans: [(PhysicalPlan, ExplainMode?)] = []
        var errors: [Diagnostic] = []
        for s in statements {
            switch s {
            case .query(let q):
                do {
                    let plan = try compile(q, file, graph, scratch)
                    _ = try engine.bind(plan, [:])   // a script binds no parameters
                    plans.append((plan, q.explain))
                } catch { errors += error.diagnostics }
            case .let(let name, let q, _):
                do throws(ClaimQLError) {
                    if let count = q.count {
                        throw ClaimQLError(.semantic, [Diagnostic.error("`let` binds rows; leave out `count`", at: count).in(file)])
                    }
                    if let explain = q.explain {
                        throw ClaimQLError(.semantic, [Diagnostic.error("`let` binds rows; leave out `explain`", at: explain.range).in(file)])
                    }
                    _ = try compile(q, file, graph, scratch)
                    let e = try expand(q, file, scratch)
                    scratch.bindings[name.text] = .init(collection: e.collection, pairs: e.pairs, clauses: e.clauses)
                } catch { errors += error.diagnostics }
            case .load, .entity, .document, .claim:
                continue
            }
        }
        return (plans, scratch, errors)
    }

    private func expand(_ q: Query, _ file: SourceFile, _ lets: LetBindings) throws(ClaimQLError) -> Resolver.Input {
        do { return try lets.expand(q, file) } catch { throw ClaimQLError(.semantic, [error.diagnostic]) }
    }

    private func compile(_ q: Query, _ file: SourceFile, _ graph: FactGraph, _ lets: LetBindings) throws(ClaimQLError) -> PhysicalPlan {
        try engine.compile(try expand(q, file, lets), graph)
    }
}
