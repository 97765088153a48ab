/// Row estimates for choosing access paths and for `explain`. Index keys written in the
/// query are counted exactly from the postings (a lookup each); everything else uses fixed
/// selectivities, as SQLite does without statistics: an equality keeps a tenth of the
/// rows, a range comparison a third, a text search a tenth. They are estimates: `explain
/// analyze` shows the actual rows beside them.
enum Estimates {
    static func rows(of path: AccessPath, _ g: FactGraph) -> Double {
        let claims = Double(g.claims.count)
        switch path {
        case .all: return claims
        case .entities(let index, let names):
            let postings = index == .source ? g.index.claimsBySource : g.index.claimsBySubject
            switch names.written {
            case .names(_, let entities): return Double(entities.reduce(0) { $0 + postings[$1].count })
            case .parameter: return claims / Double(max(1, g.entities.count))
            }
        case .keys(let index, let keys):
            guard case .literal(let values) = keys else {
                return index == .id ? 1 : claims / Double(max(1, distinct(index, g)))
            }
            return Double(values.reduce(0) { $0 + count(index, $1, g) })
        case .sources:
            // Decided per entity when the query runs; a source condition is usually narrow.
            return claims / 10
        }
    }

    /// Claims holding one key in one index.
    static func count(_ index: ClaimIndex, _ key: String, _ g: FactGraph) -> Int {
        switch index {
        case .source, .subject:
            let postings = index == .source ? g.index.claimsBySource : g.index.claimsBySubject
            return g.index.entities(named: key).reduce(0) { $0 + postings[$1].count }
        case .predicate, .unit:
            guard let code = g.pool.code(of: key) else { return 0 }
            return (index == .predicate ? g.index.claimsByPredicate : g.index.claimsByUnit)[code].count
        case .doc:
            guard let d = g.documents.idIndex[key] else { return 0 }
            return g.index.claimsByDoc[d].count
        case .id:
            return g.claims.row(of: key) == nil ? 0 : 1
        }
    }

    private static func distinct(_ index: ClaimIndex, _ g: FactGraph) -> Int {
        switch index {
        case .source, .subject: return g.entities.count
        case .doc: return g.documents.count
        case .predicate, .unit, .id: return max(1, g.pool.strings.count / 4)
        }
    }

    /// The fraction of rows a condition keeps.
    static func selectivity(_ e: BoundExpr, _ g: FactGraph) -> Double {
        let claims = Double(max(1, g.claims.count))
        switch e.kind {
        case .and(let a, let b): return selectivity(a, g) * selectivity(b, g)
        case .or(let a, let b):
            let x = selectivity(a, g), y = selectivity(b, g)
            return 1 - (1 - x) * (1 - y)
        case .not(let x): return 1 - selectivity(x, g)
        case .literal(.bool(let b)): return b ? 1 : 0
        case .entityMatch(let x, let names):
            if case .field(.claim(let f)) = x.kind, f == .source || f == .subject,
               case .names(_, let entities) = names.written {
                let postings = f == .source ? g.index.claimsBySource : g.index.claimsBySubject
                return Double(entities.reduce(0) { $0 + postings[$1].count }) / claims
            }
            return 0.1
        case .compare(let op, _, _):
            if op == .eq, let path = Planner.accessPath(for: e), case .keys = path {
                return min(1, rows(of: path, g) / claims)
            }
            return op == .eq ? 0.1 : op == .ne ? 0.9 : 1.0 / 3
        case .inList:
            if let path = Planner.accessPath(for: e), case .keys = path { return min(1, rows(of: path, g) / claims) }
            return 0.2
        case .contains, .matches: return 0.1
        case .isNull: return 0.1
        case .modal: return 1.0 / 3
        case .literal, .parameter, .field, .follow, .column, .list, .call, .arithmetic: return 0.5
        }
    }
}
