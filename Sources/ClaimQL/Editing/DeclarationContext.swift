/// Where the cursor is inside a declaration block (`entity x: person "X" { country: |`):
/// at a field name, or at the value of one. Completion there offers what the loader
/// accepts, not query words.
struct DeclarationContext {
    let node: NodeKind
    /// The field whose value is being written; nil at a field name.
    let key: String?
    /// Where the word being completed starts, relative to the statement start.
    let wordStart: Int
    let word: String

    /// Nil unless `bytes` (a statement up to the cursor) ends inside a `{ }` block.
    init?(_ bytes: [UInt8]) {
        var depth = 0, i = 0, inString = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            } else if b == UInt8(ascii: "{") {
                depth += 1
            } else if b == UInt8(ascii: "}") {
                depth -= 1
            }
            i += 1
        }
        guard depth > 0, !inString else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        switch text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first {
        case "entity": node = .entity
        case "document": node = .document
        case "claim": node = .claim
        default: return nil
        }
        let isWord: (UInt8) -> Bool = { b in
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b >= 0x80
        }
        var start = bytes.count
        while start > 0, isWord(bytes[start - 1]) { start -= 1 }
        wordStart = start
        word = String(decoding: bytes[start...], as: UTF8.self)
        var j = start
        while j > 0, bytes[j - 1] == UInt8(ascii: " ") || bytes[j - 1] == UInt8(ascii: "\t") { j -= 1 }
        if j > 0, bytes[j - 1] == UInt8(ascii: ":") || bytes[j - 1] == UInt8(ascii: "[") || bytes[j - 1] == UInt8(ascii: ",") && Self.inList(bytes[..<j]) {
            // The key is the word before the colon that opened this value.
            var k = j - 1
            while k > 0, bytes[k] != UInt8(ascii: ":") { k -= 1 }
            var e = k
            while e > 0, bytes[e - 1] == UInt8(ascii: " ") { e -= 1 }
            var s = e
            while s > 0, isWord(bytes[s - 1]) { s -= 1 }
            key = String(decoding: bytes[s..<e], as: UTF8.self)
        } else {
            key = nil
        }
    }

    /// Whether the text ends inside an open `[ ]` list (a comma there separates values).
    static func inList(_ bytes: ArraySlice<UInt8>) -> Bool {
        var depth = 0
        for b in bytes {
            if b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") { depth -= 1 }
        }
        return depth > 0
    }

    func completions(start: Int, graph g: FactGraph, declared: [Occurrence]) -> Completion {
        var candidates: [String]
        if let key {
            switch key {
            case "qualifier": candidates = Qualifier.allCases.map(\.rawValue)
            case "doc": candidates = g.documents.ids + declared.filter { $0.isDefinition && $0.kind == .document }.map(\.name)
            case "duplicate_of": candidates = g.claims.ids + declared.filter { $0.isDefinition && $0.kind == .claim }.map(\.name)
            default: candidates = g.entities.ids + declared.filter { $0.isDefinition && $0.kind == .entity }.map(\.name)
            }
        } else {
            let header: Set<String> = ["id", "subject", "predicate", "object", "name", "kind", "title", "text"]
            candidates = Field.builtins(of: node.collection).map(\.name).filter { !header.contains($0) }
            switch node {
            case .entity: candidates += g.entities.edges.keys.sorted() + g.entities.attributes.keys.sorted()
            case .document: candidates += g.documents.attributes.keys.sorted() + ["text"]
            case .claim: candidates += g.claims.attributes.keys.sorted()
            }
        }
        let lower = word.lowercased()
        let matches = Set(candidates.filter { $0.lowercased().hasPrefix(lower) })
        return Completion(start: start + wordStart, candidates: matches.sorted(), inString: false)
    }
}
