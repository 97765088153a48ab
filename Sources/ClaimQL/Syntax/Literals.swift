/// Decoding of literal tokens. The lexer has already checked their shape; these turn a
/// token's span into a value, and report what only the value can tell (range, calendar).
enum Literals {
    /// The value of a string token (quotes removed, escapes decoded).
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex + 1
        let end = bytes.endIndex - 1
        var pendingHigh: UInt32? = nil
        func appendScalar(_ v: UInt32) {
            let s = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        while i < end {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), i + 1 < end else {
                if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
                out.append(c); i += 1; continue
            }
            let e = bytes[i + 1]
            i += 2
            if e == UInt8(ascii: "u"), i + 4 <= end,
               let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) {
                i += 4
                if (0xD800...0xDBFF).contains(v) { pendingHigh = v; continue }
                if (0xDC00...0xDFFF).contains(v), let h = pendingHigh {
                    appendScalar(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                    continue
                }
                if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
                appendScalar(v)
                continue
            }
            if let h = pendingHigh { appendScalar(h); pendingHigh = nil }
            switch e {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            default: out.append(e)
            }
        }
        if let h = pendingHigh { appendScalar(h) }
        return String(decoding: out, as: UTF8.self)
    }

    enum NumberError: Error { case outOfRange }

    /// The value of a number token: `1_000_000`, `4.8M`, `1e6`, `2k`.
    static func number(_ bytes: ArraySlice<UInt8>) throws(NumberError) -> Double {
        var digits = ""
        var multiplier = 1.0
        for c in bytes {
            switch c {
            case UInt8(ascii: "_"): continue
            case UInt8(ascii: "k"), UInt8(ascii: "K"): multiplier = 1e3
            case UInt8(ascii: "M"): multiplier = 1e6
            case UInt8(ascii: "B"): multiplier = 1e9
            default: digits.append(Character(Unicode.Scalar(c)))
            }
        }
        guard let v = Double(digits), v.isFinite, (v * multiplier).isFinite else { throw .outOfRange }
        return v * multiplier
    }
}
