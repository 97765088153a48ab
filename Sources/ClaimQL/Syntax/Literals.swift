/// Decoding of literal tokens. The lexer has already checked their shape; these turn a
/// token's span into a value, and report what only the value can tell (range, calendar).
enum Literals {
    /// The value of a string token (quotes removed, escapes decoded).
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { b in
            _ = Escapes.decode(b, 1, max(1, b.count - 1), into: &out)
        }
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
