import Foundation

/// A few lines of SVG at a time. Coordinates are written with at most one decimal, so the
/// same chart is the same text on every machine (the golden tests compare it as text).
struct SVGWriter {
    private(set) var text = ""
    private var depth = 0

    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        line("<\(name)\(SVGWriter.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// An element with no content, or with a `<title>` (what a browser shows on hover).
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, title: String? = nil) {
        if let title {
            line("<\(name)\(SVGWriter.attributes(attributes))><title>\(SVGWriter.escape(title))</title></\(name)>")
        } else {
            line("<\(name)\(SVGWriter.attributes(attributes))/>")
        }
    }

    mutating func text(_ content: String, _ attributes: KeyValuePairs<String, String>) {
        line("<text\(SVGWriter.attributes(attributes))>\(SVGWriter.escape(content))</text>")
    }

    mutating func raw(_ s: String) { line(s) }

    private mutating func line(_ s: String) {
        text += String(repeating: "  ", count: depth) + s + "\n"
    }

    private static func attributes(_ a: KeyValuePairs<String, String>) -> String {
        a.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 allows no other control characters, even escaped.
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            case _ where ch.value < 0x20 || (0xFFFE...0xFFFF).contains(ch.value): out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A coordinate: one decimal at most, no "-0".
    static func n(_ d: Double) -> String {
        let r = (d * 10).rounded() / 10
        if r == 0 { return "0" }
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }
}

