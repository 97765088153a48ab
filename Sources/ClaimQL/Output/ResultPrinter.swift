/// How results are printed: `--format` on the command line, `.mode` in the REPL, the
/// `format` of a server request.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, jsonl, csv, line
    /// A timeline chart of the result's claims (`TimelineChart`), as an SVG document.
    case svg
}

/// Turns result sets into text in one of the output formats. The text formats are built
/// only on the public `ResultSet` / `Value` API (the library's front ends and an
/// embedder's share it); `svg` hands the result to `TimelineChart`, which reads the claims
/// behind it.
public struct ResultPrinter: Sendable {
    public var format: OutputFormat
    /// Table mode cuts long results after this many rows (0 = never), noting how many were left out.
    public var maxTableRows: Int
    /// Bold headers and a dim row count (terminals only; never with NO_COLOR).
    public var color: Bool
    /// How the `svg` format draws.
    public var chart: ChartOptions

    public init(format: OutputFormat, maxTableRows: Int = 0, color: Bool = false, chart: ChartOptions = ChartOptions()) {
        self.format = format
        self.maxTableRows = maxTableRows
        self.color = color
        self.chart = chart
    }

    public func render(_ r: ResultSet) -> String {
        if r.isCount { return ResultPrinter.plain(r.value(row: 0, column: 0)) + "\n" }
        switch format {
        case .table: return table(r)
        case .json: return json(r)
        case .jsonl: return (0..<r.count).map { ResultPrinter.object(r, $0) + "\n" }.joined()
        case .csv: return csv(r)
        case .line: return lines(r)
        case .svg: return TimelineChart(chart).render(r)
        }
    }

    // MARK: table

    private func table(_ r: ResultSet) -> String {
        let columnIndexes = r.summaryColumns.compactMap { r.columns.firstIndex(of: $0) }
        let shown = maxTableRows > 0 ? min(r.count, maxTableRows) : r.count
        var cells: [[String]] = []
        var numeric = [Bool](repeating: true, count: columnIndexes.count)
        for row in 0..<shown {
            var line: [String] = []
            for (k, c) in columnIndexes.enumerated() {
                let v = r.value(row: row, column: c)
                if case .number = v {} else if !v.isNull { numeric[k] = false }
                line.append(ResultPrinter.oneLine(ResultPrinter.plain(v)))
            }
            cells.append(line)
        }
        let headers = columnIndexes.map { r.columns[$0] }
        var widths = headers.map(\.count)
        for line in cells { for (k, s) in line.enumerated() { widths[k] = max(widths[k], s.count) } }
        func format(_ line: [String], header: Bool) -> String {
            ResultPrinter.trimmingTrailingSpaces(line.enumerated().map { k, s in
                let pad = String(repeating: " ", count: widths[k] - s.count)
                return numeric[k] && !header ? pad + s : s + pad
            }.joined(separator: "  ")) + "\n"
        }
        let (bold, dim, reset) = color ? ("\u{1B}[1m", "\u{1B}[2m", "\u{1B}[0m") : ("", "", "")
        var out = bold + format(headers, header: true).dropLast() + reset + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for line in cells { out += format(line, header: false) }
        if shown < r.count {
            out += dim + "... \(r.count - shown) more rows not shown (.maxrows to change)" + reset + "\n"
        }
        out += dim + "(\(r.count) row\(r.count == 1 ? "" : "s"))" + reset + "\n"
        return out
    }

    private func lines(_ r: ResultSet) -> String {
        let width = r.columns.map(\.count).max() ?? 0
        var out = ""
        for row in 0..<r.count {
            if row > 0 { out += "\n" }
            for (c, name) in r.columns.enumerated() {
                out += String(repeating: " ", count: width - name.count) + name + " = "
                    + ResultPrinter.plain(r.value(row: row, column: c)) + "\n"
            }
        }
        return out
    }

    // MARK: JSON

    private func json(_ r: ResultSet) -> String {
        if r.count == 0 { return "[]\n" }
        return "[\n" + (0..<r.count).map { "  " + ResultPrinter.object(r, $0) }.joined(separator: ",\n") + "\n]\n"
    }

    /// One row as a JSON object keyed by column name.
    public static func object(_ r: ResultSet, _ row: Int) -> String {
        "{" + r.columns.enumerated().map { c, name in
            Escapes.quote(name) + ": " + json(r.value(row: row, column: c))
        }.joined(separator: ", ") + "}"
    }

    /// A value as JSON: entities by name, documents and claims by id, dates as
    /// "YYYY-MM-DD", missing values as null.
    public static func json(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.isFinite ? Expr.number(d) : "null"
        case .string(let s): return Escapes.quote(s)
        case .date(let d): return Escapes.quote(d.description)
        case .entity(_, let name): return Escapes.quote(name)
        case .document(let id, _): return Escapes.quote(id)
        case .claim(let id): return Escapes.quote(id)
        case .list(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        }
    }

    // MARK: CSV (RFC 4180: CRLF line ends, fields with , " CR LF quoted, quotes doubled)

    private func csv(_ r: ResultSet) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
        }
        var out = r.columns.map(field).joined(separator: ",") + "\r\n"
        for row in 0..<r.count {
            out += (0..<r.columns.count).map { field(ResultPrinter.plain(r.value(row: row, column: $0))) }
                .joined(separator: ",") + "\r\n"
        }
        return out
    }

    // MARK: values

    /// A value as text for tables and CSV: missing is empty, entities by name.
    public static func plain(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return Expr.number(d)
        case .string(let s): return s
        case .date(let d): return d.description
        case .entity(_, let name): return name
        case .document(let id, _): return id
        case .claim(let id): return id
        case .list(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        }
    }

    private static func trimmingTrailingSpaces(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Line breaks as spaces, so a table row stays on one line (each CR and LF is one).
    private static func oneLine(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(u == "\n" || u == "\r" ? " " : u) }
        return String(out)
    }
}
