/// A query parsed once, to be run many times with different parameter values.
public struct PreparedQuery: Sendable {
    let engine: Engine
    let query: Query
    let file: SourceFile

    /// The names of the `$parameters` the query uses.
    public var parameterNames: [String] { ParameterScan.names(in: query) }

    /// Runs the query against the graph as it is now.
    public func run(_ parameters: [String: Value] = [:]) throws(ClaimQLError) -> ResultSet {
        let graph = engine.graph.snapshot
        let plan = try self.plan(graph, params: parameters.mapValues(\.cell), bindings: ScriptRunner())
        return try engine.execute(plan, graph, file: file)
    }

    /// Compiling is cheap (it resolves names and builds closures; parsing is the part kept),
    /// and doing it per run lets the planner use the bound values and the current graph.
    func plan(_ graph: FactGraph, params: [String: Cell]?, bindings: ScriptRunner) throws(ClaimQLError) -> QueryPlan {
        do {
            let expanded = try bindings.expand(query, file)
            let compiler = QueryCompiler(graph: graph, params: params ?? [:], paramsUnbound: params == nil,
                                         functions: engine.functions, approxTolerance: engine.approxTolerance)
            return try compiler.compile(collection: expanded.collection, pairs: expanded.pairs, clauses: expanded.clauses,
                                        isCount: query.count != nil, range: query.range)
        } catch {
            throw ClaimQLError(.semantic, [error.diagnostic])
        }
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
            default: break
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
