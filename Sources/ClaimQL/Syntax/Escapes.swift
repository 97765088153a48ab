/// The one string-escape decoder and the one encoder of the package. ClaimQL strings and
/// JSON strings share their escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`,
/// `\uXXXX` with surrogate pairs), so the lexer, the JSON reader, the claims fast path,
/// the printer, the JSON Lines export and the JSON output formats all go through here.
enum Escapes {
    /// Decodes `b[from..<to]` (a string's content, between its quotes) and appends the
    /// UTF-8 to `out`. Returns false at an escape it does not know or a `\u` without four
    /// hex digits; callers that report errors check the escapes first, with positions.
    /// A lone surrogate becomes U+FFFD.
    @discardableResult
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, into out: inout [UInt8]) -> Bool {
        var i = from
        var pendingHigh: UInt32? = nil
        func scalar(_ v: UInt32) {
            let s = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: String(Character(s)).utf8)
        }
        func flush() { if let h = pendingHigh { scalar(h); pendingHigh = nil } }
        while i < to {
            guard b[i] == UInt8(ascii: "\\") else {
                // A run of plain bytes goes in at once.
                flush()
                var j = i + 1
                while j < to && b[j] != UInt8(ascii: "\\") { j += 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                i = j
                continue
            }
            guard i + 1 < to else { return false }
            let e = b[i + 1]
            i += 2
            if e == UInt8(ascii: "u") {
                guard i + 4 <= to, let v = hex4(b, i) else { return false }
                i += 4
                if (0xD800...0xDBFF).contains(v) { flush(); pendingHigh = v; continue }
                if (0xDC00...0xDFFF).contains(v), let h = pendingHigh {
                    scalar(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                    continue
                }
                flush()
                scalar(v)
                continue
            }
            flush()
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            default: return false
            }
        }
        flush()
        return true
    }

    private static func hex4(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32? {
        var v: UInt32 = 0
        for i in at..<at + 4 {
            let c = b[i]
            let d: UInt8
            switch c {
            case 48...57: d = c - 48
            case 65...70: d = c - 55
            case 97...102: d = c - 87
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// `s` as a quoted string literal, valid both as ClaimQL and as JSON: quotes and
    /// backslashes escaped, control characters (and DEL) as `\n`, `\t`, `\r` or `\u00XX`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
