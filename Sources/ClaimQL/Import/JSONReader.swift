/// A small JSON parser over bytes, for JSON Lines input. It parses one value at a time,
/// keeps strings without escapes as slices of the input, and reports the byte offset of
/// whatever is wrong, so a bad line gives file:line:column.
enum JSONValue {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([(JSONValue, Int)])          // value and its offset
    case object([(key: String, value: JSONValue, offset: Int)])

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

struct JSONError: Error {
    let message: String
    let offset: Int
}

struct JSONReader {
    static let maxDepth = 64
    let bytes: [UInt8]
    var pos: Int
    let end: Int
    private var depth = 0

    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.pos = start
        self.end = end
    }

    mutating func skipSpace() {
        while pos < end, bytes[pos] == 0x20 || bytes[pos] == 0x09 || bytes[pos] == 0x0D || bytes[pos] == 0x0A { pos += 1 }
    }

    private func describe(_ i: Int) -> String {
        guard i < end else { return "end of line" }
        let c = bytes[i]
        if c >= 0x20 && c < 0x7F { return "`\(Character(Unicode.Scalar(c)))`" }
        return "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    mutating func value() throws(JSONError) -> JSONValue {
        skipSpace()
        guard pos < end else { throw JSONError(message: "expected a JSON value, found end of line", offset: pos) }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw JSONError(message: "expected a JSON value, found \(describe(pos))", offset: pos)
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        guard pos + n <= end, bytes[pos..<pos + n].elementsEqual(w) else {
            throw JSONError(message: "expected a JSON value, found \(describe(pos))", offset: pos)
        }
        pos += n
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > JSONReader.maxDepth { throw JSONError(message: "JSON nests more than \(JSONReader.maxDepth) levels deep", offset: pos) }
    }

    private mutating func object() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var members: [(key: String, value: JSONValue, offset: Int)] = []
        skipSpace()
        if pos < end && bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
        while true {
            skipSpace()
            guard pos < end, bytes[pos] == UInt8(ascii: "\"") else {
                throw JSONError(message: "expected a key in double quotes, found \(describe(pos))", offset: pos)
            }
            let key = try string()
            skipSpace()
            guard pos < end, bytes[pos] == UInt8(ascii: ":") else {
                throw JSONError(message: "expected `:` after the key, found \(describe(pos))", offset: pos)
            }
            pos += 1
            skipSpace()
            let at = pos
            members.append((key, try value(), at))
            skipSpace()
            guard pos < end else { throw JSONError(message: "unterminated object: expected `,` or `}`, found end of line", offset: pos) }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw JSONError(message: "expected `,` or `}`, found \(describe(pos))", offset: pos)
        }
    }

    private mutating func array() throws(JSONError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [(JSONValue, Int)] = []
        skipSpace()
        if pos < end && bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipSpace()
            let at = pos
            items.append((try value(), at))
            skipSpace()
            guard pos < end else { throw JSONError(message: "unterminated array: expected `,` or `]`, found end of line", offset: pos) }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw JSONError(message: "expected `,` or `]`, found \(describe(pos))", offset: pos)
        }
    }

    mutating func string() throws(JSONError) -> String {
        let start = pos
        pos += 1
        let contentStart = pos
        var hasEscape = false
        var ascii = true
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                let s: String
                if hasEscape {
                    s = Literals.string(bytes[start...pos])
                } else {
                    // Over a buffer, not the generic slice path; ASCII needs no validation.
                    let (from, to) = (contentStart, pos)
                    let v: String? = bytes.withUnsafeBufferPointer { b in
                        let run = UnsafeBufferPointer(rebasing: b[from..<to])
                        return ascii ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
                    }
                    guard let v else {
                        throw JSONError(message: "string is not valid UTF-8", offset: firstInvalidUTF8(contentStart, pos))
                    }
                    s = v
                }
                pos += 1
                return s
            }
            if c == UInt8(ascii: "\\") {
                hasEscape = true
                guard pos + 1 < end else { break }
                let e = bytes[pos + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    pos += 2
                case UInt8(ascii: "u"):
                    guard pos + 6 <= end, bytes[pos + 2..<pos + 6].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }) else {
                        throw JSONError(message: "`\\u` needs four hex digits", offset: pos)
                    }
                    pos += 6
                default:
                    throw JSONError(message: "unknown escape `\\\(Character(Unicode.Scalar(e)))` in string", offset: pos)
                }
                continue
            }
            if c < 0x20 { throw JSONError(message: "control character in string (write it as an escape)", offset: pos) }
            if c >= 0x80 { ascii = false }
            pos += 1
        }
        throw JSONError(message: "unterminated string", offset: start)
    }

    private func firstInvalidUTF8(_ from: Int, _ to: Int) -> Int {
        var i = from
        while i < to {
            let c = bytes[i]
            let n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0
            if n == 0 || i + n > to || String(validating: bytes[i..<i + n], as: UTF8.self) == nil { return i }
            i += n
        }
        return from
    }

    private mutating func number() throws(JSONError) -> Double {
        let bytes = self.bytes, end = self.end
        var p = pos
        let result = bytes.withUnsafeBufferPointer { JSONNumber.parse($0, &p, end) }
        pos = p
        return try result.get()
    }
}

/// JSON numbers from bytes. Integers and numbers with a zero fraction (`1419592.0`) are
/// read exactly here; anything else goes through the standard library's correctly
/// rounded parser.
enum JSONNumber {
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ end: Int) -> Result<Double, JSONError> {
        let s = p
        var negative = false
        if p < end, b[p] == UInt8(ascii: "-") { negative = true; p += 1 }
        var value: UInt64 = 0
        var digits = 0
        while p < end, b[p] >= 48, b[p] <= 57 {
            if digits < 18 { value = value * 10 + UInt64(b[p] - 48) }
            digits += 1
            p += 1
        }
        guard digits > 0 else { return .failure(JSONError(message: "expected digits in number", offset: s)) }
        var simple = digits < 18
        if p < end, b[p] == UInt8(ascii: ".") {
            p += 1
            let f = p
            while p < end, b[p] >= 48, b[p] <= 57 {
                if b[p] != 48 { simple = false }
                p += 1
            }
            guard p > f else { return .failure(JSONError(message: "expected digits after `.`", offset: p)) }
        }
        if p < end, b[p] | 0x20 == UInt8(ascii: "e") {
            simple = false
            p += 1
            if p < end, b[p] == UInt8(ascii: "+") || b[p] == UInt8(ascii: "-") { p += 1 }
            let f = p
            while p < end, b[p] >= 48, b[p] <= 57 { p += 1 }
            guard p > f else { return .failure(JSONError(message: "expected digits in exponent", offset: p)) }
        }
        if simple { return .success(negative ? -Double(value) : Double(value)) }
        guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: b[s..<p]), as: UTF8.self)), d.isFinite else {
            return .failure(JSONError(message: "number out of range", offset: s))
        }
        return .success(d)
    }
}
