/// The static type of an expression, known before anything runs, so `qty > "x"` is an
/// error at once and entity comparisons can be planned.
indirect enum VType: Sendable, Equatable {
    case number, string, date, bool, entity, document, claim
    case list(VType)
    /// An extra attribute or a parameter: any value, checked when it is known.
    case any
    case null

    var name: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .date: return "date"
        case .bool: return "boolean"
        case .entity: return "entity"
        case .document: return "document"
        case .claim: return "claim"
        case .list(let t): return "list of \(t.name)"
        case .any: return "value"
        case .null: return "null"
        }
    }

    /// The element type for existential comparisons over multi-valued paths.
    var element: VType { if case .list(let t) = self { return t }; return self }

    /// The node kind of an entity, document or claim type (of its elements for a list).
    var node: NodeKind? {
        switch element {
        case .entity: return .entity
        case .document: return .document
        case .claim: return .claim
        default: return nil
        }
    }

    static func of(_ c: Cell) -> VType {
        switch c {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .date: return .date
        case .entity: return .entity
        case .document: return .document
        case .claim: return .claim
        case .list(let items): return .list(items.first.map(of) ?? .any)
        }
    }
}

/// What a row of a collection, or a node value, is.
enum NodeKind: String, Sendable, CaseIterable {
    case claim, entity, document

    init(_ c: Collection) {
        switch c {
        case .claims: self = .claim
        case .entities: self = .entity
        case .documents: self = .document
        }
    }

    var collection: Collection {
        switch self {
        case .claim: return .claims
        case .entity: return .entities
        case .document: return .documents
        }
    }

    var type: VType {
        switch self {
        case .claim: return .claim
        case .entity: return .entity
        case .document: return .document
        }
    }
}

enum ClaimField: String, Sendable, CaseIterable {
    case id, subject, predicate, object, qty, qty_hi, unit, qualifier, date, source, doc, quote
}

enum EntityField: String, Sendable, CaseIterable {
    case id, name, kind, aliases
}

enum DocumentField: String, Sendable, CaseIterable {
    case id, title, publisher, published, text
}

/// Fields computed from the graph rather than stored: readable in expressions, not part of
/// a node's default columns (nor of JSON or JSONL output).
enum DerivedField: String, Sendable, CaseIterable {
    /// "up to 4,800,000": a claim's figure as it states it.
    case figure
    /// The unit family of a claim (`Semantics/Units.swift`).
    case family
    /// The first claim making the same statement, or the document this one duplicates.
    case duplicate_of
}

/// A field reference after name resolution: the resolver turns every name in a query into
/// one of these, so no later stage looks at field names again.
enum Field: Hashable, Sendable {
    case claim(ClaimField)
    case entity(EntityField)
    case document(DocumentField)
    case derived(NodeKind, DerivedField)
    /// An entity relation declared in the data (`country`, `affiliation`, ...).
    case edge(String)
    /// An extra attribute given in the data (`note`, `title` of a claim, ...).
    case attribute(NodeKind, String)

    var name: String {
        switch self {
        case .claim(let f): return f.rawValue
        case .entity(let f): return f.rawValue
        case .document(let f): return f.rawValue
        case .derived(_, let f): return f.rawValue
        case .edge(let n), .attribute(_, let n): return n
        }
    }

    var node: NodeKind {
        switch self {
        case .claim: return .claim
        case .entity, .edge: return .entity
        case .document: return .document
        case .derived(let k, _), .attribute(let k, _): return k
        }
    }

    var type: VType {
        switch self {
        case .claim(let f):
            switch f {
            case .id, .predicate, .object, .unit, .qualifier, .quote: return .string
            case .qty, .qty_hi: return .number
            case .date: return .date
            case .subject, .source: return .entity
            case .doc: return .document
            }
        case .entity(let f): return f == .aliases ? .list(.string) : .string
        case .document(let f):
            switch f {
            case .id, .title, .text: return .string
            case .publisher: return .entity
            case .published: return .date
            }
        case .derived(let k, let f):
            switch f {
            case .figure, .family: return .string
            case .duplicate_of: return k.type
            }
        case .edge: return .entity
        case .attribute: return .any
        }
    }

    /// How the value is stored, for `explain` and for back ends that map fields to columns.
    enum Storage: String, Sendable {
        case idText = "id", internedText = "interned text", text = "text", textBuffer = "text buffer"
        case number = "number column", date = "date column", qualifier = "qualifier code"
        case reference = "reference column", aliasList = "alias lists", edgeList = "edge lists"
        case attribute = "attribute", computed = "computed"
    }

    var storage: Storage {
        switch self {
        case .claim(let f):
            switch f {
            case .id: return .idText
            case .predicate, .object, .unit: return .internedText
            case .qty, .qty_hi: return .number
            case .qualifier: return .qualifier
            case .date: return .date
            case .subject, .source, .doc: return .reference
            case .quote: return .textBuffer
            }
        case .entity(let f):
            switch f {
            case .id, .name: return .idText
            case .kind: return .internedText
            case .aliases: return .aliasList
            }
        case .document(let f):
            switch f {
            case .id: return .idText
            case .title: return .text
            case .text: return .textBuffer
            case .publisher: return .reference
            case .published: return .date
            }
        case .derived: return .computed
        case .edge: return .edgeList
        case .attribute: return .attribute
        }
    }

    /// The field called `name` on a node of kind `node` in this graph. Stored attributes
    /// win over derived fields of the same name: the stored value is what the data says.
    static func resolve(_ name: String, on node: NodeKind, in g: FactGraph) -> Field? {
        switch node {
        case .claim:
            if let f = ClaimField(rawValue: name) { return .claim(f) }
            if g.claims.attributes.columnIfPresent(name) != nil { return .attribute(.claim, name) }
            if let d = DerivedField(rawValue: name) { return .derived(.claim, d) }
        case .entity:
            if let f = EntityField(rawValue: name) { return .entity(f) }
            if g.entities.edges[name] != nil { return .edge(name) }
            if g.entities.attributes.columnIfPresent(name) != nil { return .attribute(.entity, name) }
        case .document:
            if let f = DocumentField(rawValue: name) { return .document(f) }
            if g.documents.attributes.columnIfPresent(name) != nil { return .attribute(.document, name) }
            if name == DerivedField.duplicate_of.rawValue { return .derived(.document, .duplicate_of) }
        }
        return nil
    }

    /// The built-in fields of a collection, in their default column order.
    static func builtins(of c: Collection) -> [Field] {
        switch c {
        case .claims: return ClaimField.allCases.map(Field.claim)
        case .entities: return EntityField.allCases.map(Field.entity)
        case .documents: return DocumentField.allCases.map(Field.document)
        }
    }

    /// What a table shows for a claim when the query has no `select` (quote and object are
    /// long; `--format json` and `select` show everything).
    static let claimSummary = ["id", "subject", "predicate", "qty", "unit", "qualifier", "date", "source"]
    /// A document's table leaves out its text, which may be a whole article.
    static let documentSummary = ["id", "title", "publisher", "published"]

    static func derived(of node: NodeKind) -> [DerivedField] {
        switch node {
        case .claim: return DerivedField.allCases
        case .document: return [.duplicate_of]
        case .entity: return []
        }
    }

    /// Every field name of a node kind in this graph: built-ins, derived, edges,
    /// attributes. For did-you-mean hints and completion.
    static func names(of node: NodeKind, in g: FactGraph) -> [String] {
        let builtins = builtins(of: node.collection).map(\.name)
        switch node {
        case .claim:
            let stored = g.claims.attributes.keys.sorted()
            return (builtins + derived(of: node).map(\.rawValue)).filter { !stored.contains($0) } + stored
        case .entity:
            return builtins + g.entities.edges.keys.sorted() + g.entities.attributes.keys.sorted()
        case .document:
            let stored = g.documents.attributes.keys.sorted()
            return (builtins + derived(of: node).map(\.rawValue)).filter { !stored.contains($0) } + stored
        }
    }
}
