/// Turns Swift-value records (`ClaimGraph.add`) into drafts. A record has no source text,
/// so an error about one is shown against the record written as a JSON line, with the
/// caret under the field: `<claims>:4:25: error: unknown entity "nobody" in `source``
/// (line 4 is the fourth record).
enum RecordFrontEnd {
    static func add(_ entities: [EntityRecord], _ documents: [DocumentRecord], _ claims: [ClaimRecord],
                    to builder: inout BatchBuilder) {
        let entityTexts = RecordTexts(.entities(entities))
        for (k, e) in entities.enumerated() {
            func at(_ field: String) -> Origin { .record(entityTexts, index: k, field: field) }
            var draft = EntityDraft(id: Located(value: e.id, at: at("id")), name: e.name, kind: e.kind, aliases: e.aliases)
            for (relation, targets) in e.edges.sorted(by: { $0.key < $1.key }) {
                for t in targets { draft.edges.append((relation, Located(value: t, at: at(relation)))) }
            }
            draft.attributes = e.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value.cell) }
            builder.add(draft)
        }
        let documentTexts = RecordTexts(.documents(documents))
        for (k, d) in documents.enumerated() {
            func at(_ field: String) -> Origin { .record(documentTexts, index: k, field: field) }
            var draft = DocumentDraft(id: Located(value: d.id, at: at("id")), title: d.title)
            draft.publisher = d.publisher.map { Located(value: $0, at: at("publisher")) }
            draft.published = d.published?.daysSinceEpoch ?? ClaimTable.missingDate
            draft.text = d.text
            draft.attributes = d.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value.cell) }
            builder.add(draft)
        }
        builder.resolvePending()
        let claimTexts = RecordTexts(.claims(claims))
        for (k, c) in claims.enumerated() {
            func at(_ field: String) -> Origin { .record(claimTexts, index: k, field: field) }
            var draft = ClaimDraft(id: Located(value: c.id, at: at("id")))
            draft.subject = c.subject.map { Located(value: $0, at: at("subject")) }
            draft.predicate = c.predicate
            draft.object = c.object
            draft.qty = c.qty.map { Located(value: $0, at: at("qty")) }
            draft.qtyHi = c.qtyHi.map { Located(value: $0, at: at("qty_hi")) }
            draft.unit = c.unit.map { Located(value: $0, at: at("unit")) }
            draft.qualifier = c.qualifier.map { Located(value: $0, at: at("qualifier")) }
            draft.date = c.date?.daysSinceEpoch ?? ClaimTable.missingDate
            draft.source = c.source.map { Located(value: $0, at: at("source")) }
            draft.doc = c.doc.map { Located(value: $0, at: at("doc")) }
            draft.quote = c.quote
            draft.attributes = c.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value.cell) }
            builder.add(draft)
        }
    }

}

/// The records of one `add` call, written as JSON lines only when a message points at one.
final class RecordTexts: Sendable {
    enum Records: Sendable {
        case entities([EntityRecord])
        case documents([DocumentRecord])
        case claims([ClaimRecord])
    }
    private let records: Records

    init(_ records: Records) { self.records = records }

    var name: String {
        switch records {
        case .entities: return "<entities>"
        case .documents: return "<documents>"
        case .claims: return "<claims>"
        }
    }

    /// Record `index` as the fields of a JSON line.
    private func fields(_ index: Int) -> [(String, String)] {
        func s(_ v: String?) -> String { v.map(Escapes.quote) ?? "null" }
        func n(_ v: Double?) -> String { v.map(Expr.number) ?? "null" }
        switch records {
        case .entities(let all):
            let e = all[index]
            return [("id", s(e.id)), ("name", s(e.name)), ("kind", s(e.kind))]
                + e.edges.sorted { $0.key < $1.key }.map { ($0.key, "[" + $0.value.map(Escapes.quote).joined(separator: ", ") + "]") }
        case .documents(let all):
            let d = all[index]
            return [("id", s(d.id)), ("title", s(d.title)), ("publisher", s(d.publisher)), ("published", s(d.published?.description))]
        case .claims(let all):
            let c = all[index]
            return [("id", s(c.id)), ("subject", s(c.subject)), ("predicate", s(c.predicate)), ("object", s(c.object)),
                    ("qty", n(c.qty)), ("qty_hi", n(c.qtyHi)), ("unit", s(c.unit)), ("qualifier", s(c.qualifier)),
                    ("date", s(c.date?.description)), ("source", s(c.source)), ("doc", s(c.doc)), ("quote", s(c.quote))]
        }
    }

    /// Record `index` as a one-line source file, and the range of `field`'s value in it.
    func locate(_ index: Int, _ field: String) -> (SourceFile, SourceRange) {
        var text = "{"
        var range = SourceRange(0, 1)
        for (k, (key, value)) in fields(index).enumerated() {
            if k > 0 { text += ", " }
            text += Escapes.quote(key) + ": "
            if key == field { range = SourceRange(text.utf8.count, text.utf8.count + value.utf8.count) }
            text += value
        }
        text += "}"
        return (SourceFile(name: name, bytes: Array(text.utf8), firstLine: index + 1), range)
    }
}
