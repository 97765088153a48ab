import Foundation

/// A value of an exported row.
enum SQLCell {
    case null, integer(Int), double(Double), text(String), date(Day), boolean(Bool)
}

/// The rows of each table of `RelationalSchema` for a graph, streamed to a writer one row
/// at a time (a 10M-claim graph is never held twice).
struct RelationalRows {
    let graph: FactGraph

    func forEachRow(of table: RelationalSchema.Table, _ body: ([SQLCell]) throws -> Void) rethrows {
        let g = graph
        func ref(_ r: Int32) -> SQLCell { r < 0 ? .null : .integer(Int(r)) }
        func text(_ code: Int32) -> SQLCell { code < 0 ? .null : .text(g.pool[code]) }
        func day(_ d: Int32) -> SQLCell { d == ClaimTable.missingDate ? .null : .date(Day(daysSinceEpoch: d)) }
        func number(_ d: Double) -> SQLCell { d.isNaN ? .null : .double(d) }
        let e = g.entities, docs = g.documents, c = g.claims
        switch table.name {
        case RelationalSchema.entities.name:
            for i in 0..<e.count { try body([.integer(i), .text(e.ids[i]), .text(e.names[i]), text(e.kinds[i])]) }
        case RelationalSchema.entityNames.name:
            for i in 0..<e.count {
                var keys = Set<String>()
                for name in [e.ids[i], e.names[i]] + e.aliases[i] {
                    let key = NameKey.of(name)
                    if !key.isEmpty && keys.insert(key).inserted { try body([.text(key), .integer(i)]) }
                }
            }
        case RelationalSchema.aliases.name:
            for i in 0..<e.count { for (k, a) in e.aliases[i].enumerated() { try body([.integer(i), .integer(k), .text(a)]) } }
        case RelationalSchema.edges.name:
            for relation in e.edges.keys.sorted() {
                for (i, targets) in e.edges[relation]!.enumerated() {
                    for (k, t) in targets.enumerated() { try body([.integer(i), .text(relation), .integer(Int(t)), .integer(k)]) }
                }
            }
        case RelationalSchema.documents.name:
            let original = g.duplicates.documentOriginal
            for i in 0..<docs.count {
                try body([.integer(i), .text(docs.ids[i]), docs.titles[i].map(SQLCell.text) ?? .null, ref(docs.publishers[i]),
                          day(docs.published[i]), docs.texts[Int32(i)].map(SQLCell.text) ?? .null, ref(original[i])])
            }
        case RelationalSchema.claims.name:
            let original = g.duplicates.original
            for i in 0..<c.count {
                let r = Int32(i), qty = c.qty[i], hi = c.qtyHi[i]
                let qualifier = Qualifier(code: c.qualifiers[i])
                var row: [SQLCell] = [
                    .integer(i), .text(c.ids[i]), ref(c.subjects[i]), text(c.predicates[i]), text(c.objects[i]),
                    number(qty), number(hi), text(c.units[i]), qualifier.map { .text($0.rawValue) } ?? .null, day(c.dates[i]),
                    ref(c.sources[i]), ref(c.docs[i]), c.quotes[r].map(SQLCell.text) ?? .null,
                    qty.isNaN ? .null : .text(Figures.figure(qty: qty, qtyHi: hi, qualifier: qualifier)),
                    c.units[i] < 0 ? .null : UnitFamily.of(g.pool[c.units[i]]).map { .text($0.family) } ?? .null,
                    original[i] == r ? .null : .integer(Int(original[i])), .integer(Int(original[i])),
                    ref(g.speaker(ofClaim: r)), .text(PredicateFamily.of(g.string(c.predicates[i]) ?? "")),
                ]
                // Tolerance 0: an approx figure's bounds are computed in the query.
                if let v = Interval.of(qty: qty, qtyHi: hi, qualifier: qualifier, tolerance: 0) {
                    row += [v.low.isFinite ? .double(v.low) : .null, .boolean(v.lowOpen),
                            v.high.isFinite ? .double(v.high) : .null, .boolean(v.highOpen)]
                } else {
                    row += [.null, .null, .null, .null]
                }
                try body(row)
            }
        case RelationalSchema.units.name:
            for (family, units) in UnitFamily.table {
                for (unit, factor) in units { try body([.text(unit), .text(family), .double(factor)]) }
            }
        case RelationalSchema.relations.name:
            for relation in e.edges.keys.sorted() { try body([.text(relation)]) }
        default:
            break
        }
    }
}

/// `claimql export-sql`: a folder an engine loads the graph from. PostgreSQL and DuckDB
/// get `schema.sql` (tables), one CSV file per table and `load.sql` (a psql / duckdb
/// script that creates, copies, indexes and analyses); Spark gets one JSON Lines file per
/// table and `views.sql`, which declares each file as a view with its column types.
enum SQLExport {
    static func write(_ g: FactGraph, dialect: SQLDialect, to folder: String) throws(ClaimQLError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let rows = RelationalRows(graph: g)
            for table in RelationalSchema.all {
                let path = folder + "/" + table.name + (dialect == .spark ? ".jsonl" : ".csv")
                let out = try FileSink(path)
                rows.forEachRow(of: table) { row in
                    out.write(dialect == .spark ? jsonLine(row, table) : csvLine(row))
                }
                try out.close()
            }
            if dialect == .spark {
                try write(sparkViews(folder: absolute(folder)), to: folder + "/views.sql")
            } else {
                try write(schema(dialect), to: folder + "/schema.sql")
                try write(loadScript(dialect), to: folder + "/load.sql")
            }
        } catch let error as ClaimQLError {
            throw error
        } catch {
            throw ClaimQLError(.runtime, message: "cannot export to \(folder): \(error.localizedDescription)")
        }
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func typeName(_ t: RelationalSchema.ColumnType, _ d: SQLDialect) -> String {
        switch t {
        case .integer: return d.integerType
        case .double: return d.doubleType
        case .text: return d == .postgres ? "TEXT COLLATE \"C\"" : d.textType
        case .date: return "DATE"
        case .boolean: return "BOOLEAN"
        }
    }

    /// CREATE TABLE for every table. Text compares by code point everywhere (`COLLATE "C"`
    /// in PostgreSQL; Spark and DuckDB compare bytes), as ClaimQL does.
    static func schema(_ d: SQLDialect) -> String {
        RelationalSchema.all.map { create($0, d) + ";\n" }.joined(separator: "\n")
    }

    static func create(_ t: RelationalSchema.Table, _ d: SQLDialect) -> String {
        "CREATE TABLE \(d.ident(t.name)) (\n"
            + t.columns.map { "  \(d.ident($0.name)) \(typeName($0.type, d))" }.joined(separator: ",\n") + "\n)"
    }

    static func index(_ t: RelationalSchema.Table, _ columns: [String], _ d: SQLDialect) -> String {
        "CREATE INDEX \(t.name)_\(columns.joined(separator: "_")) ON \(d.ident(t.name)) (" + columns.map(d.ident).joined(separator: ", ") + ")"
    }

    /// CREATE INDEX statements for the indexes a hand-written set-up would make.
    static func indexes(_ d: SQLDialect) -> String {
        RelationalSchema.all.flatMap { t in t.indexes.map { index(t, $0, d) + ";\n" } }.joined()
    }

    /// One row in PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash
    /// escapes for backslash, tab, newline and carriage return.
    static func copyTextLine(_ row: [SQLCell]) -> String {
        row.map { cell -> String in
            switch cell {
            case .null: return "\\N"
            case .integer(let i): return String(i)
            case .double(let d): return "\(d)"
            case .text(let s):
                var out = ""
                for ch in s.unicodeScalars {
                    switch ch {
                    case "\\": out += "\\\\"
                    case "\t": out += "\\t"
                    case "\n": out += "\\n"
                    case "\r": out += "\\r"
                    default: out.unicodeScalars.append(ch)
                    }
                }
                return out
            case .date(let day): return day.description
            case .boolean(let b): return b ? "t" : "f"
            }
        }.joined(separator: "\t") + "\n"
    }

    /// psql (`\copy`) or duckdb (`COPY`) script run from the export folder.
    static func loadScript(_ d: SQLDialect) -> String {
        var out = d == .postgres ? "\\set ON_ERROR_STOP on\nBEGIN;\n\\i schema.sql\n" : ".read schema.sql\n"
        for t in RelationalSchema.all {
            out += d == .postgres ? "\\copy \(d.ident(t.name)) FROM '\(t.name).csv' WITH (FORMAT csv)\n"
                : "COPY \(d.ident(t.name)) FROM '\(t.name).csv' (FORMAT csv, HEADER false);\n"
        }
        out += indexes(d)
        if d == .postgres { out += "COMMIT;\nANALYZE;\n" }
        return out
    }

    static func sparkViews(folder: String) -> String {
        RelationalSchema.all.map { t in
            "CREATE OR REPLACE TEMPORARY VIEW \(t.name) ("
                + t.columns.map { "\(SQLDialect.spark.ident($0.name)) \(typeName($0.type, .spark))" }.joined(separator: ", ")
                + ") USING json OPTIONS (path '\(folder)/\(t.name).jsonl');\n"
        }.joined()
    }

    /// One CSV record: text always quoted (so an empty string differs from null, which
    /// is an unquoted empty field), numbers in shortest round-trip form.
    static func csvLine(_ row: [SQLCell]) -> String {
        row.map { cell -> String in
            switch cell {
            case .null: return ""
            case .integer(let i): return String(i)
            case .double(let d): return "\(d)"
            case .text(let s): return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            case .date(let day): return day.description
            case .boolean(let b): return b ? "t" : "f"
            }
        }.joined(separator: ",") + "\n"
    }

    static func jsonLine(_ row: [SQLCell], _ t: RelationalSchema.Table) -> String {
        var fields: [String] = []
        for (cell, column) in zip(row, t.columns) {
            let value: String
            switch cell {
            case .null: continue
            case .integer(let i): value = String(i)
            case .double(let d): value = "\(d)"
            case .text(let s): value = Escapes.quote(s)
            case .date(let day): value = "\"\(day.description)\""
            case .boolean(let b): value = b ? "true" : "false"
            }
            fields.append("\"\(column.name)\":\(value)")
        }
        return "{" + fields.joined(separator: ",") + "}\n"
    }
}

/// A file written through a buffer.
final class FileSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw ClaimQLError(.runtime, message: "cannot write \(path)")
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
    }
}
