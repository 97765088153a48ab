/// Reads resolved fields from the graph's columns, as closures built once per field.
enum FieldReader {
    typealias Get = (Int32) -> Cell

    static func number(_ d: Double) -> Cell { d.isNaN ? .null : .number(d) }
    static func pooled(_ pool: StringPool, _ code: Int32) -> Cell { code < 0 ? .null : .string(pool[code]) }
    static func date(_ d: Int32) -> Cell { d == ClaimTable.missingDate ? .null : .date(d) }
    static func ref(_ r: Int32, _ make: (Int32) -> Cell) -> Cell { r < 0 ? .null : make(r) }

    /// A field of row `i` of its node kind.
    static func reader(_ f: Field, _ g: FactGraph) -> Get {
        switch f {
        case .claim(let field): return claim(field, g)
        case .entity(let field): return entity(field, g)
        case .document(let field): return document(field, g)
        case .derived(let node, let field): return derived(node, field, g)
        case .edge(let relation):
            let targets = g.entities.edges[relation] ?? []
            return { r in
                guard Int(r) < targets.count else { return .null }
                let t = targets[Int(r)]
                return t.isEmpty ? .null : t.count == 1 ? .entity(t[0]) : .list(t.map(Cell.entity))
            }
        case .attribute(let node, let name):
            let table: AttributeTable
            switch node {
            case .claim: table = g.claims.attributes
            case .entity: table = g.entities.attributes
            case .document: table = g.documents.attributes
            }
            let col = table.columnIfPresent(name) ?? [:]
            return { col[$0] ?? .null }
        }
    }

    /// One field of one row, read without making a reader first (results read their
    /// cells this way: the field was resolved once for the whole result).
    static func read(_ f: Field, _ g: FactGraph, _ r: Int32) -> Cell {
        let i = Int(r)
        switch f {
        case .claim(let field):
            let c = g.claims
            switch field {
            case .id: return .string(c.ids[i])
            case .subject: return ref(c.subjects[i], Cell.entity)
            case .predicate: return pooled(g.pool, c.predicates[i])
            case .object: return pooled(g.pool, c.objects[i])
            case .qty: return number(c.qty[i])
            case .qty_hi: return number(c.qtyHi[i])
            case .unit: return pooled(g.pool, c.units[i])
            case .qualifier: return Qualifier(code: c.qualifiers[i]).map { .string($0.rawValue) } ?? .null
            case .date: return date(c.dates[i])
            case .source: return ref(c.sources[i], Cell.entity)
            case .doc: return ref(c.docs[i], Cell.document)
            case .quote: return c.quotes[r].map(Cell.string) ?? .null
            }
        case .entity(let field):
            let e = g.entities
            switch field {
            case .id: return .string(e.ids[i])
            case .name: return .string(e.names[i])
            case .kind: return pooled(g.pool, e.kinds[i])
            case .aliases: return e.aliases[i].isEmpty ? .null : .list(e.aliases[i].map(Cell.string))
            }
        case .document(let field):
            let d = g.documents
            switch field {
            case .id: return .string(d.ids[i])
            case .title: return d.titles[i].map(Cell.string) ?? .null
            case .publisher: return ref(d.publishers[i], Cell.entity)
            case .published: return date(d.published[i])
            case .text: return d.texts[r].map(Cell.string) ?? .null
            }
        case .derived, .edge, .attribute:
            return reader(f, g)(r)
        }
    }

    /// `get` applied to the node(s) a value holds; a path through several nodes flattens
    /// into one list (missing values dropped), one value stays one value.
    static func map(_ v: Cell, _ get: Get) -> Cell {
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

    private static func claim(_ f: ClaimField, _ g: FactGraph) -> Get {
        let c = g.claims, pool = g.pool
        switch f {
        case .id: let ids = c.ids; return { .string(ids[Int($0)]) }
        case .subject: let col = c.subjects; return { ref(col[Int($0)], Cell.entity) }
        case .predicate: let col = c.predicates; return { pooled(pool, col[Int($0)]) }
        case .object: let col = c.objects; return { pooled(pool, col[Int($0)]) }
        case .qty: let col = c.qty; return { number(col[Int($0)]) }
        case .qty_hi: let col = c.qtyHi; return { number(col[Int($0)]) }
        case .unit: let col = c.units; return { pooled(pool, col[Int($0)]) }
        case .qualifier:
            let col = c.qualifiers
            return { Qualifier(code: col[Int($0)]).map { .string($0.rawValue) } ?? .null }
        case .date: let col = c.dates; return { date(col[Int($0)]) }
        case .source: let col = c.sources; return { ref(col[Int($0)], Cell.entity) }
        case .doc: let col = c.docs; return { ref(col[Int($0)], Cell.document) }
        case .quote: let col = c.quotes; return { col[$0].map(Cell.string) ?? .null }
        }
    }

    private static func entity(_ f: EntityField, _ g: FactGraph) -> Get {
        let e = g.entities, pool = g.pool
        switch f {
        case .id: let ids = e.ids; return { .string(ids[Int($0)]) }
        case .name: let names = e.names; return { .string(names[Int($0)]) }
        case .kind: let kinds = e.kinds; return { pooled(pool, kinds[Int($0)]) }
        case .aliases:
            let aliases = e.aliases
            return { r in
                let a = aliases[Int(r)]
                return a.isEmpty ? .null : .list(a.map(Cell.string))
            }
        }
    }

    private static func document(_ f: DocumentField, _ g: FactGraph) -> Get {
        let d = g.documents
        switch f {
        case .id: let ids = d.ids; return { .string(ids[Int($0)]) }
        case .title: let t = d.titles; return { t[Int($0)].map(Cell.string) ?? .null }
        case .publisher: let p = d.publishers; return { ref(p[Int($0)], Cell.entity) }
        case .published: let p = d.published; return { date(p[Int($0)]) }
        case .text: let t = d.texts; return { t[$0].map(Cell.string) ?? .null }
        }
    }

    private static func derived(_ node: NodeKind, _ f: DerivedField, _ g: FactGraph) -> Get {
        switch (node, f) {
        case (.claim, .figure):
            let qty = g.claims.qty
            return { qty[Int($0)].isNaN ? .null : .string(Figures.figure(g, $0)) }
        case (.claim, .family):
            let col = g.claims.units, pool = g.pool
            return { r in
                let u = col[Int(r)]
                return u < 0 ? .null : UnitFamily.of(pool[u]).map { .string($0.family) } ?? .null
            }
        case (.claim, .duplicate_of):
            // Computed (or read from the snapshot's cache) once, not per row.
            let original = g.duplicates.original
            return { r in
                let o = original[Int(r)]
                return o == r ? .null : .claim(o)
            }
        case (.document, .duplicate_of):
            let original = g.duplicates.documentOriginal
            return { ref(original[Int($0)], Cell.document) }
        case (.document, _), (.entity, _):
            return { _ in .null }
        }
    }
}
