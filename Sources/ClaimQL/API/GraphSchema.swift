/// What a graph holds: collections, their fields with types and how many values each has,
/// and the entity relations. Shown by the REPL's `.schema`; also what completion offers.
public struct GraphSchema: Sendable {
    public struct Field: Sendable {
        public let name: String
        /// "number", "string", "date", "entity", "document", "list of string", or "value"
        /// for extra attributes, which may hold anything.
        public let type: String
        /// How many rows have a value (not missing) in this field.
        public let count: Int
    }

    public struct Collection: Sendable {
        public let name: String
        public let count: Int
        public let fields: [Field]
    }

    public let collections: [Collection]
}

extension ClaimGraph {
    /// The graph's collections and fields, with counts (a pass over the columns).
    public func schema() -> GraphSchema {
        let g = snapshot
        var out: [GraphSchema.Collection] = []
        for c in ClaimQL.Collection.allCases {
            let n = c == .claims ? g.claims.count : c == .entities ? g.entities.count : g.documents.count
            var names = Field.builtins(of: c).map(\.name)
            switch c {
            case .claims: names += g.claims.attributes.keys.sorted()
            case .entities: names += g.entities.edges.keys.sorted() + g.entities.attributes.keys.sorted()
            case .documents: names += g.documents.attributes.keys.sorted()
            }
            var fields: [GraphSchema.Field] = []
            for name in names {
                guard let field = Field.resolve(name, on: NodeKind(c), in: g) else { continue }
                let type = field.type, get = FieldReader.reader(field, g)
                var filled = 0
                for row in 0..<n where !get(Int32(row)).isNull { filled += 1 }
                let isEdge = c == .entities && g.entities.edges[name] != nil
                fields.append(.init(name: name, type: isEdge ? "entity (edge)" : type.name, count: filled))
            }
            out.append(.init(name: c.rawValue, count: n, fields: fields))
        }
        return GraphSchema(collections: out)
    }
}
