/// Compiles a query (collection + clauses) into a `QueryPlan` against one graph snapshot.
struct QueryCompiler {
    let graph: FactGraph
    let params: [String: Cell]
    /// While preparing, parameters have no values yet: they compile as unknown constants.
    var paramsUnbound = false
    let functions: FunctionTable
    var approxTolerance = 0.1

    func compile(collection: Collection, pairs: PairKind? = nil, clauses: [(Clause, SourceFile)], isCount: Bool,
                 range: SourceRange) throws(CompileError) -> QueryPlan {
        var ec = ExprCompiler(graph: graph, file: clauses.first?.1 ?? SourceFile(name: "", text: ""), params: params, functions: functions, shape: .nodes(collection))
        ec.paramsUnbound = paramsUnbound
        ec.approxTolerance = approxTolerance
        var steps: [QueryPlan.Step] = []
        let clauses = clauses[...]
        let g = graph

        // The first `where` on the collection picks the starting rows from an index (not
        // while preparing: that only checks names and types; each run plans with its values).
        var initial: (Frame) -> [Int32]
        let total = count(collection)
        var access = "scan \(collection.rawValue)"
        initial = { _ in Array(0..<Int32(total)) }
        if collection == .claims, !paramsUnbound, case .where(let e)? = clauses.first?.0,
           let (rows, how) = Planner.candidates(for: e, &ec) {
            initial = { _ in rows }
            access = how
        }

        var paired = pairs == nil
        var wheres: [Expr] = []   // what `evidence` explains
        for (clause, clauseFile) in clauses {
            ec.file = clauseFile
            // `conflicts` / `revisions`: the leading `where` clauses choose the claims; the
            // first other clause sees the pairs.
            if !paired, case .where = clause {} else if !paired, let kind = pairs {
                addPairStep(kind, &steps, &ec, range)
                paired = true
            }
            switch clause {
            case .where(let e):
                if case .nodes(.claims) = ec.shape { wheres.append(e) }
                let test = try ec.compile(e).asTest
                let range = e.range
                steps.append { (s: inout Stream, f: Frame) throws in
                    try QueryCompiler.filter(&s, f, test, range)
                }
            case .groupBy(let keys, let range):
                guard case .nodes(let c) = ec.shape else {
                    throw ec.fail("`group by` must come before `select` and cannot repeat", at: range)
                }
                var evals: [Eval] = []
                var names: [(name: String, type: VType)] = []
                for k in keys {
                    let compiled = try ec.compile(k)
                    evals.append(compiled.eval)
                    names.append((columnName(k), compiled.type))
                }
                if c == .claims, keys.count == 1, case .path(let p) = keys[0].kind, p.count == 1,
                   let (column, keyCount, make) = QueryCompiler.referenceColumn(graph, p[0].text) {
                    // Grouping on an entity or document column: bucket by the integer.
                    steps.append { (s: inout Stream, f: Frame) throws in
                        try QueryCompiler.groupByColumn(&s, f, column, keyCount, make, range)
                    }
                } else {
                    steps.append { (s: inout Stream, f: Frame) throws in
                        try QueryCompiler.group(&s, f, evals, range)
                    }
                }
                ec.shape = .groups(c, keys: names)
            case .select(let items, let range):
                if case .nodes(let c) = ec.shape, items.contains(where: { QueryCompiler.hasAggregate($0.expr) }) {
                    // Aggregates without `group by` summarise all rows as one group.
                    steps.append { (s: inout Stream, f: Frame) throws in
                        try QueryCompiler.group(&s, f, [], range)
                    }
                    ec.shape = .groups(c, keys: [])
                }
                var evals: [Eval] = []
                var columns: [(name: String, type: VType)] = []
                for item in items {
                    let compiled = try ec.compile(item.expr)
                    evals.append(compiled.eval)
                    columns.append((item.alias?.text ?? columnName(item.expr), compiled.type))
                }
                steps.append { (s: inout Stream, f: Frame) throws in
                    try QueryCompiler.project(&s, f, evals, range)
                }
                ec.shape = .table(columns)
            case .orderBy(let keys, let range):
                var evals: [(Eval, Bool)] = []
                for k in keys { evals.append((try ec.compile(k.expr).eval, k.descending)) }
                steps.append { (s: inout Stream, f: Frame) throws in
                    try QueryCompiler.sort(&s, f, evals, g, range)
                }
            case .distinct(let range):
                addDistinct(&steps, ec, range)
            case .latest(let keys, let range):
                try addLatest(keys, &steps, &ec, range)
            case .evidence(let range):
                try addEvidence(wheres, &steps, &ec, range)
            case .limit(let e, _), .offset(let e, _):
                var constant = ec
                constant.shape = .table([])
                let c = try constant.compile(e)
                if paramsUnbound, case .parameter = e.kind { continue }
                guard case .number(let d)? = c.constant, d >= 0, d == d.rounded(), d <= 1e15 else {
                    throw ec.fail("`\(clause.keyword)` needs a whole number of rows, 0 or more", at: e.range)
                }
                let n = Int(d)
                let isLimit: Bool
                if case .limit = clause { isLimit = true } else { isLimit = false }
                steps.append { (s: inout Stream, _: Frame) in
                    QueryCompiler.slice(&s, isLimit ? 0..<n : n..<Int.max)
                }
            }
        }
        if !paired, let kind = pairs { addPairStep(kind, &steps, &ec, range) }
        return QueryPlan(collection: collection, initial: initial, steps: steps, shape: ec.shape,
                         isCount: isCount, range: range, warnings: ec.warnings, access: access)
    }

    private func count(_ c: Collection) -> Int {
        switch c {
        case .claims: return graph.claims.count
        case .entities: return graph.entities.count
        case .documents: return graph.documents.count
        }
    }

    /// The column a select item or group key is called: its text, spaces removed.
    private func columnName(_ e: Expr) -> String {
        if case .call(let n, let args) = e.kind, args.isEmpty { return n.text.lowercased() }
        return e.description
    }

    static func hasAggregate(_ e: Expr) -> Bool {
        switch e.kind {
        case .call(let n, let args):
            return FunctionTable.aggregates.contains(n.text.lowercased()) || args.contains(where: hasAggregate)
        case .not(let x), .negate(let x), .isNull(let x, _), .modal(_, let x): return hasAggregate(x)
        case .binary(_, let a, let b), .inList(let a, let b, _): return hasAggregate(a) || hasAggregate(b)
        case .between(let a, let b, let c, _): return hasAggregate(a) || hasAggregate(b) || hasAggregate(c)
        case .list(let items): return items.contains(where: hasAggregate)
        default: return false
        }
    }

    // MARK: steps

    static func filter(_ s: inout Stream, _ f: Frame, _ test: Test, _ range: SourceRange) throws(RunError) {
        switch s {
        case .nodes(let rows):
            var out: [Int32] = []
            out.reserveCapacity(rows.count)
            var n = 0
            for r in rows {
                n &+= 1
                if n & 0xFF == 0 { try f.check(range) }
                if test(f, r) == .t { out.append(r) }
            }
            s = .nodes(out)
        case .groups(let keys, let members):
            f.groupKeys = keys
            f.groupMembers = members
            var k2: [[Cell]] = [], m2: [[Int32]] = []
            for i in keys.indices where test(f, Int32(i)) == .t {
                k2.append(keys[i]); m2.append(members[i])
            }
            s = .groups(keys: k2, members: m2)
        case .table(let rows):
            f.rows = rows
            s = .table(rows.indices.filter { test(f, Int32($0)) == .t }.map { rows[$0] })
        }
    }

    static func group(_ s: inout Stream, _ f: Frame, _ keys: [Eval], _ range: SourceRange) throws(RunError) {
        guard case .nodes(let rows) = s else { return }
        var index: [[Cell]: Int] = [:]
        var groupKeys: [[Cell]] = []
        var members: [[Int32]] = []
        if keys.isEmpty {
            s = .groups(keys: [[]], members: [rows])
            return
        }
        if keys.count == 1 {
            // One key (the usual case): hash the cell itself.
            var single: [Cell: Int] = [:]
            let key = keys[0]
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try f.check(range) }
                let k = key(f, r)
                if let g = single[k] { members[g].append(r) } else {
                    single[k] = groupKeys.count
                    groupKeys.append([k])
                    members.append([r])
                }
            }
        } else {
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try f.check(range) }
                let k = keys.map { $0(f, r) }
                if let g = index[k] { members[g].append(r) } else {
                    index[k] = groupKeys.count
                    groupKeys.append(k)
                    members.append([r])
                }
            }
        }
        s = .groups(keys: groupKeys, members: members)
    }

    /// The claims column behind `source`, `subject` or `doc`, and how its values are made.
    static func referenceColumn(_ g: FactGraph, _ field: String) -> (column: [Int32], keys: Int, make: (Int32) -> Cell)? {
        switch field {
        case "source": return (g.claims.sources, g.entities.count, Cell.entity)
        case "subject": return (g.claims.subjects, g.entities.count, Cell.entity)
        case "doc": return (g.claims.docs, g.documents.count, Cell.document)
        default: return nil
        }
    }

    /// `group by` on a reference column: rows bucketed by the column's integer, groups in
    /// order of first appearance (as the hashing path orders them), missing values as one
    /// group keyed null.
    static func groupByColumn(_ s: inout Stream, _ f: Frame, _ column: [Int32], _ keyCount: Int,
                              _ make: (Int32) -> Cell, _ range: SourceRange) throws {
        guard case .nodes(let rows) = s else { return }
        // Counting sort: count per key, then fill exact-sized member arrays in row order.
        var countOf = [Int32](repeating: 0, count: keyCount + 1)      // key + 1 -> rows
        var groupOf = [Int32](repeating: -1, count: keyCount + 1)     // key + 1 -> group
        var order: [Int] = []                                         // key + 1 by first appearance
        for (n, r) in rows.enumerated() {
            if n & 0xFFF == 0xFFF { try f.check(range) }
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
        try f.check(range)
        flat.withUnsafeMutableBufferPointer { out in
            for r in rows {
                let g = Int(groupOf[Int(column[Int(r)]) + 1])
                out[next[g]] = r
                next[g] += 1
            }
        }
        let members: [[Int32]] = (0..<order.count).map { Array(flat[start[$0]..<start[$0 + 1]]) }
        let keys: [[Cell]] = order.map { [$0 == 0 ? .null : make(Int32($0 - 1))] }
        s = .groups(keys: keys, members: members)
    }

    static func project(_ s: inout Stream, _ f: Frame, _ columns: [Eval], _ range: SourceRange) throws(RunError) {
        let n: Int
        var rowIds: [Int32]? = nil
        switch s {
        case .nodes(let rows): n = rows.count; rowIds = rows
        case .groups(let keys, let members): f.groupKeys = keys; f.groupMembers = members; n = keys.count
        case .table(let rows): f.rows = rows; n = rows.count
        }
        if n > f.budget.maxRows {
            throw RunError.tooManyRows(n, f.budget.maxRows, range)
        }
        var out: [[Cell]] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            if i & 0xFF == 0xFF { try f.check(range) }
            let r = rowIds?[i] ?? Int32(i)
            out.append(columns.map { $0(f, r) })
        }
        s = .table(out)
    }

    static func sort(_ s: inout Stream, _ f: Frame, _ keys: [(Eval, Bool)], _ g: FactGraph, _ range: SourceRange) throws(RunError) {
        let n: Int
        var rowIds: [Int32]? = nil
        switch s {
        case .nodes(let rows): n = rows.count; rowIds = rows
        case .groups(let k, let m): f.groupKeys = k; f.groupMembers = m; n = k.count
        case .table(let rows): f.rows = rows; n = rows.count
        }
        try f.check(range)
        let sortKeys: [[Cell]] = (0..<n).map { i in
            let r = rowIds?[i] ?? Int32(i)
            return keys.map { $0.0(f, r) }
        }
        let order = (0..<n).sorted { a, b in
            for (k, key) in keys.enumerated() {
                let x = sortKeys[a][k], y = sortKeys[b][k]
                if x.isNull != y.isNull { return y.isNull }   // missing values last
                let o = SortOrder.compare(x, y, g)
                if o != 0 { return key.1 ? o > 0 : o < 0 }
            }
            return a < b
        }
        switch s {
        case .nodes(let rows): s = .nodes(order.map { rows[$0] })
        case .groups(let k, let m): s = .groups(keys: order.map { k[$0] }, members: order.map { m[$0] })
        case .table(let rows): s = .table(order.map { rows[$0] })
        }
    }

    static func slice(_ s: inout Stream, _ r: Range<Int>) {
        func cut<T>(_ a: [T]) -> [T] {
            let lo = min(r.lowerBound, a.count), hi = min(r.upperBound, a.count)
            return Array(a[lo..<max(lo, hi)])
        }
        switch s {
        case .nodes(let rows): s = .nodes(cut(rows))
        case .groups(let k, let m): s = .groups(keys: cut(k), members: cut(m))
        case .table(let rows): s = .table(cut(rows))
        }
    }
}

extension Clause {
    var keyword: String {
        switch self {
        case .where: return "where"
        case .groupBy: return "group by"
        case .select: return "select"
        case .orderBy: return "order by"
        case .limit: return "limit"
        case .offset: return "offset"
        case .distinct: return "distinct"
        case .latest: return "latest by"
        case .evidence: return "evidence"
        }
    }
}
