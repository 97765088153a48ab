import Synchronization

/// A query parsed, resolved and planned once, to be run many times with different
/// parameter values (SQLite's prepare / bind / step). The plan is kept with the query and
/// made again only when the graph has changed since it was made.
public struct PreparedQuery: Sendable {
    let engine: Engine
    let query: Query
    let file: SourceFile
    let bindings: LetBindings
    private let cache = PlanCache()

    init(engine: Engine, query: Query, file: SourceFile, bindings: LetBindings) {
        self.engine = engine
        self.query = query
        self.file = file
        self.bindings = bindings
    }

    /// The names of the `$parameters` the query uses, in the order they first appear.
    public var parameterNames: [String] { ParameterScan.names(in: query) }

    /// Runs the query against the graph as it is now.
    public func run(_ parameters: [String: Value] = [:]) throws(ClaimQLError) -> ResultSet {
        let plan = try self.plan(engine.graph.snapshot)
        return try engine.execute(plan, parameters.mapValues(\.cell), explain: query.explain)
    }

    /// The plan as text: one line per operator, from the result down to the scan, with the
    /// access path chosen and the estimated rows; with `analyze`, the query also runs (with
    /// these parameter values) and each line shows the rows it produced and its time.
    public func explain(analyze: Bool = false, _ parameters: [String: Value] = [:]) throws(ClaimQLError) -> String {
        let plan = try self.plan(engine.graph.snapshot)
        let mode = ExplainMode(analyze: analyze, range: query.range)
        return try engine.execute(plan, parameters.mapValues(\.cell), explain: mode).explainText
    }

    /// The plan for this snapshot: the kept one if the graph has not changed since.
    func plan(_ g: FactGraph) throws(ClaimQLError) -> PhysicalPlan {
        if let kept = cache.plan(for: g.generation) { return kept }
        let input: Resolver.Input
        do { input = try bindings.expand(query, file) } catch { throw ClaimQLError(.semantic, [error.diagnostic]) }
        let plan = try engine.compile(input, g)
        cache.keep(plan, generation: g.generation)
        return plan
    }
}

/// The plan of a prepared query and the graph generation it was made for. Shared by the
/// copies of one `PreparedQuery`, which may run on several threads at once.
final class PlanCache: Sendable {
    private let state = Mutex<(generation: Int, plan: PhysicalPlan)?>(nil)

    func plan(for generation: Int) -> PhysicalPlan? {
        state.withLock { $0?.generation == generation ? $0?.plan : nil }
    }

    func keep(_ plan: PhysicalPlan, generation: Int) {
        state.withLock { $0 = (generation, plan) }
    }
}

enum ParameterScan {
    static func names(in q: Query) -> [String] {
        var out: [String] = []
        func visit(_ e: Expr) {
            switch e.kind {
            case .parameter(let p): if !out.contains(p) { out.append(p) }
            case .list(let items): items.forEach(visit)
            case .call(_, let args): args.forEach(visit)
            case .not(let x), .negate(let x), .isNull(let x, _), .modal(_, let x): visit(x)
            case .binary(_, let a, let b), .inList(let a, let b, _): visit(a); visit(b)
            case .between(let a, let b, let c, _): visit(a); visit(b); visit(c)
            case .string, .number, .date, .bool, .null, .path: break
            }
        }
        for c in q.clauses {
            switch c {
            case .where(let e), .limit(let e, _), .offset(let e, _): visit(e)
            case .groupBy(let keys, _), .latest(let keys, _): keys.forEach(visit)
            case .distinct, .evidence: break
            case .select(let items, _): items.forEach { visit($0.expr) }
            case .orderBy(let keys, _): keys.forEach { visit($0.expr) }
            }
        }
        return out
    }
}
