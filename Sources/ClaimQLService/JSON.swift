import ClaimQL
import Foundation

/// JSON written by hand: the API's replies embed the CLI's own JSON rows as they are
/// (`raw`), so a row reads the same from `claimql --format json` and from the server.
indirect enum JSON {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    /// Text that is JSON already.
    case raw(String)

    var text: String {
        var out = ""
        write(&out)
        return out
    }

    private func write(_ out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if !d.isFinite { out += "null" } else if d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else { out += "\(d)" }
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(&out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (k, (key, value)) in members.enumerated() {
                if k > 0 { out += "," }
                JSON.quote(key, into: &out)
                out += ":"
                value.write(&out)
            }
            out += "}"
        case .raw(let text): out += text
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }

    static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    static func optional(_ d: Double?) -> JSON { d.map(JSON.number) ?? .null }

    /// A ClaimQL value as the CLI's JSON writes it: entities by name, dates as ISO text.
    static func value(_ v: Value) -> JSON {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .date(let d): return .string(d.description)
        case .entity(_, let name): return .string(name)
        case .document(let id, _), .claim(let id): return .string(id)
        case .list(let items): return .array(items.map(value))
        }
    }
}

/// A JSON request body, read with `JSONDecoder` (which keeps `true` and `1` apart).
enum Incoming: Decodable {
    case null, bool(Bool), number(Double), string(String), array([Incoming]), object([String: Incoming])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([Incoming].self) { self = .array(a) }
        else { self = .object(try c.decode([String: Incoming].self)) }
    }

    static func parse(_ bytes: [UInt8]) -> Incoming? { try? JSONDecoder().decode(Incoming.self, from: Data(bytes)) }

    subscript(key: String) -> Incoming? { if case .object(let o) = self { return o[key] }; return nil }
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// A request value as a ClaimQL parameter: numbers, booleans, text, null (an ISO date
    /// stays text: the engine compares text with dates as dates). Lists and objects are not
    /// parameters.
    var parameter: Value? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d)
        case .string(let s): return .string(s)
        case .array, .object: return nil
        }
    }
}
