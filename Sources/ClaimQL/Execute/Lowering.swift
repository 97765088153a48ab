/// Lowers a logical plan to the in-memory back end: the access path to a scan over the
/// graph's indexes, each operator to a closure over the rows it receives. One place per
/// operator; a new operator adds a case here and its closure beside the others.
enum Lowering {
    static func lower(_ plan: LogicalPlan, _ g: FactGraph, tolerance: Double) -> PhysicalPlan {
        let derivations = Derivations()
        var notes: [String?] = []
        let (scan, scanNote) = Scans.lower(plan.scan, plan, g, derivations, tolerance)
        notes.append(scanNote)
        var steps: [PhysicalPlan.Step] = []
        for (k, step) in plan.steps.enumerated() {
            let x = ExprLowering(graph: g, derivations: derivations, file: step.file, tolerance: tolerance)
            let range = step.range
            var note: String? = nil
            switch step.op {
            case .filter(let condition):
                let test = x.test(condition)
                // `where source is not null group by source ...` with a one-pass group: the
                // group drops the missing key itself, so the filter has nothing to do.
                if k + 1 < plan.steps.count, case .group(let keys, _, let aggregates) = plan.steps[k + 1].op,
                   Grouping.dropsMissingKey(condition, keys, aggregates, g) {
                    note = "folded into the group"
                    steps.append { _, _ in }
                    notes.append(note)
                    continue
                }
                if let bulk = BulkFilters.lower(condition, g) {
                    steps.append { relation, ctx in try Operators.filter(&relation, ctx, bulk, test, range) }
                } else {
                    steps.append { relation, ctx in try Operators.filter(&relation, ctx, test, range) }
                }
            case .pairs(let kind):
                // Read only by `count`: counted, not made.
                let countOnly = plan.isCount && k == plan.steps.count - 1
                if countOnly { note = "counted, not made" }
                // `limit N` right after: stop making pairs at N.
                var wanted: Int? = nil
                if k + 1 < plan.steps.count, case .slice(let s) = plan.steps[k + 1].op, s.isLimit,
                   case .literal(let n) = s.count {
                    wanted = n
                    note = "stops after \(n)"
                }
                steps.append { [wanted] relation, ctx in
                    try Pairs.pair(&relation, ctx, kind, g, tolerance, range, countOnly: countOnly, wanted: wanted)
                }
            case .group(let keys, _, let aggregates):
                guard case .nodes(let node) = step.input else { preconditionFailure("group over a table") }
                let dropMissing = k > 0 && { if case .filter(let c) = plan.steps[k - 1].op {
                    return Grouping.dropsMissingKey(c, keys, aggregates, g) }; return false }()
                let (run, how) = Grouping.lower(keys, aggregates, node, x, range, dropMissingKey: dropMissing,
                                                top: countTop(plan, after: k, keyCount: keys.count))
                steps.append(run)
                note = how
            case .project(let exprs, _):
                let evals = exprs.map(x.eval)
                var keep = 0
                while keep < exprs.count, case .column(let c) = exprs[keep].kind, c == keep { keep += 1 }
                steps.append { [keep] relation, ctx in try Operators.project(&relation, ctx, evals, keep: keep, range) }
            case .sort(let keys):
                let evals = keys.map { (x.eval($0.expr), $0.descending) }
                // `order by ... limit N` right after: keep only the first N while sorting.
                var top: Int? = nil
                if k + 1 < plan.steps.count, case .slice(let s) = plan.steps[k + 1].op, s.isLimit,
                   case .literal(let n) = s.count {
                    top = n
                    note = "top \(n)"
                }
                steps.append { [top] relation, ctx in try Operators.sort(&relation, ctx, evals, g, top, range) }
            case .slice(let s):
                let count: (RunContext) -> Int
                switch s.count {
                case .literal(let n): count = { _ in n }
                case .parameter(let slot): count = { Slice.wholeCount($0.params[slot]) ?? 0 }
                }
                let isLimit = s.isLimit
                steps.append { relation, ctx in
                    let n = count(ctx)
                    Operators.slice(&relation, isLimit ? 0..<n : n..<Int.max)
                }
            case .distinct:
                steps.append(ClaimOperators.distinct(step.input, g, range))
            case .latest(let keys):
                steps.append(ClaimOperators.latest(keys.map(x.eval), g, range))
            case .evidence(let mentions):
                steps.append(ClaimOperators.evidence(mentions, x, g, range))
            }
            notes.append(note)
        }
        streamPairs(plan, &steps, &notes, g, tolerance)
        return PhysicalPlan(logical: plan, graph: g, scan: scan, steps: steps, derivations: derivations.list, notes: notes)
    }

    /// Pairs, then row-by-row clauses (`where`, `select`), then `limit N`: the pairs are made
    /// in growing prefixes (N, 4N, 16N, ... rows, the same first rows each time) and passed
    /// through those clauses until N rows come out or the pairs run out, so
    /// `conflicts select ... where kind = "..." limit 5` over a million claims makes the
    /// pairs it needs, not eighteen million. The work is at most ~4/3 of making the last
    /// prefix once.
    private static func streamPairs(_ plan: LogicalPlan, _ steps: inout [PhysicalPlan.Step], _ notes: inout [String?],
                                    _ g: FactGraph, _ tolerance: Double) {
        for (k, step) in plan.steps.enumerated() {
            guard case .pairs(let kind) = step.op else { continue }
            var j = k + 1
            while j < plan.steps.count, Self.isRowByRow(plan.steps[j].op) { j += 1 }
            guard j > k + 1, j < plan.steps.count, case .slice(let s) = plan.steps[j].op, s.isLimit,
                  case .literal(let n) = s.count else { continue }
            let between = Array(steps[(k + 1)..<j]), range = step.range
            steps[k] = { relation, ctx in
                var wanted = Swift.max(n, 64)
                while true {
                    var made = relation
                    try Pairs.pair(&made, ctx, kind, g, tolerance, range, wanted: wanted)
                    let pairs = made.count
                    for step in between { try step(&made, ctx) }
                    if made.count >= n || pairs < wanted {
                        Operators.slice(&made, 0..<n)
                        relation = made
                        return
                    }
                    wanted *= 4
                }
            }
            notes[k + 1] = "streamed: made in prefixes until \(n) rows pass"
            for i in (k + 1)...j {
                steps[i] = { _, _ in }
                notes[i + 1] = "in the pairs' stream"
            }
        }
    }

    /// After a group: `[select ...] order by <column> ... limit N`, with the first sort key
    /// an aggregate column of the group (the group checks that it is a count).
    private static func countTop(_ plan: LogicalPlan, after k: Int, keyCount: Int) -> Grouping.CountTop? {
        var j = k + 1
        var columns: [Int]? = nil   // select: its column -> the group's column
        if j < plan.steps.count, case .project(let exprs, _) = plan.steps[j].op {
            columns = exprs.map { if case .column(let c) = $0.kind { return c }; return -1 }
            j += 1
        }
        guard j + 1 < plan.steps.count, case .sort(let keys) = plan.steps[j].op, let first = keys.first,
              case .slice(let s) = plan.steps[j + 1].op, s.isLimit, case .literal(let n) = s.count,
              case .column(var c) = first.expr.kind else { return nil }
        if let columns {
            guard c < columns.count else { return nil }
            c = columns[c]
        }
        guard c >= keyCount else { return nil }
        return Grouping.CountTop(aggregate: c - keyCount, descending: first.descending, n: n)
    }

    private static func isRowByRow(_ op: Operator) -> Bool {
        switch op {
        case .filter, .project: return true
        default: return false
        }
    }
}
