extension Binder {
    mutating func call(_ name: Name, _ args: [Expr], _ e: Expr) throws(ResolveError) -> BoundExpr {
        let fn = name.text.lowercased()
        // After `select`, a bare `count()` names the column `count` (calls written like a
        // column are matched by `namedColumn` before this).
        if case .table(let columns, nil) = scope, args.isEmpty,
           let k = columns.firstIndex(where: { $0.name == fn && !$0.hidden }) {
            return BoundExpr(.column(k), columns[k].type, e.range)
        }
        if let aggregate = Aggregate.Function(rawValue: fn) { return try self.aggregate(aggregate, args, e) }
        guard let f = functions.scalars[fn] else {
            let hint = Spelling.closest(to: fn, in: functions.allNames).map { "did you mean `\($0)`?" }
            throw fail("unknown function `\(name.text)`", at: name.range, hint: hint)
        }
        guard f.arity.contains(args.count) else {
            let want = f.arity.count == 1 ? "\(f.arity.lowerBound)" : "\(f.arity.lowerBound) to \(f.arity.upperBound)"
            throw fail("`\(fn)` takes \(want) argument\(f.arity.upperBound == 1 ? "" : "s"), not \(args.count)", at: e.range)
        }
        var bound: [BoundExpr] = []
        for a in args { bound.append(try bind(a)) }
        // A built-in called with constants is computed now (host functions may not be pure,
        // so they always run per row).
        if f.host == nil, bound.allSatisfy({ $0.literal != nil }) {
            let v = f.call(bound.map { $0.literal! })
            return BoundExpr(.literal(v), f.returns(bound.map(\.type)), e.range)
        }
        return BoundExpr(.call(ScalarCall(name: fn, function: f), bound), f.returns(bound.map(\.type)), e.range)
    }

    /// An aggregate after `group by` (or in a `select` without one): a column of the group
    /// operator's output. The same aggregate written twice is one column.
    private mutating func aggregate(_ function: Aggregate.Function, _ args: [Expr], _ e: Expr) throws(ResolveError) -> BoundExpr {
        let fn = function.rawValue
        guard case .table(var columns, let grouped?) = scope else {
            throw fail("`\(fn)` is an aggregate: use it after `group by` or in `select`", at: e.range,
                       hint: "for example: claims group by source select source, \(fn)(\(fn == "count" ? "" : "qty"))")
        }
        guard !inAggregate else { throw fail("aggregates cannot be nested", at: e.range) }
        var argument: BoundExpr? = nil
        var type: VType = .number
        if !(function == .count && args.isEmpty) {
            guard args.count == 1 else { throw fail("`\(fn)` takes one argument", at: e.range) }
            var inner = self
            inner.scope = .nodes(grouped)
            inner.inAggregate = true
            let arg = try inner.bind(args[0])
            warnings = inner.warnings
            parameters = inner.parameters
            if (function == .sum || function == .avg) && ![.number, .any, .null].contains(arg.type) {
                throw fail("`\(fn)` adds numbers, not a \(arg.type.name)", at: args[0].range)
            }
            if function == .min || function == .max { type = arg.type }
            argument = arg
        }
        let text = argument == nil ? "count()" : e.description
        let keyCount = columns.count - aggregates.count
        if let k = aggregates.firstIndex(where: { $0.text == text }) {
            return BoundExpr(.column(keyCount + k), aggregates[k].type, e.range)
        }
        aggregates.append(Aggregate(function: function, argument: argument, text: text, type: type))
        columns.append(Column(name: text, type: type, hidden: true))
        scope = .table(columns, grouped: grouped)
        return BoundExpr(.column(columns.count - 1), type, e.range)
    }
}

extension Expr {
    /// Whether an aggregate call appears anywhere in the expression.
    var hasAggregate: Bool {
        switch kind {
        case .call(let n, let args):
            return Aggregate.Function(rawValue: n.text.lowercased()) != nil || args.contains(where: \.hasAggregate)
        case .not(let x), .negate(let x), .isNull(let x, _), .modal(_, let x): return x.hasAggregate
        case .binary(_, let a, let b), .inList(let a, let b, _): return a.hasAggregate || b.hasAggregate
        case .between(let a, let b, let c, _): return a.hasAggregate || b.hasAggregate || c.hasAggregate
        case .list(let items): return items.contains(where: \.hasAggregate)
        case .string, .number, .date, .bool, .null, .path, .parameter: return false
        }
    }
}
