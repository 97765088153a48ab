/// Writes rows of the graph as ClaimQL declarations that load back to the same data (the
/// round trip is tested: load, write, load, and both graphs export the same JSON Lines).
/// The REPL's `.save` uses it; the tables only grow, so a span of rows is a range per table.
enum DeclarationExport {
    struct Rows {
        var entities: [Range<Int>]
        var documents: [Range<Int>]
        var claims: [Range<Int>]
    }

    static func all(_ g: FactGraph) -> Rows {
        Rows(entities: [0..<g.entities.count], documents: [0..<g.documents.count], claims: [0..<g.claims.count])
    }

    static func write(_ g: FactGraph, _ rows: Rows) -> String {
        var out = ""
        for r in rows.entities.joined() { out += entity(g, r) }
        if !out.isEmpty, rows.documents.contains(where: { !$0.isEmpty }) || rows.claims.contains(where: { !$0.isEmpty }) { out += "\n" }
        for r in rows.documents.joined() { out += document(g, r) }
        if rows.documents.contains(where: { !$0.isEmpty }), rows.claims.contains(where: { !$0.isEmpty }) { out += "\n" }
        for r in rows.claims.joined() { out += claim(g, r) }
        return out
    }

    private static func entity(_ g: FactGraph, _ i: Int) -> String {
        let e = g.entities
        let kind = g.pool[e.kinds[i]]
        var fields: [String] = []
        if !e.aliases[i].isEmpty { fields.append("aliases: [" + e.aliases[i].map(Escapes.quote).joined(separator: ", ") + "]") }
        for relation in e.edges.keys.sorted() {
            let targets = e.edges[relation]![i].map { Lexer.spell(e.ids[Int($0)]) }
            guard !targets.isEmpty else { continue }
            fields.append("\(key(relation)): " + (targets.count == 1 ? targets[0] : "[" + targets.joined(separator: ", ") + "]"))
        }
        fields += attributes(e.attributes, Int32(i), g)
        let header = "entity \(Lexer.spell(e.ids[i])): " + (kind.isEmpty ? "" : Lexer.spell(kind) + " ") + Escapes.quote(e.names[i])
        return header + block(fields)
    }

    private static func document(_ g: FactGraph, _ i: Int) -> String {
        let d = g.documents
        var fields: [String] = []
        if d.publishers[i] >= 0 { fields.append("publisher: " + Lexer.spell(g.entities.ids[Int(d.publishers[i])])) }
        if d.published[i] != ClaimTable.missingDate { fields.append("published: \(Day(daysSinceEpoch: d.published[i]))") }
        if let text = d.texts[Int32(i)] { fields.append("text: " + Escapes.quote(text)) }
        fields += attributes(d.attributes, Int32(i), g)
        let id = Lexer.spell(d.ids[i])
        return (d.titles[i].map { "document \(id): " + Escapes.quote($0) } ?? "document \(id)") + block(fields, always: d.titles[i] == nil)
    }

    private static func claim(_ g: FactGraph, _ i: Int) -> String {
        let c = g.claims
        func entity(_ r: Int32) -> String? { r < 0 ? nil : Lexer.spell(g.entities.ids[Int(r)]) }
        func pooled(_ code: Int32) -> String? { code < 0 ? nil : g.pool[code] }
        var header = "claim \(Lexer.spell(c.ids[i]))"
        var fields: [String] = []
        let subject = entity(c.subjects[i]), predicate = pooled(c.predicates[i]), object = pooled(c.objects[i])
        if let subject, let predicate {
            header += ": \(subject) " + (Lexer.isIdentifier(predicate) ? predicate : Escapes.quote(predicate))
            if let object { header += " " + Escapes.quote(object) }
        } else {
            if let subject { fields.append("subject: \(subject)") }
            if let predicate { fields.append("predicate: " + Escapes.quote(predicate)) }
            if let object { fields.append("object: " + Escapes.quote(object)) }
        }
        let qualifier = Qualifier(code: c.qualifiers[i])
        if !c.qty[i].isNaN {
            let hi = c.qtyHi[i]
            fields.append("qty: " + Expr.number(c.qty[i]) + (hi.isNaN ? "" : ".." + Expr.number(hi)))
        }
        if let u = pooled(c.units[i]) { fields.append("unit: " + Escapes.quote(u)) }
        // `qty: a..b` says `range` already.
        if let q = qualifier, !(q == .range && !c.qtyHi[i].isNaN) { fields.append("qualifier: \(q.rawValue)") }
        if c.dates[i] != ClaimTable.missingDate { fields.append("date: \(Day(daysSinceEpoch: c.dates[i]))") }
        if let s = entity(c.sources[i]) { fields.append("source: \(s)") }
        if c.docs[i] >= 0 { fields.append("doc: " + Lexer.spell(g.documents.ids[Int(c.docs[i])])) }
        if let q = c.quotes[Int32(i)] { fields.append("quote: " + Escapes.quote(q)) }
        fields += attributes(c.attributes, Int32(i), g)
        return header + block(fields, always: subject == nil || predicate == nil)
    }

    private static func block(_ fields: [String], always: Bool = false) -> String {
        if fields.isEmpty { return always ? " {}\n" : "\n" }
        return " {\n" + fields.map { "  " + $0 + "\n" }.joined() + "}\n"
    }

    private static func attributes(_ t: AttributeTable, _ row: Int32, _ g: FactGraph) -> [String] {
        t.all(row: row).compactMap { k, v in value(v, g).map { "\(key(k)): \($0)" } }
    }

    /// A field name: written as it is when the parser reads it back as one name.
    private static func key(_ k: String) -> String { Lexer.name(k) }

    private static func value(_ c: Cell, _ g: FactGraph) -> String? {
        switch c {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.isNaN ? nil : Expr.number(d)
        case .string(let s): return Escapes.quote(s)
        case .date(let d): return Day(daysSinceEpoch: d).description
        case .entity(let e): return Lexer.spell(g.entities.ids[Int(e)])
        case .document(let d): return Lexer.spell(g.documents.ids[Int(d)])
        case .claim(let r): return Lexer.spell(g.claims.ids[Int(r)])
        case .list(let items): return "[" + items.compactMap { value($0, g) }.joined(separator: ", ") + "]"
        }
    }
}
