/// The static type of an expression, known at compile time, so `qty > "x"` is an error
/// before anything runs and entity comparisons can be planned.
indirect enum VType: Sendable, Equatable {
    case number, string, date, bool, entity, document, claim
    case list(VType)
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
}

/// The fields of each collection, in their default column order.
enum Schema {
    static let claimFields: [(String, VType)] = [
        ("id", .string), ("subject", .entity), ("predicate", .string), ("object", .string),
        ("qty", .number), ("qty_hi", .number), ("unit", .string), ("qualifier", .string),
        ("date", .date), ("source", .entity), ("doc", .document), ("quote", .string),
    ]
    /// What a table shows for a claim when the query has no `select` (quote and object
    /// are long; `--format json` and `select` show everything).
    static let claimSummary = ["id", "subject", "predicate", "qty", "unit", "qualifier", "date", "source"]

    static let entityFields: [(String, VType)] = [
        ("id", .string), ("name", .string), ("kind", .string), ("aliases", .list(.string)),
    ]
    static let documentFields: [(String, VType)] = [
        ("id", .string), ("title", .string), ("publisher", .entity), ("published", .date),
    ]

    /// Fields computed from the graph rather than stored: readable in expressions, not
    /// part of a node's default columns (nor of JSON or JSONL output).
    static let derivedClaimFields: [(String, VType)] = [("figure", .string), ("family", .string), ("duplicate_of", .claim)]
    static let derivedDocumentFields: [(String, VType)] = [("duplicate_of", .document)]

    static func fields(of c: Collection) -> [(String, VType)] {
        switch c {
        case .claims: return claimFields
        case .entities: return entityFields
        case .documents: return documentFields
        }
    }

    static func nodeType(_ c: Collection) -> VType {
        switch c {
        case .claims: return .claim
        case .entities: return .entity
        case .documents: return .document
        }
    }

    /// Every field name of a node type in this graph: built-ins, edges, attributes.
    static func fieldNames(of t: VType, in g: FactGraph) -> [String] {
        switch t {
        case .claim:
            let stored = g.claims.attributes.keys.sorted()
            return (claimFields + derivedClaimFields).map(\.0).filter { !stored.contains($0) } + stored
        case .entity: return entityFields.map(\.0) + g.entities.edges.keys.sorted() + g.entities.attributes.keys.sorted()
        case .document:
            let stored = g.documents.attributes.keys.sorted()
            return (documentFields + derivedDocumentFields).map(\.0).filter { !stored.contains($0) } + stored
        default: return []
        }
    }
}
