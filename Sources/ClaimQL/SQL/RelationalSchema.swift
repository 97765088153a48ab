/// The relational form of a claim graph, shared by the export (DDL and data) and the SQL
/// lowering, so the two cannot disagree on a name. Nodes are numbered by their row in the
/// graph (`ord`, from 0): references are those numbers, and results come back in the
/// order the in-memory engine gives. What the engines would compute differently is
/// computed here, in Swift, and stored: name keys (`NameKey`), figure intervals (`lo`,
/// `hi`; null for an open end), unit families, the repeated-statement links.
enum RelationalSchema {
    enum ColumnType { case integer, double, text, date, boolean }

    struct Table {
        let name: String
        let columns: [(name: String, type: ColumnType)]
        /// Column lists to index (a hand-written set-up would index these too).
        let indexes: [[String]]
        var columnNames: [String] { columns.map(\.name) }
    }

    static let entities = Table(name: "entities", columns: [
        ("ord", .integer), ("id", .text), ("name", .text), ("kind", .text),
    ], indexes: [["ord"], ["id"]])

    /// Every id, name and alias of an entity under `NameKey`: the engines match names by
    /// key equality here, never by folding case themselves.
    static let entityNames = Table(name: "entity_names", columns: [("key", .text), ("entity", .integer)],
                                   indexes: [["key"]])

    static let aliases = Table(name: "entity_aliases", columns: [("entity", .integer), ("pos", .integer), ("alias", .text)],
                               indexes: [["entity"]])

    static let edges = Table(name: "edges", columns: [
        ("src", .integer), ("relation", .text), ("dst", .integer), ("pos", .integer),
    ], indexes: [["relation", "src"], ["relation", "dst"]])

    static let documents = Table(name: "documents", columns: [
        ("ord", .integer), ("id", .text), ("title", .text), ("publisher", .integer), ("published", .date),
        ("text", .text), ("duplicate_of", .integer),
    ], indexes: [["ord"], ["id"]])

    static let claims = Table(name: "claims", columns: [
        ("ord", .integer), ("id", .text), ("subject", .integer), ("predicate", .text), ("object", .text),
        ("qty", .double), ("qty_hi", .double), ("unit", .text), ("qualifier", .text), ("date", .date),
        ("source", .integer), ("doc", .integer), ("quote", .text),
        // Derived fields, computed by ClaimQL.
        ("figure", .text), ("family", .text), ("duplicate_of", .integer), ("statement", .integer),
        // Who said it (the source, or the document's publisher) and the predicate's family:
        // what `conflicts`, `revisions` and `timeline` pair claims by (`Execute/Pairs.swift`).
        ("speaker", .integer), ("predicate_family", .text),
        // The figure's interval (`Semantics/Interval.swift`) with a null for an open end;
        // an `approx` figure's bounds depend on the tolerance and are computed in the query.
        ("lo", .double), ("lo_open", .boolean), ("hi", .double), ("hi_open", .boolean),
    ], indexes: [["ord"], ["id"], ["source"], ["subject"], ["predicate"], ["unit"], ["doc"], ["qty"], ["date"]])

    /// The unit families of `Semantics/Units.swift`, for `convert(...)`.
    static let units = Table(name: "unit_families", columns: [("unit", .text), ("family", .text), ("factor", .double)],
                             indexes: [["unit"]])

    /// The graph's relation names, so a query can be resolved against a database without
    /// the graph in memory (`claimql --engine`).
    static let relations = Table(name: "claimql_relations", columns: [("name", .text)], indexes: [])

    static let all = [entities, entityNames, aliases, edges, documents, claims, units, relations]

    /// The table behind a collection.
    static func table(_ node: NodeKind) -> Table {
        switch node {
        case .claim: return claims
        case .entity: return entities
        case .document: return documents
        }
    }

    /// The column holding a field of a node table, when it is one column.
    static func column(_ f: Field) -> String? {
        switch f {
        case .claim(let c): return c.rawValue
        case .entity(let e): return e == .aliases ? nil : e.rawValue
        case .document(let d): return d.rawValue
        case .derived(_, let d): return d.rawValue
        case .edge, .attribute: return nil
        }
    }
}
