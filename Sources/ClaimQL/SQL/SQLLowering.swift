import Foundation

/// The SQL back end: lowers a `LogicalPlan` to one SQL statement, a chain of CTEs named
/// after the clauses they come from (PRQL's shape), over the tables of
/// `RelationalSchema`. Every relation carries `pos`, the row's place in ClaimQL's order
/// (scan order, then each `order by`): SQL keeps no order between CTEs, so the final
/// SELECT and every `limit` order by it, and ties fall back to it as the in-memory sort's
/// stability does. Whatever a dialect cannot express the same way is a located error
/// naming the dialect, never a silently different answer.
struct SQLLowering {
    let dialect: SQLDialect
    var file: SourceFile
    private(set) var parameters: [SQLParameter] = []
    private var parameterMarkers: [SQLParameter: String] = [:]
    private var ctes: [(name: String, body: String)] = []
    private var aliases = 0
    /// The SQL column names of the current table relation (after `select` or `group by`).
    var tableColumns: [String] = []
    /// True while lowering the positive part of a WHERE condition (not under NOT), where
    /// unknown and false both drop the row.
    var unknownIsFalse = false
    /// Columns of the current table that hold a set's values as text (`listText`), and
    /// whether each is a list even when it holds one value.
    var listColumns: [Int: Bool] = [:]
    var relation = "scan"
    private var shape: Scope

    init(_ plan: LogicalPlan, dialect: SQLDialect) {
        self.dialect = dialect
        self.file = plan.file
        self.shape = .nodes(NodeKind(plan.scan.collection))
    }

    static func lower(_ plan: LogicalPlan, dialect: SQLDialect, tolerance: Double) throws(ClaimQLError) -> SQLQuery {
        var l = SQLLowering(plan, dialect: dialect)
        do {
            var query = try l.lower(plan)
            query.tolerance = tolerance
            return query
        } catch {
            throw ClaimQLError(.semantic, [error.diagnostic.in(l.file)])
        }
    }

    func fail(_ message: String, at range: SourceRange, hint: String? = nil) -> SQLLoweringError {
        SQLLoweringError(diagnostic: Diagnostic.error(message, at: range, hint: hint))
    }

    mutating func alias(_ prefix: String) -> String {
        aliases += 1
        return "\(prefix)\(aliases)"
    }

    /// The marker for a bind parameter; one marker per distinct parameter.
    mutating func parameter(_ p: SQLParameter) -> String {
        if let m = parameterMarkers[p] { return m }
        parameters.append(p)
        let m = dialect.parameter(parameters.count)
        parameterMarkers[p] = m
        return m
    }

    private mutating func lower(_ plan: LogicalPlan) throws(SQLLoweringError) -> SQLQuery {
        let node = NodeKind(plan.scan.collection)
        let table = RelationalSchema.table(node)
        add("scan", "SELECT n.*, n.ord AS pos FROM \(table.name) n")
        for (k, step) in plan.steps.enumerated() {
            file = step.file
            try lower(step, index: k + 1)
            shape = k + 1 < plan.steps.count ? plan.steps[k + 1].input : plan.output
        }
        file = plan.file
        let (select, joins, columns) = try output(plan)
        let body = plan.isCount ? "SELECT COUNT(*) AS \(dialect.ident("count")) FROM \(relation)"
            : "SELECT \(select) FROM \(relation) r\(joins) ORDER BY r.pos"
        let text = "WITH\n" + ctes.map { "\($0.name) AS (\n  \($0.body)\n)" }.joined(separator: ",\n") + "\n" + body
        return SQLQuery(dialect: dialect, text: text, parameters: parameters, parameterNames: plan.parameters.names,
                        columns: plan.isCount ? [SQLOutputColumn(name: "count", kind: .value(.number))] : columns,
                        isCount: plan.isCount, collection: plan.output.nodeCollection)
    }

    mutating func add(_ name: String, _ body: String) {
        ctes.append((name, body))
        relation = name
    }

    /// The SQL columns of the current relation, `pos` last.
    private var columnList: [String] {
        switch shape {
        case .nodes(let node): return RelationalSchema.table(node).columnNames.map(dialect.ident) + ["pos"]
        case .table: return tableColumns + ["pos"]
        }
    }

    private mutating func lower(_ step: LogicalPlan.Step, index k: Int) throws(SQLLoweringError) {
        let from = "\(relation) n"
        switch step.op {
        case .filter(let condition):
            // WHERE keeps rows whose condition is true: outside NOT, unknown may be lowered as
            // false, which lets the engine turn a name match into a plain semi-join.
            unknownIsFalse = true
            defer { unknownIsFalse = false }
            var parts: [String] = []
            for conjunct in condition.conjuncts {
                parts.append(try filterConjunct(conjunct, step.input))
            }
            add("where_\(k)", "SELECT * FROM \(from) WHERE " + parts.joined(separator: " AND "))
        case .project(let exprs, let names):
            var items: [String] = []
            let sqlNames = SQLLowering.columnNames(names)
            var lists: [Int: Bool] = [:]
            for (k, (e, name)) in zip(exprs, sqlNames).enumerated() {
                let (sql, isSet, alwaysList) = try output(e, "n")
                items.append("\(sql) AS \(name)")
                if isSet { lists[k] = alwaysList }
            }
            listColumns = lists
            add("select_\(k)", "SELECT " + (items + ["n.pos"]).joined(separator: ", ") + " FROM \(from)")
            tableColumns = sqlNames
        case .group(let keys, let names, let aggregates):
            var items: [String] = [], groupBy: [String] = []
            for (key, name) in zip(keys, SQLLowering.columnNames(names)) {
                let s = try scalar(key, "n")
                items.append("\(s) AS \(name)")
                groupBy.append(s)
            }
            let aggregateNames = SQLLowering.columnNames(aggregates.map(\.text), avoiding: SQLLowering.columnNames(names))
            for (a, name) in zip(aggregates, aggregateNames) { items.append("\(try aggregate(a, "n")) AS \(name)") }
            // A group comes where its first member came.
            items.append("MIN(n.pos) AS pos")
            add("group_\(k)", "SELECT " + items.joined(separator: ", ") + " FROM \(from)"
                + (groupBy.isEmpty ? "" : " GROUP BY " + groupBy.joined(separator: ", ")))
            tableColumns = SQLLowering.columnNames(names) + aggregateNames
            listColumns = [:]
        case .sort(let keys):
            var terms: [String] = []
            for key in keys {
                for t in try sortTerms(key.expr, "n") { terms.append(t + (key.descending ? " DESC" : "") + " NULLS LAST") }
            }
            let columns = columnList.dropLast().map { "n.\($0)" }
            add("order_\(k)", "SELECT " + (columns + ["ROW_NUMBER() OVER (ORDER BY " + (terms + ["n.pos"]).joined(separator: ", ") + ") AS pos"])
                .joined(separator: ", ") + " FROM \(from)")
        case .slice(let slice):
            let count: String
            switch slice.count {
            case .literal(let n): count = String(n)
            case .parameter(let slot): count = parameter(.count(slot: slot))
            }
            add("\(slice.isLimit ? "limit" : "offset")_\(k)",
                "SELECT * FROM \(from) ORDER BY n.pos " + (slice.isLimit ? "LIMIT \(count)" : "OFFSET \(count)"))
        case .distinct:
            try distinct(step, k)
        case .latest(let keys):
            var partition: [String] = []
            for key in keys { partition.append(try scalar(key, "n")) }
            let columns = columnList.map { "l.\($0)" }.joined(separator: ", ")
            let over = partition.isEmpty ? "" : "PARTITION BY " + partition.joined(separator: ", ")
            add("latest_\(k)", "SELECT \(columns) FROM (SELECT n.*, MAX(n.\(dialect.ident("date"))) OVER (\(over)) AS latest_date FROM \(from)) l"
                + " WHERE l.\(dialect.ident("date")) = l.latest_date OR l.latest_date IS NULL")
        case .pairs(let kind):
            pairs(kind, k)
        case .evidence:
            throw fail("`evidence` explains matches from the graph in memory: the \(dialect.rawValue) back end cannot run it",
                       at: step.range)
        }
    }

    /// One conjunct of a WHERE over claims. One that reads claims only through
    /// `source.<field>` is decided once per entity, as the in-memory planner does
    /// (`Planner.sourceCondition`): `source IN (entities for which it holds)`, a semi-join
    /// instead of a subquery per claim. A claim without a source is dropped either way.
    private mutating func filterConjunct(_ c: BoundExpr, _ input: Scope) throws(SQLLoweringError) -> String {
        if case .nodes(.claim) = input, let lifted = Planner.sourceCondition(c) {
            return "n.source IN (SELECT x.ord FROM entities x WHERE \(try test(lifted, "x")))"
        }
        return try test(c, "n")
    }

    private mutating func distinct(_ step: LogicalPlan.Step, _ k: Int) throws(SQLLoweringError) {
        let from = "\(relation) n"
        switch shape {
        case .nodes(.claim):
            // The first claim (in order) of each statement stays.
            add("distinct_\(k)", "SELECT " + columnList.map { "d.\($0)" }.joined(separator: ", ") + " FROM " + firstOfEach("n.statement"))
        case .nodes(.document):
            add("distinct_\(k)", "SELECT * FROM \(from) WHERE n.duplicate_of IS NULL OR n.duplicate_of NOT IN (SELECT ord FROM \(relation))")
        case .nodes(.entity):
            return
        case .table:
            let partition = tableColumns.map { "n.\($0)" }.joined(separator: ", ")
            add("distinct_\(k)", "SELECT " + columnList.map { "d.\($0)" }.joined(separator: ", ") + " FROM " + firstOfEach(partition))
        }
    }

    /// The current rows as `d`, the first (in ClaimQL's order) of each `partition` only:
    /// `distinct`, and the claims that can pair.
    func firstOfEach(_ partition: String) -> String {
        "(SELECT n.*, ROW_NUMBER() OVER (PARTITION BY \(partition) ORDER BY n.pos) AS keep FROM \(relation) n) d WHERE d.keep = 1"
    }

    /// A column of the node `ref` points at, as a scalar subquery (Spark wants a correlated
    /// scalar subquery aggregated: one row, so `max` is that row's value).
    func scalarRead(_ column: String, _ table: String, _ ref: String) -> String {
        let read = dialect == .spark ? "max(s.\(column))" : "s.\(column)"
        return "(SELECT \(read) FROM \(table) s WHERE s.ord = \(ref))"
    }

    /// An aggregate over the member rows: SQL's own aggregates agree with ClaimQL's (nulls
    /// skipped, null when nothing is left; `count()` counts rows).
    private mutating func aggregate(_ a: Aggregate, _ row: String) throws(SQLLoweringError) -> String {
        guard let argument = a.argument else { return "COUNT(*)" }
        let x = try scalar(argument, row)
        switch a.function {
        case .count: return "COUNT(\(x))"
        case .sum: return "SUM(\(x))"
        case .avg: return "AVG(\(x))"
        case .min: return "MIN(\(x))"
        case .max: return "MAX(\(x))"
        }
    }

    /// How a value sorts (`SortOrder`): entities by name then id, documents and claims by id.
    private mutating func sortTerms(_ e: BoundExpr, _ row: String) throws(SQLLoweringError) -> [String] {
        let v = try scalar(e, row)
        switch e.type {
        case .entity:
            return [scalarRead("name", "entities", v), scalarRead("id", "entities", v)]
        case .document, .claim:
            return [scalarRead("id", e.type == .document ? "documents" : "claims", v)]
        case .list, .any:
            throw fail("the SQL back end sorts by single values only", at: e.range)
        default:
            return [v]
        }
    }

    /// The final SELECT's items and how to read them back.
    /// The final SELECT: its items, the joins that name the nodes it returns (a LEFT JOIN
    /// per entity, document or claim column, cheaper than a subquery per row in every
    /// engine), and how to read the columns back.
    private func output(_ plan: LogicalPlan) throws(SQLLoweringError) -> (String, String, [SQLOutputColumn]) {
        var items: [String] = [], columns: [SQLOutputColumn] = [], joins = ""
        func join(_ table: String, _ ref: String) -> String {
            let a = "o\(columns.count + 1)"
            joins += " LEFT JOIN \(table) \(a) ON \(a).ord = \(ref)"
            return a
        }
        func add(_ name: String, _ sql: String, _ type: VType, list: Bool? = nil) {
            let id = dialect.ident(name)
            if let alwaysList = list {
                items.append("\(sql) AS \(id)")
                columns.append(SQLOutputColumn(name: name, kind: .list(type.element, alwaysList: alwaysList)))
                return
            }
            switch type {
            case .entity:
                let a = join("entities", sql)
                items += ["\(a).id AS \(id)", "\(a).name AS \(dialect.ident(name + "_name"))"]
            case .document:
                let a = join("documents", sql)
                items += ["\(a).id AS \(id)", "\(a).title AS \(dialect.ident(name + "_title"))"]
            case .claim:
                items.append("\(join("claims", sql)).id AS \(id)")
            default:
                items.append("\(sql) AS \(id)")
            }
            columns.append(SQLOutputColumn(name: name, kind: .value(type)))
        }
        switch shape {
        case .nodes(let node):
            for f in Field.builtins(of: node.collection) {
                guard let c = RelationalSchema.column(f) else {
                    // Aliases: a list, read as the entity's aliases in order.
                    let set = SQLSet(from: "entity_aliases a", correlation: ("a.entity", "r.ord"), conditions: [], value: "a.alias", order: ["a.pos"])
                    add(f.name, listText(set, .string), f.type, list: true)
                    continue
                }
                add(f.name, "r.\(dialect.ident(c))", f.type)
            }
        case .table(let cols, _):
            for (k, col) in cols.enumerated() where !col.hidden {
                add(col.name, "r.\(tableColumns[k])", col.type, list: listColumns[k])
            }
        }
        return (items.joined(separator: ", "), joins, columns)
    }

    /// Column names for SQL: the ClaimQL names reduced to plain words, made unique.
    static func columnNames(_ names: [String], avoiding taken: [String] = []) -> [String] {
        var used = Set(taken + ["pos", "ord", "keep", "latest_date"]), out: [String] = []
        for name in names {
            var base = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
            while base.contains("__") { base = base.replacingOccurrences(of: "__", with: "_") }
            base = base.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
            if base.isEmpty || base.first!.isNumber { base = "c_" + base }
            var candidate = "c_" + base, n = 2
            if !used.contains(base) { candidate = base } else { while used.contains(candidate) { candidate = "c_\(base)_\(n)"; n += 1 } }
            used.insert(candidate)
            out.append(candidate)
        }
        return out
    }
}

struct SQLLoweringError: Error { let diagnostic: Diagnostic }

/// Where a bind parameter's value comes from when the query runs.
enum SQLParameter: Hashable, Sendable {
    /// The value bound to a ClaimQL parameter.
    case value(slot: Int)
    /// The `NameKey`s of the name(s) bound to a ClaimQL parameter, as a text array.
    case nameKeys(slot: Int)
    /// The whole number bound to a ClaimQL parameter used by `limit` or `offset`.
    case count(slot: Int)
    /// `Engine.approxTolerance`.
    case tolerance
}

struct SQLOutputColumn: Sendable {
    enum Kind: Sendable {
        /// One value of this type; entities and documents take two SQL columns (id and
        /// name / title).
        case value(VType)
        /// A list (`SQLLowering.listText`): values joined with U+001F; one value alone reads
        /// as that value unless `alwaysList`.
        case list(VType, alwaysList: Bool)
    }
    let name: String
    let kind: Kind
}

/// A query lowered to SQL: the text, the bind parameters in marker order, and how its
/// result columns read back into ClaimQL values.
public struct SQLQuery: Sendable {
    public let dialect: SQLDialect
    public let text: String
    let parameters: [SQLParameter]
    let parameterNames: [String]
    let columns: [SQLOutputColumn]
    let isCount: Bool
    let collection: Collection?
    /// `Engine.approxTolerance` when the query was lowered, bound for `certainly`/`possibly`.
    var tolerance = 0.1
}
