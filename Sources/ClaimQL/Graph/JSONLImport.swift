import Foundation

/// Reads JSON Lines in the interchange schema (entities.jsonl, documents.jsonl,
/// claims.jsonl; see README) into a `GraphBatch`. Unknown keys become extra attributes.
/// Every problem is reported at file:line:column; the caller commits the batch only when
/// there were none.
struct JSONLImporter {
    enum Kind: String { case entities, documents, claims }

    static let maxErrors = 20
    var batch: GraphBatch
    private(set) var diagnostics: [Diagnostic] = []

    init(_ batch: GraphBatch) { self.batch = batch }

    var tooManyErrors: Bool { diagnostics.count >= JSONLImporter.maxErrors }

    /// Imports a whole file's bytes.
    mutating func importFile(name: String, bytes: [UInt8], kind: Kind) {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        if kind == .claims { batch.claims.reserve(bytes.count / 250) }
        bytes.withUnsafeBufferPointer { buffer in
            _ = importLines(name: name, buffer, from: start, firstLine: 1, kind: kind)
        }
        finish(name: name)
    }

    /// Kept from one window of a claims file to the next: its id tables are built once.
    private var fast: ClaimsFastPath? = nil

    /// Edges name entities that may come later in the file: resolved at the end.
    private var pendingEdges: [(from: Int32, relation: String, target: String, line: SourceFile, offset: Int)] = []

    /// Imports every complete line of `buffer[from...]` (a line ends with a newline, or at
    /// the end of the buffer); `firstLine` is the line number of `buffer[from]`. Returns
    /// the number of lines read.
    mutating func importLines(name: String, _ buffer: UnsafeBufferPointer<UInt8>, from: Int, firstLine: Int, kind: Kind) -> Int {
        var start = from
        var line = firstLine
        let n = buffer.count
        if kind == .claims && fast == nil { fast = ClaimsFastPath() }
        while start < n && !tooManyErrors {
            var end = n
            if let nl = memchr(buffer.baseAddress! + start, 0x0A, n - start) {
                end = buffer.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            }
            var lineEnd = end
            if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = end + 1; line += 1 }
            if kind == .claims, fast!.importLine(buffer, start, lineEnd, into: &batch) { continue }
            importLine(name: name, Array(buffer[start..<lineEnd]), line: line, kind: kind)
        }
        return line - firstLine
    }

    /// One line through the general parser: every kind, every irregularity, every error.
    private mutating func importLine(name: String, _ bytes: [UInt8], line: Int, kind: Kind) {
        var errors: [(String, Int, String?)] = []
        func report(_ message: String, at offset: Int, hint: String? = nil) { errors.append((message, offset, hint)) }
        defer {
            if !errors.isEmpty {
                let fragment = SourceFile(name: name, bytes: bytes, firstLine: line)
                for (message, offset, hint) in errors {
                    diagnostics.append(Diagnostic.error(message, at: SourceRange(offset, offset + 1), hint: hint).in(fragment))
                }
            }
        }
        var reader = JSONReader(bytes, from: 0, to: bytes.count)
        reader.skipSpace()
        if reader.pos == bytes.count { return } // blank line
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
        var record = Record(members: members, report: report)
        switch kind {
        case .entities:
            var edges: [(from: Int32, relation: String, target: String, offset: Int)] = []
            importEntity(&record, &edges)
            if !edges.isEmpty {
                let fragment = SourceFile(name: name, bytes: bytes, firstLine: line)
                pendingEdges += edges.map { ($0.from, $0.relation, $0.target, fragment, $0.offset) }
            }
        case .documents: importDocument(&record)
        case .claims: importClaim(&record)
        }
    }

    /// Resolves the edges collected from an entities file.
    mutating func finish(name: String) {
        for e in pendingEdges {
            guard let target = batch.entities.idIndex[e.target] else {
                diagnostics.append(Diagnostic.error("unknown entity \"\(e.target)\" in `\(e.relation)`",
                                                    at: SourceRange(e.offset, e.offset + 1)).in(e.line))
                continue
            }
            batch.entities.addEdge(e.relation, from: e.from, to: target)
        }
        pendingEdges = []
    }

    /// One JSON object, with typed accessors that report a wrong type at the value.
    struct Record {
        let members: [(key: String, value: JSONValue, offset: Int)]
        let report: (String, Int, String?) -> Void
        var used = Set<String>()

        init(members: [(key: String, value: JSONValue, offset: Int)], report: @escaping (String, Int, String?) -> Void) {
            self.members = members
            self.report = report
        }

        mutating func raw(_ key: String) -> (JSONValue, Int)? {
            used.insert(key)
            for m in members where m.key == key { return (m.value, m.offset) }
            return nil
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
            members.filter { !used.contains($0.key) }.map { ($0.key, $0.value) }
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

    private mutating func importEntity(_ r: inout Record, _ pending: inout [(from: Int32, relation: String, target: String, offset: Int)]) {
        guard let (id, idAt) = r.string("id", required: true) else { return }
        guard batch.entities.idIndex[id] == nil else {
            r.report("duplicate entity id \"\(id)\"", idAt, nil)
            return
        }
        let name = r.string("name")?.0 ?? id
        let kind = batch.pool.intern(r.string("kind")?.0 ?? "")
        var aliases: [String] = []
        if let (v, at) = r.raw("aliases") {
            switch v {
            case .array(let items):
                for (item, itemAt) in items {
                    if case .string(let s) = item { aliases.append(s) } else {
                        r.report("`aliases` must hold strings, found \(item.typeName)", itemAt, nil)
                    }
                }
            case .null: break
            default: r.report("`aliases` must be an array of strings, found \(v.typeName)", at, nil)
            }
        }
        let row = batch.entities.add(id: id, name: name, kind: kind, aliases: aliases)
        func edgeTargets(_ relation: String, _ v: JSONValue, _ at: Int) {
            switch v {
            case .null: break
            case .string(let t): pending.append((row, relation, t, at))
            case .array(let items):
                for (item, itemAt) in items {
                    if case .string(let t) = item { pending.append((row, relation, t, itemAt)) } else {
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
        for (key, v) in r.extras { batch.entities.attributes.set(key, row: row, JSONLImporter.cell(v)) }
    }

    private mutating func importDocument(_ r: inout Record) {
        guard let (id, idAt) = r.string("id", required: true) else { return }
        guard batch.documents.idIndex[id] == nil else {
            r.report("duplicate document id \"\(id)\"", idAt, nil)
            return
        }
        let title = r.string("title")?.0
        var publisher: Int32 = -1
        if let (p, at) = r.string("publisher") {
            if let e = batch.entities.idIndex[p] { publisher = e } else {
                r.report("unknown entity \"\(p)\" in `publisher`", at, nil)
            }
        }
        let published = r.date("published")
        let row = batch.documents.add(id: id, title: title, publisher: publisher, published: published)
        for (key, v) in r.extras { batch.documents.attributes.set(key, row: row, JSONLImporter.cell(v)) }
    }

    private mutating func importClaim(_ r: inout Record) {
        guard let (id, idAt) = r.string("id", required: true) else { return }
        guard !batch.hasClaim(id) else {
            r.report("duplicate claim id \"\(id)\"", idAt, nil)
            return
        }
        func entity(_ key: String) -> Int32 {
            guard let (e, at) = r.string(key) else { return -1 }
            if let row = batch.entities.idIndex[e] { return row }
            r.report("unknown entity \"\(e)\" in `\(key)`", at, nil)
            return -1
        }
        func pooled(_ key: String) -> Int32 {
            guard let (s, _) = r.string(key) else { return -1 }
            return batch.pool.intern(s)
        }
        let subject = entity("subject")
        let source = entity("source")
        var doc: Int32 = -1
        if let (d, at) = r.string("doc") {
            if let row = batch.documents.idIndex[d] { doc = row } else {
                r.report("unknown document \"\(d)\" in `doc`", at, nil)
            }
        }
        var qualifier: UInt8 = 0
        if let (q, at) = r.string("qualifier") {
            if let value = Qualifier(rawValue: q) { qualifier = value.code } else {
                let hint = Spelling.closest(to: q, in: Qualifier.allCases.map(\.rawValue)).map { "did you mean \"\($0)\"?" }
                r.report("unknown qualifier \"\(q)\"", at, hint ?? "qualifiers are \(Qualifier.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        // Arguments are read in the schema's order, so errors come out in column order.
        let predicate = pooled("predicate"), object = pooled("object")
        let qty = r.number("qty") ?? .nan, qtyHi = r.number("qty_hi") ?? .nan
        let unit = pooled("unit"), date = r.date("date"), quote = r.string("quote")?.0
        let row = batch.claims.append(id: id, subject: subject, predicate: predicate, object: object, qty: qty,
                                      qtyHi: qtyHi, unit: unit, qualifier: qualifier, date: date, source: source,
                                      doc: doc, quote: quote)
        for (key, v) in r.extras { batch.claims.attributes.set(key, row: row, JSONLImporter.cell(v)) }
    }
}
