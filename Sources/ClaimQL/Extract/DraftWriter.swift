/// Writes article drafts for review: as ClaimQL declarations (with `-- check:` comments
/// above what the rules were unsure of) or as the three interchange JSON Lines files.
enum DraftWriter {
    static func declarations(_ d: ArticleDraft, source: String) -> String {
        var out = "-- Drafted by claimql extract from \(source): \(d.claims.count) claim\(d.claims.count == 1 ? "" : "s")"
        out += d.entities.isEmpty ? ".\n" : ", \(d.entities.count) new entit\(d.entities.count == 1 ? "y" : "ies").\n"
        out += "-- Review before loading: `-- check:` marks what the rules were unsure of.\n\n"
        for e in d.entities {
            out += "entity \(Lexer.spell(e.id)): \(e.kind.isEmpty ? "thing" : e.kind) \(Escapes.quote(e.name))\n"
        }
        if !d.entities.isEmpty { out += "\n" }
        let doc = d.document
        var fields: [String] = []
        if let p = doc.publisher { fields.append("publisher: \(Lexer.spell(p))") }
        if let p = doc.published { fields.append("published: \(p)") }
        if let t = doc.text { fields.append("text: \(Escapes.quote(t))") }
        out += "document \(Lexer.spell(doc.id)): \(Escapes.quote(doc.title ?? doc.id))"
        out += fields.isEmpty ? "\n" : " {\n" + fields.map { "  " + $0 + "\n" }.joined() + "}\n"
        for c in d.claims {
            out += "\n"
            for check in c.checks { out += "-- check: \(check)\n" }
            out += claim(c.record)
        }
        return out
    }

    private static func claim(_ r: ClaimRecord) -> String {
        var header = "claim \(Lexer.spell(r.id))"
        var fields: [String] = []
        if let s = r.subject, let p = r.predicate, isWord(p) {
            header += ": \(Lexer.spell(s)) \(p)"
            if let o = r.object { header += " \(Escapes.quote(o))" }
        } else {
            if let s = r.subject { fields.append("subject: \(Lexer.spell(s))") }
            if let p = r.predicate { fields.append("predicate: \(Escapes.quote(p))") }
            if let o = r.object { fields.append("object: \(Escapes.quote(o))") }
        }
        var figure: [String] = []
        if let q = r.qty { figure.append("qty: " + (r.qtyHi.map { "\(Expr.number(q))..\(Expr.number($0))" } ?? Expr.number(q))) }
        if let u = r.unit { figure.append("unit: \(Escapes.quote(u))") }
        if let q = r.qualifier, !(q == "range" && r.qtyHi != nil) { figure.append("qualifier: \(q)") }
        if !figure.isEmpty { fields.append(figure.joined(separator: ", ")) }
        var who: [String] = []
        if let d = r.date { who.append("date: \(d)") }
        if let s = r.source { who.append("source: \(Lexer.spell(s))") }
        if let d = r.doc { who.append("doc: \(Lexer.spell(d))") }
        if !who.isEmpty { fields.append(who.joined(separator: ", ")) }
        if let q = r.quote { fields.append("quote: \(Escapes.quote(q))") }
        var extra: [String] = []
        for key in ["span", "confidence", "rule", "change", "vague"] {
            guard let v = r.attributes[key] else { continue }
            switch v {
            case .list(let items) where items.count == 2:
                if case .number(let a) = items[0], case .number(let b) = items[1] { extra.append("\(key): \(Expr.number(a))..\(Expr.number(b))") }
            case .number(let n): extra.append("\(key): \(Expr.number(n))")
            case .string(let s): extra.append("\(key): \(Escapes.quote(s))")
            case .bool(let b): extra.append("\(key): \(b)")
            default: continue
            }
        }
        if !extra.isEmpty { fields.append(extra.joined(separator: ", ")) }
        return header + " {\n" + fields.map { "  " + $0 + "\n" }.joined() + "}\n"
    }

    /// A predicate written bare must read back as an identifier (ASCII, no keyword);
    /// others ("exportó") go in the block, quoted.
    private static func isWord(_ s: String) -> Bool { Lexer.isIdentifier(s) }

    // MARK: JSON Lines

    static func jsonLines(_ drafts: [ArticleDraft]) -> (entities: String, documents: String, claims: String) {
        var entities = "", documents = "", claims = ""
        func s(_ v: String?) -> String { v.map(Escapes.quote) ?? "null" }
        func n(_ v: Double?) -> String { v.map(Expr.number) ?? "null" }
        for d in drafts {
            for e in d.entities {
                entities += "{\"id\": \(s(e.id)), \"kind\": \(s(e.kind)), \"name\": \(s(e.name)), \"aliases\": []}\n"
            }
            let doc = d.document
            documents += "{\"id\": \(s(doc.id)), \"publisher\": \(s(doc.publisher)), \"title\": \(s(doc.title)), "
                + "\"published\": \(s(doc.published?.description))" + (doc.text.map { ", \"text\": \(s($0))" } ?? "") + "}\n"
            for c in d.claims {
                let r = c.record
                var fields = [
                    ("id", s(r.id)), ("subject", s(r.subject)), ("predicate", s(r.predicate)), ("object", s(r.object)),
                    ("qty", n(r.qty)), ("qty_hi", n(r.qtyHi)), ("unit", s(r.unit)), ("qualifier", s(r.qualifier)),
                    ("date", s(r.date?.description)), ("source", s(r.source)), ("doc", s(r.doc)), ("quote", s(r.quote)),
                ]
                for key in r.attributes.keys.sorted() { fields.append((key, ResultPrinter.json(r.attributes[key]!))) }
                claims += "{" + fields.map { Escapes.quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}\n"
            }
        }
        return (entities, documents, claims)
    }
}

extension ArticleDraft {
    /// The draft as ClaimQL declarations for review (`source` names the article file).
    public func declarations(source: String) -> String { DraftWriter.declarations(self, source: source) }

    /// Drafts as the three interchange JSON Lines files (new entities, documents, claims):
    /// loadable with `--data` beside the graph they were drafted against.
    public static func jsonLines(_ drafts: [ArticleDraft]) -> (entities: String, documents: String, claims: String) {
        DraftWriter.jsonLines(drafts)
    }
}
