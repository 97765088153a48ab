import ClaimQL
import Foundation

/// JSON written by hand: the API's replies embed the CLI's own JSON rows as they are
/// (`raw`), so a row reads the same from `claimql --format json` and from the server;
/// strings and numbers are written by the same code (`ResultPrinter.json`).
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
        case .number(let d): out += ResultPrinter.json(.number(d))
        case .string(let s): out += ResultPrinter.json(.string(s))
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
                out += ResultPrinter.json(.string(key))
                out += ":"
                value.write(&out)
            }
            out += "}"
        case .raw(let text): out += text
        }
    }

    static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    static func optional(_ d: Double?) -> JSON { d.map(JSON.number) ?? .null }
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
