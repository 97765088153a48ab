/// An entity given as a Swift value, for `ClaimGraph.add`.
public struct EntityRecord: Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var aliases: [String]
    /// Relation name -> ids of other entities (`affiliation`, `country`, any other).
    public var edges: [String: [String]]
    public var attributes: [String: Value]

    public init(id: String, name: String, kind: String = "", aliases: [String] = [],
                edges: [String: [String]] = [:], attributes: [String: Value] = [:]) {
        self.id = id; self.name = name; self.kind = kind; self.aliases = aliases
        self.edges = edges; self.attributes = attributes
    }
}

/// A document given as a Swift value.
public struct DocumentRecord: Sendable {
    public var id: String
    public var title: String?
    /// Id of the publishing entity.
    public var publisher: String?
    public var published: Day?
    /// The document's text, kept so `evidence` can show the sentence around a quote.
    public var text: String?
    public var attributes: [String: Value]

    public init(id: String, title: String? = nil, publisher: String? = nil, published: Day? = nil,
                text: String? = nil, attributes: [String: Value] = [:]) {
        self.id = id; self.title = title; self.publisher = publisher; self.published = published
        self.text = text
        self.attributes = attributes
    }
}

/// A claim given as a Swift value. `subject` and `source` are entity ids, `doc` a
/// document id; `qualifier` one of exact, approx, at_least, at_most, more_than,
/// less_than, up_to, range.
public struct ClaimRecord: Sendable {
    public var id: String
    public var subject: String?
    public var predicate: String?
    public var object: String?
    public var qty: Double?
    public var qtyHi: Double?
    public var unit: String?
    public var qualifier: String?
    public var date: Day?
    public var source: String?
    public var doc: String?
    public var quote: String?
    public var attributes: [String: Value]

    public init(id: String, subject: String? = nil, predicate: String? = nil, object: String? = nil,
                qty: Double? = nil, qtyHi: Double? = nil, unit: String? = nil, qualifier: String? = nil,
                date: Day? = nil, source: String? = nil, doc: String? = nil, quote: String? = nil,
                attributes: [String: Value] = [:]) {
        self.id = id; self.subject = subject; self.predicate = predicate; self.object = object
        self.qty = qty; self.qtyHi = qtyHi; self.unit = unit; self.qualifier = qualifier; self.date = date
        self.source = source; self.doc = doc; self.quote = quote; self.attributes = attributes
    }
}

extension ClaimGraph {
    /// Adds entities, documents and claims given as Swift values, as one atomic batch:
    /// every reference is checked, and on any error nothing is added.
    public func add(entities: [EntityRecord] = [], documents: [DocumentRecord] = [],
                    claims: [ClaimRecord] = []) throws(ClaimQLError) {
        try update { loader in RecordFrontEnd.add(entities, documents, claims, to: &loader.builder) }
    }
}
