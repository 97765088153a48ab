/// The rows a query returned. Rows of graph nodes are kept as node references and their
/// fields read on access, so a large result costs one integer per row until it is shown.
public struct ResultSet: Sendable {
    enum Storage: Sendable {
        case nodes(Collection, [Int32])
        case table([[Cell]])
        case count(Int)
    }

    let storage: Storage
    let graph: FactGraph
    /// Column names, in order.
    public let columns: [String]
    /// For node rows without `select`: the columns a table shows by default.
    public let summaryColumns: [String]
    /// Warnings found while compiling (for example a name that matches no entity).
    public let warnings: [Diagnostic]

    /// True for `count ...` statements, whose result is a single number.
    public var isCount: Bool { if case .count = storage { return true }; return false }

    public var count: Int {
        switch storage {
        case .nodes(_, let rows): return rows.count
        case .table(let rows): return rows.count
        case .count: return 1
        }
    }

    public subscript(row: Int) -> Row { Row(result: self, index: row) }

    public var rows: [Row] { (0..<count).map { Row(result: self, index: $0) } }

    /// The value at a row and column index.
    public func value(row: Int, column: Int) -> Value { Value(cell(row, column), graph) }

    func cell(_ row: Int, _ column: Int) -> Cell {
        switch storage {
        case .nodes(let c, let rows):
            return FieldAccess.rowField(graph, c, columns[column])?.1(rows[row]) ?? .null
        case .table(let rows): return rows[row][column]
        case .count(let n): return .number(Double(n))
        }
    }

    /// The id of the node behind a row of node results (claim, entity or document id).
    public func nodeID(row: Int) -> String? {
        guard case .nodes(let c, let rows) = storage else { return nil }
        let r = Int(rows[row])
        switch c {
        case .claims: return graph.claims.ids[r]
        case .entities: return graph.entities.ids[r]
        case .documents: return graph.documents.ids[r]
        }
    }
}

/// One result row; values by column index or name.
public struct Row: Sendable {
    let result: ResultSet
    let index: Int

    public subscript(column: Int) -> Value { result.value(row: index, column: column) }

    public subscript(name: String) -> Value? {
        guard let c = result.columns.firstIndex(of: name) else { return nil }
        return result.value(row: index, column: c)
    }

    public var values: [Value] { (0..<result.columns.count).map { self[$0] } }
}
