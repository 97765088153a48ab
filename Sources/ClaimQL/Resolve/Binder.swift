/// What the rows a clause sees are: graph nodes, or a table of columns.
enum Scope: Sendable {
    case nodes(NodeKind)
    /// After `select`, a pair source or `evidence`; after `group by` (`grouped` set), a
    /// table whose aggregates are still computed over the groups' member nodes.
    case table([Column], grouped: NodeKind?)

    var columns: [Column] {
        if case .table(let c, _) = self { return c }
        return []
    }
}

/// A column of a table: its name, type, and whether results show it (an aggregate used
/// only by `where` or `order by` after `group by` is computed but not shown).
struct Column: Sendable {
    let name: String
    let type: VType
    var hidden = false
}

/// A resolve-time error: the diagnostic to report.
struct ResolveError: Error { let diagnostic: Diagnostic }

/// Binds expressions: resolves every name against the scope and the graph, checks types,
/// and builds `BoundExpr`s. All name and type errors of a query come from here, with
/// did-you-mean hints (house style point 16: resolve once, then plan and lower).
struct Binder {
    let graph: FactGraph
    var file: SourceFile
    let functions: FunctionTable
    var scope: Scope
    var parameters: Parameters
    /// Non-fatal findings, such as a name that matches no entity.
    var warnings: [Diagnostic] = []
    /// The aggregates of the current `group by`, in column order after its keys.
    var aggregates: [Aggregate] = []
    /// Set while binding the argument of an aggregate (aggregates do not nest).
    var inAggregate = false

    func text(_ r: SourceRange) -> String { file.slice(r) }

    func fail(_ message: String, at range: SourceRange, hint: String? = nil) -> ResolveError {
        ResolveError(diagnostic: Diagnostic.error(message, at: range, hint: hint).in(file))
    }

    mutating func bind(_ e: Expr) throws(ResolveError) -> BoundExpr {
        if let named = try namedColumn(e) { return named }
        switch e.kind {
        case .string(let s): return BoundExpr(.literal(.string(s)), .string, e.range)
        case .number(let d): return BoundExpr(.literal(.number(d)), .number, e.range)
        case .date(let d): return BoundExpr(.literal(.date(d.daysSinceEpoch)), .date, e.range)
        case .bool(let b): return BoundExpr(.literal(.bool(b)), .bool, e.range)
        case .null: return BoundExpr(.literal(.null), .null, e.range)
        case .parameter(let name):
            let slot = parameters.slot(for: name, at: e.range, in: file)
            return BoundExpr(.parameter(slot), .any, e.range)
        case .list(let items):
            var bound: [BoundExpr] = []
            var elementType: VType = .null
            for item in items {
                let b = try bind(item)
                guard b.isRunConstant else { throw fail("list items must be constants", at: item.range) }
                if elementType == .null { elementType = b.type }
                bound.append(b)
            }
            if bound.allSatisfy({ $0.literal != nil }) {
                return BoundExpr(.literal(.list(bound.map { $0.literal! })), .list(elementType), e.range)
            }
            return BoundExpr(.list(bound), .list(elementType), e.range)
        case .path(let names): return try path(names, e.range)
        case .call(let name, let args): return try call(name, args, e)
        case .not(let inner):
            let x = try bind(inner)
            return BoundExpr(.not(x), .bool, e.range)
        case .negate(let inner):
            let x = try bind(inner)
            guard [.number, .any, .null].contains(x.type) else {
                throw fail("cannot negate a \(x.type.name)", at: e.range)
            }
            return arithmetic(.sub, BoundExpr(.literal(.number(0)), .number, e.range), x, e.range)
        case .binary(let op, let l, let r): return try binary(op, l, r, e.range)
        case .between(let x, let lo, let hi, let negated):
            let ge = try binary(.ge, x, lo, e.range)
            let le = try binary(.le, x, hi, e.range)
            let both = BoundExpr(.and(ge, le), .bool, e.range)
            return negated ? BoundExpr(.not(both), .bool, e.range) : both
        case .inList(let x, let list, let negated):
            let test = try membership(x, list, e.range)
            return negated ? BoundExpr(.not(test), .bool, e.range) : test
        case .modal(let m, let x):
            return try modal(m, x, e.range)
        case .isNull(let x, let negated):
            let test = BoundExpr(.isNull(try bind(x)), .bool, e.range)
            return negated ? BoundExpr(.not(test), .bool, e.range) : test
        }
    }

    /// After `group by` or `select`, an expression written like a key or a column
    /// (`year(date)`, `max(qty)`) is that key or column, not a new computation.
    private func namedColumn(_ e: Expr) throws(ResolveError) -> BoundExpr? {
        switch e.kind {
        case .call, .binary, .negate, .not, .between, .inList, .isNull, .modal: break
        case .string, .number, .date, .bool, .null, .path, .parameter, .list: return nil
        }
        guard case .table(let columns, _) = scope else { return nil }
        let text = e.description
        guard let k = columns.firstIndex(where: { $0.name == text }) else { return nil }
        return BoundExpr(.column(k), columns[k].type, e.range)
    }

    // MARK: paths

    private mutating func path(_ names: [Name], _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        var (current, rest) = try pathRoot(names, range)
        for name in rest {
            current = try follow(current, name, range)
        }
        return current
    }

    /// Resolves the first name(s) of a path in the current scope.
    private func pathRoot(_ names: [Name], _ range: SourceRange) throws(ResolveError) -> (BoundExpr, ArraySlice<Name>) {
        let first = names[0]
        switch scope {
        case .nodes(let node):
            guard let field = Field.resolve(first.text, on: node, in: graph) else {
                let hint = Spelling.closest(to: first.text, in: Field.names(of: node, in: graph)).map { "did you mean `\($0)`?" }
                throw fail("unknown field `\(first.text)` of \(node.collection.rawValue)", at: first.range, hint: hint)
            }
            return (BoundExpr(.field(field), field.type, first.range), names.dropFirst())
        case .table(let columns, let grouped):
            // Longest column name that is a prefix of the path: `source.country` may be a key.
            for n in stride(from: names.count, through: 1, by: -1) {
                let joined = names[0..<n].map(\.text).joined(separator: ".")
                if let k = columns.firstIndex(where: { $0.name == joined && !$0.hidden }) {
                    return (BoundExpr(.column(k), columns[k].type, names[0].range.to(names[n - 1].range)), names.dropFirst(n))
                }
            }
            let visible = columns.filter { !$0.hidden }.map(\.name)
            if grouped != nil {
                let keys = visible.filter { $0 != "count" }
                throw fail("`\(names.map(\.text).joined(separator: "."))` is not a group key", at: range,
                           hint: "after `group by`, use the keys (\(keys.map { "`\($0)`" }.joined(separator: ", "))) or aggregates such as count(), max(qty)")
            }
            let hint = Spelling.closest(to: first.text, in: visible).map { "did you mean `\($0)`?" }
                ?? "the columns are \(visible.map { "`\($0)`" }.joined(separator: ", "))"
            throw fail("unknown column `\(names.map(\.text).joined(separator: "."))`", at: range, hint: hint)
        }
    }

    /// Follows `.name` from an entity, document or claim value (any depth).
    private func follow(_ base: BoundExpr, _ name: Name, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        guard let node = base.type.node else {
            throw fail("`\(name.text)` cannot follow a \(base.type.name)", at: name.range,
                       hint: "`.` follows an entity, a document or a claim")
        }
        guard let field = Field.resolve(name.text, on: node, in: graph) else {
            let hint = Spelling.closest(to: name.text, in: Field.names(of: node, in: graph)).map { "did you mean `\($0)`?" }
            throw fail("unknown field `\(name.text)` of \(node.type.name)", at: name.range, hint: hint)
        }
        // The field's own type: a path through several nodes (an entity with two `country`
        // targets) yields a list at run time, and comparisons treat lists existentially.
        return BoundExpr(.follow(base, field), field.type, base.range.to(name.range))
    }
}
