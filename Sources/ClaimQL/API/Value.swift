/// A value in a query result or a bound parameter.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case date(Day)
    /// An entity: its id and display name.
    case entity(id: String, name: String)
    case document(id: String, title: String?)
    case claim(id: String)
    case list([Value])

    public var isNull: Bool { self == .null }
}

extension Value: CustomStringConvertible {
    /// Plain text: numbers without a needless fraction (10000, 2.5), dates as ISO, entities
    /// by name, documents and claims by id, missing values as "null".
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return Expr.number(d)
        case .string(let s): return s
        case .date(let d): return d.description
        case .entity(_, let name): return name
        case .document(let id, _), .claim(let id): return id
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
                 ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral s: String) { self = .string(s) }
    public init(floatLiteral d: Double) { self = .number(d) }
    public init(integerLiteral i: Int) { self = .number(Double(i)) }
    public init(booleanLiteral b: Bool) { self = .bool(b) }
    public init(nilLiteral: ()) { self = .null }
}

extension Value {
    init(_ c: Cell, _ g: FactGraph) {
        switch c {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let d): self = .number(d)
        case .string(let s): self = .string(s)
        case .date(let d): self = .date(Day(daysSinceEpoch: d))
        case .entity(let e): self = .entity(id: g.entities.ids[Int(e)], name: g.entities.names[Int(e)])
        case .document(let d): self = .document(id: g.documents.ids[Int(d)], title: g.documents.titles[Int(d)])
        case .claim(let r): self = .claim(id: g.claims.ids[Int(r)])
        case .list(let items): self = .list(items.map { Value($0, g) })
        }
    }

    /// Parameters enter queries as cells; graph nodes are named by id.
    var cell: Cell {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .date(let d): return .date(d.daysSinceEpoch)
        case .entity(let id, _), .document(let id, _), .claim(let id): return .string(id)
        case .list(let items): return .list(items.map(\.cell))
        }
    }
}
