/// A reader for the EBNF dialect of grammar/claimql.ebnf, and a random sentence generator
/// over it, so the grammar is checked against the parser.
struct EBNF {
    indirect enum Node {
        case terminal(String)
        case rule(String)
        case sequence([Node])
        case choice([Node])
        case optional(Node)
        case repeated(Node)
    }

    struct ParseError: Error, CustomStringConvertible { let description: String }

    var rules: [String: Node] = [:]
    var terminals: [String] = []

    init(_ text: String) throws {
        var chars = Array(text)
        // Drop comments (* ... *).
        var clean: [Character] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "(", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == ")") { i += 1 }
                i += 2
                continue
            }
            clean.append(chars[i]); i += 1
        }
        chars = clean
        var tokens: [String] = []
        i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += 1 }
                tokens.append(String(chars[i...j])); i = j + 1; continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                tokens.append(String(chars[i..<j])); i = j; continue
            }
            tokens.append(String(c)); i += 1
        }
        var p = 0
        func peek() -> String? { p < tokens.count ? tokens[p] : nil }
        func alternatives() throws -> Node {
            var alts = [try sequence()]
            while peek() == "|" { p += 1; alts.append(try sequence()) }
            return alts.count == 1 ? alts[0] : .choice(alts)
        }
        func sequence() throws -> Node {
            var items: [Node] = []
            while let t = peek(), !["|", ")", "]", "}", ";"].contains(t) { items.append(try item()) }
            return .sequence(items)
        }
        func item() throws -> Node {
            guard let t = peek() else { throw ParseError(description: "unexpected end of grammar") }
            p += 1
            switch t {
            case "(": let n = try alternatives(); p += 1; return n
            case "[": let n = try alternatives(); p += 1; return .optional(n)
            case "{": let n = try alternatives(); p += 1; return .repeated(n)
            default:
                if t.hasPrefix("\"") {
                    let word = String(t.dropFirst().dropLast())
                    if !terminals.contains(word) { terminals.append(word) }
                    return .terminal(word)
                }
                return .rule(t)
            }
        }
        while p < tokens.count {
            let name = tokens[p]
            guard p + 1 < tokens.count, tokens[p + 1] == "=" else { throw ParseError(description: "expected = after \(name)") }
            p += 2
            rules[name] = try alternatives()
            guard peek() == ";" else { throw ParseError(description: "expected ; after rule \(name)") }
            p += 1
        }
    }
}

/// Random sentences from the grammar: a fixed seed, bounded depth, lexical terminals
/// filled with valid tokens. Numbers increase, so a generated `a..b` range is ordered.
struct SentenceGenerator {
    let grammar: EBNF
    var state: UInt64
    var counter = 0

    init(grammar: EBNF, seed: UInt64) {
        self.grammar = grammar
        self.state = seed
    }

    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(max(n, 1)))
    }

    mutating func sentence(_ start: String) -> String {
        var out: [String] = []
        emit(.rule(start), depth: 0, into: &out)
        return out.joined(separator: " ")
    }

    private mutating func emit(_ node: EBNF.Node, depth: Int, into out: inout [String]) {
        let deep = depth > 10
        switch node {
        case .terminal(let t): out.append(t == ";" ? ";\n" : t)
        case .sequence(let items): for item in items { emit(item, depth: depth, into: &out) }
        case .choice(let alts):
            let pick = deep ? simplest(alts) : alts[next(alts.count)]
            emit(pick, depth: depth + 1, into: &out)
        case .optional(let inner): if !deep && next(2) == 0 { emit(inner, depth: depth + 1, into: &out) }
        case .repeated(let inner):
            let n = deep ? 0 : next(3)
            for _ in 0..<n { emit(inner, depth: depth + 1, into: &out) }
        case .rule(let name):
            switch name {
            case "IDENT": out.append(["x", "src", "qty_2", "_a", "Shin"][next(5)])
            case "STRING": out.append(["\"s\"", "\"Shin Won-sik\"", "\"a\\\"b\"", "\"\""][next(4)])
            case "NUMBER":
                // Every spelling of the same increasing value, so `a..b` stays ordered.
                counter += 1
                out.append(["\(counter)M", "\(counter)_000_000", "\(counter)e6", "\(counter * 1000)k", "\(counter).0M"][next(5)])
            case "DATE": out.append(["2024-06-01", "2023-10-13", "2000-02-29"][next(3)])
            case "PARAM": out.append("$p")
            case "statement":
                // A new statement starts on its own line.
                out.append("\n")
                emit(grammar.rules[name]!, depth: depth + 1, into: &out)
            default: emit(grammar.rules[name]!, depth: depth + 1, into: &out)
            }
        }
    }

    /// The alternative with the fewest rule references: ends the recursion.
    private func simplest(_ alts: [EBNF.Node]) -> EBNF.Node {
        func weight(_ n: EBNF.Node) -> Int {
            switch n {
            case .terminal: return 0
            case .rule(let r): return r.uppercased() == r ? 0 : 10
            case .sequence(let items): return items.map(weight).reduce(0, +)
            case .choice(let alts): return alts.map(weight).min() ?? 0
            case .optional, .repeated: return 0
            }
        }
        // On a tie the later alternative wins: grammars put the recursive case first
        // (`unary = "-" unary | primary`).
        return alts.reversed().min { weight($0) < weight($1) }!
    }
}
