/// The canonical layout of a ClaimQL file, for `claimql fmt` (and the language server's
/// formatting): one statement per line, one space between words, none inside brackets or
/// before commas, declaration blocks indented by two, every comment kept. The author's
/// line breaks inside a statement are kept (a long query broken before `where`, fields
/// grouped on a line), with the spacing inside each line made canonical: like gofmt, it
/// settles spacing and indentation and leaves the choice of lines to the writer. Formatting
/// twice changes nothing, and the formatted file parses to the same statements (tested).
/// A file with a syntax error is not formatted: the error is reported instead.
public enum Formatter {
    public static func format(_ text: String, name: String = "<input>") throws(ClaimQLError) -> String {
        let file = SourceFile(name: name, text: text)
        let parsed = Parser.parse(file)
        if !parsed.diagnostics.isEmpty { throw ClaimQLError(.syntax, parsed.diagnostics.map { $0.in(file) }) }
        var writer = Writer(file: file)
        return writer.write(parsed.script)
    }

    /// What the formatter walks: tokens and comments in source order.
    fileprivate enum Item {
        case token(Token)
        case comment(SourceRange)

        var range: SourceRange {
            switch self {
            case .token(let t): return t.range
            case .comment(let r): return r
            }
        }
    }

    fileprivate struct Writer {
        let file: SourceFile
        let items: [Item]
        let scriptStart: Int
        var out = ""

        init(file: SourceFile) {
            self.file = file
            let (tokens, comments, start) = Lexer.tokensAndComments(file)
            var merged: [Item] = []
            merged.reserveCapacity(tokens.count + comments.count)
            var c = 0
            for t in tokens {
                while c < comments.count, comments[c].start < t.range.start { merged.append(.comment(comments[c])); c += 1 }
                merged.append(.token(t))
            }
            merged += comments[c...].map { .comment($0) }
            items = merged
            scriptStart = start
        }

        func line(_ offset: Int) -> Int { file.lineIndex(of: offset) }

        func text(_ r: SourceRange) -> String { file.slice(r) }

        mutating func write(_ script: Script) -> String {
            // A `#!` line stays first, as it is.
            if scriptStart > 0 {
                let head = String(decoding: file.bytes[..<scriptStart], as: UTF8.self)
                    .replacingOccurrences(of: "\u{FEFF}", with: "")
                if !head.isEmpty { out += head.trimmingTrailingSpaces() + "\n" }
            }
            let ranges = script.statements.map(\.range)
            var i = 0
            var previousEnd: Int? = nil
            var s = 0
            while i < items.count {
                let item = items[i]
                // Statement separators are line breaks in the canonical form.
                if case .token(let t) = item, t.kind == .semicolon, s >= ranges.count || t.range.start < ranges[s].start {
                    i += 1
                    continue
                }
                if s < ranges.count, item.range.start >= ranges[s].start {
                    var j = i
                    while j < items.count, items[j].range.start < ranges[s].end { j += 1 }
                    separate(from: previousEnd, to: item.range.start)
                    statement(Array(items[i..<j]), script.statements[s])
                    previousEnd = items[j - 1].range.end
                    i = j
                    s += 1
                    continue
                }
                // A comment between statements: after the last one on its line, or on its own.
                if let end = previousEnd, line(end) == line(item.range.start), !out.isEmpty {
                    out.removeLast()
                    out += "  " + text(item.range).trimmingTrailingSpaces() + "\n"
                } else {
                    separate(from: previousEnd, to: item.range.start)
                    out += text(item.range).trimmingTrailingSpaces() + "\n"
                }
                previousEnd = item.range.end
                i += 1
            }
            return out
        }

        /// One blank line where the source had one or more between two things, else none.
        mutating func separate(from end: Int?, to start: Int) {
            guard let end, !out.isEmpty else { return }
            if line(start) - line(end) >= 2 { out += "\n" }
        }

        // MARK: statements

        mutating func statement(_ items: [Item], _ s: Statement) {
            switch s {
            case .entity, .document, .claim: declaration(items)
            case .query, .let, .load: lines(items, indent: "", continuation: "  ")
            }
        }

        /// Items written line by line as the source broke them, each line's spacing made
        /// canonical; the first line at `indent`, the others at `indent + continuation`.
        mutating func lines(_ items: [Item], indent: String, continuation: String) {
            var current: [Token] = []
            var lineOf = items.first.map { line($0.range.start) } ?? 0
            var first = true
            func flush(_ trailing: String?) {
                guard !current.isEmpty || trailing != nil else { return }
                var l = first ? indent : indent + continuation
                l += Writer.join(current, text)
                if let trailing { l += (current.isEmpty ? "" : "  ") + trailing }
                out += l.trimmingTrailingSpaces() + "\n"
                current = []
                first = false
            }
            for item in items {
                switch item {
                case .token(let t):
                    if line(t.range.start) != lineOf, !current.isEmpty { flush(nil) }
                    lineOf = line(t.range.start)
                    current.append(t)
                case .comment(let r):
                    flush(text(r).trimmingTrailingSpaces())
                    lineOf = line(r.end)
                }
            }
            flush(nil)
        }

        /// `entity ID: KIND "NAME" { ... }`: the header on one line, then the block: on the
        /// same line when the source had it on one line, else its fields indented by two,
        /// grouped on lines as the source grouped them.
        mutating func declaration(_ items: [Item]) {
            guard let open = items.firstIndex(where: { if case .token(let t) = $0 { t.kind == .lbrace } else { false } }),
                  case .token(let lbrace) = items[open],
                  let close = items.lastIndex(where: { if case .token(let t) = $0 { t.kind == .rbrace } else { false } }),
                  case .token(let rbrace) = items[close] else {
                lines(items, indent: "", continuation: "  ")
                return
            }
            let header: [Token] = items[..<open].compactMap { (item: Item) -> Token? in
                if case .token(let t) = item { return t }
                return nil
            }
            let headerComments: [SourceRange] = items[..<open].compactMap { (item: Item) -> SourceRange? in
                if case .comment(let r) = item { return r }
                return nil
            }
            // Comments inside a header are rare: they go above it.
            for c in headerComments { out += text(c).trimmingTrailingSpaces() + "\n" }
            let inside = Array(items[(open + 1)..<close])
            let fields: [Token] = inside.compactMap { (item: Item) -> Token? in
                if case .token(let t) = item, t.kind != .comma { return t }
                return nil
            }
            let hasComments = inside.contains { if case .comment = $0 { true } else { false } }
            let headerText = Writer.join(header, text)
            if fields.isEmpty && !hasComments {
                // `document d {}` keeps its braces: without a title the block is the syntax.
                let needsBlock = !header.contains { $0.kind == .colon }
                out += headerText + (needsBlock ? " {}" : "") + "\n"
                return
            }
            if line(lbrace.range.start) == line(rbrace.range.start) && !hasComments {
                out += headerText + " { " + fieldLine(inside) + " }\n"
                return
            }
            out += headerText + " {\n"
            // Fields, grouped by source line; comments on their own lines or after a line.
            var group: [Item] = []
            var lineOf = -1
            func flush(_ trailing: String?) {
                if group.isEmpty, trailing == nil { return }
                var l = "  " + fieldLine(group)
                if let trailing { l += (group.isEmpty ? "" : "  ") + trailing }
                out += l.trimmingTrailingSpaces() + "\n"
                group = []
            }
            var depth = 0
            for item in inside {
                switch item {
                case .token(let t):
                    // A new source line starts a new output line, unless inside a list.
                    if depth == 0, line(t.range.start) != lineOf, !group.isEmpty, t.kind != .comma { flush(nil) }
                    lineOf = line(t.range.start)
                    if t.kind == .lbracket { depth += 1 }
                    if t.kind == .rbracket { depth -= 1 }
                    group.append(item)
                case .comment(let r):
                    flush(text(r).trimmingTrailingSpaces())
                    lineOf = line(r.end)
                }
            }
            flush(nil)
            out += "}\n"
        }

        /// Fields on one line: `key: value, key: value` (the commas between fields made
        /// canonical, a trailing one dropped).
        func fieldLine(_ items: [Item]) -> String {
            var tokens: [Token] = items.compactMap { (item: Item) -> Token? in
                if case .token(let t) = item { return t }
                return nil
            }
            while tokens.first?.kind == .comma { tokens.removeFirst() }
            while tokens.last?.kind == .comma { tokens.removeLast() }
            return Writer.join(tokens, text)
        }

        // MARK: spacing

        /// Tokens joined with canonical spacing.
        static func join(_ tokens: [Token], _ text: (SourceRange) -> String) -> String {
            var out = ""
            for (i, t) in tokens.enumerated() {
                if i > 0, space(between: tokens[i - 1], t, before: i >= 2 ? tokens[i - 2] : nil) { out += " " }
                out += text(t.range)
            }
            return out
        }

        static func space(between a: Token, _ b: Token, before: Token?) -> Bool {
            switch b.kind {
            case .comma, .rparen, .rbracket, .dot, .dotdot, .colon, .semicolon: return false
            default: break
            }
            // Two minuses never touch: `--` starts a comment.
            if a.kind == .minus, b.kind == .minus { return true }
            switch a.kind {
            case .lparen, .lbracket, .dot, .dotdot: return false
            case .minus where isUnary(before): return false
            default: break
            }
            // A call: max(qty), count(): no space before its bracket.
            if b.kind == .lparen, a.kind == .identifier || a.kind == .keyword(.count) { return false }
            return true
        }

        /// A minus is a sign when nothing that ends a value comes before it.
        static func isUnary(_ before: Token?) -> Bool {
            guard let before else { return true }
            switch before.kind {
            case .identifier, .string, .number, .date, .parameter, .rparen, .rbracket, .keyword(.null),
                 .keyword(.true), .keyword(.false):
                return false
            default:
                return true
            }
        }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return String(s)
    }
}
