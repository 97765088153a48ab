/// `group by`: one output row per distinct key (groups in order of first appearance), the
/// keys then the aggregates. Three ways to run it, chosen when the plan is lowered:
/// - **fused**: one key that is a claim's source, subject or document, and aggregates that
///   are counts or numbers over `qty`/`qty_hi`: a single pass over the key column with an
///   accumulator per key, no list of members at all;
/// - **counting sort**: the same kind of key with other aggregates: rows bucketed by the
///   key's integer, then each aggregate over its bucket;
/// - **hash**: any other keys.
enum Grouping {
    /// Whether `condition` is "`key` is not null" for the one key of a group that runs
    /// fused, which can then drop the missing key itself (the filter before it is folded in).
    static func dropsMissingKey(_ condition: BoundExpr, _ keys: [BoundExpr], _ aggregates: [Aggregate], _ g: FactGraph) -> Bool {
        guard case .not(let inner) = condition.kind, case .isNull(let x) = inner.kind,
              case .field(.claim(let f)) = x.kind, keys.count == 1,
              case .field(.claim(let k)) = keys[0].kind, k == f,
              referenceColumn(f, g) != nil, fusedAccumulators(aggregates, g) != nil else { return false }
        return true
    }

    static func lower(_ keys: [BoundExpr], _ aggregates: [Aggregate], _ node: NodeKind, _ x: ExprLowering,
                      _ range: SourceRange, dropMissingKey: Bool = false, top: CountTop? = nil) -> (PhysicalPlan.Step, String) {
        let g = x.graph
        let aggregate = aggregates.map { lowerAggregate($0, x) }
        if keys.count == 1, case .field(.claim(let f)) = keys[0].kind, let (column, keyCount, make) = referenceColumn(f, g) {
            if let fused = fusedAccumulators(aggregates, g) {
                let top = top.flatMap { t in isCount(t.aggregate, fused) ? t : nil }
                return ({ relation, ctx in
                    guard case .nodes(let rows) = relation else { return }
                    relation = .table(try fusedGroup(rows, ctx, column, keyCount, make, fused, range,
                                                     dropMissingKey: dropMissingKey, top: top))
                }, "one pass over the \(f.rawValue) column" + (dropMissingKey ? ", missing \(f.rawValue) left out" : "")
                    + (top.map { ", pruned to the top \($0.n) counts" } ?? ""))
            }
            return ({ relation, ctx in
                guard case .nodes(let rows) = relation else { return }
                let (groupKeys, members) = try countingSort(rows, ctx, column, keyCount, make, range)
                relation = .table(try finish(groupKeys, members, aggregate, ctx, range))
            }, "counting sort on the \(f.rawValue) column")
        }
        let evals = keys.map(x.eval)
        return ({ relation, ctx in
            guard case .nodes(let rows) = relation else { return }
            let (groupKeys, members) = try hashGroups(rows, ctx, evals, range)
            relation = .table(try finish(groupKeys, members, aggregate, ctx, range))
        }, keys.isEmpty ? "all rows" : "hash")
    }

    /// The claims column behind `source`, `subject` or `doc`, and how its values are made.
    static func referenceColumn(_ f: ClaimField, _ g: FactGraph) -> (column: ScalarColumn<Int32>, keys: Int, make: (Int32) -> Cell)? {
        switch f {
        case .source: return (g.claims.sources, g.entities.count, Cell.entity)
        case .subject: return (g.claims.subjects, g.entities.count, Cell.entity)
        case .doc: return (g.claims.docs, g.documents.count, Cell.document)
        default: return nil
        }
    }

    // MARK: aggregates over members

    typealias AggregateKernel = (EvalInput, [Int32]) -> Cell

    static func lowerAggregate(_ a: Aggregate, _ x: ExprLowering) -> AggregateKernel {
        guard let argument = a.argument else { return { _, members in .number(Double(members.count)) } }
        let g = x.graph
        // Kernels over a number column: no Cell per member.
        if case .field(.claim(let f)) = argument.kind, f == .qty || f == .qty_hi {
            let col = f == .qty ? g.claims.qty : g.claims.qtyHi
            switch a.function {
            case .max, .min:
                let wantMax = a.function == .max
                return { _, members in
                    var best = Double.nan
                    for row in members {
                        let v = col[Int(row)]
                        if v.isNaN { continue }
                        if best.isNaN || (wantMax ? v > best : v < best) { best = v }
                    }
                    return best.isNaN ? .null : .number(best)
                }
            case .sum, .avg:
                let average = a.function == .avg
                return { _, members in
                    var total = 0.0, n = 0
                    for row in members {
                        let v = col[Int(row)]
                        if !v.isNaN { total += v; n += 1 }
                    }
                    return n == 0 ? .null : .number(average ? total / Double(n) : total)
                }
            case .count:
                return { _, members in .number(Double(members.reduce(0) { $0 + (col[Int($1)].isNaN ? 0 : 1) })) }
            }
        }
        let eval = x.eval(argument)
        switch a.function {
        case .count:
            return { input, members in .number(Double(members.reduce(0) { $0 + (eval(input, $1).isNull ? 0 : 1) })) }
        case .sum, .avg:
            let average = a.function == .avg
            return { input, members in
                var total = 0.0, n = 0
                for row in members {
                    if case .number(let d) = eval(input, row) { total += d; n += 1 }
                }
                return n == 0 ? .null : .number(average ? total / Double(n) : total)
            }
        case .min, .max:
            let wantMax = a.function == .max
            return { input, members in
                var best: Cell = .null
                for row in members {
                    let v = eval(input, row)
                    if v.isNull { continue }
                    if best.isNull { best = v; continue }
                    if let o = ExprLowering.order(v, best, g), wantMax ? o > 0 : o < 0 { best = v }
                }
                return best
            }
        }
    }

    private static func finish(_ keys: [[Cell]], _ members: [[Int32]], _ aggregates: [AggregateKernel], _ ctx: RunContext,
                               _ range: SourceRange) throws(RunError) -> [[Cell]] {
        let input = EvalInput(ctx)
        var out: [[Cell]] = []
        out.reserveCapacity(keys.count)
        for (k, key) in keys.enumerated() {
            if k & 0xFF == 0xFF { try ctx.check(range) }
            out.append(key + aggregates.map { $0(input, members[k]) })
        }
        return out
    }

    // MARK: hash

    private static func hashGroups(_ rows: [Int32], _ ctx: RunContext, _ keys: [Eval],
                                   _ range: SourceRange) throws(RunError) -> ([[Cell]], [[Int32]]) {
        if keys.isEmpty { return ([[]], [rows]) }
        let input = EvalInput(ctx)
        var groupKeys: [[Cell]] = []
        var members: [[Int32]] = []
        if keys.count == 1 {
            // One key (the usual case): hash the cell itself.
            var single: [Cell: Int] = [:]
            let key = keys[0]
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try ctx.check(range) }
                let k = key(input, r)
                if let g = single[k] { members[g].append(r) } else {
                    single[k] = groupKeys.count
                    groupKeys.append([k])
                    members.append([r])
                }
            }
        } else {
            var index: [[Cell]: Int] = [:]
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try ctx.check(range) }
                let k = keys.map { $0(input, r) }
                if let g = index[k] { members[g].append(r) } else {
                    index[k] = groupKeys.count
                    groupKeys.append(k)
                    members.append([r])
                }
            }
        }
        return (groupKeys, members)
    }

    // MARK: counting sort

    /// Rows bucketed by a reference column's integer, groups in order of first appearance
    /// (as hashing orders them), missing values as one group keyed null.
    private static func countingSort(_ rows: [Int32], _ ctx: RunContext, _ column: ScalarColumn<Int32>, _ keyCount: Int,
                                     _ make: (Int32) -> Cell, _ range: SourceRange) throws(RunError) -> ([[Cell]], [[Int32]]) {
        var countOf = [Int32](repeating: 0, count: keyCount + 1)      // key + 1 -> rows
        var groupOf = [Int32](repeating: -1, count: keyCount + 1)     // key + 1 -> group
        var order: [Int] = []                                         // key + 1 by first appearance
        for (n, r) in rows.enumerated() {
            if n & 0xFFF == 0xFFF { try ctx.check(range) }
            let slot = Int(column[Int(r)]) + 1
            if countOf[slot] == 0 {
                groupOf[slot] = Int32(order.count)
                order.append(slot)
            }
            countOf[slot] += 1
        }
        // One flat array cut into groups (no per-row append into a nested array).
        var start = [Int](repeating: 0, count: order.count + 1)
        for (g, slot) in order.enumerated() { start[g + 1] = start[g] + Int(countOf[slot]) }
        var next = start
        var flat = [Int32](repeating: 0, count: rows.count)
        try ctx.check(range)
        flat.withUnsafeMutableBufferPointer { out in
            for r in rows {
                let g = Int(groupOf[Int(column[Int(r)]) + 1])
                out[next[g]] = r
                next[g] += 1
            }
        }
        let members: [[Int32]] = (0..<order.count).map { Array(flat[start[$0]..<start[$0 + 1]]) }
        let keys: [[Cell]] = order.map { [$0 == 0 ? .null : make(Int32($0 - 1))] }
        return (keys, members)
    }

    // MARK: fused

    /// What one aggregate accumulates per key in the fused pass.
    enum Accumulator {
        case count
        case number(Aggregate.Function, ScalarColumn<Double>)
    }

    private static func fusedAccumulators(_ aggregates: [Aggregate], _ g: FactGraph) -> [Accumulator]? {
        var out: [Accumulator] = []
        for a in aggregates {
            guard let argument = a.argument else { out.append(.count); continue }
            guard case .field(.claim(let f)) = argument.kind, f == .qty || f == .qty_hi else { return nil }
            out.append(.number(a.function, f == .qty ? g.claims.qty : g.claims.qtyHi))
        }
        return out
    }
}
