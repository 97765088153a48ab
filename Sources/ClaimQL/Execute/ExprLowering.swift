/// Lowers bound expressions to closures over the graph's columns: built once per plan,
/// then called per row (house style point 9: not a tree walked per row). Comparisons of a
/// claim column with a constant get kernels that read the column directly, with no `Cell`
/// per row; a parameter in a constant's place is read from the run, and what must be
/// computed from its value (an entity set, a text search) is derived once when the run
/// starts.
struct ExprLowering {
    let graph: FactGraph
    let derivations: Derivations
    let file: SourceFile
    let tolerance: Double

    func eval(_ e: BoundExpr) -> Eval {
        switch e.kind {
        case .literal(let c): return { _, _ in c }
        case .parameter(let slot): return { input, _ in input.run.params[slot] }
        case .field(let f):
            let get = FieldReader.reader(f, graph)
            return { _, i in get(i) }
        case .follow(let base, let f):
            let b = eval(base), get = FieldReader.reader(f, graph)
            return { input, i in FieldReader.map(b(input, i), get) }
        case .column(let k): return { input, i in input.table[Int(i)][k] }
        case .list(let items):
            let values = items.map(runValue)
            return { input, _ in .list(values.map { $0(input.run) }) }
        case .call(let fn, let args): return call(fn, args, e.range)
        case .arithmetic(let op, let a, let b): return arithmetic(op, eval(a), eval(b), a.type, b.type)
        case .not, .and, .or, .compare, .entityMatch, .inList, .contains, .matches, .isNull, .modal:
            let t = test(e)
            return { input, i in t(input, i).cell }
        }
    }

    func test(_ e: BoundExpr) -> Test {
        switch e.kind {
        case .not(let x):
            let t = test(x)
            return { input, i in !t(input, i) }
        case .and(let a, let b):
            if let range = numberRange(a, b) { return range }
            let x = test(a), y = test(b)
            return { input, i in x(input, i) && y(input, i) }
        case .or(let a, let b):
            let x = test(a), y = test(b)
            return { input, i in x(input, i) || y(input, i) }
        case .compare(let op, let a, let b): return compare(op, a, b)
        case .entityMatch(let x, let names): return entityMatch(x, names, e.range)
        case .inList(let x, let set): return membership(x, set)
        case .contains(let x, let needle): return contains(x, needle)
        case .matches(let x, let pattern): return matches(x, pattern)
        case .isNull(let x): return isNull(x)
        case .modal(let m, let t): return modal(m, t)
        case .literal, .parameter, .field, .follow, .column, .list, .call, .arithmetic:
            let v = eval(e)
            return { input, i in Tri(v(input, i)) }
        }
    }

    /// The value of a literal, a parameter or a list of them, for a run.
    func runValue(_ e: BoundExpr) -> (RunContext) -> Cell {
        switch e.kind {
        case .literal(let c): return { _ in c }
        case .parameter(let slot): return { $0.params[slot] }
        case .list(let items):
            let values = items.map(runValue)
            return { ctx in .list(values.map { $0(ctx) }) }
        default:
            let v = eval(e)
            return { v(EvalInput($0), 0) }
        }
    }

    // MARK: arithmetic and calls

    private func arithmetic(_ op: ArithmeticOp, _ ea: @escaping Eval, _ eb: @escaping Eval, _ ta: VType, _ tb: VType) -> Eval {
        return { input, i in
            switch (ea(input, i), eb(input, i)) {
            case (.number(let x), .number(let y)):
                let v: Double
                switch op {
                case .add: v = x + y
                case .sub: v = x - y
                case .mul: v = x * y
                case .div: v = y == 0 ? .nan : x / y
                }
                return v.isFinite ? .number(v) : .null
            case (.date(let d), .number(let n)) where op == .add || op == .sub:
                let v = Double(d) + (op == .add ? n : -n)
                return abs(v) < 3e6 ? .date(Int32(v)) : .null
            case (.number(let n), .date(let d)) where op == .add:
                let v = Double(d) + n
                return abs(v) < 3e6 ? .date(Int32(v)) : .null
            case (.date(let x), .date(let y)) where op == .sub: return .number(Double(x) - Double(y))
            default: return .null
            }
        }
    }

    private func call(_ fn: ScalarCall, _ args: [BoundExpr], _ range: SourceRange) -> Eval {
        let evals = args.map(eval)
        if let host = fn.function.host {
            // Host functions run per row and may throw: the run stops at its next check.
            let graph = self.graph, name = fn.name
            return { input, i in
                do {
                    return try host(evals.map { Value($0(input, i), graph) }).cell
                } catch {
                    if input.run.hostError == nil {
                        input.run.hostError = RunError(message: "function `\(name)` failed: \(error)", range: range, isLimit: false)
                    }
                    return .null
                }
            }
        }
        let call = fn.function.call
        return { input, i in call(evals.map { $0(input, i) }) }
    }

    // MARK: comparisons

    private func compare(_ op: CompareOp, _ a: BoundExpr, _ b: BoundExpr) -> Test {
        if case .field(.claim(let f)) = a.kind, let k = columnCompare(op, f, b) { return k }
        if case .field(.claim(let f)) = b.kind, let k = columnCompare(op.flipped, f, a) { return k }
        let ea = eval(a), eb = eval(b), graph = self.graph
        return { input, i in ExprLowering.compare(ea(input, i), eb(input, i), graph) { op.holds($0) } }
    }

    /// `qty >= lo and qty <= hi` (what `between` binds to), or any two bounds on one number
    /// column: one read of the column per row instead of two tests.
    private func numberRange(_ a: BoundExpr, _ b: BoundExpr) -> Test? {
        guard let (col, lo, loOpen, hi, hiOpen) = Self.numberRange(a, b, graph) else { return nil }
        return { _, i in
            let v = col[Int(i)]
            if v.isNaN { return .u }
            return Tri((loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi))
        }
    }

    /// A claim column against a constant or a parameter, read straight from the column.
    private func columnCompare(_ op: CompareOp, _ f: ClaimField, _ other: BoundExpr) -> Test? {
        let c = graph.claims
        switch (f, other.kind) {
        case (.qty, .literal(.number(let k))): return ColumnKernels.number(op, c.qty, k)
        case (.qty_hi, .literal(.number(let k))): return ColumnKernels.number(op, c.qtyHi, k)
        case (.qty, .parameter(let slot)), (.qty_hi, .parameter(let slot)):
            let col = f == .qty ? c.qty : c.qtyHi
            return { input, i in
                let v = col[Int(i)]
                guard !v.isNaN, case .number(let k) = input.run.params[slot] else { return .u }
                return Tri(op.holds(v < k ? -1 : v == k ? 0 : 1))
            }
        case (.date, .literal(.date(let d))): return ColumnKernels.date(op, c.dates, d)
        case (.predicate, .literal(.string(let s))), (.unit, .literal(.string(let s))), (.object, .literal(.string(let s))):
            guard op == .eq || op == .ne else { return nil }
            let col = f == .predicate ? c.predicates : f == .unit ? c.units : c.objects
            // A string the pool lacks is held by no claim.
            return ColumnKernels.code(op == .eq, col, graph.pool.code(of: s) ?? Int32.min)
        default:
            return nil
        }
    }

    /// `a and b` as the bounds of one range over `qty` or `qty_hi` (literal numbers): the
    /// column and the bounds, each open or closed.
    static func numberRange(_ a: BoundExpr, _ b: BoundExpr, _ graph: FactGraph)
        -> (column: ScalarColumn<Double>, lo: Double, loOpen: Bool, hi: Double, hiOpen: Bool)? {
        func bound(_ e: BoundExpr) -> (ClaimField, CompareOp, Double)? {
            guard case .compare(let op, let x, let y) = e.kind, op != .eq, op != .ne else { return nil }
            if case .field(.claim(let f)) = x.kind, f == .qty || f == .qty_hi, case .number(let k)? = y.literal { return (f, op, k) }
            if case .field(.claim(let f)) = y.kind, f == .qty || f == .qty_hi, case .number(let k)? = x.literal { return (f, op.flipped, k) }
            return nil
        }
        guard let (f, op1, k1) = bound(a), let (g, op2, k2) = bound(b), f == g else { return nil }
        let col = f == .qty ? graph.claims.qty : graph.claims.qtyHi
        let lowOp = op1 == .gt || op1 == .ge ? op1 : op2, highOp = op1 == .gt || op1 == .ge ? op2 : op1
        guard (lowOp == .gt || lowOp == .ge) && (highOp == .lt || highOp == .le) else { return nil }
        let lo = op1 == lowOp ? k1 : k2, hi = op1 == lowOp ? k2 : k1
        return (col, lo, lowOp == .gt, hi, highOp == .lt)
    }

    /// Orders two cells; unknown when either is missing or they do not compare. Lists
    /// compare existentially: the result holds if it holds for some element.
    static func compare(_ a: Cell, _ b: Cell, _ g: FactGraph, _ accept: (Int) -> Bool) -> Tri {
        if case .list(let items) = a {
            if items.isEmpty { return .u }
            var result = Tri.f
            for x in items { result = result || compare(x, b, g, accept); if result == .t { return .t } }
            return result
        }
        if case .list(let items) = b {
            if items.isEmpty { return .u }
            var result = Tri.f
            for y in items { result = result || compare(a, y, g, accept); if result == .t { return .t } }
            return result
        }
        guard let o = order(a, b, g) else { return .u }
        return Tri(accept(o))
    }

    static func order(_ a: Cell, _ b: Cell, _ g: FactGraph) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x == y ? 0 : 1 }
        switch (a, b) {
        case (.number(let x), .number(let y)): return cmp(x, y)
        case (.string(let x), .string(let y)): return cmp(x, y)
        case (.date(let x), .date(let y)): return cmp(x, y)
        case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
        case (.entity(let x), .entity(let y)), (.document(let x), .document(let y)), (.claim(let x), .claim(let y)):
            return cmp(x, y)
        case (.entity(let e), .string(let s)): return g.index.entities(named: s).contains(e) ? 0 : 1
        case (.string(let s), .entity(let e)): return g.index.entities(named: s).contains(e) ? 0 : 1
        case (.document(let d), .string(let s)): return g.documents.ids[Int(d)] == s ? 0 : 1
        case (.string(let s), .document(let d)): return g.documents.ids[Int(d)] == s ? 0 : 1
        case (.claim(let c), .string(let s)): return g.claims.ids.holds(Int(c), s) ? 0 : 1
        case (.string(let s), .claim(let c)): return g.claims.ids.holds(Int(c), s) ? 0 : 1
        default: return nil
        }
    }

    // MARK: entities

    private func entityMatch(_ x: BoundExpr, _ names: EntityNames, _ range: SourceRange) -> Test {
        let column: ScalarColumn<Int32>?
        switch x.kind {
        case .field(.claim(.source)): column = graph.claims.sources
        case .field(.claim(.subject)): column = graph.claims.subjects
        case .field(.document(.publisher)): column = graph.documents.publishers
        default: column = nil
        }
        switch names.written {
        case .names(_, let entities):
            // A `let`: a captured `var` would be boxed, with an exclusivity check per read.
            let bitmap = ExprLowering.bitmap(entities, graph.entities.count)
            if let column {
                return { _, i in
                    let e = column[Int(i)]
                    return e < 0 ? .u : Tri(bitmap[Int(e)])
                }
            }
            if let (owner, edges) = edgeOwner(x) {
                // `source.country = "X"` (or `country = "X"` over entities): the targets
                // of one relation, read from its flat postings (no array made per row).
                let targets = edges.rows
                return { _, i in
                    let e = owner(i)
                    if e < 0 { return .u }
                    let span = edges.span(e)
                    if span.isEmpty { return .u }
                    for k in span where bitmap[Int(targets[k])] { return .t }
                    return .f
                }
            }
            let value = eval(x)
            return { input, i in ExprLowering.entityTest(value(input, i), bitmap) }
        case .parameter(let slot):
            let k = derivations.add(entitySet(slot, range))
            let value = eval(x)
            return { input, i in
                guard case .entities(let bitmap) = input.run.derived[k] else { return .u }
                return ExprLowering.entityTest(value(input, i), bitmap)
            }
        }
    }

    /// For `edge` over entities, or `source.edge` / `subject.edge` over claims: the entity
    /// whose targets row i reads (-1 for a claim without one), and the relation's postings.
    private func edgeOwner(_ x: BoundExpr) -> ((Int32) -> Int32, Postings)? {
        switch x.kind {
        case .field(.edge(let relation)):
            return ({ $0 }, graph.index.edges[relation] ?? Postings())
        case .follow(let base, .edge(let relation)):
            guard case .field(.claim(let f)) = base.kind, f == .source || f == .subject else { return nil }
            let column = f == .source ? graph.claims.sources : graph.claims.subjects
            return ({ column[Int($0)] }, graph.index.edges[relation] ?? Postings())
        default:
            return nil
        }
    }

    static func bitmap(_ entities: [Int32], _ count: Int) -> [Bool] {
        var bitmap = [Bool](repeating: false, count: count)
        for e in entities { bitmap[Int(e)] = true }
        return bitmap
    }

    static func entityTest(_ v: Cell, _ bitmap: [Bool]) -> Tri {
        if bitmap.isEmpty { return .u }   // a parameter bound to null: unknown, as with null
        switch v {
        case .entity(let e): return Tri(bitmap[Int(e)])
        case .list(let items):
            var sawEntity = false
            for case .entity(let e) in items {
                sawEntity = true
                if bitmap[Int(e)] { return .t }
            }
            return sawEntity ? .f : .u
        default: return .u
        }
    }

    /// The entities a bound name (or list of names) reaches, when a run starts; a name
    /// that reaches none gets the same warning as a written one.
    func entitySet(_ slot: Int, _ range: SourceRange) -> (RunContext) -> Derived {
        let graph = self.graph, file = self.file
        return { ctx in
            var bitmap = [Bool](repeating: false, count: graph.entities.count)
            var names: [String] = []
            switch ctx.params[slot] {
            case .string(let s): names = [s]
            case .list(let items): for case .string(let s) in items { names.append(s) }
            default: return .entities([])   // null: every comparison unknown
            }
            for s in names {
                let rows = graph.index.entities(named: s)
                if rows.isEmpty { ctx.warnings.append(Binder.noMatchWarning(s, graph, range).in(file)) }
                for r in rows { bitmap[Int(r)] = true }
            }
            return .entities(bitmap)
        }
    }

    // MARK: membership

    private func membership(_ x: BoundExpr, _ set: BoundExpr) -> Test {
        let value = eval(x), graph = self.graph
        let isDocument = x.type.element == .document
        // Documents compare with text by id, as with `=`: ids no document has match none.
        func prepared(_ list: Cell) -> (Set<Cell>, [Cell]) {
            guard case .list(var items) = list else { return ([], []) }
            if isDocument, items.allSatisfy({ if case .string = $0 { true } else { false } }) {
                items = items.compactMap { item -> Cell? in
                    guard case .string(let id) = item, let row = graph.documents.idIndex[id] else { return nil }
                    return .document(row)
                }
            }
            return (Set(items), items)
        }
        func test(_ v: Cell, _ hashable: Set<Cell>, _ items: [Cell]) -> Tri {
            if v.isNull { return .u }
            if case .list = v {
                var r = Tri.f
                for item in items { r = r || ExprLowering.compare(v, item, graph) { $0 == 0 } }
                return r
            }
            return Tri(hashable.contains(v))
        }
        if let list = set.literal {
            let (hashable, items) = prepared(list)
            return { input, i in test(value(input, i), hashable, items) }
        }
        let get = runValue(set)
        let k = derivations.add { ctx in
            let (hashable, items) = prepared(get(ctx))
            return .cells(hashable, items)
        }
        return { input, i in
            guard case .cells(let hashable, let items) = input.run.derived[k] else { return .u }
            return test(value(input, i), hashable, items)
        }
    }

    // MARK: text

    private func contains(_ x: BoundExpr, _ needle: BoundExpr) -> Test {
        let graph = self.graph
        let isQuote: Bool
        if case .field(.claim(.quote)) = x.kind { isQuote = true } else { isQuote = false }
        let quotes = graph.claims.quotes
        let value = eval(x)
        if case .literal(.string(let s)) = needle.kind {
            let search = TextSearch(s)
            // Quotes are searched in place, without making a string per claim.
            if isQuote { return { _, i in quotes.isMissing(i) ? .u : Tri(quotes.withUTF8(i) { search.found(in: $0) }) } }
            return { input, i in ExprLowering.textTest(value(input, i), graph) { search.found(in: $0) } }
        }
        let get = runValue(needle)
        let k = derivations.add { ctx in
            if case .string(let s) = get(ctx) { return .search(TextSearch(s)) }
            return .search(TextSearch(""))
        }
        return { input, i in
            guard case .search(let search) = input.run.derived[k] else { return .u }
            if isQuote { return quotes.isMissing(i) ? .u : Tri(quotes.withUTF8(i) { search.found(in: $0) }) }
            return ExprLowering.textTest(value(input, i), graph) { search.found(in: $0) }
        }
    }

    /// Applies a text test to a string, an entity (its name and aliases) or a list.
    static func textTest(_ v: Cell, _ g: FactGraph, _ test: (String) -> Bool) -> Tri {
        switch v {
        case .string(let s): return Tri(test(s))
        case .entity(let e):
            return Tri(test(g.entities.names[Int(e)]) || g.entities.aliases[Int(e)].contains(where: test))
        case .list(let items):
            if items.isEmpty { return .u }
            var r = Tri.f
            for x in items { r = r || textTest(x, g, test); if r == .t { return .t } }
            return r
        default: return .u
        }
    }

    private func matches(_ x: BoundExpr, _ pattern: BoundExpr) -> Test {
        let value = eval(x), graph = self.graph, range = pattern.range
        func search(_ box: RegexBox, _ input: EvalInput, _ i: Int32) -> Tri {
            if input.run.hostError != nil { return .u }   // stopped: the run ends at its next check
            let result = ExprLowering.textTest(value(input, i), graph) { text in
                switch box.search(text, input.run.budget) {
                case .found: return true
                case .notFound: return false
                case .stopped(let why):
                    if input.run.hostError == nil { input.run.hostError = RunError(message: why, range: range, isLimit: true) }
                    return false
                }
            }
            return input.run.hostError == nil ? result : .u
        }
        if case .literal(.string(let s)) = pattern.kind, let box = RegexBox.compile(s) {
            return { input, i in search(box, input, i) }
        }
        let get = runValue(pattern)
        let k = derivations.add { ctx in
            guard case .string(let s) = get(ctx), let box = RegexBox.compile(s) else {
                throw RunError(message: "invalid regular expression", range: range, isLimit: false)
            }
            return .regex(box)
        }
        return { input, i in
            guard case .regex(let box) = input.run.derived[k] else { return .u }
            return search(box, input, i)
        }
    }

    // MARK: missing values and ranges

    private func isNull(_ x: BoundExpr) -> Test {
        switch x.kind {
        case .field(.claim(let f)) where Grouping.referenceColumn(f, graph) != nil:
            let column = Grouping.referenceColumn(f, graph)!.column
            return { _, i in Tri(column[Int(i)] < 0) }
        default:
            let value = eval(x)
            return { input, i in
                let v = value(input, i)
                if case .list(let items) = v { return Tri(items.isEmpty) }
                return Tri(v.isNull)
            }
        }
    }

    /// `certainly` / `possibly` over the interval each claim's qualifier implies.
    private func modal(_ m: Modality, _ t: ModalTest) -> Test {
        let claims = graph.claims, tolerance = self.tolerance
        func interval(_ i: Int32) -> Interval? {
            Interval.of(qty: claims.qty[Int(i)], qtyHi: claims.qtyHi[Int(i)],
                        qualifier: Qualifier(code: claims.qualifiers[Int(i)]), tolerance: tolerance)
        }
        func number(_ e: BoundExpr) -> (RunContext) -> Double? {
            let get = runValue(e)
            return { ctx in if case .number(let d) = get(ctx) { return d }; return nil }
        }
        switch t {
        case .compare(let op, let x):
            if case .literal(.number(let c)) = x.kind {
                return { _, i in interval(i).map { Tri($0.holds(m, op, c)) } ?? .u }
            }
            let c = number(x)
            return { input, i in
                guard let v = interval(i), let k = c(input.run) else { return .u }
                return Tri(v.holds(m, op, k))
            }
        case .between(let lo, let hi, let negated):
            let a = number(lo), b = number(hi)
            return { input, i in
                guard let v = interval(i), let x = a(input.run), let y = b(input.run) else { return .u }
                let inside = v.between(m, x, y)
                return Tri(negated ? !inside : inside)
            }
        }
    }
}

extension CompareOp {
    /// The operator with its operands swapped: `5 < qty` is `qty > 5`.
    var flipped: CompareOp {
        switch self {
        case .eq: return .eq
        case .ne: return .ne
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        }
    }
}

/// The per-run derivations of a plan: each computes a value from the parameters once,
/// before the first row is read.
final class Derivations {
    private(set) var list: [(RunContext) throws -> Derived] = []

    func add(_ f: @escaping (RunContext) throws -> Derived) -> Int {
        list.append(f)
        return list.count - 1
    }
}

/// Kernels over one claim column against a constant: no `Cell` per row.
enum ColumnKernels {
    static func number(_ op: CompareOp, _ col: ScalarColumn<Double>, _ k: Double) -> Test {
        switch op {
        case .gt: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v > k) }
        case .ge: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v >= k) }
        case .lt: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v < k) }
        case .le: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v <= k) }
        case .eq: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v == k) }
        case .ne: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v != k) }
        }
    }

    static func date(_ op: CompareOp, _ col: ScalarColumn<Int32>, _ k: Int32) -> Test {
        let missing = ClaimTable.missingDate
        switch op {
        case .gt: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v > k) }
        case .ge: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v >= k) }
        case .lt: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v < k) }
        case .le: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v <= k) }
        case .eq: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v == k) }
        case .ne: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v != k) }
        }
    }

    /// Interned text against a constant's code (or a code no row holds).
    static func code(_ equal: Bool, _ col: ScalarColumn<Int32>, _ code: Int32) -> Test {
        return { _, i in
            let v = col[Int(i)]
            return v < 0 ? .u : Tri((v == code) == equal)
        }
    }
}
