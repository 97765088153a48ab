import Foundation

/// Reads JSON Lines in the interchange schema (entities.jsonl, documents.jsonl,
/// claims.jsonl; see README) into drafts for the builder. Unknown keys become extra
/// attributes. What the JSON itself gets wrong (syntax, a field of the wrong type, a bad
/// date) is reported here at file:line:column; ids, references and figures are checked
/// by the builder. Most lines take a fast path (`ClaimsFastPath`, `DocumentsFastPath`,
/// `EntitiesFastPath`), which knows the schema, makes no JSON tree and hands anything
/// unusual back to this reader.
struct JSONLImporter {
    enum Kind: String { case entities, documents, claims }

    static let maxErrors = 20
    var builder: BatchBuilder
    private(set) var diagnostics: [Diagnostic] = []
    /// Builder messages before this file started, so the cap counts this file's only.
    private let builderStart: Int

    init(_ builder: BatchBuilder) {
        self.builder = builder
        builderStart = builder.diagnostics.count
    }

    var tooManyErrors: Bool { diagnostics.count + builder.diagnostics.count - builderStart >= JSONLImporter.maxErrors }

    /// Imports a whole file's bytes.
    mutating func importFile(name: String, bytes: [UInt8], kind: Kind) {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if kind == .claims { builder.batch.claims.reserve(bytes.count / 250) }
        bytes.withUnsafeBufferPointer { buffer in
            _ = importLines(name: name, buffer, from: start, firstLine: 1, kind: kind)
        }
        finish(name: name)
    }

    /// Kept from one window of a claims file to the next: its id tables are built once.
    private var fast: ClaimsFastPath? = nil
    private var documents = DocumentsFastPath()
    private var entities = EntitiesFastPath()
    /// Off only in tests, which check that both paths read the same lines the same way.
    var usesFastPath = true

    /// Imports every complete line of `buffer[from...]` (a line ends with a newline, or at
    /// the end of the buffer); `firstLine` is the line number of `buffer[from]`. Returns
    /// the number of lines read.
    mutating func importLines(name: String, _ buffer: UnsafeBufferPointer<UInt8>, from: Int, firstLine: Int, kind: Kind) -> Int {
        var start = from
        var line = firstLine
        let n = buffer.count
        if kind == .claims && usesFastPath {
            if fast == nil { fast = ClaimsFastPath() }
            // A block of lines at a time; the lines the fast path declines go to the
            // general reader in their place, so everything keeps file order.
            while start < n && !tooManyErrors {
                let next = fast!.stage(buffer, from: start, to: n, batch: &builder.batch)
                for k in 0..<fast!.count {
                    if tooManyErrors { return line - firstLine }
                    if !fast!.commit(k, buffer, into: &builder.batch) {
                        let (s, e) = fast!.line(k)
                        importLine(name: name, Array(buffer[s..<e]), line: line, kind: kind)
                    }
                    line += 1
                }
                start = next
            }
            return line - firstLine
        }
        var lines = JSONLines(buffer, start..<n)
        while !tooManyErrors, let (s, e) = lines.next() {
            defer { line += 1 }
            if usesFastPath {
                switch kind {
                case .documents: if documents.importLine(buffer, s, e, into: &builder.batch) { continue }
                case .entities: if entities.importLine(name: name, buffer, s, e, number: line, into: &builder) { continue }
                case .claims: break
                }
            }
            importLine(name: name, Array(buffer[s..<e]), line: line, kind: kind)
        }
        return line - firstLine
    }

    /// One line through the general parser: every kind, every irregularity, every error.
    private mutating func importLine(name: String, _ bytes: [UInt8], line: Int, kind: Kind) {
        var reader = JSONReader(bytes, from: 0, to: bytes.count)
        reader.skipSpace()
        if reader.pos == bytes.count { return } // blank line
        let source = JSONLine(name: name, bytes: bytes, number: line)
        var errors: [(String, Int, String?)] = []
        func report(_ message: String, at offset: Int, hint: String? = nil) { errors.append((message, offset, hint)) }
        defer {
            for (message, offset, hint) in errors {
                diagnostics.append(Origin.line(source, offset: offset).diagnostic(message, hint: hint))
            }
        }
        let value: JSONValue
        do {
            value = try reader.value()
            reader.skipSpace()
            if reader.pos < bytes.count {
                report("unexpected text after the JSON object", at: reader.pos, hint: "JSON Lines holds one object per line")
                return
            }
        } catch {
            report(error.message, at: error.offset)
            return
        }
        guard case .object(let members) = value else {
            report("expected a JSON object, found \(value.typeName)", at: 0)
            return
        }
        var record = Record(members: members, line: source, report: report)
        // A line with a type error adds nothing (its other errors are still reported).
        switch kind {
        case .entities: if let d = entity(&record), errors.isEmpty { builder.add(d) }
        case .documents: if let d = document(&record), errors.isEmpty { builder.add(d) }
        case .claims: if let d = claim(&record), errors.isEmpty { builder.add(d) }
        }
    }

    /// Resolves the references collected from a file (edges may name later entities).
    mutating func finish(name: String) {
        builder.resolvePending()
    }

    /// One JSON object, with typed accessors that report a wrong type at the value.
    struct Record {
        let members: [(key: String, value: JSONValue, offset: Int)]
        let line: JSONLine
        let report: (String, Int, String?) -> Void
        /// Which members a field accessor asked for (by position: a Set of key strings per
        /// line was a sixth of loading entities and documents).
        var used: [Bool]

        init(members: [(key: String, value: JSONValue, offset: Int)], line: JSONLine,
             report: @escaping (String, Int, String?) -> Void) {
            self.members = members
            self.line = line
            self.report = report
            used = Array(repeating: false, count: members.count)
        }

        func at(_ offset: Int) -> Origin { .line(line, offset: offset) }

        /// The required `id`.
        mutating func id() -> Located<String>? {
            guard let (s, offset) = string("id", required: true) else { return nil }
            return Located(value: s, at: at(offset))
        }

        /// A string field with where it was written.
        mutating func located(_ key: String) -> Located<String>? {
            guard let (s, offset) = string(key) else { return nil }
            return Located(value: s, at: at(offset))
        }

        mutating func locatedNumber(_ key: String) -> Located<Double>? {
            guard let (v, offset) = raw(key) else { return nil }
            switch v {
            case .number(let d): return Located(value: d, at: at(offset))
            case .null: return nil
            default:
                report("`\(key)` must be a number or null, found \(v.typeName)", offset, nil)
                return nil
            }
        }

        mutating func raw(_ key: String) -> (JSONValue, Int)? {
            var found: (JSONValue, Int)? = nil
            for i in members.indices where members[i].key == key {
                used[i] = true
                if found == nil { found = (members[i].value, members[i].offset) }
            }
            return found
        }

        mutating func string(_ key: String, required: Bool = false) -> (String, Int)? {
            guard let (v, at) = raw(key) else {
                if required { report("missing `\(key)`", 0, nil) }
                return nil
            }
            switch v {
            case .string(let s): return (s, at)
            case .null:
                if required { report("`\(key)` must not be null", at, nil) }
                return nil
            default:
                report("`\(key)` must be a string, found \(v.typeName)", at, nil)
                return nil
            }
        }

        mutating func number(_ key: String) -> Double? {
            guard let (v, at) = raw(key) else { return nil }
            switch v {
            case .number(let d): return d
            case .null: return nil
            default:
                report("`\(key)` must be a number or null, found \(v.typeName)", at, nil)
                return nil
            }
        }

        mutating func date(_ key: String) -> Int32 {
            guard let (s, at) = string(key) else { return ClaimTable.missingDate }
            guard let d = Day(iso: s) else {
                report("`\(key)` is not a valid date: \"\(s)\"", at, "dates are \"YYYY-MM-DD\"")
                return ClaimTable.missingDate
            }
            return d.daysSinceEpoch
        }

        /// The keys nobody asked for: extra attributes.
        var extras: [(String, JSONValue)] {
            members.indices.filter { !used[$0] }.map { (members[$0].key, members[$0].value) }
        }
    }

    static func cell(_ v: JSONValue) -> Cell {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map { cell($0.0) })
        case .object(let members):
            // Nested objects are kept as a list of "key=value" strings: rare, and still searchable.
            return .list(members.map { .string("\($0.key)=\(cell($0.value))") })
        }
    }

    private func entity(_ r: inout Record) -> EntityDraft? {
        guard let id = r.id() else { return nil }
        var draft = EntityDraft(id: id, name: r.string("name")?.0 ?? id.value, kind: r.string("kind")?.0 ?? "")
        if let (v, at) = r.raw("aliases") {
            switch v {
            case .array(let items):
                for (item, itemAt) in items {
                    if case .string(let s) = item { draft.aliases.append(s) } else {
                        r.report("`aliases` must hold strings, found \(item.typeName)", itemAt, nil)
                    }
                }
            case .null: break
            default: r.report("`aliases` must be an array of strings, found \(v.typeName)", at, nil)
            }
        }
        func edgeTargets(_ relation: String, _ v: JSONValue, _ at: Int) {
            switch v {
            case .null: break
            case .string(let t): draft.edges.append((relation, Located(value: t, at: r.at(at))))
            case .array(let items):
                for (item, itemAt) in items {
                    if case .string(let t) = item { draft.edges.append((relation, Located(value: t, at: r.at(itemAt)))) } else {
                        r.report("`\(relation)` must hold entity ids, found \(item.typeName)", itemAt, nil)
                    }
                }
            default: r.report("`\(relation)` must be an entity id, found \(v.typeName)", at, nil)
            }
        }
        for relation in ["affiliation", "country"] {
            if let (v, at) = r.raw(relation) { edgeTargets(relation, v, at) }
        }
        if let (v, at) = r.raw("edges") {
            if case .object(let members) = v {
                for m in members { edgeTargets(m.key, m.value, m.offset) }
            } else if case .null = v {
            } else {
                r.report("`edges` must be an object of relation: entity id, found \(v.typeName)", at, nil)
            }
        }
        draft.attributes = r.extras.map { ($0.0, JSONLImporter.cell($0.1)) }
        return draft
    }

    private func document(_ r: inout Record) -> DocumentDraft? {
        guard let id = r.id() else { return nil }
        var draft = DocumentDraft(id: id, title: r.string("title")?.0)
        draft.publisher = r.located("publisher")
        draft.published = r.date("published")
        draft.text = r.string("text")?.0
        draft.attributes = r.extras.map { ($0.0, JSONLImporter.cell($0.1)) }
        return draft
    }

    private func claim(_ r: inout Record) -> ClaimDraft? {
        guard let id = r.id() else { return nil }
        var draft = ClaimDraft(id: id)
        // Fields are read in the schema's order, so errors come out in column order.
        draft.subject = r.located("subject")
        draft.predicate = r.string("predicate")?.0
        draft.object = r.string("object")?.0
        draft.qty = r.locatedNumber("qty")
        draft.qtyHi = r.locatedNumber("qty_hi")
        draft.unit = r.located("unit")
        draft.qualifier = r.located("qualifier")
        draft.date = r.date("date")
        draft.source = r.located("source")
        draft.doc = r.located("doc")
        draft.quote = r.string("quote")?.0
        draft.attributes = r.extras.map { ($0.0, JSONLImporter.cell($0.1)) }
        return draft
    }
}
