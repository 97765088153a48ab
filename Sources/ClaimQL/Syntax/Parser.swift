/// The result of parsing one source file: the statements that parsed, and every error.
struct ParseResult: Sendable {
    let script: Script
    let diagnostics: [Diagnostic]
    /// True when an error sits at the end of the input (an open bracket, a trailing `and`,
    /// an unterminated string on the last line): the REPL reads another line instead of
    /// reporting it, as Lua's REPL does.
    let incomplete: Bool
}

/// A hand-written recursive-descent parser. One type, split into files by grammar area
/// (statements here, expressions and declarations beside it).
struct Parser {
    /// How deep an expression tree may be: nesting (brackets, `not`, unary minus, calls,
    /// lists) plus the operators of chains (`a or b or c`). The compiler and the running
    /// query recurse once per level, at about 7 KiB of stack per level in a release build
    /// (measured): 64 levels fit a 512 KiB secondary-thread stack, which CI checks
    /// (.ci/run, "deep queries"). For many alternatives, `x in [...]` has no depth.
    static let maxDepth = 64

    let file: SourceFile
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    var incomplete = false
    var depth = 0
    /// Brackets opened and not yet closed, so an error at the end of the input can say
    /// where the unclosed one began.
    var open: [Token] = []

    init(_ file: SourceFile) {
        self.file = file
        let (tokens, lexDiagnostics) = Lexer.tokenize(file)
        self.tokens = tokens
        self.diagnostics = lexDiagnostics
        // An unterminated string runs to the end of the input: "keep typing".
        if lexDiagnostics.last?.message == "unterminated string" { incomplete = true }
    }

    static func parse(_ file: SourceFile) -> ParseResult {
        var p = Parser(file)
        let script = p.parseScript()
        return ParseResult(script: script, diagnostics: p.diagnostics, incomplete: p.incomplete)
    }

    // MARK: token helpers

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }
    var atEnd: Bool { current.kind == .eof }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }
    func check(_ k: Keyword) -> Bool { current.kind == .keyword(k) }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if t.kind != .eof { index += 1 }
        switch t.kind {
        case .lparen, .lbracket, .lbrace: open.append(t)
        case .rparen, .rbracket, .rbrace: if !open.isEmpty { open.removeLast() }
        default: break
        }
        return t
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        if check(kind) { advance(); return true }
        return false
    }

    mutating func match(_ k: Keyword) -> Bool { match(.keyword(k)) }

    func text(_ t: Token) -> String {
        // A quoted name (`doc-003`) stands for what is between its backquotes.
        if t.kind == .identifier, t.range.end > t.range.start, file.bytes[t.range.start] == UInt8(ascii: "`") {
            return Lexer.quotedName(file.bytes[t.range.start..<t.range.end])
        }
        return file.slice(t.range)
    }

    struct SyntaxError: Error {}

    /// Reports "expected X, found Y" at the current token and throws to the statement
    /// level, where the parser resynchronises.
    mutating func fail(_ expected: String, hint: String? = nil) -> SyntaxError {
        let t = current
        switch t.kind {
        case .invalid:
            break // the lexer has said what is wrong with it
        case .eof:
            incomplete = true
            let notes = open.last.map { [Diagnostic.Note("`\(text($0))` opened here is never closed", at: $0.range)] } ?? []
            diagnostics.append(.error("expected \(expected), found end of input", at: t.range, hint: hint, notes: notes))
        default:
            let found = t.kind == .identifier ? "`\(text(t))`" : t.kind.display
            diagnostics.append(.error("expected \(expected), found \(found)", at: t.range, hint: hint))
        }
        return SyntaxError()
    }

    mutating func expect(_ kind: TokenKind, _ what: String? = nil) throws(SyntaxError) -> Token {
        if check(kind) { return advance() }
        throw fail(what ?? kind.display)
    }

    mutating func expect(_ k: Keyword, _ what: String? = nil) throws(SyntaxError) -> Token {
        try expect(.keyword(k), what)
    }

    /// A name where the grammar wants one; keywords are allowed as names after `.` and as
    /// declaration keys, where no keyword could stand.
    mutating func name(_ what: String = "a name", allowKeywords: Bool = false) throws(SyntaxError) -> Name {
        let t = current
        if t.kind == .identifier || (allowKeywords && { if case .keyword = t.kind { return true }; return false }()) {
            advance()
            return Name(text: text(t), range: t.range)
        }
        throw fail(what)
    }

    // MARK: statements

    mutating func parseScript() -> Script {
        var statements: [Statement] = []
        while !atEnd {
            let before = index
            open.removeAll()
            do {
                statements.append(try statement())
                if !atEnd && !check(.semicolon) && (!startsStatement(current) || sameLine(previous, current)) {
                    throw fail(expectedAfter(statements.last!), hint: hintAfterStatement())
                }
            } catch {
                synchronize()
            }
            while match(.semicolon) {}
            if index == before && !atEnd { advance() } // progress guard: never loop in place
        }
        return Script(statements: statements)
    }

    private func expectedAfter(_ s: Statement) -> String {
        if case .query = s { return "a clause (`where`, `group by`, `select`, `order by`, `limit`, ...) or a new line" }
        if case .let = s { return "a clause (`where`, `group by`, `select`, `order by`, `limit`, ...) or a new line" }
        return "the end of the statement"
    }

    private func hintAfterStatement() -> String? {
        guard current.kind == .identifier else { return nil }
        let word = text(current).lowercased()
        let clauses = ["where", "group", "select", "order", "limit", "offset", "distinct", "latest", "evidence"]
        if let best = Spelling.closest(to: word, in: clauses) { return "did you mean `\(best)`?" }
        return "start each statement on its own line or separate statements with `;`"
    }

    func startsLine(_ t: Token) -> Bool {
        index == 0 || file.bytes[previous.range.end..<t.range.start].contains(UInt8(ascii: "\n"))
    }

    func isStatementKeyword(_ t: Token) -> Bool {
        switch t.kind {
        case .keyword(.claims), .keyword(.entities), .keyword(.documents), .keyword(.count),
             .keyword(.let), .keyword(.load), .keyword(.conflicts), .keyword(.revisions), .keyword(.explain):
            return true
        case .keyword(.entity), .keyword(.document), .keyword(.claim), .keyword(.timeline):
            // Also field names (`select claim`): a statement only at the start of a line.
            return startsLine(t)
        default:
            return false
        }
    }

    /// No line break between the end of `a` and the start of `b`.
    func sameLine(_ a: Token, _ b: Token) -> Bool {
        !file.bytes[a.range.end..<b.range.start].contains(UInt8(ascii: "\n"))
    }

    func startsStatement(_ t: Token) -> Bool {
        switch t.kind {
        case .keyword(.claims), .keyword(.entities), .keyword(.documents), .keyword(.count),
             .keyword(.let), .keyword(.load), .keyword(.entity), .keyword(.document), .keyword(.claim),
             .keyword(.conflicts), .keyword(.revisions), .keyword(.timeline), .keyword(.explain), .identifier, .eof:
            return true
        default:
            return false
        }
    }

    /// Skips to the next token that can only start a statement, so one run reports the
    /// errors of every statement (Crafting Interpreters' `synchronize`).
    mutating func synchronize() {
        // A statement keyword at the start of a line is where the next statement begins,
        // even when the error was reported at it (`claims where qty >` then a new line).
        if startsLine(current) && isStatementKeyword(current) { return }
        if !atEnd { advance() }
        while !atEnd {
            if check(.semicolon) || isStatementKeyword(current) { return }
            advance()
        }
    }

    mutating func statement() throws(SyntaxError) -> Statement {
        switch current.kind {
        case .keyword(.let):
            let start = advance().range
            let n = try name("a name for the result")
            _ = try expect(.eq, "`=`")
            let q = try query()
            return .let(name: n, query: q, range: start.to(q.range))
        case .keyword(.load):
            let start = advance().range
            let pathToken = try expect(.string, "a file or folder path in double quotes")
            let path = Literals.string(file.bytes[pathToken.range.start..<pathToken.range.end])
            return .load(path: path, pathRange: pathToken.range, range: start.to(pathToken.range))
        case .keyword(.entity) where isQueryTypo(), .keyword(.document) where isQueryTypo(),
             .keyword(.claim) where isQueryTypo():
            let word = text(current)
            diagnostics.append(.error("`\(word)` starts a declaration; a query starts with `\(word.lowercased())s`",
                                      at: current.range, hint: "did you mean `\(word.lowercased())s`?"))
            throw SyntaxError()
        case .keyword(.entity): return .entity(try entityDeclaration())
        case .keyword(.document): return .document(try documentDeclaration())
        case .keyword(.claim): return .claim(try claimDeclaration())
        default:
            return .query(try query())
        }
    }

    /// `claim where ...`: the singular keyword followed by a clause is a misspelt query.
    private func isQueryTypo() -> Bool {
        switch tokens[index + 1].kind {
        case .keyword(.where), .keyword(.order), .keyword(.select), .keyword(.group), .keyword(.limit), .eof: return true
        default: return false
        }
    }

    mutating func query() throws(SyntaxError) -> Query {
        let start = current.range
        var explain: ExplainMode? = nil
        if check(.explain) {
            let r = advance().range
            explain = ExplainMode(analyze: match(.analyze), range: r.to(previous.range))
        }
        var countRange: SourceRange? = nil
        if check(.count) { countRange = advance().range }
        let source: Query.Source
        switch current.kind {
        case .keyword(.claims): source = .collection(.claims, advance().range)
        case .keyword(.entities): source = .collection(.entities, advance().range)
        case .keyword(.documents): source = .collection(.documents, advance().range)
        case .keyword(.conflicts): source = .pairs(.conflicts, advance().range)
        case .keyword(.revisions): source = .pairs(.revisions, advance().range)
        case .keyword(.timeline): source = .pairs(.timeline, advance().range)
        case .identifier:
            let t = advance()
            source = .binding(Name(text: text(t), range: t.range))
        default:
            throw fail("`claims`, `entities`, `documents`, `conflicts`, `revisions`, `timeline` or a name bound with `let`")
        }
        var clauses: [Clause] = []
        while true {
            let before = index
            guard let c = try clause() else { break }
            clauses.append(c)
            if index == before { break }
        }
        return Query(explain: explain, count: countRange, source: source, clauses: clauses, range: start.to(previous.range))
    }

    mutating func clause() throws(SyntaxError) -> Clause? {
        switch current.kind {
        case .keyword(.where):
            advance()
            return .where(try expression())
        case .keyword(.group):
            let start = advance().range
            return .groupBy(try byList(), start.to(previous.range))
        case .keyword(.select):
            let start = advance().range
            var items: [SelectItem] = []
            repeat {
                let e = try expression()
                let alias = match(.as) ? try name("a column name after `as`") : nil
                items.append(SelectItem(expr: e, alias: alias))
            } while match(.comma)
            return .select(items, start.to(previous.range))
        case .keyword(.order):
            let start = advance().range
            _ = try expect(.by)
            var keys: [OrderKey] = []
            repeat {
                let e = try expression()
                var descending = false
                if match(.desc) { descending = true } else { _ = match(.asc) }
                keys.append(OrderKey(expr: e, descending: descending))
            } while match(.comma)
            return .orderBy(keys, start.to(previous.range))
        case .keyword(.limit):
            let start = advance().range
            let e = try expression()
            return .limit(e, start.to(e.range))
        case .keyword(.offset):
            let start = advance().range
            let e = try expression()
            return .offset(e, start.to(e.range))
        case .keyword(.distinct):
            return .distinct(advance().range)
        case .keyword(.evidence):
            return .evidence(advance().range)
        case .keyword(.latest):
            let start = advance().range
            return .latest(try byList(), start.to(previous.range))
        default:
            return nil
        }
    }

    /// `by expr, expr, ...` after `group` or `latest`.
    private mutating func byList() throws(SyntaxError) -> [Expr] {
        _ = try expect(.by)
        var keys = [try expression()]
        while match(.comma) { keys.append(try expression()) }
        return keys
    }
}
