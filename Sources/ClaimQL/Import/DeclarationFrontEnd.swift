/// Turns `entity`, `document` and `claim` declarations into drafts. What only the syntax
/// can tell (a field that needs a string, a date or a bare id) is reported here; ids,
/// references and figures are the builder's to check. Within one file, declarations may
/// refer to each other in any order: entities and documents go to the builder first.
struct DeclarationFrontEnd {
    let file: SourceFile
    private(set) var diagnostics: [Diagnostic] = []

    init(file: SourceFile) { self.file = file }

    private mutating func error(_ message: String, at range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic.error(message, at: range, hint: hint).in(file))
    }

    private func at(_ r: SourceRange) -> Origin { .text(file, r) }

    /// The declarations of `statements`, added to the builder: entities and documents,
    /// their references resolved, then claims.
    mutating func add(_ statements: [Statement], to builder: inout BatchBuilder) {
        var claims: [ClaimDecl] = []
        for s in statements {
            switch s {
            case .entity(let d): builder.add(entity(d))
            case .document(let d): builder.add(document(d))
            case .claim(let d): claims.append(d)
            case .query, .let, .load: continue
            }
        }
        builder.resolvePending()
        for d in claims { builder.add(claim(d)) }
    }

    private mutating func entity(_ d: EntityDecl) -> EntityDraft {
        var draft = EntityDraft(id: Located(value: d.id.text, at: at(d.id.range)), name: d.name, kind: d.kind.text)
        for f in d.fields {
            switch f.key.text {
            case "aliases": draft.aliases = strings(f.value, "aliases")
            case "name": draft.name = string(f.value, "name") ?? draft.name
            case "kind": draft.kind = string(f.value, "kind") ?? draft.kind
            default:
                switch f.value.kind {
                case .list where isReferenceList(f.value), .reference:
                    for (target, range) in references(f.value) {
                        draft.edges.append((f.key.text, Located(value: target, at: at(range))))
                    }
                default:
                    if let c = literal(f.value) { draft.attributes.append((f.key.text, c)) }
                }
            }
        }
        return draft
    }

    private mutating func document(_ d: DocumentDecl) -> DocumentDraft {
        var draft = DocumentDraft(id: Located(value: d.id.text, at: at(d.id.range)), title: d.title)
        for f in d.fields {
            switch f.key.text {
            case "publisher":
                if let (id, range) = reference(f.value, "publisher") { draft.publisher = Located(value: id, at: at(range)) }
            case "published":
                if let day = date(f.value, "published") { draft.published = day }
            case "title":
                if let t = string(f.value, "title") { draft.title = t }
            case "text":
                if let t = string(f.value, "text") { draft.text = t }
            default:
                if let c = literal(f.value) { draft.attributes.append((f.key.text, c)) }
            }
        }
        return draft
    }

    private mutating func claim(_ d: ClaimDecl) -> ClaimDraft {
        var draft = ClaimDraft(id: Located(value: d.id.text, at: at(d.id.range)))
        draft.subject = d.subject.map { Located(value: $0.text, at: at($0.range)) }
        draft.predicate = d.predicate?.text
        draft.object = d.object
        for f in d.fields {
            let here = at(f.value.range)
            switch f.key.text {
            case "qty":
                switch f.value.kind {
                case .number(let v): draft.qty = Located(value: v, at: here)
                case .range(let lo, let hi):
                    draft.qty = Located(value: lo, at: here)
                    draft.qtyHi = Located(value: hi, at: here)
                default: error("`qty` must be a number or a range `low..high`", at: f.value.range)
                }
            case "qty_hi":
                if case .number(let v) = f.value.kind { draft.qtyHi = Located(value: v, at: here) } else {
                    error("`qty_hi` must be a number", at: f.value.range)
                }
            case "unit": draft.unit = string(f.value, "unit").map { Located(value: $0, at: here) }
            case "qualifier":
                guard case .reference(let word) = f.value.kind else {
                    error("`qualifier` must be a bare word such as `approx`", at: f.value.range,
                          hint: "qualifiers are \(Qualifier.allCases.map(\.rawValue).joined(separator: ", "))")
                    continue
                }
                draft.qualifier = Located(value: word, at: here)
            case "date": if let day = date(f.value, "date") { draft.date = day }
            case "source":
                if let (id, range) = reference(f.value, "source") { draft.source = Located(value: id, at: at(range)) }
            case "subject":
                if let (id, range) = reference(f.value, "subject") { draft.subject = Located(value: id, at: at(range)) }
            case "doc":
                if let (id, range) = reference(f.value, "doc") { draft.doc = Located(value: id, at: at(range)) }
            case "quote": draft.quote = string(f.value, "quote")
            case "predicate": draft.predicate = string(f.value, "predicate") ?? draft.predicate
            case "object": draft.object = string(f.value, "object") ?? draft.object
            default:
                if let c = literal(f.value) { draft.attributes.append((f.key.text, c)) }
            }
        }
        return draft
    }

    // MARK: value helpers

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
        case .string, .number, .range, .date, .bool: return []
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
