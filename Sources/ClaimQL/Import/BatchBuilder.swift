/// The one way data enters a graph: drafts from any front end are checked here and added
/// to a `GraphBatch`, which the graph commits whole or not at all. Every check and every
/// message about data lives in this file:
/// - ids are unique among their kind, in the batch and in the graph;
/// - references (subject, source, doc, publisher, edges) name existing ids, with the
///   closest id as a hint;
/// - a qualifier is one of `Qualifier`'s words;
/// - figures are consistent (`ClaimRules`): `qty_hi` needs `qty` and is not below it and
///   goes with the qualifier `range` (which it implies when none is given); `range` needs
///   `qty_hi`; a qualifier needs a `qty`; a unit is not empty.
/// Entities and documents may refer to ids added later in the same unit (a file): their
/// edges and publishers are resolved by `resolvePending()`. Claims are checked when added,
/// so front ends add them after the entities and documents they refer to.
struct BatchBuilder {
    var batch: GraphBatch
    private(set) var diagnostics: [Diagnostic] = []
    private var pendingEdges: [(from: Int32, relation: String, target: Located<String>)] = []
    private var pendingPublishers: [(document: Int32, publisher: Located<String>)] = []

    init(_ batch: GraphBatch) { self.batch = batch }

    mutating func report(_ at: Origin, _ problem: ImportProblem) {
        diagnostics.append(at.diagnostic(problem.message, hint: problem.hint))
    }

    // MARK: entities and documents

    mutating func add(_ e: EntityDraft) {
        guard batch.entities.idIndex[e.id.value] == nil else {
            report(e.id.at, .duplicateID(.entity, e.id.value))
            return
        }
        let row = batch.entities.add(id: e.id.value, name: e.name, kind: batch.pool.intern(e.kind), aliases: e.aliases)
        for (key, value) in e.attributes { batch.entities.attributes.set(key, row: row, value) }
        // Edges to known entities go in now; an entity naming one not added yet waits with
        // all its edges (so they keep their written order) for `resolvePending`. Waiting
        // keeps the draft's origins, and with them its text, alive: the usual file, whose
        // targets come first, keeps nothing.
        if e.edges.allSatisfy({ batch.entities.idIndex[$0.target.value] != nil }) {
            for edge in e.edges { batch.entities.addEdge(edge.relation, from: row, to: batch.entities.idIndex[edge.target.value]!) }
        } else {
            for edge in e.edges { pendingEdges.append((row, edge.relation, edge.target)) }
        }
    }

    mutating func add(_ d: DocumentDraft) {
        guard batch.documents.idIndex[d.id.value] == nil else {
            report(d.id.at, .duplicateID(.document, d.id.value))
            return
        }
        let row = batch.documents.add(id: d.id.value, title: d.title, publisher: -1, published: d.published, text: d.text)
        for (key, value) in d.attributes { batch.documents.attributes.set(key, row: row, value) }
        if let p = d.publisher {
            if let e = batch.entities.idIndex[p.value] { batch.documents.publishers[Int(row)] = e } else {
                pendingPublishers.append((row, p))
            }
        }
    }

    /// Resolves the edges and publishers added so far (ids may have come later).
    mutating func resolvePending() {
        for e in pendingEdges {
            if let target = entity(e.target, e.relation) { batch.entities.addEdge(e.relation, from: e.from, to: target) }
        }
        for p in pendingPublishers {
            if let e = entity(p.publisher, "publisher") { batch.documents.publishers[Int(p.document)] = e }
        }
        pendingEdges = []
        pendingPublishers = []
    }

    private mutating func entity(_ id: Located<String>, _ field: String) -> Int32? {
        if let row = batch.entities.idIndex[id.value] { return row }
        report(id.at, .unknownReference(.entity, id.value, field: field,
                                        closest: Spelling.closest(to: id.value, in: batch.entities.ids)))
        return nil
    }

    private mutating func document(_ id: Located<String>, _ field: String) -> Int32? {
        if let row = batch.documents.idIndex[id.value] { return row }
        report(id.at, .unknownReference(.document, id.value, field: field,
                                        closest: Spelling.closest(to: id.value, in: batch.documents.ids)))
        return nil
    }

    // MARK: claims

    mutating func add(_ c: ClaimDraft) {
        guard !batch.hasClaim(c.id.value) else {
            report(c.id.at, .duplicateID(.claim, c.id.value))
            return
        }
        let before = diagnostics.count
        let subject = c.subject.flatMap { entity($0, "subject") } ?? -1
        let source = c.source.flatMap { entity($0, "source") } ?? -1
        let doc = c.doc.flatMap { document($0, "doc") } ?? -1
        var qualifier: Qualifier? = nil
        if let q = c.qualifier {
            if let value = Qualifier(rawValue: q.value) { qualifier = value } else {
                report(q.at, .unknownQualifier(q.value))
            }
        }
        if c.qualifier == nil || qualifier != nil {
            for (problem, field) in ClaimRules.problems(qty: c.qty?.value, qtyHi: c.qtyHi?.value, qualifier: qualifier,
                                                        unit: c.unit?.value) {
                let at: Origin
                switch field {
                case .qty: at = c.qty?.at ?? c.id.at
                case .qtyHi: at = c.qtyHi?.at ?? c.id.at
                case .qualifier: at = c.qualifier?.at ?? c.id.at
                case .unit: at = c.unit?.at ?? c.id.at
                }
                report(at, problem)
            }
        }
        guard diagnostics.count == before else { return }
        if c.qtyHi != nil && qualifier == nil { qualifier = .range }
        let row = batch.claims.append(
            id: c.id.value, subject: subject, predicate: c.predicate.map { batch.pool.intern($0) } ?? -1,
            object: c.object.map { batch.pool.intern($0) } ?? -1, qty: c.qty?.value ?? .nan, qtyHi: c.qtyHi?.value ?? .nan,
            unit: c.unit.map { batch.pool.intern($0.value) } ?? -1, qualifier: qualifier?.code ?? 0, date: c.date,
            source: source, doc: doc, quote: c.quote)
        for (key, value) in c.attributes { batch.claims.attributes.set(key, row: row, value) }
    }
}

/// The rules a claim's figure follows, shared by the builder and the claims fast path
/// (which hands any line breaking one to the general reader, so the builder reports it).
enum ClaimRules {
    enum Field { case qty, qtyHi, qualifier, unit }

    static func problems(qty: Double?, qtyHi: Double?, qualifier: Qualifier?, unit: String?) -> [(ImportProblem, Field)] {
        var out: [(ImportProblem, Field)] = []
        if let hi = qtyHi {
            if let q = qty {
                if q > hi { out.append((.qtyHiBelowQty(qty: q, qtyHi: hi), .qtyHi)) }
            } else {
                out.append((.qtyHiWithoutQty, .qtyHi))
            }
            if let qualifier, qualifier != .range { out.append((.qtyHiNeedsRange(qualifier), .qtyHi)) }
        } else if qualifier == .range {
            out.append((.rangeNeedsQtyHi, .qualifier))
        }
        if qty == nil, let qualifier { out.append((.qualifierWithoutQty(qualifier), .qualifier)) }
        if let unit, unit.allSatisfy(\.isWhitespace) { out.append((.emptyUnit, .unit)) }
        return out
    }

    /// The same rules on raw columns (NaN = missing, qualifier code 0 = none).
    static func hold(qty: Double, qtyHi: Double, qualifier: UInt8) -> Bool {
        if !qtyHi.isNaN {
            if qty.isNaN || qty > qtyHi { return false }
            if qualifier != 0 && qualifier != Qualifier.range.code { return false }
        } else if qualifier == Qualifier.range.code {
            return false
        }
        return !(qty.isNaN && qualifier != 0)
    }
}

/// Every message about data that does not fit the graph.
enum ImportProblem: Sendable {
    case duplicateID(NodeKind, String)
    case unknownReference(NodeKind, String, field: String, closest: String?)
    case unknownQualifier(String)
    case qtyHiWithoutQty
    case qtyHiBelowQty(qty: Double, qtyHi: Double)
    case qtyHiNeedsRange(Qualifier)
    case rangeNeedsQtyHi
    case qualifierWithoutQty(Qualifier)
    case emptyUnit

    var message: String {
        switch self {
        case .duplicateID(let kind, let id): return "duplicate \(kind.rawValue) id \(Escapes.quote(id))"
        case .unknownReference(let kind, let id, let field, _): return "unknown \(kind.rawValue) \(Escapes.quote(id)) in `\(field)`"
        case .unknownQualifier(let q): return "unknown qualifier \(Escapes.quote(q))"
        case .qtyHiWithoutQty: return "`qty_hi` without `qty`"
        case .qtyHiBelowQty(let q, let hi):
            return "`qty_hi` (\(Expr.number(hi))) is below `qty` (\(Expr.number(q)))"
        case .qtyHiNeedsRange(let q): return "`qty_hi` goes with the qualifier `range`, not `\(q.rawValue)`"
        case .rangeNeedsQtyHi: return "the qualifier `range` needs `qty_hi`, the upper end"
        case .qualifierWithoutQty(let q): return "the qualifier `\(q.rawValue)` qualifies a figure, but the claim has no `qty`"
        case .emptyUnit: return "`unit` is empty"
        }
    }

    var hint: String? {
        switch self {
        case .duplicateID: return nil
        case .unknownReference(_, _, _, let closest): return closest.map { "did you mean \(Escapes.quote($0))?" }
        case .unknownQualifier(let q):
            let names = Qualifier.allCases.map(\.rawValue)
            return Spelling.closest(to: q, in: names).map { "did you mean \(Escapes.quote($0))?" }
                ?? "qualifiers are \(names.joined(separator: ", "))"
        case .qtyHiWithoutQty, .rangeNeedsQtyHi: return "a range is written qty: LOW..HIGH (declarations) or qty and qty_hi (JSON)"
        case .qtyHiBelowQty: return "`qty` is the low end of the range, `qty_hi` the high end"
        case .qtyHiNeedsRange: return "leave out the qualifier, or write `range`"
        case .qualifierWithoutQty: return "give the figure with `qty`, or leave out the qualifier"
        case .emptyUnit: return "leave `unit` out when there is none"
        }
    }
}
