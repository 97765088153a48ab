/// Turns a query (a collection and its clauses, `let` names already expanded) into a
/// checked `LogicalPlan`: each clause becomes one operator over expressions bound in the
/// scope of the rows it reads. Every name and type error of a query is found here; the
/// planner then only chooses how to read, and back ends only lower.
struct Resolver {
    let graph: FactGraph
    let functions: FunctionTable

    /// What a query reads after `let` expansion: a collection (or pairs of claims) and
    /// clauses, each with the text it was written in.
    struct Input {
        let collection: Collection
        let pairs: PairKind?
        let clauses: [(Clause, SourceFile)]
        let isCount: Bool
        let range: SourceRange
        let file: SourceFile
    }

    func resolve(_ q: Input) throws(ResolveError) -> LogicalPlan {
        var binder = Binder(graph: graph, file: q.clauses.first?.1 ?? q.file, functions: functions,
                            scope: .nodes(NodeKind(q.collection)), parameters: Parameters())
        var steps: [LogicalPlan.Step] = []
        var mentions: [Mention] = []   // what `evidence` explains
        var openGroup: Int? = nil      // the `group by` whose aggregates are still being found
        var paired = q.pairs == nil

        func append(_ op: Operator, _ range: SourceRange, _ input: Scope) {
            steps.append(LogicalPlan.Step(op: op, range: range, file: binder.file, input: input))
        }
        /// The aggregates found after a `group by` (up to the `select` that ends it) are
        /// computed by the group operator itself.
        func closeGroup() {
            guard let g = openGroup, case .group(let keys, let names, _) = steps[g].op else { return }
            steps[g].op = .group(keys: keys, names: names, aggregates: binder.aggregates)
            openGroup = nil
        }
        func startGroup(_ keys: [BoundExpr], _ names: [String], _ node: NodeKind, _ range: SourceRange) {
            append(.group(keys: keys, names: names, aggregates: []), range, binder.scope)
            openGroup = steps.count - 1
            binder.aggregates = [Aggregate(function: .count, argument: nil, text: "count()", type: .number)]
            let columns = zip(names, keys).map { Column(name: $0, type: $1.type) } + [Column(name: "count", type: .number)]
            binder.scope = .table(columns, grouped: node)
        }

        for (clause, clauseFile) in q.clauses {
            binder.file = clauseFile
            // `conflicts`, `revisions`, `timeline`: the leading `where` clauses choose the
            // claims; the first other clause sees the pairs.
            if !paired, case .where = clause {} else if !paired, let kind = q.pairs {
                append(.pairs(kind), q.range, binder.scope)
                binder.scope = .table(kind == .timeline ? PairColumns.timeline : PairColumns.pairs, grouped: nil)
                paired = true
            }
            switch clause {
            case .where(let e):
                let condition = try binder.bind(e)
                if case .nodes(.claim) = binder.scope { mentions += Resolver.mentions(in: condition, clauseFile) }
                append(.filter(condition), e.range, binder.scope)
            case .groupBy(let keys, let range):
                guard case .nodes(let node) = binder.scope else {
                    throw binder.fail("`group by` must come before `select` and cannot repeat", at: range)
                }
                var bound: [BoundExpr] = []
                for k in keys { bound.append(try binder.bind(k)) }
                startGroup(bound, keys.map(Resolver.columnName), node, range)
            case .select(let items, let range):
                if case .nodes(let node) = binder.scope, items.contains(where: { $0.expr.hasAggregate }) {
                    // Aggregates without `group by` summarise all rows as one group.
                    startGroup([], [], node, range)
                }
                var exprs: [BoundExpr] = []
                var names: [String] = []
                for item in items {
                    exprs.append(try binder.bind(item.expr))
                    names.append(item.alias?.text ?? Resolver.columnName(item.expr))
                }
                closeGroup()
                append(.project(exprs, names: names), range, binder.scope)
                binder.scope = .table(zip(names, exprs).map { Column(name: $0, type: $1.type) }, grouped: nil)
            case .orderBy(let keys, let range):
                var bound: [SortKey] = []
                for k in keys { bound.append(SortKey(expr: try binder.bind(k.expr), descending: k.descending)) }
                append(.sort(bound), range, binder.scope)
            case .distinct(let range):
                append(.distinct, range, binder.scope)
            case .latest(let keys, let range):
                guard case .nodes(.claim) = binder.scope else {
                    throw binder.fail("`latest by` picks claims by their date: use it on claims, before `select` or `group by`",
                                      at: range)
                }
                var bound: [BoundExpr] = []
                for k in keys { bound.append(try binder.bind(k)) }
                append(.latest(bound), range, binder.scope)
            case .evidence(let range):
                guard case .nodes(.claim) = binder.scope else {
                    throw binder.fail("`evidence` shows where claims come from: use it on claims, before `select` or `group by`",
                                      at: range)
                }
                append(.evidence(mentions), range, binder.scope)
                binder.scope = .table(EvidenceColumns.all, grouped: nil)
            case .limit(let e, let range), .offset(let e, let range):
                var isLimit = false
                if case .limit = clause { isLimit = true }
                append(.slice(Slice(isLimit: isLimit, count: try count(e, isLimit, &binder))), range, binder.scope)
            }
        }
        if !paired, let kind = q.pairs {
            append(.pairs(kind), q.range, binder.scope)
            binder.scope = .table(kind == .timeline ? PairColumns.timeline : PairColumns.pairs, grouped: nil)
        }
        closeGroup()
        return LogicalPlan(scan: .init(collection: q.collection, access: .all), steps: steps, isCount: q.isCount,
                           output: binder.scope, parameters: binder.parameters, warnings: binder.warnings,
                           range: q.range, file: q.file)
    }

    /// The row count of `limit` / `offset`: a whole number, written or bound.
    private func count(_ e: Expr, _ isLimit: Bool, _ binder: inout Binder) throws(ResolveError) -> Slice.Count {
        let keyword = isLimit ? "limit" : "offset"
        let message = "`\(keyword)` needs a whole number of rows, 0 or more"
        var constant = binder
        constant.scope = .table([], grouped: nil)
        let b = try constant.bind(e)
        binder.parameters = constant.parameters
        switch b.kind {
        case .parameter(let slot):
            binder.parameters.check(slot, at: e.range, in: binder.file) { v in
                Slice.wholeCount(v) == nil ? (message, nil) : nil
            }
            return .parameter(slot)
        case .literal(let v):
            guard let n = Slice.wholeCount(v) else { throw binder.fail(message, at: e.range) }
            return .literal(n)
        default:
            throw binder.fail(message, at: e.range)
        }
    }

    /// The column a select item or group key is called: its text (`max(qty)`), or a bare
    /// function name for a call without arguments (`count`).
    static func columnName(_ e: Expr) -> String {
        if case .call(let n, let args) = e.kind, args.isEmpty { return n.text.lowercased() }
        return e.description
    }

    /// The comparisons of entities with names in a condition, outside `not`:
    /// `source = "Shin Wonsik"`, `source.country in ["US", "DPRK"]`, `source contains "shin"`.
    static func mentions(in e: BoundExpr, _ file: SourceFile) -> [Mention] {
        switch e.kind {
        case .and(let a, let b), .or(let a, let b):
            return mentions(in: a, file) + mentions(in: b, file)
        case .entityMatch(let x, let names):
            return [Mention(entity: x, names: names, isContains: false)]
        case .contains(let x, let needle) where x.type.element == .entity:
            let label = file.slice(x.range)
            switch needle.kind {
            case .literal(.string(let s)):
                return [Mention(entity: x, names: EntityNames(written: .names([s], entities: []), label: label), isContains: true)]
            case .parameter(let slot):
                return [Mention(entity: x, names: EntityNames(written: .parameter(slot), label: label), isContains: true)]
            default:
                return []
            }
        // Under `not` a match is no evidence; nothing else compares entities with names.
        case .contains, .not, .literal, .parameter, .field, .follow, .column, .list, .call, .compare, .arithmetic,
             .inList, .matches, .isNull, .modal:
            return []
        }
    }
}

extension Slice {
    /// A value as a row count: a whole number from 0 to 10^15.
    static func wholeCount(_ v: Cell) -> Int? {
        guard case .number(let d) = v, d >= 0, d == d.rounded(), d <= 1e15 else { return nil }
        return Int(d)
    }
}
