/// The SQL back end's public face: a query as SQL for a dialect, its bind values, and its
/// result rows (as text, the way every SQL driver can give them) read back into a
/// `ResultSet` the printers show like any other. The drivers live outside the library
/// (`ClaimQLPostgres`, the Spark runner), so embedders build none of them.
extension PreparedQuery {
    /// This query as SQL for `dialect` (`claimql sql`, `explain` on an engine).
    public func sql(dialect: SQLDialect) throws(ClaimQLError) -> SQLQuery {
        try SQLLowering.lower(plan(engine.graph.snapshot).logical, dialect: dialect, tolerance: engine.approxTolerance)
    }
}

extension Engine {
    public func sql(_ text: String, dialect: SQLDialect) throws(ClaimQLError) -> SQLQuery {
        try prepare(text).sql(dialect: dialect)
    }
}

/// A value to bind to a SQL parameter marker.
public enum SQLBinding: Sendable, Equatable {
    case null
    case integer(Int)
    case number(Double)
    case text(String)
    case date(Day)
    case bool(Bool)
    case numbers([Double])
    case texts([String])
    case dates([Day])
}

extension SQLQuery {
    /// The values for the markers, in order, from the query's parameters. Errors are the
    /// ones running in memory gives (a missing parameter, a limit that is not a whole number).
    public func bindings(_ values: [String: Value] = [:]) throws(ClaimQLError) -> [SQLBinding] {
        var out: [SQLBinding] = []
        for p in parameters {
            switch p {
            case .tolerance: out.append(.number(tolerance))
            case .value(let slot), .nameKeys(let slot), .count(let slot):
                let name = parameterNames[slot]
                guard let v = values[name] else {
                    throw ClaimQLError(.semantic, message: "no value for parameter $\(name)")
                }
                switch p {
                case .nameKeys:
                    switch v {
                    case .null: out.append(.null)
                    case .string(let s): out.append(.texts([NameKey.of(s)]))
                    case .list(let items): out.append(.texts(items.compactMap { if case .string(let s) = $0 { NameKey.of(s) } else { nil } }))
                    case .entity(let id, _): out.append(.texts([NameKey.of(id)]))
                    default: throw ClaimQLError(.semantic, message: "$\(name) must be a name or a list of names")
                    }
                case .count:
                    guard case .number(let d) = v, d >= 0, d == d.rounded(), d < 1e15 else {
                        throw ClaimQLError(.semantic, message: "$\(name) must be a whole number of rows")
                    }
                    out.append(.integer(Int(d)))
                default:
                    out.append(try SQLQuery.binding(v, name))
                }
            }
        }
        return out
    }

    private static func binding(_ v: Value, _ name: String) throws(ClaimQLError) -> SQLBinding {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .text(s)
        case .date(let d): return .date(d)
        case .entity(let id, _), .document(let id, _), .claim(let id): return .text(id)
        case .list(let items):
            if items.allSatisfy({ if case .number = $0 { true } else { false } }) {
                return .numbers(items.compactMap { if case .number(let d) = $0 { d } else { nil } })
            }
            if items.allSatisfy({ if case .date = $0 { true } else { false } }), !items.isEmpty {
                return .dates(items.compactMap { if case .date(let d) = $0 { d } else { nil } })
            }
            var texts: [String] = []
            for item in items {
                switch item {
                case .string(let s), .entity(let s, _), .document(let s, _), .claim(let s): texts.append(s)
                default: throw ClaimQLError(.semantic, message: "$\(name): a list of one kind of value is needed")
                }
            }
            return .texts(texts)
        }
    }

    /// The number of SQL columns each result row has.
    public var resultWidth: Int {
        columns.reduce(0) { n, c in
            if case .value(let t) = c.kind, t == .entity || t == .document { return n + 2 }
            return n + 1
        }
    }

    /// Result rows (each cell as the engine's text, nil for NULL) as a `ResultSet`.
    public func result(rows: [[String?]], warnings: [Diagnostic] = []) throws(ClaimQLError) -> ResultSet {
        var values: [[Value]] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            guard row.count == resultWidth else {
                throw ClaimQLError(.runtime, message: "the engine returned \(row.count) columns, \(resultWidth) expected")
            }
            var k = 0, out: [Value] = []
            for c in columns {
                let text = row[k]
                k += 1
                switch c.kind {
                case .list(let element, let alwaysList):
                    guard let text else { out.append(.null); continue }
                    var items: [Value] = []
                    for part in text.split(separator: "\u{1F}", omittingEmptySubsequences: false) {
                        let fields = part.split(separator: "\u{1E}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                        switch element {
                        case .entity: items.append(.entity(id: fields[0], name: fields.count > 1 ? fields[1] : fields[0]))
                        case .document: items.append(.document(id: fields[0], title: fields.count > 1 && !fields[1].isEmpty ? fields[1] : nil))
                        default: items.append(try SQLQuery.decode(String(part), element, c.name))
                        }
                    }
                    out.append(items.count == 1 && !alwaysList ? items[0] : .list(items))
                case .value(let type):
                    switch type {
                    case .entity:
                        out.append(text.map { .entity(id: $0, name: row[k] ?? $0) } ?? .null)
                        k += 1
                    case .document:
                        out.append(text.map { .document(id: $0, title: row[k]) } ?? .null)
                        k += 1
                    default:
                        out.append(try SQLQuery.decode(text, type, c.name))
                    }
                }
            }
            values.append(out)
        }
        let names = columns.map(\.name)
        let summary = collection == .claims ? Field.claimSummary : collection == .documents ? Field.documentSummary : names
        if isCount { return ResultSet(storage: .count(Int(values.first.map { $0[0].numberValue ?? 0 } ?? 0)), graph: FactGraph(), columns: ["count"], summaryColumns: ["count"], warnings: warnings) }
        return ResultSet(storage: .values(values), graph: FactGraph(), columns: names, summaryColumns: summary, warnings: warnings)
    }

    static func decode(_ text: String?, _ type: VType, _ column: String) throws(ClaimQLError) -> Value {
        guard let text else { return .null }
        switch type {
        case .number:
            guard let d = Double(text) else { throw ClaimQLError(.runtime, message: "column \(column): `\(text)` is not a number") }
            return .number(d)
        case .date:
            guard let day = Day(iso: String(text.prefix(10))) else { throw ClaimQLError(.runtime, message: "column \(column): `\(text)` is not a date") }
            return .date(day)
        case .bool:
            return .bool(["t", "true", "1"].contains(text.lowercased()))
        case .claim:
            return .claim(id: text)
        default:
            return .string(text)
        }
    }
}

extension Value {
    var numberValue: Double? { if case .number(let d) = self { return d }; return nil }
}

extension ClaimGraph {
    /// Writes the graph in the relational schema for `dialect` into `folder`: tables and
    /// data (CSV and a load script for PostgreSQL and DuckDB, JSON Lines and view
    /// declarations for Spark). Names are keyed, intervals and duplicates computed here,
    /// so every engine answers as the in-memory one does.
    public func exportSQL(dialect: SQLDialect, to folder: String) throws(ClaimQLError) {
        try SQLExport.write(snapshot, dialect: dialect, to: folder)
    }
}

extension SQLQuery {
    /// What each bind marker holds, in order, for people reading the SQL.
    public var parameterDescriptions: [String] {
        parameters.map { p in
            switch p {
            case .value(let slot): return "$" + parameterNames[slot]
            case .count(let slot): return "$" + parameterNames[slot] + " (a whole number of rows)"
            case .nameKeys(let slot): return "the name keys of $" + parameterNames[slot] + " (a text array)"
            case .tolerance: return "the approx tolerance (\(tolerance))"
            }
        }
    }
}

/// A database that runs lowered queries (`ClaimQLPostgres`, or a test's own). Rows come
/// back with each cell as the engine's text, nil for NULL.
public protocol SQLRunner: AnyObject {
    var dialect: SQLDialect { get }
    func run(_ query: SQLQuery, _ bindings: [SQLBinding]) throws(ClaimQLError) -> [[String?]]
}

extension ClaimGraph {
    /// Declares entity relations (`country`, ...) the graph has no edges of: for resolving
    /// queries against a database that holds the data (`claimql --engine`), whose
    /// `claimql_relations` table lists them.
    public func declareRelations(_ names: [String]) throws(ClaimQLError) {
        try update { loader in
            for name in names where loader.builder.batch.entities.edges[name] == nil {
                loader.builder.batch.entities.edges[name] = Array(repeating: [], count: loader.builder.batch.entities.count)
            }
        }
    }
}

extension Session {
    /// Runs the queries of a script on a database instead of the graph in memory: each is
    /// planned here (against this graph's relations and names) and lowered to the
    /// runner's dialect; `explain` shows the SQL. Declarations and `load` are refused:
    /// data goes into the database with `claimql push`.
    public func run(_ text: String, name: String = "<script>", on runner: any SQLRunner,
                    onResult: (ResultSet) -> Void) throws(ClaimQLError) {
        let file = SourceFile(name: name, text: text)
        let parsed = Parser.parse(file)
        if !parsed.diagnostics.isEmpty { throw ClaimQLError(.syntax, parsed.diagnostics.map { $0.in(file) }) }
        let statements = parsed.script.statements
        if let data = statements.first(where: \.isData) {
            throw ClaimQLError(.semantic, [Diagnostic.error(
                "declarations and `load` change the graph in memory; on \(runner.dialect.rawValue) the data comes from the database",
                at: data.range, hint: "load data into the database with `claimql push`").in(file)])
        }
        let (plans, scratch, errors) = plan(statements, file, engine.graph.snapshot)
        if !errors.isEmpty { throw ClaimQLError(.semantic, errors) }
        lets = scratch
        // With no graph in memory every name "matches no entity": those warnings would be noise.
        let quiet = engine.graph.counts.entities == 0
        for (plan, explain) in plans {
            let sql = try SQLLowering.lower(plan.logical, dialect: runner.dialect, tolerance: engine.approxTolerance)
            if explain != nil {
                let lines = sql.text.split(separator: "\n").map { [Cell.string(String($0))] }
                onResult(ResultSet(storage: .table(lines), graph: plan.graph, columns: ["sql"], summaryColumns: ["sql"], warnings: []))
                continue
            }
            let rows = try runner.run(sql, try sql.bindings())
            onResult(try sql.result(rows: rows, warnings: quiet ? [] : plan.logical.warnings))
        }
    }
}

/// One table of the relational form, as a loader needs it.
public struct RelationalTable: Sendable {
    public let name: String
    public let create: String
    public let indexes: [String]
}

extension ClaimGraph {
    /// The tables of the relational form for `dialect`: CREATE TABLE and CREATE INDEX text.
    public func relationalTables(dialect: SQLDialect) -> [RelationalTable] {
        RelationalSchema.all.map { t in
            RelationalTable(name: t.name, create: SQLExport.create(t, dialect),
                            indexes: t.indexes.map { SQLExport.index(t, $0, dialect) })
        }
    }

    /// The rows of one table in PostgreSQL's COPY text format, handed over in chunks of
    /// about 1 MiB (a large graph is never rendered whole).
    public func copyText(of table: String, _ chunk: (String) throws -> Void) rethrows {
        guard let t = RelationalSchema.all.first(where: { $0.name == table }) else { return }
        var buffer = ""
        try RelationalRows(graph: snapshot).forEachRow(of: t) { row in
            buffer += SQLExport.copyTextLine(row)
            if buffer.utf8.count >= 1 << 20 { try chunk(buffer); buffer = "" }
        }
        if !buffer.isEmpty { try chunk(buffer) }
    }
}
