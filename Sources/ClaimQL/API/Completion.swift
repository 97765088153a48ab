/// Completion for interactive front ends: what may come at the cursor, from the language
/// (keywords, functions, collections, `let` names), the schema (fields, and the fields
/// of whatever a path before a `.` leads to) and the data (entity names and aliases
/// inside an open string).
public struct Completion: Sendable {
    /// UTF-8 offset in the text where the word being completed starts.
    public let start: Int
    /// Full replacements for that word, sorted.
    public let candidates: [String]
    /// True when the word is inside an open string (a name): front ends close the quote.
    public let inString: Bool
}

extension Session {
    /// Characters that end a word for completion (the front end should use the same).
    public static let wordBreakCharacters = " \t\n()[],=<>!+*/;.:{}"

    public static var keywords: [String] { Keyword.allCases.map(\.rawValue) }

    /// Candidates for the word that ends at `cursor` (a UTF-8 offset) in `text`.
    public func completions(in text: String, at cursor: Int) -> Completion {
        let bytes = Array(text.utf8.prefix(cursor))
        // Inside an open string? Count quotes, skipping escaped ones.
        var inString = false
        var quoteAt = -1
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") && inString { i += 2; continue }
            if bytes[i] == UInt8(ascii: "\"") { inString.toggle(); quoteAt = i }
            if bytes[i] == UInt8(ascii: "-") && !inString && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-") {
                return Completion(start: cursor, candidates: [], inString: false) // in a comment
            }
            i += 1
        }
        let g = engine.graph.snapshot
        if inString {
            let prefix = String(decoding: bytes[(quoteAt + 1)...], as: UTF8.self)
            let key = NameKey.of(prefix)
            var names = Set<String>()
            for e in 0..<g.entities.count {
                // Matched like names in queries ("shin w" reaches "Shin Won-sik"); one
                // candidate per entity, its name if that matches, else its first matching alias.
                if let n = ([g.entities.names[e]] + g.entities.aliases[e]).first(where: { NameKey.of($0).hasPrefix(key) }) {
                    names.insert(n)
                }
                if names.count > 500 { break }
            }
            return Completion(start: quoteAt + 1, candidates: names.sorted(), inString: true)
        }
        var start = bytes.count
        let breaks = Set(Session.wordBreakCharacters.utf8)
        while start > 0 && !breaks.contains(bytes[start - 1]) && bytes[start - 1] != UInt8(ascii: "\"") { start -= 1 }
        let word = String(decoding: bytes[start...], as: UTF8.self)
        var candidates: [String]
        if start > 0 && bytes[start - 1] == UInt8(ascii: ".") {
            candidates = fieldsAfterPath(bytes[..<(start - 1)], g)
        } else if let expected = wordsExpected(after: bytes[..<start]) {
            candidates = expected
        } else {
            let collection = currentCollection(bytes, g)
            candidates = Session.keywords + Array(FunctionTable.builtins.allNames) + bindingNames
                + Field.names(of: NodeKind(collection), in: g)
        }
        let lower = word.lowercased()
        let matches = Set(candidates.filter { $0.lowercased().hasPrefix(lower) })
        return Completion(start: start, candidates: matches.sorted(), inString: false)
    }

    /// Where the grammar allows only a few words, those words: after `count` a query's
    /// source (`count cla` completes to `claims`, not the keyword `claim`); at the start of a
    /// statement a statement keyword or a source; after `explain`, `analyze`, `count` or a
    /// source. Nil elsewhere (any keyword, function, field or name may come).
    private func wordsExpected(after bytes: ArraySlice<UInt8>) -> [String]? {
        let before = String(decoding: bytes, as: UTF8.self)
        let words = before.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        let sources = ["claims", "entities", "documents", "conflicts", "revisions", "timeline"] + bindingNames
        let statementStart = before.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            || before.trimmingCharacters(in: .whitespaces).hasSuffix(";")
        if statementStart { return ["let", "load", "entity", "document", "claim", "explain", "count"] + sources }
        switch words.last?.lowercased() {
        case "count": return sources
        case "explain": return ["analyze", "count"] + sources
        case "analyze": return ["count"] + sources
        case "=" where words.count == 3 && words[0].lowercased() == "let": return ["count"] + sources
        default: return nil
        }
    }

    /// The collection the statement at the end of `bytes` queries (claims if unknown).
    private func currentCollection(_ bytes: [UInt8], _ g: FactGraph) -> Collection {
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        var best: (Collection, String.Index)? = nil
        for c in Collection.allCases {
            if let r = text.range(of: c.rawValue, options: .backwards), best == nil || r.lowerBound > best!.1 {
                best = (c, r.lowerBound)
            }
        }
        return best?.0 ?? .claims
    }

    /// The field names of what the path before a `.` leads to: `source.` offers entity
    /// fields and edges, `doc.publisher.` the same, `doc.` document fields.
    private func fieldsAfterPath(_ bytes: ArraySlice<UInt8>, _ g: FactGraph) -> [String] {
        var end = bytes.endIndex
        var start = end
        let isName: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 46 }
        while start > bytes.startIndex && isName(bytes[start - 1]) { start -= 1 }
        let path = String(decoding: bytes[start..<end], as: UTF8.self).split(separator: ".").map(String.init)
        end = start
        var node = NodeKind(currentCollection(Array(bytes), g))
        for name in path {
            guard let field = Field.resolve(name, on: node, in: g), let next = field.type.node else { return [] }
            node = next
        }
        return Field.names(of: node, in: g)
    }
}
