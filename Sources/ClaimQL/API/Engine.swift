/// Runs ClaimQL over a graph: prepares queries, runs scripts, holds the embedder's limits
/// and host functions. A value type: copy it to vary limits per caller.
public struct Engine: Sendable {
    public let graph: ClaimGraph
    public var limits: Limits
    /// How far an `approx` figure may be from the stated one, as a fraction (0.1: "about
    /// 6,700" stands for 6,030 to 7,370). Used by `certainly` and `possibly`.
    public var approxTolerance: Double = 0.1
    var functions = FunctionTable.builtins

    public init(graph: ClaimGraph, limits: Limits = Limits()) {
        self.graph = graph
        self.limits = limits
    }

    /// Parses, resolves and plans one query. Run the result any number of times with new
    /// parameter values (`$name` in the text): it is planned again only when the graph
    /// has changed since.
    public func prepare(_ text: String, name: String = "<query>") throws(ClaimQLError) -> PreparedQuery {
        let file = SourceFile(name: name, text: text)
        let parsed = Parser.parse(file)
        if !parsed.diagnostics.isEmpty { throw ClaimQLError(.syntax, parsed.diagnostics.map { $0.in(file) }) }
        guard parsed.script.statements.count == 1, case .query(let q) = parsed.script.statements[0] else {
            let range = parsed.script.statements.dropFirst().first?.range ?? SourceRange(0, file.bytes.count)
            throw ClaimQLError(.syntax, [Diagnostic.error(
                parsed.script.statements.isEmpty ? "expected a query" : "a prepared query is one query (use a session for scripts)",
                at: range).in(file)])
        }
        let prepared = PreparedQuery(engine: self, query: q, file: file, bindings: LetBindings())
        _ = try prepared.plan(graph.snapshot)
        return prepared
    }

    /// Makes `name(...)` callable from queries. The body gets the argument values (graph
    /// nodes as `.entity`, `.document`, `.claim`) and may throw: the query then fails with
    /// a `.runtime` error naming the function. It may run on any thread, once per row.
    public mutating func register(function name: String, arity: ClosedRange<Int>,
                                  _ body: @escaping @Sendable ([Value]) throws -> Value) throws(ClaimQLError) {
        let lower = name.lowercased()
        let valid = lower.first.map { $0.isLetter || $0 == "_" } == true
            && lower.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
        guard valid, Keyword.table[lower] == nil, !FunctionTable.aggregates.contains(lower) else {
            throw ClaimQLError(.semantic, message: "cannot register `\(name)`: not a plain name, or a keyword or aggregate")
        }
        functions.scalars[lower] = ScalarFunction(arity: arity, host: body)
    }

    /// A session runs scripts and keeps their `let` bindings from one run to the next.
    public func makeSession() -> Session { Session(engine: self) }

    var budget: RunBudget {
        var b = RunBudget()
        if let maxRows = limits.maxRows { b.maxRows = maxRows }
        if let timeout = limits.timeout { b.deadline = ContinuousClock.now + timeout }
        if let isCancelled = limits.isCancelled { b.isCancelled = isCancelled }
        return b
    }

    /// Resolves, plans and lowers one expanded query against a snapshot.
    func compile(_ input: Resolver.Input, _ g: FactGraph) throws(ClaimQLError) -> PhysicalPlan {
        do {
            var plan = try Resolver(graph: g, functions: functions).resolve(input)
            Planner.choose(&plan, g)
            return Lowering.lower(plan, g, tolerance: approxTolerance)
        } catch {
            throw ClaimQLError(.semantic, [error.diagnostic])
        }
    }

    /// Binds parameter values to a plan's slots, checking them as literals would be.
    func bind(_ plan: PhysicalPlan, _ params: [String: Cell]) throws(ClaimQLError) -> [Cell] {
        switch plan.logical.parameters.bind(params) {
        case .success(let values): return values
        case .failure(let errors): throw ClaimQLError(.semantic, errors.diagnostics)
        }
    }

    /// Runs a plan; with `explain`, returns the plan table instead of the rows.
    func execute(_ plan: PhysicalPlan, _ params: [String: Cell], explain: ExplainMode? = nil) throws(ClaimQLError) -> ResultSet {
        let logical = plan.logical
        // A plan is shown without values for its parameters; running it needs them.
        if let explain, !explain.analyze {
            return ResultSet(explain: Explain.rows(logical, plan.graph, notes: plan.notes, analysis: nil),
                             analyze: false, graph: plan.graph, warnings: logical.warnings)
        }
        let values = try bind(plan, params)
        let output: PhysicalPlan.Output
        do {
            output = try plan.run(params: values, budget: budget, analyze: explain != nil)
        } catch {
            throw ClaimQLError(error.isLimit ? .limit : .runtime,
                               [Diagnostic.error(error.message, at: error.range).in(error.file ?? logical.file)])
        }
        let warnings = logical.warnings + output.warnings
        if let analysis = output.analysis {
            return ResultSet(explain: Explain.rows(logical, plan.graph, notes: plan.notes, analysis: analysis),
                             analyze: true, graph: plan.graph, warnings: warnings)
        }
        return ResultSet(output.relation, logical, plan.graph, warnings: warnings, count: output.count)
    }
}

/// What an embedder allows untrusted queries to do.
public struct Limits: Sendable {
    /// Largest number of result rows; a query producing more fails with a `.limit` error.
    public var maxRows: Int?
    /// Longest time one query may run.
    public var timeout: Duration?
    /// Whether scripts may read files with `load`.
    public var allowFileAccess: Bool
    /// Polled while a query runs (every 256 rows); returning true stops the
    /// query with a `.limit` error. The REPL ties it to Ctrl-C.
    public var isCancelled: (@Sendable () -> Bool)?

    public init(maxRows: Int? = nil, timeout: Duration? = nil, allowFileAccess: Bool = true,
                isCancelled: (@Sendable () -> Bool)? = nil) {
        self.maxRows = maxRows
        self.timeout = timeout
        self.allowFileAccess = allowFileAccess
        self.isCancelled = isCancelled
    }
}
