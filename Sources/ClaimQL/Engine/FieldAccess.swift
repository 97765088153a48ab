/// Reading fields from the graph's columns, as closures built once per field.
enum FieldAccess {
    typealias RowGetter = (Int32) -> Cell

    static func number(_ d: Double) -> Cell { d.isNaN ? .null : .number(d) }
    static func pooled(_ pool: StringPool, _ code: Int32) -> Cell { code < 0 ? .null : .string(pool[code]) }
    static func date(_ d: Int32) -> Cell { d == ClaimTable.missingDate ? .null : .date(d) }
    static func ref(_ r: Int32, _ make: (Int32) -> Cell) -> Cell { r < 0 ? .null : make(r) }

    /// A field of row `i` of a collection.
    static func rowField(_ g: FactGraph, _ c: Collection, _ name: String) -> (VType, RowGetter)? {
        switch c {
        case .claims: return claimField(g, name)
        case .entities: return entityField(g, name)
        case .documents: return documentField(g, name)
        }
    }

    /// A field of a node value; `map` applies it to `.entity`/`.document`/`.claim` cells.
    static func valueField(_ g: FactGraph, _ t: VType, _ name: String) -> (VType, RowGetter)? {
        switch t {
        case .claim: return claimField(g, name)
        case .entity: return entityField(g, name)
        case .document: return documentField(g, name)
        default: return nil
        }
    }

    static func map(_ v: Cell, _ get: RowGetter) -> Cell {
        switch v {
        case .entity(let r), .document(let r), .claim(let r): return get(r)
        case .list(let items):
            var out: [Cell] = []
            for item in items {
                let x = map(item, get)
                if case .list(let inner) = x { out.append(contentsOf: inner) } else if !x.isNull { out.append(x) }
            }
            return out.isEmpty ? .null : out.count == 1 ? out[0] : .list(out)
        default: return .null
        }
    }

    static func claimField(_ g: FactGraph, _ name: String) -> (VType, RowGetter)? {
        let c = g.claims, pool = g.pool
        switch name {
        case "id": let ids = c.ids; return (.string, { .string(ids[Int($0)]) })
        case "subject": let col = c.subjects; return (.entity, { ref(col[Int($0)], Cell.entity) })
        case "predicate": let col = c.predicates; return (.string, { pooled(pool, col[Int($0)]) })
        case "object": let col = c.objects; return (.string, { pooled(pool, col[Int($0)]) })
        case "qty": let col = c.qty; return (.number, { number(col[Int($0)]) })
        case "qty_hi": let col = c.qtyHi; return (.number, { number(col[Int($0)]) })
        case "unit": let col = c.units; return (.string, { pooled(pool, col[Int($0)]) })
        case "qualifier":
            let col = c.qualifiers
            return (.string, { Qualifier(code: col[Int($0)]).map { .string($0.rawValue) } ?? .null })
        case "date": let col = c.dates; return (.date, { date(col[Int($0)]) })
        case "source": let col = c.sources; return (.entity, { ref(col[Int($0)], Cell.entity) })
        case "doc": let col = c.docs; return (.document, { ref(col[Int($0)], Cell.document) })
        case "quote": let col = c.quotes; return (.string, { col[$0].map(Cell.string) ?? .null })
        // Derived fields (Schema.derivedClaimFields); an attribute of the same name, given
        // in the data, is never hidden by them.
        case "figure" where c.attributes.columnIfPresent(name) == nil:
            return (.string, { c.qty[Int($0)].isNaN ? .null : .string(Pairs.figure(g, $0)) })
        case "family" where c.attributes.columnIfPresent(name) == nil:
            let col = c.units
            return (.string, { r in
                let u = col[Int(r)]
                return u < 0 ? .null : UnitFamily.of(pool[u]).map { .string($0.family) } ?? .null
            })
        case "duplicate_of" where c.attributes.columnIfPresent(name) == nil:
            // Computed (or read from the snapshot's cache) once, not per row.
            let original = g.duplicates.original
            return (.claim, { r in
                let o = original[Int(r)]
                return o == r ? .null : .claim(o)
            })
        default:
            guard let col = c.attributes.columnIfPresent(name) else { return nil }
            return (.any, { col[$0] ?? .null })
        }
    }

    static func entityField(_ g: FactGraph, _ name: String) -> (VType, RowGetter)? {
        let e = g.entities, pool = g.pool
        switch name {
        case "id": let ids = e.ids; return (.string, { .string(ids[Int($0)]) })
        case "name": let names = e.names; return (.string, { .string(names[Int($0)]) })
        case "kind": let kinds = e.kinds; return (.string, { pooled(pool, kinds[Int($0)]) })
        case "aliases":
            let aliases = e.aliases
            return (.list(.string), { r in
                let a = aliases[Int(r)]
                return a.isEmpty ? .null : .list(a.map(Cell.string))
            })
        default:
            if let targets = e.edges[name] {
                return (.entity, { r in
                    let t = targets[Int(r)]
                    return t.isEmpty ? .null : t.count == 1 ? .entity(t[0]) : .list(t.map(Cell.entity))
                })
            }
            guard let col = e.attributes.columnIfPresent(name) else { return nil }
            return (.any, { col[$0] ?? .null })
        }
    }

    static func documentField(_ g: FactGraph, _ name: String) -> (VType, RowGetter)? {
        let d = g.documents
        switch name {
        case "id": let ids = d.ids; return (.string, { .string(ids[Int($0)]) })
        case "title": let t = d.titles; return (.string, { t[Int($0)].map(Cell.string) ?? .null })
        case "publisher": let p = d.publishers; return (.entity, { ref(p[Int($0)], Cell.entity) })
        case "published": let p = d.published; return (.date, { date(p[Int($0)]) })
        case "duplicate_of" where d.attributes.columnIfPresent(name) == nil:
            let original = g.duplicates.documentOriginal
            return (.document, { ref(original[Int($0)], Cell.document) })
        default:
            guard let col = d.attributes.columnIfPresent(name) else { return nil }
            return (.any, { col[$0] ?? .null })
        }
    }
}
