/// One analysed script (see `ScriptAnalyzer`): its diagnostics and symbols, and the
/// answers an editor asks for at a position. Positions are UTF-8 byte offsets into the
/// text, as everywhere in ClaimQL; a protocol layer converts them.
public struct ScriptAnalysis {
    let file: SourceFile
    let statements: [Statement]
    /// The loaded data plus this file's declarations.
    let graph: FactGraph
    let session: Session
    /// Every error a run would report before running a query: syntax, data (`load`s and
    /// declarations), names and types in queries.
    public let diagnostics: [Diagnostic]
    /// The files the script's `load` statements name, resolved.
    public let loadedFiles: [String]
    /// Where each id and `let` name is declared and used in this file.
    let occurrences: [Occurrence]

    init(file: SourceFile, statements: [Statement], graph: FactGraph, session: Session,
         diagnostics: [Diagnostic], loadedFiles: [String]) {
        self.file = file
        self.statements = statements
        self.graph = graph
        self.session = session
        self.diagnostics = diagnostics
        self.loadedFiles = loadedFiles
        occurrences = Occurrence.collect(statements, graph)
    }

    /// The text analysed.
    public var text: String { file.slice(SourceRange(0, file.bytes.count)) }

    /// 0-based line and UTF-8 column of a byte offset (protocol layers convert columns).
    public func lineAndColumn(of offset: Int) -> (line: Int, utf8Column: Int) {
        let offset = min(max(offset, 0), file.bytes.count)
        let line = file.lineIndex(of: offset)
        return (line, offset - file.lineStarts[line])
    }

    // MARK: symbols

    public struct Symbol: Sendable, Equatable {
        public enum Kind: String, Sendable { case entity, document, claim, binding }
        public let kind: Kind
        /// The id (or `let` name).
        public let name: String
        /// The entity's name and kind, the document's title, the claim's statement, the query.
        public let detail: String
        /// The whole statement.
        public let range: SourceRange
        /// The id in it.
        public let selectionRange: SourceRange
    }

    /// Entities, documents, claims and `let`s declared in the file, in order.
    public var symbols: [Symbol] {
        statements.compactMap { s -> Symbol? in
            switch s {
            case .entity(let d):
                let detail = d.kind.text.isEmpty ? d.name : "\(d.name) (\(d.kind.text))"
                return Symbol(kind: .entity, name: d.id.text, detail: detail, range: d.range, selectionRange: d.id.range)
            case .document(let d):
                return Symbol(kind: .document, name: d.id.text, detail: d.title ?? "", range: d.range, selectionRange: d.id.range)
            case .claim(let d):
                let words = [d.subject?.text, d.predicate?.text, d.object.map { "\"\($0)\"" }].compactMap { $0 }
                return Symbol(kind: .claim, name: d.id.text, detail: words.joined(separator: " "), range: d.range, selectionRange: d.id.range)
            case .let(let name, let q, let range):
                return Symbol(kind: .binding, name: name.text, detail: file.slice(q.range), range: range, selectionRange: name.range)
            case .query, .load:
                return nil
            }
        }
    }

    // MARK: definitions and references

    /// Where the id or `let` name at `offset` is declared in this file.
    public func definition(at offset: Int) -> SourceRange? {
        guard let o = occurrence(at: offset) else { return nil }
        return occurrences.first { $0.kind == o.kind && $0.name == o.name && $0.isDefinition }?.range
    }

    /// Every place in this file the id or `let` name at `offset` appears.
    public func references(at offset: Int, includeDeclaration: Bool = true) -> [SourceRange] {
        guard let o = occurrence(at: offset) else { return [] }
        return occurrences.filter { $0.kind == o.kind && $0.name == o.name && (includeDeclaration || !$0.isDefinition) }.map(\.range)
    }

    func occurrence(at offset: Int) -> Occurrence? {
        occurrences.first { $0.range.start <= offset && offset <= $0.range.end && $0.range.end > $0.range.start }
    }

    // MARK: completion

    /// What may be typed at `offset`: the library's completion for the statement being
    /// written; inside a declaration block, field names and the ids a value may name.
    public func completions(at offset: Int) -> Completion {
        let offset = min(max(offset, 0), file.bytes.count)
        let start = statementStart(before: offset)
        let bytes = Array(file.bytes[start..<offset])
        if let block = DeclarationContext(bytes) {
            return block.completions(start: start, graph: graph, declared: occurrences)
        }
        let c = session.completions(in: String(decoding: bytes, as: UTF8.self), at: bytes.count)
        return Completion(start: start + c.start, candidates: c.candidates, inString: c.inString)
    }

    /// The start of the statement the cursor is in: statements start at column 0, their
    /// continuation lines are indented (the formatter's layout), comments are skipped.
    func statementStart(before offset: Int) -> Int {
        let (line, _) = lineAndColumn(of: offset)
        var l = line
        while l > 0 {
            let s = file.lineStarts[l]
            let first = s < file.bytes.count ? file.bytes[s] : UInt8(ascii: "\n")
            let isComment = s + 1 < file.bytes.count && first == UInt8(ascii: "-") && file.bytes[s + 1] == UInt8(ascii: "-")
            let startsStatement = first != UInt8(ascii: " ") && first != UInt8(ascii: "\t") && first != UInt8(ascii: "\n")
                && first != UInt8(ascii: "\r") && first != UInt8(ascii: "}") && first != UInt8(ascii: ",") && !isComment
            if startsStatement { return s }
            l -= 1
        }
        return 0
    }
}

/// An id or `let` name written in the file: where it is declared, or used.
struct Occurrence: Sendable {
    let kind: ScriptAnalysis.Symbol.Kind
    let name: String
    let range: SourceRange
    let isDefinition: Bool

    static func collect(_ statements: [Statement], _ g: FactGraph) -> [Occurrence] {
        var out: [Occurrence] = []
        var declared: [String: Set<ScriptAnalysis.Symbol.Kind>] = [:]
        for s in statements {
            switch s {
            case .entity(let d): declared[d.id.text, default: []].insert(.entity)
            case .document(let d): declared[d.id.text, default: []].insert(.document)
            case .claim(let d): declared[d.id.text, default: []].insert(.claim)
            default: break
            }
        }
        /// What a bare id in a field names: the kind the field expects first, then any
        /// kind that has such an id (declared here or loaded).
        func kind(of id: String, key: String) -> ScriptAnalysis.Symbol.Kind? {
            var kinds = declared[id] ?? []
            if g.entities.idIndex[id] != nil { kinds.insert(.entity) }
            if g.documents.idIndex[id] != nil { kinds.insert(.document) }
            if g.claims.row(of: id) != nil { kinds.insert(.claim) }
            let preferred: [ScriptAnalysis.Symbol.Kind] = switch key {
            case "doc": [.document, .entity, .claim]
            case "duplicate_of": [.claim, .document, .entity]
            default: [.entity, .document, .claim]
            }
            return preferred.first { kinds.contains($0) }
        }
        func references(_ fields: [DeclField]) {
            for f in fields where f.key.text != "qualifier" {
                var values = [f.value]
                while let v = values.popLast() {
                    switch v.kind {
                    case .reference(let id):
                        if let k = kind(of: id, key: f.key.text) {
                            out.append(Occurrence(kind: k, name: id, range: v.range, isDefinition: false))
                        }
                    case .list(let items): values += items.reversed()
                    default: break
                    }
                }
            }
        }
        for s in statements {
            switch s {
            case .entity(let d):
                out.append(Occurrence(kind: .entity, name: d.id.text, range: d.id.range, isDefinition: true))
                references(d.fields)
            case .document(let d):
                out.append(Occurrence(kind: .document, name: d.id.text, range: d.id.range, isDefinition: true))
                references(d.fields)
            case .claim(let d):
                out.append(Occurrence(kind: .claim, name: d.id.text, range: d.id.range, isDefinition: true))
                if let subject = d.subject, let k = kind(of: subject.text, key: "subject") {
                    out.append(Occurrence(kind: k, name: subject.text, range: subject.range, isDefinition: false))
                }
                references(d.fields)
            case .let(let name, let q, _):
                out.append(Occurrence(kind: .binding, name: name.text, range: name.range, isDefinition: true))
                out += bindingUses(q)
            case .query(let q):
                out += bindingUses(q)
            case .load:
                break
            }
        }
        return out.sorted { $0.range.start < $1.range.start }
    }

    static func bindingUses(_ q: Query) -> [Occurrence] {
        if case .binding(let name) = q.source { return [Occurrence(kind: .binding, name: name.text, range: name.range, isDefinition: false)] }
        return []
    }
}
