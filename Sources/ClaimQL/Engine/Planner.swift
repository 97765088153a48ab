/// Chooses where a claims query starts: instead of scanning every claim, a `where` whose
/// conjunct names a source, subject, document or claim id starts from that index's
/// postings. The full condition is still applied to the candidates, so the plan is only
/// ever a narrowing, never a change of meaning.
enum Planner {
    static func candidates(for e: Expr, _ ec: inout ExprCompiler) -> ([Int32], String)? {
        var best: ([Int32], String)? = nil
        for conjunct in conjuncts(e) {
            guard let c = indexed(conjunct, &ec) else { continue }
            if best == nil || c.0.count < best!.0.count { best = c }
        }
        return best
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
