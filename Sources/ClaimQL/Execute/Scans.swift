/// The scan at the start of every plan: the rows of a collection, or the claims an access
/// path reaches. Candidates that do not depend on parameters are found on the first run
/// and kept with the plan, so a prepared query pays for the index lookups once.
enum Scans {
    static func lower(_ scan: LogicalPlan.Scan, _ plan: LogicalPlan, _ g: FactGraph, _ derivations: Derivations,
                      _ tolerance: Double) -> ((RunContext) throws -> [Int32], String?) {
        let total: Int
        switch scan.collection {
        case .claims: total = g.claims.count
        case .entities: total = g.entities.count
        case .documents: total = g.documents.count
        }
        switch scan.access {
        case .all:
            if scan.collection == .claims { return ({ _ in g.everyClaim }, nil) }
            return ({ _ in Array(0..<Int32(total)) }, nil)
        case .entities(let index, let names):
            let postings = index == .source ? g.index.claimsBySource : g.index.claimsBySubject
            switch names.written {
            case .names(_, let entities):
                let once = Once<[Int32]>()
                return ({ _ in once.get { union(entities.map { postings[$0] }) } }, nil)
            case .parameter(let slot):
                return ({ ctx in
                    var entities = Set<Int32>()
                    for name in strings(ctx.params[slot]) { entities.formUnion(g.index.entities(named: name)) }
                    return union(entities.map { postings[$0] })
                }, nil)
            }
        case .keys(let index, let keys):
            switch keys {
            case .literal(let values):
                let once = Once<[Int32]>()
                return ({ _ in once.get { rows(index, values, g) } }, nil)
            case .parameter(let slot):
                return ({ ctx in rows(index, strings(ctx.params[slot]), g) }, nil)
            }
        case .sources(let condition):
            // Decided once per entity: the claims of the entities it holds for, plus the
            // claims without a source (the filter decides those).
            let x = ExprLowering(graph: g, derivations: derivations, file: plan.steps.first?.file ?? plan.file,
                                 tolerance: tolerance)
            let test = x.test(condition)
            let once = Once<[Int32]>()
            return ({ ctx in
                once.get {
                    let input = EvalInput(ctx)
                    var lists: [Swift.Slice<ScalarColumn<Int32>>] = [g.index.claimsWithoutSource[...]]
                    for entity in 0..<Int32(g.entities.count) where test(input, entity) == .t {
                        lists.append(g.index.claimsBySource[entity])
                    }
                    return union(lists)
                }
            }, "tested once per entity: \(g.entities.count)")
        }
    }

    /// The strings a bound key holds: one, or a list of them.
    private static func strings(_ v: Cell) -> [String] {
        switch v {
        case .string(let s): return [s]
        case .list(let items): return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        default: return []
        }
    }

    private static func rows(_ index: ClaimIndex, _ keys: [String], _ g: FactGraph) -> [Int32] {
        switch index {
        case .source, .subject:
            let postings = index == .source ? g.index.claimsBySource : g.index.claimsBySubject
            return union(Set(keys.flatMap { g.index.entities(named: $0) }).map { postings[$0] })
        case .predicate, .unit:
            let postings = index == .predicate ? g.index.claimsByPredicate : g.index.claimsByUnit
            return union(keys.compactMap { g.pool.code(of: $0) }.map { postings[$0] })
        case .doc:
            return union(keys.compactMap { g.documents.idIndex[$0] }.map { g.index.claimsByDoc[$0] })
        case .id:
            return union(keys.compactMap { g.claims.row(of: $0) }.map { [$0] })
        }
    }

    /// Sorted, without repeats: postings are sorted, so one list is taken as it is.
    static func union<Rows: Swift.Collection<Int32>>(_ lists: [Rows]) -> [Int32] {
        if lists.count == 1 { return Array(lists[0]) }
        var rows: [Int32] = []
        rows.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for l in lists { rows.append(contentsOf: l) }
        rows.sort()
        var out: [Int32] = []
        out.reserveCapacity(rows.count)
        for x in rows where out.last != x { out.append(x) }
        return out
    }
}
