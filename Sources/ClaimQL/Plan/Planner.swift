/// Chooses how a claims query reads its rows. Instead of scanning every claim, a first
/// `where` whose conjunct names a source, subject, predicate, unit, document or claim id
/// starts from that index's postings, and a condition on `source.<field>` is decided once
/// per entity. The filter stays in the plan, so an access path only ever narrows the rows,
/// never changes the answer. Of several candidates the one with the fewest estimated rows
/// wins (SQLite's `where.c` in small).
enum Planner {
    static func choose(_ plan: inout LogicalPlan, _ graph: FactGraph) {
        guard plan.scan.collection == .claims else { return }
        // The filters before any other operator (a `let` name and the query using it may
        // each add one) all apply to the scanned claims: any of their conjuncts may choose.
        var conjuncts: [BoundExpr] = []
        for step in plan.steps {
            guard case .filter(let condition) = step.op else { break }
            conjuncts += condition.conjuncts
        }
        var best: (path: AccessPath, rows: Double, range: SourceRange)? = nil
        for conjunct in conjuncts {
            guard let path = accessPath(for: conjunct) else { continue }
            let rows = Estimates.rows(of: path, graph)
            if best == nil || rows < best!.rows { best = (path, rows, conjunct.range) }
        }
        if let best {
            plan.scan.access = best.path
            plan.scan.narrowedBy = best.range
        }
    }

    /// The access path one conjunct allows, if any.
    static func accessPath(for e: BoundExpr) -> AccessPath? {
        switch e.kind {
        case .entityMatch(let x, let names):
            if case .field(.claim(let f)) = x.kind, let index = entityIndex(f) { return .entities(index, names) }
        case .compare(.eq, let a, let b):
            for (x, k) in [(a, b), (b, a)] {
                if case .field(.claim(let f)) = x.kind, let index = keyIndex(f), let keys = keys(k, list: false) {
                    return .keys(index, keys)
                }
            }
        case .inList(let x, let list):
            if case .field(.claim(let f)) = x.kind, let index = keyIndex(f), let keys = keys(list, list: true) {
                return .keys(index, keys)
            }
        default:
            break
        }
        if let lifted = sourceCondition(e) { return .sources(lifted) }
        return nil
    }

    private static func entityIndex(_ f: ClaimField) -> ClaimIndex? {
        switch f {
        case .source: return .source
        case .subject: return .subject
        default: return nil
        }
    }

    private static func keyIndex(_ f: ClaimField) -> ClaimIndex? {
        switch f {
        case .predicate: return .predicate
        case .unit: return .unit
        case .doc: return .doc
        case .id: return .id
        default: return nil
        }
    }

    private static func keys(_ e: BoundExpr, list: Bool) -> IndexKeys? {
        switch e.kind {
        case .literal(.string(let s)) where !list: return .literal([s])
        case .literal(.list(let items)) where list:
            var out: [String] = []
            for case .string(let s) in items { out.append(s) }
            return out.count == items.count ? .literal(out) : nil
        case .parameter(let slot): return .parameter(slot)
        default: return nil
        }
    }

    /// A condition that reads claims only through `source.<field>` paths, rewritten to
    /// read the entity itself: `source.country = "X" or source.affiliation = "X"` becomes
    /// `country = "X" or affiliation = "X"` over entities. nil when anything else is read
    /// (another field, a parameter, a function), or for `is null` and `certainly`, which
    /// hold differently for claims without a source.
    static func sourceCondition(_ e: BoundExpr) -> BoundExpr? {
        var readsSource = false
        let lifted = e.rewritten { node in
            switch node.kind {
            case .follow(let base, let field):
                if case .field(.claim(.source)) = base.kind {
                    readsSource = true
                    return .replace(BoundExpr(.field(field), field.type, node.range))
                }
                return .keep
            case .field, .column, .parameter, .call, .isNull, .modal:
                return .fail
            case .entityMatch(_, let names):
                if case .parameter = names.written { return .fail }
                return .keep
            case .literal, .list, .not, .and, .or, .compare, .arithmetic, .inList, .contains, .matches:
                if case .contains(_, let b) = node.kind, !(b.literal != nil) { return .fail }
                if case .matches(_, let b) = node.kind, !(b.literal != nil) { return .fail }
                if case .inList(_, let b) = node.kind, !(b.literal != nil) { return .fail }
                return .keep
            }
        }
        return readsSource ? lifted : nil
    }
}
