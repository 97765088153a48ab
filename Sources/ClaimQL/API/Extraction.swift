/// A claim drafted from an article: the record to add, and what a reviewer needs to
/// judge it.
public struct DraftClaim: Sendable {
    /// The claim. Its attributes hold `span` ([start, end]), `confidence`, `rule` and,
    /// when they apply, `change` ("up"/"down") and `vague` (true: no figure).
    public var record: ClaimRecord
    /// Where the quote is in the article, in Unicode scalar offsets (as Python indexes
    /// strings): `text.unicodeScalars[span]` is the quote.
    public var span: Range<Int>
    /// How sure the rules are, from 0.1 to 1.
    public var confidence: Double
    /// The rules that made it, joined by `+` ("digits+scale+noun+qualifier+said-before").
    public var rule: String
    /// What a reviewer should check: a guessed unit, a speaker found through a pronoun.
    public var checks: [String]
}

/// What `ClaimGraph.extract` drafts from one article: the document, the entities it names
/// that the graph does not have yet, and its claims.
public struct ArticleDraft: Sendable {
    public var document: DocumentRecord
    /// New entities only: names the graph knows are linked to its entities.
    public var entities: [EntityRecord]
    public var claims: [DraftClaim]
    /// The article's text, when kept.
    public var text: String?

    init(document: DocumentRecord, entities: [EntityRecord], claims: [DraftClaim], text: String?) {
        var document = document
        document.text = text
        self.document = document
        self.entities = entities
        self.claims = claims
        self.text = text
    }
}

extension ClaimGraph {
    /// Drafts the claims an article states: every figure with its unit, qualifier, who
    /// states it and the exact words, names linked to this graph's entities. Nothing is
    /// added to the graph: review the draft, then `add(_:)` it.
    /// - Parameters:
    ///   - text: the article: an optional title line followed by a blank line, an optional
    ///     dateline (`ARDANA, March 14, 2025 -`), the body.
    ///   - documentID: the id for the document (made unique if the graph has it).
    ///   - published: the date when the article has no dateline.
    ///   - publisher: the publisher's name (linked, or a new entity).
    public func extract(text: String, documentID: String, published: Day? = nil, publisher: String? = nil,
                        keepText: Bool = true) -> ArticleDraft {
        let options = Extractor.Options(documentID: documentID, published: published, publisher: publisher, keepText: keepText)
        return Extractor(graph: snapshot).extract(text, options)
    }

    /// Adds drafts to the graph as one atomic batch, checked like any other data: on any
    /// error nothing is added. Errors about a claim point at its quote in the article.
    public func add(_ drafts: [ArticleDraft]) throws(ClaimQLError) {
        try update { loader in
            for draft in drafts { ExtractionFrontEnd.add(draft, to: &loader.builder) }
        }
    }
}

/// Article drafts into builder drafts: each claim's origin is its span in the article.
enum ExtractionFrontEnd {
    static func add(_ draft: ArticleDraft, to builder: inout BatchBuilder) {
        let article = SourceFile(name: draft.document.id, text: draft.text ?? "")
        let offsets = UTF8Offsets(draft.text ?? "")
        for e in draft.entities {
            builder.add(EntityDraft(id: Located(value: e.id, at: .none), name: e.name, kind: e.kind, aliases: e.aliases))
        }
        let d = draft.document
        var doc = DocumentDraft(id: Located(value: d.id, at: .none), title: d.title)
        doc.publisher = d.publisher.map { Located(value: $0, at: .none) }
        doc.published = d.published?.daysSinceEpoch ?? ClaimTable.missingDate
        doc.text = d.text
        builder.add(doc)
        builder.resolvePending()
        for c in draft.claims {
            let at: Origin = draft.text == nil ? .none
                : .text(article, SourceRange(offsets.byte(c.span.lowerBound), offsets.byte(c.span.upperBound)))
            let r = c.record
            var claim = ClaimDraft(id: Located(value: r.id, at: at))
            claim.subject = r.subject.map { Located(value: $0, at: at) }
            claim.predicate = r.predicate
            claim.object = r.object
            claim.qty = r.qty.map { Located(value: $0, at: at) }
            claim.qtyHi = r.qtyHi.map { Located(value: $0, at: at) }
            claim.unit = r.unit.map { Located(value: $0, at: at) }
            claim.qualifier = r.qualifier.map { Located(value: $0, at: at) }
            claim.date = r.date?.daysSinceEpoch ?? ClaimTable.missingDate
            claim.source = r.source.map { Located(value: $0, at: at) }
            claim.doc = r.doc.map { Located(value: $0, at: at) }
            claim.quote = r.quote
            claim.attributes = r.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value.cell) }
            builder.add(claim)
        }
    }
}

/// Unicode scalar offsets to UTF-8 byte offsets (diagnostics count bytes).
struct UTF8Offsets {
    private var bytes: [Int] = [0]
    init(_ s: String) {
        bytes.reserveCapacity(s.unicodeScalars.count + 1)
        var n = 0
        for u in s.unicodeScalars {
            n += UTF8.width(u)
            bytes.append(n)
        }
    }
    func byte(_ scalar: Int) -> Int { bytes[min(max(0, scalar), bytes.count - 1)] }
}
