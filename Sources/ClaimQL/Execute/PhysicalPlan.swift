import Synchronization

/// A logical plan lowered for the in-memory back end, against one graph snapshot: a scan
/// that produces the starting rows from the chosen access path, and one closure per
/// operator that turns the rows before it into the rows after it. Built once (a prepared
/// query keeps it until the graph changes) and run any number of times, on any thread:
/// after lowering nothing in it changes except the scan's cached rows, under a lock.
final class PhysicalPlan: @unchecked Sendable {
    typealias Step = (inout Relation, RunContext) throws -> Void

    let logical: LogicalPlan
    let graph: FactGraph
    private let scan: (RunContext) throws -> [Int32]
    private let steps: [Step]
    private let derivations: [(RunContext) throws -> Derived]
    /// How each operator runs (index 0 is the scan), for `explain`.
    let notes: [String?]

    init(logical: LogicalPlan, graph: FactGraph, scan: @escaping (RunContext) throws -> [Int32], steps: [Step],
         derivations: [(RunContext) throws -> Derived], notes: [String?]) {
        self.logical = logical
        self.graph = graph
        self.scan = scan
        self.steps = steps
        self.derivations = derivations
        self.notes = notes
    }

    /// What one run produced.
    struct Output {
        let relation: Relation
        /// The rows there are: the relation's, or what a step counted without making them.
        let count: Int
        let warnings: [Diagnostic]
        let analysis: Explain.Analysis?
    }

    /// Runs the plan with parameter values (in slot order, checked by `Parameters.bind`).
    func run(params: [Cell], budget: RunBudget, analyze: Bool = false) throws(RunError) -> Output {
        let ctx = RunContext(budget: budget, params: params)
        var analysis = analyze ? Explain.Analysis(rows: [], milliseconds: []) : nil
        var relation = Relation.nodes([])
        // Steps throw only RunError; typed throws on stored closures crash Swift 6.3's SILGen.
        var current = 0
        do {
            for d in derivations { ctx.derived.append(try d(ctx)) }
            var start = ContinuousClock.now
            relation = .nodes(try scan(ctx))
            analysis?.record(relation.count, since: &start)
            for (k, step) in steps.enumerated() {
                current = k
                try step(&relation, ctx)
                try ctx.check(logical.steps[k].range)
                analysis?.record(ctx.counted ?? relation.count, since: &start)
            }
            if let error = ctx.hostError { throw error }
        } catch var error as RunError {
            if error.file == nil, current < logical.steps.count { error.file = logical.steps[current].file }
            throw error
        } catch {
            throw RunError(message: "\(error)", range: logical.range, isLimit: false)
        }
        if relation.count > budget.maxRows && !logical.isCount {
            throw RunError.tooManyRows(relation.count, budget.maxRows, logical.range)
        }
        return Output(relation: relation, count: ctx.counted ?? relation.count, warnings: ctx.warnings, analysis: analysis)
    }
}

extension Explain.Analysis {
    mutating func record(_ rows: Int, since start: inout ContinuousClock.Instant) {
        let now = ContinuousClock.now
        let d = (now - start).components
        self.rows.append(rows)
        milliseconds.append(Double(d.seconds) * 1000 + Double(d.attoseconds) / 1e15)
        start = now
    }
}

/// Rows computed once per plan and then shared by every run (the candidates of an access
/// path with no parameters in it).
final class Once<T>: @unchecked Sendable {
    private let lock = Mutex(())
    private var value: T?

    func get(_ make: () -> T) -> T {
        lock.withLock { _ in
            if let value { return value }
            let v = make()
            value = v
            return v
        }
    }
}
