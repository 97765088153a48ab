/// Turns `entity`, `document` and `claim` declarations into a `GraphBatch`. Within one
/// file, declarations may refer to each other in any order (ids are collected first).
struct DeclarationImporter {
    var batch: GraphBatch
    let file: SourceFile
    private(set) var diagnostics: [Diagnostic] = []

    init(_ batch: GraphBatch, file: SourceFile) {
        self.batch = batch
        self.file = file
    }

    private mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic.error(message, at: range, hint: hint).in(file))
    }

    mutating func importDeclarations(_ statements: [Statement]) {
        var entityRows: [(EntityDecl, Int32)] = []
        var documentRows: [(DocumentDecl, Int32)] = []
        // Pass 1: every entity and document id, so references may point forward.
        for s in statements {
            switch s {
            case .entity(let d):
                if batch.entities.idIndex[d.id.text] != nil {
                    error("duplicate entity id `\(d.id.text)`", at: d.id.range)
                    continue
                }
                var name = d.name
                var kindText = d.kind.text
                var aliases: [String] = []
                for f in d.fields {
                    switch f.key.text {
                    case "aliases": aliases = strings(f.value, "aliases")
                    case "name": name = string(f.value, "name") ?? name
                    case "kind": kindText = string(f.value, "kind") ?? kindText
                    default: break
                    }
                }
                let row = batch.entities.add(id: d.id.text, name: name, kind: batch.pool.intern(kindText), aliases: aliases)
                entityRows.append((d, row))
            case .document(let d):
                if batch.documents.idIndex[d.id.text] != nil {
                    error("duplicate document id `\(d.id.text)`", at: d.id.range)
                    continue
                }
                let row = batch.documents.add(id: d.id.text, title: d.title, publisher: -1, published: ClaimTable.missingDate)
                documentRows.append((d, row))
            default:
                continue
            }
        }
        // Pass 2: edges, attributes, publishers.
        for (d, row) in entityRows {
            for f in d.fields where !["aliases", "name", "kind"].contains(f.key.text) {
                switch f.value.kind {
                case .list where isReferenceList(f.value), .reference:
                    for target in references(f.value) {
                        if let t = entity(target.0, at: target.1) { batch.entities.addEdge(f.key.text, from: row, to: t) }
                    }
                default:
                    if let c = literal(f.value) { batch.entities.attributes.set(f.key.text, row: row, c) }
                }
            }
        }
        for (d, row) in documentRows {
            for f in d.fields {
                switch f.key.text {
                case "publisher":
                    if let (target, at) = reference(f.value, "publisher"), let e = entity(target, at: at) {
                        batch.documents.publishers[Int(row)] = e
                    }
                case "published":
                    if let day = date(f.value, "published") { batch.documents.published[Int(row)] = day }
                case "title":
                    if let t = string(f.value, "title") { batch.documents.titles[Int(row)] = t }
                default:
                    if let c = literal(f.value) { batch.documents.attributes.set(f.key.text, row: row, c) }
                }
            }
        }
        // Pass 3: claims.
        for s in statements {
            if case .claim(let d) = s { importClaim(d) }
        }
    }

    private mutating func importClaim(_ d: ClaimDecl) {
        guard !batch.hasClaim(d.id.text) else {
            error("duplicate claim id `\(d.id.text)`", at: d.id.range)
            return
        }
        var subject = entity(d.subject.text, at: d.subject.range) ?? -1
        var predicate = batch.pool.intern(d.predicate.text)
        var object: Int32 = d.object.map { batch.pool.intern($0) } ?? -1
        var qty = Double.nan, qtyHi = Double.nan
        var unit: Int32 = -1, qualifier: UInt8 = 0, date = ClaimTable.missingDate
        var source: Int32 = -1, doc: Int32 = -1
        var quote: String? = nil
        var extras: [(String, Cell)] = []
        for f in d.fields {
            switch f.key.text {
            case "qty":
                switch f.value.kind {
                case .number(let v): qty = v
                case .range(let lo, let hi):
                    qty = lo; qtyHi = hi
                    if qualifier == 0 { qualifier = Qualifier.range.code }
                default: error("`qty` must be a number or a range `low..high`", at: f.value.range)
                }
            case "qty_hi":
                if case .number(let v) = f.value.kind { qtyHi = v } else { error("`qty_hi` must be a number", at: f.value.range) }
            case "unit": unit = string(f.value, "unit").map { batch.pool.intern($0) } ?? -1
            case "qualifier":
                guard case .reference(let word) = f.value.kind, let q = Qualifier(rawValue: word) else {
                    let names = Qualifier.allCases.map(\.rawValue)
                    var hint = "one of \(names.joined(separator: ", "))"
                    if case .reference(let word) = f.value.kind, let best = Spelling.closest(to: word, in: names) {
                        hint = "did you mean `\(best)`?"
                    }
                    error("unknown qualifier `\(file.slice(f.value.range))`", at: f.value.range, hint: hint)
                    continue
                }
                qualifier = q.code
            case "date": date = self.date(f.value, "date") ?? date
            case "source":
                if let (t, at) = reference(f.value, "source") { source = entity(t, at: at) ?? -1 }
            case "subject":
                if let (t, at) = reference(f.value, "subject") { subject = entity(t, at: at) ?? -1 }
            case "doc":
                if let (t, at) = reference(f.value, "doc") {
                    if let row = batch.documents.idIndex[t] { doc = row } else {
                        let hint = Spelling.closest(to: t, in: batch.documents.ids).map { "did you mean `\($0)`?" }
                        error("unknown document `\(t)`", at: at, hint: hint)
                    }
                }
            case "quote": quote = string(f.value, "quote")
            case "predicate": predicate = string(f.value, "predicate").map { batch.pool.intern($0) } ?? predicate
            case "object": object = string(f.value, "object").map { batch.pool.intern($0) } ?? object
            default:
                if let c = literal(f.value) { extras.append((f.key.text, c)) }
            }
        }
        let row = batch.claims.append(id: d.id.text, subject: subject, predicate: predicate, object: object,
                                      qty: qty, qtyHi: qtyHi, unit: unit, qualifier: qualifier, date: date,
                                      source: source, doc: doc, quote: quote)
        for (k, c) in extras { batch.claims.attributes.set(k, row: row, c) }
    }

    // MARK: value helpers

    private mutating func entity(_ id: String, at range: SourceRange) -> Int32? {
        if let row = batch.entities.idIndex[id] { return row }
        let hint = Spelling.closest(to: id, in: batch.entities.ids).map { "did you mean `\($0)`?" }
        error("unknown entity `\(id)`", at: range, hint: hint)
        return nil
    }

    private mutating func string(_ v: DeclValue, _ key: String) -> String? {
        if case .string(let s) = v.kind { return s }
        error("`\(key)` must be a string in double quotes", at: v.range)
        return nil
    }

    private mutating func strings(_ v: DeclValue, _ key: String) -> [String] {
        switch v.kind {
        case .string(let s): return [s]
        case .list(let items): return items.compactMap { string($0, key) }
        default:
            error("`\(key)` must be a list of strings, such as [\"DPRK\", \"Pyongyang\"]", at: v.range)
            return []
        }
    }

    private mutating func date(_ v: DeclValue, _ key: String) -> Int32? {
        if case .date(let d) = v.kind { return d.daysSinceEpoch }
        error("`\(key)` must be a date such as 2024-06-01 (no quotes)", at: v.range)
        return nil
    }

    private mutating func reference(_ v: DeclValue, _ key: String) -> (String, SourceRange)? {
        if case .reference(let id) = v.kind { return (id, v.range) }
        let hint: String? = if case .string(let s) = v.kind { "ids are written bare: `\(key): \(s.filter { $0.isLetter || $0.isNumber || $0 == "_" })`" } else { nil }
        error("`\(key)` must be an id (a bare name)", at: v.range, hint: hint)
        return nil
    }

    private func isReferenceList(_ v: DeclValue) -> Bool {
        guard case .list(let items) = v.kind, !items.isEmpty else { return false }
        return items.allSatisfy { if case .reference = $0.kind { return true }; return false }
    }

    private func references(_ v: DeclValue) -> [(String, SourceRange)] {
        switch v.kind {
        case .reference(let id): return [(id, v.range)]
        case .list(let items): return items.flatMap { references($0) }
        default: return []
        }
    }

    private mutating func literal(_ v: DeclValue) -> Cell? {
        switch v.kind {
        case .string(let s): return .string(s)
        case .number(let d): return .number(d)
        case .range(let lo, let hi): return .list([.number(lo), .number(hi)])
        case .date(let d): return .date(d.daysSinceEpoch)
        case .bool(let b): return .bool(b)
        case .list(let items): return .list(items.compactMap { literal($0) })
        case .reference(let id):
            error("`\(id)` is a bare name, but this field holds text", at: v.range,
                  hint: "put text in double quotes: \"\(id)\"")
            return nil
        }
    }
}
