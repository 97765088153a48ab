/// A value inside the engine: what a field holds and what an expression yields.
/// Graph nodes are dense indexes here; the public `Value` gives them names and ids.
enum Cell: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case date(Int32)
    case entity(Int32)
    case document(Int32)
    case claim(Int32)
    case list([Cell])

    var isNull: Bool { if case .null = self { return true }; return false }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .date: return "date"
        case .entity: return "entity"
        case .document: return "document"
        case .claim: return "claim"
        case .list: return "list"
        }
    }
}
