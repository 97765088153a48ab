import Foundation

/// Writes the graph as JSON Lines in the interchange schema, so that loading the output
/// gives the same graph back (tested as a round trip).
enum JSONLExport {
    static func write(_ g: FactGraph, to folder: String) throws(ClaimQLError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ClaimQLError(.runtime, message: "cannot create folder \(folder): \(error.localizedDescription)")
        }
        try save(entities(g), "\(folder)/entities.jsonl")
        try save(documents(g), "\(folder)/documents.jsonl")
        try save(claims(g), "\(folder)/claims.jsonl")
    }

    private static func save(_ text: String, _ path: String) throws(ClaimQLError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ClaimQLError(.runtime, message: "cannot write \(path)")
        }
    }

    static func entities(_ g: FactGraph) -> String {
        let e = g.entities
        var out = ""
        for i in 0..<e.count {
            let r = Int32(i)
            var fields: [(String, String)] = [("id", str(e.ids[i])), ("kind", str(g.pool[e.kinds[i]])),
                                              ("name", str(e.names[i])), ("aliases", "[" + e.aliases[i].map(str).joined(separator: ", ") + "]")]
            var other: [(String, String)] = []
            for relation in e.edges.keys.sorted() {
                let targets = e.edges[relation]![i].map { str(e.ids[Int($0)]) }
                let value = targets.isEmpty ? "null" : targets.count == 1 ? targets[0] : "[" + targets.joined(separator: ", ") + "]"
                if relation == "affiliation" || relation == "country" { fields.append((relation, value)) } else if !targets.isEmpty { other.append((relation, value)) }
            }
            for relation in ["affiliation", "country"] where e.edges[relation] == nil { fields.append((relation, "null")) }
            if !other.isEmpty { fields.append(("edges", "{" + other.map { str($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}")) }
            out += line(fields + attributes(e.attributes, r, g))
        }
        return out
    }

    static func documents(_ g: FactGraph) -> String {
        let d = g.documents
        var out = ""
        for i in 0..<d.count {
            var fields: [(String, String)] = [
                ("id", str(d.ids[i])),
                ("publisher", d.publishers[i] < 0 ? "null" : str(g.entities.ids[Int(d.publishers[i])])),
                ("title", d.titles[i].map(str) ?? "null"),
                ("published", date(d.published[i])),
            ]
            // Only documents that kept their text carry the field (most have none).
            if let text = d.texts[Int32(i)] { fields.append(("text", str(text))) }
            out += line(fields + attributes(d.attributes, Int32(i), g))
        }
        return out
    }

    static func claims(_ g: FactGraph) -> String {
        let c = g.claims
        var out = ""
        func pooled(_ code: Int32) -> String { code < 0 ? "null" : str(g.pool[code]) }
        func entity(_ r: Int32) -> String { r < 0 ? "null" : str(g.entities.ids[Int(r)]) }
        for i in 0..<c.count {
            let r = Int32(i)
            let fields: [(String, String)] = [
                ("id", str(c.ids[i])), ("subject", entity(c.subjects[i])), ("predicate", pooled(c.predicates[i])),
                ("object", pooled(c.objects[i])), ("qty", number(c.qty[i])), ("qty_hi", number(c.qtyHi[i])),
                ("unit", pooled(c.units[i])),
                ("qualifier", Qualifier(code: c.qualifiers[i]).map { str($0.rawValue) } ?? "null"),
                ("date", date(c.dates[i])), ("source", entity(c.sources[i])),
                ("doc", c.docs[i] < 0 ? "null" : str(g.documents.ids[Int(c.docs[i])])),
                ("quote", c.quotes[r].map(str) ?? "null"),
            ]
            out += line(fields + attributes(c.attributes, r, g))
        }
        return out
    }

    private static func line(_ fields: [(String, String)]) -> String {
        "{" + fields.map { str($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}\n"
    }

    private static func attributes(_ t: AttributeTable, _ row: Int32, _ g: FactGraph) -> [(String, String)] {
        t.all(row: row).map { ($0.0, cell($0.1, g)) }
    }

    static func cell(_ c: Cell, _ g: FactGraph) -> String {
        switch c {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return number(d)
        case .string(let s): return str(s)
        case .date(let d): return date(d)
        case .entity(let e): return str(g.entities.ids[Int(e)])
        case .document(let d): return str(g.documents.ids[Int(d)])
        case .claim(let r): return str(g.claims.ids[Int(r)])
        case .list(let items): return "[" + items.map { cell($0, g) }.joined(separator: ", ") + "]"
        }
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    static func date(_ d: Int32) -> String { d == ClaimTable.missingDate ? "null" : str(Day(daysSinceEpoch: d).description) }

    static func str(_ s: String) -> String { Escapes.quote(s) }
}
