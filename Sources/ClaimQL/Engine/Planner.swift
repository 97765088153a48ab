/// Chooses where a claims query starts: instead of scanning every claim, a `where` whose
/// conjunct names a source, subject, document or claim id starts from that index's
/// postings. The full condition is still applied to the candidates, so the plan is only
/// ever a narrowing, never a change of meaning.
enum Planner {
    static func candidates(for e: Expr, _ ec: inout ExprCompiler) -> ([Int32], String)? {
        var best: ([Int32], String)? = nil
        for conjunct in conjuncts(e) {
            guard let c = indexed(conjunct, &ec) ?? lifted(conjunct, &ec) else { continue }
            if best == nil || c.0.count < best!.0.count { best = c }
        }
        return best
    }

    /// A condition that reads only `source.<field>` paths (`source.country = "X" or
    /// source.affiliation = "X"`) is decided once per entity, not once per claim: the
    /// claims of the entities it holds for, plus the claims with no source (the full
    /// condition then decides those), are the candidates.
    private static func lifted(_ e: Expr, _ ec: inout ExprCompiler) -> ([Int32], String)? {
        guard let inner = e.stripping(prefix: "source") else { return nil }
        var entityCompiler = ec
        entityCompiler.shape = .nodes(.entities)
        guard let test = try? entityCompiler.compile(inner).asTest else { return nil }
        let g = ec.graph
        let frame = Frame(budget: RunBudget())
        var rows: [Int32] = g.index.claimsWithoutSource
        for entity in 0..<Int32(g.entities.count) where test(frame, entity) == .t {
            rows.append(contentsOf: g.index.claimsBySource[entity])
        }
        return (sortedUnique(rows), "sources matching \(inner)")
    }

    static func conjuncts(_ e: Expr) -> [Expr] {
        if case .binary(.and, let a, let b) = e.kind { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    private static func indexed(_ e: Expr, _ ec: inout ExprCompiler) -> ([Int32], String)? {
        let field: String
        let values: [Cell]
        switch e.kind {
        case .binary(.eq, let l, let r):
            guard case .path(let p) = l.kind, p.count == 1, let v = constant(r, &ec) else { return nil }
            field = p[0].text
            values = [v]
        case .inList(let l, let r, negated: false):
            guard case .path(let p) = l.kind, p.count == 1, case .list(let items)? = constant(r, &ec) else { return nil }
            field = p[0].text
            values = items
        default:
            return nil
        }
        let g = ec.graph
        var names: [String] = []
        for case .string(let s) in values { names.append(s) }
        guard names.count == values.count else { return nil }
        switch field {
        case "source", "subject":
            let postings = field == "source" ? g.index.claimsBySource : g.index.claimsBySubject
            var rows: [Int32] = []
            for n in names { for entity in g.index.entities(named: n) { rows.append(contentsOf: postings[entity]) } }
            return (sortedUnique(rows), "index \(field)")
        case "predicate", "unit":
            let postings = field == "predicate" ? g.index.claimsByPredicate : g.index.claimsByUnit
            var rows: [Int32] = []
            for n in names { if let code = g.pool.code(of: n) { rows.append(contentsOf: postings[code]) } }
            return (sortedUnique(rows), "index \(field)")
        case "doc":
            var rows: [Int32] = []
            for n in names { if let d = g.documents.idIndex[n] { rows.append(contentsOf: g.index.claimsByDoc[d]) } }
            return (sortedUnique(rows), "index doc")
        case "id":
            return (sortedUnique(names.compactMap { g.claims.idIndex[$0] }), "index id")
        default:
            return nil
        }
    }

    private static func constant(_ e: Expr, _ ec: inout ExprCompiler) -> Cell? {
        switch e.kind {
        case .string, .parameter, .list:
            var scratch = ec
            return (try? scratch.compile(e))?.constant
        default:
            return nil
        }
    }

    private static func sortedUnique(_ rows: [Int32]) -> [Int32] {
        var r = rows
        r.sort()
        var out: [Int32] = []
        out.reserveCapacity(r.count)
        for x in r where out.last != x { out.append(x) }
        return out
    }
}

extension Expr {
    /// The same expression with every path `prefix.rest` turned into `rest`; nil if any
    /// path does not start with `prefix` and go on past it (or uses parameters, calls or
    /// aggregates, which are left to the general plan).
    func stripping(prefix: String) -> Expr? {
        func strip(_ e: Expr) -> Expr? {
            let kind: Kind
            switch e.kind {
            case .string, .number, .date, .bool, .null: return e
            case .path(let names):
                guard names.count >= 2, names[0].text == prefix else { return nil }
                kind = .path(Array(names.dropFirst()))
            case .list(let items):
                var out: [Expr] = []
                for i in items { guard let x = strip(i) else { return nil }; out.append(x) }
                kind = .list(out)
            case .not(let x): guard let a = strip(x) else { return nil }; kind = .not(a)
            case .binary(let op, let a, let b):
                guard let x = strip(a), let y = strip(b) else { return nil }
                kind = .binary(op, x, y)
            case .between(let a, let b, let c, let n):
                guard let x = strip(a), let y = strip(b), let z = strip(c) else { return nil }
                kind = .between(x, y, z, negated: n)
            case .inList(let a, let b, let n):
                guard let x = strip(a), let y = strip(b) else { return nil }
                kind = .inList(x, y, negated: n)
            case .isNull, .modal:
                return nil // `source.country is null` holds for claims without a source too
            case .parameter, .call, .negate:
                return nil
            }
            return Expr(kind: kind, range: e.range)
        }
        return strip(self)
    }
}
