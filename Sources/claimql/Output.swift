import ClaimQL

/// How results are printed: `--format` on the command line, `.mode` in the REPL.
enum OutputFormat: String, CaseIterable {
    case table, json, jsonl, csv, line
}

/// Turns result sets into text. Uses only the public `ResultSet` / `Value` API.
struct ResultPrinter {
    var format: OutputFormat
    /// Table mode cuts long results after this many rows (0 = never), noting how many were left out.
    var maxTableRows = 0
    /// Bold headers and a dim row count (terminals only; never with NO_COLOR).
    var color = false

    func render(_ r: ResultSet) -> String {
        if r.isCount { return plain(r.value(row: 0, column: 0)) + "\n" }
        switch format {
        case .table: return table(r)
        case .json: return json(r)
        case .jsonl: return (0..<r.count).map { object(r, $0) + "\n" }.joined()
        case .csv: return csv(r)
        case .line: return lines(r)
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
                line.append(plain(v).replacingNewlines())
            }
            cells.append(line)
        }
        let headers = columnIndexes.map { r.columns[$0] }
        var widths = headers.map(\.count)
        for line in cells { for (k, s) in line.enumerated() { widths[k] = max(widths[k], s.count) } }
        func format(_ line: [String], header: Bool) -> String {
            line.enumerated().map { k, s in
                let pad = String(repeating: " ", count: widths[k] - s.count)
                return numeric[k] && !header ? pad + s : s + pad
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
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
                out += String(repeating: " ", count: width - name.count) + name + " = " + plain(r.value(row: row, column: c)) + "\n"
            }
        }
        return out
    }

    // MARK: JSON

    private func json(_ r: ResultSet) -> String {
        if r.count == 0 { return "[]\n" }
        return "[\n" + (0..<r.count).map { "  " + object(r, $0) }.joined(separator: ",\n") + "\n]\n"
    }

    private func object(_ r: ResultSet, _ row: Int) -> String {
        "{" + r.columns.enumerated().map { c, name in
            JSON.string(name) + ": " + JSON.value(r.value(row: row, column: c))
        }.joined(separator: ", ") + "}"
    }

    // MARK: CSV (RFC 4180: CRLF line ends, fields with , " CR LF quoted, quotes doubled)

    private func csv(_ r: ResultSet) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = r.columns.map(field).joined(separator: ",") + "\r\n"
        for row in 0..<r.count {
            out += (0..<r.columns.count).map { field(plain(r.value(row: row, column: $0))) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    // MARK: values

    /// A value as text for tables and CSV: missing is empty, entities by name.
    func plain(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return JSON.number(d)
        case .string(let s): return s
        case .date(let d): return d.description
        case .entity(_, let name): return name
        case .document(let id, _): return id
        case .claim(let id): return id
        case .list(let items): return "[" + items.map(JSON.value).joined(separator: ", ") + "]"
        }
    }
}

enum JSON {
    static func value(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return d.isFinite ? number(d) : "null"
        case .string(let s): return string(s)
        case .date(let d): return string(d.description)
        case .entity(_, let name): return string(name)
        case .document(let id, _): return string(id)
        case .claim(let id): return string(id)
        case .list(let items): return "[" + items.map(value).joined(separator: ", ") + "]"
        }
    }

    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }

    func replacingNewlines() -> String {
        contains(where: { $0 == "\n" || $0 == "\r" }) ? replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") : self
    }
}
