/// Hover text for a position: what an id, name, field or keyword there stands for, as
/// Markdown (what language clients show).
public struct Hover: Sendable, Equatable {
    public let markdown: String
    /// The word or literal hovered.
    public let range: SourceRange
}

extension ScriptAnalysis {
    public func hover(at offset: Int) -> Hover? {
        if let o = occurrence(at: offset), let text = describe(o.kind, o.name) {
            return Hover(markdown: text, range: o.range)
        }
        if let inQuery = queryHover(at: offset) { return inQuery }
        if let inDeclaration = declarationKeyHover(at: offset) { return inDeclaration }
        let (tokens, _, _) = Lexer.tokensAndComments(file)
        if let t = tokens.first(where: { $0.range.start <= offset && offset < $0.range.end }),
           case .keyword(let k) = t.kind {
            return Hover(markdown: "`\(k.rawValue)`: \(k.help)", range: t.range)
        }
        return nil
    }

    // MARK: what things are

    func describe(_ kind: Symbol.Kind, _ id: String) -> String? {
        switch kind {
        case .entity: return graph.entities.idIndex[id].map(describeEntity)
        case .document:
            guard let row = graph.documents.idIndex[id].map(Int.init) else { return nil }
            var facts: [String] = []
            let publisher = graph.documents.publishers[row]
            if publisher >= 0 { facts.append("publisher \(graph.entities.names[Int(publisher)])") }
            let day = graph.documents.published[row]
            if day != ClaimTable.missingDate { facts.append("published \(Day(daysSinceEpoch: day))") }
            let claims = graph.index.claimsByDoc.span(Int32(row)).count
            facts.append(claims == 1 ? "1 claim" : "\(claims) claims")
            return "**\(graph.documents.titles[row] ?? id)**: document `\(id)`\n\n" + facts.joined(separator: " · ")
        case .claim:
            guard let row = graph.claims.row(of: id).map(Int.init) else { return nil }
            return describeClaim(row)
        case .binding:
            for case .let(let name, let q, _) in statements where name.text == id {
                return "`let \(id)` =\n```claimql\n\(file.slice(q.range))\n```"
            }
            return nil
        }
    }

    func describeEntity(_ row: Int32) -> String {
        let e = graph.entities, r = Int(row)
        let kind = e.kinds[r] >= 0 ? graph.pool[e.kinds[r]] : ""
        var lines = ["**\(e.names[r])**" + (kind.isEmpty ? "" : " (\(kind))") + ": entity `\(e.ids[r])`"]
        if !e.aliases[r].isEmpty { lines.append("also: " + e.aliases[r].joined(separator: ", ")) }
        let related = e.edges.keys.sorted().compactMap { relation -> String? in
            let targets = e.edges[relation]![r]
            guard !targets.isEmpty else { return nil }
            return "\(relation): " + targets.map { e.names[Int($0)] }.joined(separator: ", ")
        }
        if !related.isEmpty { lines.append(related.joined(separator: " · ")) }
        let said = graph.index.claimsBySource.span(row).count, about = graph.index.claimsBySubject.span(row).count
        lines.append("\(said) claim\(said == 1 ? "" : "s") as source, \(about) as subject")
        return lines.joined(separator: "\n\n")
    }

    func describeClaim(_ r: Int) -> String {
        let c = graph.claims
        let subject = c.subjects[r] >= 0 ? graph.entities.names[Int(c.subjects[r])] : "?"
        let predicate = c.predicates[r] >= 0 ? graph.pool[c.predicates[r]] : ""
        let object = c.objects[r] >= 0 ? " \"\(graph.pool[c.objects[r]])\"" : ""
        var facts: [String] = []
        if !c.qty[r].isNaN {
            var figure = Value.number(c.qty[r]).description
            if !c.qtyHi[r].isNaN { figure += "..\(Value.number(c.qtyHi[r]).description)" }
            if c.units[r] >= 0 { figure += " \(graph.pool[c.units[r]])" }
            if let q = Qualifier(code: c.qualifiers[r]) { figure += " (\(q.rawValue))" }
            facts.append(figure)
        }
        if c.dates[r] != ClaimTable.missingDate { facts.append(Day(daysSinceEpoch: c.dates[r]).description) }
        if c.sources[r] >= 0 { facts.append("source \(graph.entities.names[Int(c.sources[r])])") }
        if c.docs[r] >= 0 { facts.append("in \(graph.documents.ids[Int(c.docs[r])])") }
        var text = "claim `\(c.ids[r])`: \(subject) \(predicate)\(object)"
        if !facts.isEmpty { text += "\n\n" + facts.joined(separator: " · ") }
        if let quote = c.quotes[Int32(r)] { text += "\n\n> \(quote)" }
        return text
    }

    // MARK: in queries

    /// A field in a query's path (its type), or a string that names entities (who they are).
    func queryHover(at offset: Int) -> Hover? {
        for s in statements {
            let q: Query
            switch s {
            case .query(let x): q = x
            case .let(_, let x, _): q = x
            default: continue
            }
            guard q.range.start <= offset, offset <= q.range.end else { continue }
            let node: NodeKind? = switch q.source {
            case .collection(let c, _): NodeKind(c)
            case .binding(let name): session.lets.bindings[name.text].map { NodeKind($0.collection) }
            case .pairs: nil
            }
            for clause in q.clauses {
                for e in Self.expressions(of: clause) {
                    if let h = hover(in: e, offset, node) { return h }
                }
            }
        }
        return nil
    }

    static func expressions(of clause: Clause) -> [Expr] {
        switch clause {
        case .where(let e): return [e]
        case .orderBy(let keys, _): return keys.map(\.expr)
        case .limit(let e, _), .offset(let e, _): return [e]
        case .select(let items, _): return items.map(\.expr)
        case .groupBy(let es, _), .latest(let es, _): return es
        case .distinct, .evidence: return []
        }
    }

    func hover(in root: Expr, _ offset: Int, _ node: NodeKind?) -> Hover? {
        var stack = [root]
        while let e = stack.popLast() {
            guard e.range.start <= offset, offset <= e.range.end else { continue }
            switch e.kind {
            case .path(let names):
                var at = node
                for (i, name) in names.enumerated() {
                    guard let n = at, let field = Field.resolve(name.text, on: n, in: graph) else { break }
                    if name.range.start <= offset, offset <= name.range.end {
                        return Hover(markdown: "`\(name.text)`: \(field.type.name), a field of \(n.collection.rawValue)", range: name.range)
                    }
                    at = i + 1 < names.count ? field.type.node : nil
                }
            case .string(let text):
                let rows = graph.index.entities(named: text)
                guard !rows.isEmpty else { return nil }
                let shown = rows.prefix(5).map(describeEntity).joined(separator: "\n\n---\n\n")
                let more = rows.count > 5 ? "\n\n(and \(rows.count - 5) more)" : ""
                return Hover(markdown: "\"\(text)\" names:\n\n" + shown + more, range: e.range)
            case .call(_, let args), .list(let args): stack += args
            case .not(let x), .negate(let x), .isNull(let x, _), .modal(_, let x): stack.append(x)
            case .binary(_, let a, let b), .inList(let a, let b, _): stack += [a, b]
            case .between(let a, let b, let c, _): stack += [a, b, c]
            case .number, .date, .bool, .null, .parameter: break
            }
        }
        return nil
    }

    /// A field name in a declaration block: its type.
    func declarationKeyHover(at offset: Int) -> Hover? {
        for s in statements where s.range.start <= offset && offset <= s.range.end {
            let node: NodeKind, fields: [DeclField]
            switch s {
            case .entity(let d): (node, fields) = (.entity, d.fields)
            case .document(let d): (node, fields) = (.document, d.fields)
            case .claim(let d): (node, fields) = (.claim, d.fields)
            default: continue
            }
            for f in fields where f.key.range.start <= offset && offset <= f.key.range.end {
                let type = Field.resolve(f.key.text, on: node, in: graph)?.type.name ?? "value"
                return Hover(markdown: "`\(f.key.text)`: \(type), a field of \(node.collection.rawValue)", range: f.key.range)
            }
        }
        return nil
    }
}
