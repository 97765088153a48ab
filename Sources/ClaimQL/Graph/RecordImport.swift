/// Adds Swift-value records to a batch, with the same checks as the other loaders. The
/// diagnostics have no source position: they name the record instead.
struct RecordImporter {
    var batch: GraphBatch
    private(set) var diagnostics: [Diagnostic] = []

    init(_ batch: GraphBatch) { self.batch = batch }

    private mutating func error(_ message: String) {
        diagnostics.append(Diagnostic.error(message, at: .none))
    }

    mutating func add(_ entities: [EntityRecord], _ documents: [DocumentRecord], _ claims: [ClaimRecord]) {
        var rows: [(EntityRecord, Int32)] = []
        for e in entities {
            guard batch.entities.idIndex[e.id] == nil else { error("duplicate entity id \"\(e.id)\""); continue }
            let row = batch.entities.add(id: e.id, name: e.name, kind: batch.pool.intern(e.kind), aliases: e.aliases)
            for (key, v) in e.attributes { batch.entities.attributes.set(key, row: row, v.cell) }
            rows.append((e, row))
        }
        for (e, row) in rows {
            for (relation, targets) in e.edges.sorted(by: { $0.key < $1.key }) {
                for t in targets {
                    guard let target = batch.entities.idIndex[t] else {
                        error("entity \"\(e.id)\": unknown entity \"\(t)\" in `\(relation)`"); continue
                    }
                    batch.entities.addEdge(relation, from: row, to: target)
                }
            }
        }
        for d in documents {
            guard batch.documents.idIndex[d.id] == nil else { error("duplicate document id \"\(d.id)\""); continue }
            var publisher: Int32 = -1
            if let p = d.publisher {
                if let e = batch.entities.idIndex[p] { publisher = e } else {
                    error("document \"\(d.id)\": unknown entity \"\(p)\" in `publisher`")
                }
            }
            let row = batch.documents.add(id: d.id, title: d.title, publisher: publisher,
                                          published: d.published?.daysSinceEpoch ?? ClaimTable.missingDate)
            for (key, v) in d.attributes { batch.documents.attributes.set(key, row: row, v.cell) }
        }
        for c in claims { add(c) }
    }

    private mutating func add(_ c: ClaimRecord) {
        guard !batch.hasClaim(c.id) else { error("duplicate claim id \"\(c.id)\""); return }
        func entity(_ id: String?, _ field: String) -> Int32 {
            guard let id else { return -1 }
            if let row = batch.entities.idIndex[id] { return row }
            error("claim \"\(c.id)\": unknown entity \"\(id)\" in `\(field)`")
            return -1
        }
        var qualifier: UInt8 = 0
        if let q = c.qualifier {
            if let v = Qualifier(rawValue: q) { qualifier = v.code } else {
                error("claim \"\(c.id)\": unknown qualifier \"\(q)\"")
            }
        }
        var doc: Int32 = -1
        if let d = c.doc {
            if let row = batch.documents.idIndex[d] { doc = row } else {
                error("claim \"\(c.id)\": unknown document \"\(d)\" in `doc`")
            }
        }
        let subject = entity(c.subject, "subject"), source = entity(c.source, "source")
        let row = batch.claims.append(
            id: c.id, subject: subject, predicate: c.predicate.map { batch.pool.intern($0) } ?? -1,
            object: c.object.map { batch.pool.intern($0) } ?? -1, qty: c.qty ?? .nan, qtyHi: c.qtyHi ?? .nan,
            unit: c.unit.map { batch.pool.intern($0) } ?? -1, qualifier: qualifier,
            date: c.date?.daysSinceEpoch ?? ClaimTable.missingDate, source: source, doc: doc, quote: c.quote)
        for (key, v) in c.attributes { batch.claims.attributes.set(key, row: row, v.cell) }
    }
}
