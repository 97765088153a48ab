/// The shape of the rows a clause sees: graph nodes, groups of nodes, or a table of
/// computed columns (after `select`).
enum Shape {
    case nodes(Collection)
    case groups(Collection, keys: [(name: String, type: VType)])
    case table([(name: String, type: VType)])
}

/// A compile-time error: the diagnostic to report.
struct CompileError: Error { let diagnostic: Diagnostic }

/// Compiles expressions into closures over the graph's columns (house style point 9:
/// compiled once per run, not an AST walked per row). Names are resolved here, with
/// did-you-mean suggestions, and types are checked.
struct ExprCompiler {
    let graph: FactGraph
    var file: SourceFile
    let params: [String: Cell]
    let functions: FunctionTable
    var shape: Shape
    /// Non-fatal findings, such as a name that matches no entity.
    var warnings: [Diagnostic] = []
    /// Set while compiling the arguments of an aggregate (aggregates do not nest).
    var inAggregate = false
    /// Set while preparing: `$name` compiles as an unknown constant.
    var paramsUnbound = false
    /// The half-width of an `approx` figure's interval, as a fraction of the figure.
    var approxTolerance = 0.1

    func text(_ r: SourceRange) -> String { file.slice(r) }

    func fail(_ message: String, at range: SourceRange, hint: String? = nil) -> CompileError {
        CompileError(diagnostic: Diagnostic.error(message, at: range, hint: hint).in(file))
    }

    mutating func compile(_ e: Expr) throws(CompileError) -> Compiled {
        if let named = try namedColumn(e) { return named }
        switch e.kind {
        case .string(let s): return .const(.string(s), .string)
        case .number(let d): return .const(.number(d), .number)
        case .date(let d): return .const(.date(d.daysSinceEpoch), .date)
        case .bool(let b): return .const(.bool(b), .bool)
        case .null: return .const(.null, .null)
        case .parameter(let name):
            if paramsUnbound { return .const(.null, .any) }
            guard let v = params[name] else {
                throw fail("no value bound for parameter `$\(name)`", at: e.range,
                           hint: params.isEmpty ? "bind it when running the prepared query" :
                            Spelling.closest(to: name, in: params.keys).map { "did you mean `$\($0)`?" })
            }
            return .const(v, ExprCompiler.type(of: v))
        case .list(let items):
            var cells: [Cell] = []
            var elementType: VType = .null
            for item in items {
                let c = try compile(item)
                guard let v = c.constant else {
                    throw fail("list items must be constants", at: item.range)
                }
                if elementType == .null { elementType = c.type }
                cells.append(v)
            }
            return .const(.list(cells), .list(elementType))
        case .path(let names): return try path(names, e.range)
        case .call(let name, let args): return try call(name, args, e)
        case .not(let inner):
            let t = try compile(inner).asTest
            return .boolean { f, i in !t(f, i) }
        case .negate(let inner):
            let c = try compile(inner)
            guard c.type == .number || c.type == .any || c.type == .null else {
                throw fail("cannot negate a \(c.type.name)", at: e.range)
            }
            return arithmetic(.sub, .const(.number(0), .number), c, e.range)
        case .binary(let op, let l, let r): return try binary(op, l, r, e.range)
        case .between(let x, let lo, let hi, let negated):
            let ge = try binary(.ge, x, lo, e.range).asTest
            let le = try binary(.le, x, hi, e.range).asTest
            return negated ? .boolean { f, i in !(ge(f, i) && le(f, i)) } : .boolean { f, i in ge(f, i) && le(f, i) }
        case .inList(let x, let list, let negated):
            let t = try membership(x, list, e.range)
            return negated ? .boolean { f, i in !t(f, i) } : .boolean(t)
        case .modal(let m, let x):
            return try modal(m, x, e.range)
        case .isNull(let x, let negated):
            if case .nodes(.claims) = shape, case .path(let p) = x.kind, p.count == 1,
               let (column, _, _) = QueryCompiler.referenceColumn(graph, p[0].text) {
                return .boolean { _, i in Tri((column[Int(i)] < 0) != negated) }
            }
            let c = try compile(x)
            let eval = c.eval
            return .boolean { f, i in
                let v = eval(f, i)
                let isNull: Bool
                if case .list(let items) = v { isNull = items.isEmpty } else { isNull = v.isNull }
                return Tri(isNull != negated)
            }
        }
    }

    /// After `group by` or `select`, an expression written like a key or a column
    /// (`year(date)`, `max(qty)`) is that key or column, not a new computation.
    private func namedColumn(_ e: Expr) throws(CompileError) -> Compiled? {
        switch e.kind {
        case .call, .binary, .negate, .not, .between, .inList, .isNull, .modal: break
        default: return nil
        }
        let text = e.description
        switch shape {
        case .groups(_, let keys):
            if let k = keys.firstIndex(where: { $0.name == text }) {
                return Compiled(keys[k].type) { f, i in f.groupKeys[Int(i)][k] }
            }
        case .table(let columns):
            if let k = columns.firstIndex(where: { $0.name == text }) {
                return Compiled(columns[k].type) { f, i in f.rows[Int(i)][k] }
            }
        case .nodes:
            break
        }
        return nil
    }

    static func type(of c: Cell) -> VType {
        switch c {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .date: return .date
        case .entity: return .entity
        case .document: return .document
        case .claim: return .claim
        case .list(let items): return .list(items.first.map(type(of:)) ?? .any)
        }
    }

    // MARK: paths

    private mutating func path(_ names: [Name], _ range: SourceRange) throws(CompileError) -> Compiled {
        var (current, rest) = try pathRoot(names, range)
        for name in rest {
            current = try step(current, name)
        }
        return current
    }

    /// Resolves the first name(s) of a path in the current shape.
    private mutating func pathRoot(_ names: [Name], _ range: SourceRange) throws(CompileError) -> (Compiled, ArraySlice<Name>) {
        let first = names[0]
        switch shape {
        case .nodes(let c):
            return (try nodeField(c, first), names.dropFirst())
        case .groups(_, let keys):
            // Longest key name that is a prefix of the path: `source.country` may be a key.
            for n in stride(from: names.count, through: 1, by: -1) {
                let joined = names[0..<n].map(\.text).joined(separator: ".")
                if let k = keys.firstIndex(where: { $0.name == joined }) {
                    return (Compiled(keys[k].type) { f, i in f.groupKeys[Int(i)][k] }, names.dropFirst(n))
                }
            }
            throw fail("`\(names.map(\.text).joined(separator: "."))` is not a group key", at: range,
                       hint: "after `group by`, use the keys (\(keys.map { "`\($0.name)`" }.joined(separator: ", "))) or aggregates such as count(), max(qty)")
        case .table(let columns):
            for n in stride(from: names.count, through: 1, by: -1) {
                let joined = names[0..<n].map(\.text).joined(separator: ".")
                if let k = columns.firstIndex(where: { $0.name == joined }) {
                    return (Compiled(columns[k].type) { f, i in f.rows[Int(i)][k] }, names.dropFirst(n))
                }
            }
            let hint = Spelling.closest(to: first.text, in: columns.map(\.name)).map { "did you mean `\($0)`?" }
                ?? "the columns are \(columns.map { "`\($0.name)`" }.joined(separator: ", "))"
            throw fail("unknown column `\(names.map(\.text).joined(separator: "."))`", at: range, hint: hint)
        }
    }

    /// A field of the current node, read straight from its column.
    private func nodeField(_ c: Collection, _ name: Name) throws(CompileError) -> Compiled {
        if let (type, get) = FieldAccess.rowField(graph, c, name.text) {
            return Compiled(type) { _, i in get(i) }
        }
        let candidates = Schema.fieldNames(of: Schema.nodeType(c), in: graph)
        let hint = Spelling.closest(to: name.text, in: candidates).map { "did you mean `\($0)`?" }
        throw fail("unknown field `\(name.text)` of \(c.rawValue)", at: name.range, hint: hint)
    }

    /// Follows `.name` from an entity, document or claim value (any depth).
    private func step(_ base: Compiled, _ name: Name) throws(CompileError) -> Compiled {
        let nodeType = base.type.element
        guard [.entity, .document, .claim].contains(nodeType) else {
            throw fail("`\(name.text)` cannot follow a \(base.type.name)", at: name.range,
                       hint: "`.` follows an entity, a document or a claim")
        }
        guard let (type, get) = FieldAccess.valueField(graph, nodeType, name.text) else {
            let hint = Spelling.closest(to: name.text, in: Schema.fieldNames(of: nodeType, in: graph)).map { "did you mean `\($0)`?" }
            throw fail("unknown field `\(name.text)` of \(nodeType.name)", at: name.range, hint: hint)
        }
        let eval = base.eval
        return Compiled(type) { f, i in FieldAccess.map(eval(f, i), get) }
    }
}
