/// The rows a query returned. Rows of graph nodes are kept as node references and their
/// fields read on access (through field readers resolved once per result), so a large
/// result costs one integer per row until it is shown.
public struct ResultSet: Sendable {
    enum Storage: Sendable {
        case nodes(Collection, [Int32], fields: [Field])
        case table([[Cell]])
        case count(Int)
        /// Rows from an engine outside (the SQL back end): values, no graph behind them.
        case values([[Value]])
    }

    let storage: Storage
    let graph: FactGraph
    /// Column names, in order.
    public let columns: [String]
    /// For node rows without `select`: the columns a table shows by default.
    public let summaryColumns: [String]
    /// Warnings found while planning or running (for example a name that matches no entity).
    public let warnings: [Diagnostic]
    /// True for the result of `explain`: the rows are the plan, one operator per row.
    public let isExplain: Bool

    init(storage: Storage, graph: FactGraph, columns: [String], summaryColumns: [String], warnings: [Diagnostic],
         isExplain: Bool = false) {
        self.storage = storage
        self.graph = graph
        self.columns = columns
        self.summaryColumns = summaryColumns
        self.warnings = warnings
        self.isExplain = isExplain
    }

    /// The rows a plan produced, shaped by its output scope.
    init(_ relation: Relation, _ plan: LogicalPlan, _ g: FactGraph, warnings: [Diagnostic], count: Int? = nil) {
        if plan.isCount {
            self.init(storage: .count(count ?? relation.count), graph: g, columns: ["count"], summaryColumns: ["count"],
                      warnings: warnings)
            return
        }
        switch relation {
        case .nodes(let rows):
            let collection = plan.output.nodeCollection ?? plan.scan.collection
            let fields = Field.builtins(of: collection)
            let columns = fields.map(\.name)
            self.init(storage: .nodes(collection, rows, fields: fields), graph: g, columns: columns,
                      summaryColumns: collection == .claims ? Field.claimSummary
                          : collection == .documents ? Field.documentSummary : columns, warnings: warnings)
        case .table(var rows):
            let all = plan.output.columns
            let shown = all.indices.filter { !all[$0].hidden }
            if shown.count < all.count { rows = rows.map { row in shown.map { row[$0] } } }
            let columns = shown.map { all[$0].name }
            self.init(storage: .table(rows), graph: g, columns: columns, summaryColumns: columns, warnings: warnings)
        }
    }

    /// The table `explain` shows.
    init(explain rows: [[Cell]], analyze: Bool, graph: FactGraph, warnings: [Diagnostic]) {
        let columns = Explain.columns(analyze: analyze)
        self.init(storage: .table(rows), graph: graph, columns: columns, summaryColumns: columns, warnings: warnings,
                  isExplain: true)
    }

    /// True for `count ...` statements, whose result is a single number.
    public var isCount: Bool { if case .count = storage { return true }; return false }

    public var count: Int {
        switch storage {
        case .nodes(_, let rows, _): return rows.count
        case .table(let rows): return rows.count
        case .values(let rows): return rows.count
        case .count: return 1
        }
    }

    public subscript(row: Int) -> Row { Row(result: self, index: row) }

    public var rows: [Row] { (0..<count).map { Row(result: self, index: $0) } }

    /// The value at a row and column index.
    public func value(row: Int, column: Int) -> Value {
        if case .values(let rows) = storage { return rows[row][column] }
        return Value(cell(row, column), graph)
    }

    func cell(_ row: Int, _ column: Int) -> Cell {
        switch storage {
        case .nodes(_, let rows, let fields): return FieldReader.read(fields[column], graph, rows[row])
        case .table(let rows): return rows[row][column]
        case .count(let n): return .number(Double(n))
        case .values(let rows): return rows[row][column].plainCell
        }
    }

    /// The claims a row holds: the claim itself for a claims result, the claim columns of a
    /// table (`conflicts`' `a` and `b`, a `select` of claims), in column order. A front end
    /// uses it to show a clicked row's evidence.
    public func claimIDs(row: Int) -> [String] {
        if case .values(let rows) = storage {
            return rows[row].compactMap { if case .claim(let id) = $0 { return id }; return nil }
        }
        return claimRows(row: row).map { graph.claims.ids[Int($0)] }
    }

    /// The graph rows of the claims `claimIDs(row:)` names (none for outside rows).
    func claimRows(row: Int) -> [Int32] {
        switch storage {
        case .nodes(.claims, let rows, _): return [rows[row]]
        case .table(let rows):
            var out: [Int32] = []
            func visit(_ c: Cell) {
                if case .claim(let r) = c { out.append(r) }
                if case .list(let items) = c { items.forEach(visit) }
            }
            rows[row].forEach(visit)
            return out
        case .nodes, .count, .values: return []
        }
    }

    /// The id of the node behind a row of node results (claim, entity or document id).
    public func nodeID(row: Int) -> String? {
        if case .values(let rows) = storage, summaryColumns != columns, case .string(let id) = rows[row][0] { return id }
        guard case .nodes(let c, let rows, _) = storage else { return nil }
        let r = Int(rows[row])
        switch c {
        case .claims: return graph.claims.ids[r]
        case .entities: return graph.entities.ids[r]
        case .documents: return graph.documents.ids[r]
        }
    }

    /// An `explain` result as plain text, one operator per line.
    var explainText: String {
        (0..<count).map { row in
            var line = "\(cell(row, 0).plainText)  (est. \(cell(row, 1).plainText) rows"
            if columns.count > 2 { line += "; \(cell(row, 2).plainText) rows in \(cell(row, 3).plainText) ms" }
            return line + ")"
        }.joined(separator: "\n") + "\n"
    }
}

extension Scope {
    var nodeCollection: Collection? { if case .nodes(let k) = self { return k.collection }; return nil }
}

extension Value {
    /// A cell for the parts of a result that read cells (explain text): graph nodes by id.
    var plainCell: Cell {
        switch self {
        case .entity(let id, _), .document(let id, _), .claim(let id): return .string(id)
        case .list(let items): return .list(items.map(\.plainCell))
        default: return cell
        }
    }
}

extension Cell {
    var plainText: String {
        switch self {
        case .string(let s): return s
        case .number(let d): return Expr.number(d)
        default: return "\(self)"
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
