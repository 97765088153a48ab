/// Renders diagnostics as `file:line:col: error: message`, the source line, and a caret
/// underline, then notes and the hint. jq and clang readers know this shape.
enum DiagnosticRenderer {
    /// Renders a diagnostic against its own file (or just its message if it has none).
    static func render(_ d: Diagnostic, color: Bool = false) -> String {
        guard let file = d.file else {
            return "\(d.severity.rawValue): \(d.message)\n" + (d.hint.map { "  hint: \($0)\n" } ?? "")
        }
        return render(d, in: file, color: color)
    }

    static func render(_ d: Diagnostic, in file: SourceFile, color: Bool = false) -> String {
        var out = header(file, d.range.start, d.severity.rawValue, d.message, color: color)
        out += excerpt(file, d.range, color: color)
        for note in d.notes {
            if let r = note.range {
                out += header(file, r.start, "note", note.message, color: color)
                out += excerpt(file, r, color: color)
            } else {
                out += "  note: \(note.message)\n"
            }
        }
        if let hint = d.hint { out += "  hint: \(hint)\n" }
        return out
    }

    private static func header(_ file: SourceFile, _ offset: Int, _ kind: String, _ message: String,
                               color: Bool) -> String {
        let (line, col) = file.location(of: offset)
        let label: String
        if color {
            let code = kind == "error" ? "31" : kind == "warning" ? "35" : "36"
            label = "\u{1B}[1;\(code)m\(kind):\u{1B}[0m"
        } else {
            label = "\(kind):"
        }
        return "\(file.name):\(line):\(col): \(label) \(message)\n"
    }

    /// Characters of a long line shown either side of the culprit: a 200,000-character
    /// JSON line is cut to a window around it, marked with "...".
    static let window = 60

    private static func excerpt(_ file: SourceFile, _ range: SourceRange, color: Bool) -> String {
        let (line, col) = file.location(of: range.start)
        let text = Array(file.lineText(line).map { $0 == "\t" ? " " : $0 })
        // Underline to the end of the range, clipped to this line; at least one caret.
        let (endLine, endCol) = file.location(of: range.end)
        var width = endLine == line ? max(1, endCol - col) : max(1, text.count - col + 1)
        var first = 0, last = text.count
        if text.count > 3 * window {
            first = max(0, col - 1 - window)
            last = min(text.count, col - 1 + max(width, 1) + window)
            width = min(width, window)
            last = min(last, col - 1 + width + window)
        }
        let lead = first > 0 ? "..." : "", tail = last < text.count ? "..." : ""
        let shown = lead + String(text[first..<last]) + tail
        let gutter = String(line)
        var out = " \(gutter) | \(shown)\n"
        let pad = lead.count + (col - 1 - first)
        let carets = String(repeating: " ", count: max(0, pad)) + "^" + String(repeating: "~", count: width - 1)
        let marked = color ? "\u{1B}[1;32m\(carets)\u{1B}[0m" : carets
        out += " \(String(repeating: " ", count: gutter.count)) | \(marked)\n"
        return out
    }
}
