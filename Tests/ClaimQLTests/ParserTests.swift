import Testing
@testable import ClaimQL

/// Parser and lexer tests. Expected error positions are marked inline: `⟪` and `⟫`
/// surround the text the first diagnostic must point at (swift-syntax's marker style).
struct ParserTests {
    /// Strips the markers, parses, and returns the first diagnostic and the marked range.
    func firstError(_ marked: String) -> (Diagnostic?, SourceRange) {
        let open = marked.utf8.firstIndex(of: 0xE2).map { marked.utf8.distance(from: marked.utf8.startIndex, to: $0) } ?? 0
        let clean = marked.replacingOccurrences(of: "⟪", with: "").replacingOccurrences(of: "⟫", with: "")
        let closeChar = marked.range(of: "⟫")!
        let close = marked.utf8.distance(from: marked.utf8.startIndex, to: closeChar.lowerBound.samePosition(in: marked.utf8)!) - 3
        let r = Parser.parse(SourceFile(name: "t", text: clean))
        return (r.diagnostics.first, SourceRange(open, close))
    }

    /// Each error must cover exactly the marked text and say exactly this message.
    @Test(arguments: [
        ("claims where qty > 1⟪m⟫", "`m` is not a number suffix"),
        ("claims where date > ⟪2024-02-30⟫", "`2024-02-30` is not a valid date"),
        ("claims where source = ⟪\"⟫Shin", "unterminated string"),
        ("claims where quote contains \"a⟪\\q⟫\"", "unknown escape `\\q` in string"),
        ("claims ⟪wher⟫ x", "expected a clause (`where`, `group by`, `select`, `order by`, `limit`, ...) or a new line, found `wher`"),
        ("claims where qty > 1 ⟪)⟫", "expected a clause (`where`, `group by`, `select`, `order by`, `limit`, ...) or a new line, found `)`"),
        ("let ⟪=⟫ claims", "expected a name for the result, found `=`"),
        ("claims where qty > ⟪1e400⟫", "number `1e400` is out of range"),
        ("claims where ⟪!⟫qty", "unexpected character `!`"),
        ("claims where qty ⟪'x'⟫", "strings are written in double quotes"),
        ("entity x: person ⟪{⟫", "expected the entity's name in double quotes, found `{`"),
        ("claim c: a said \"x\" { qty: ⟪5..1⟫ }", "the range's lower end is above its upper end"),
        ("claims where qty > 1 ⟪explain⟫", "expected a clause (`where`, `group by`, `select`, `order by`, `limit`, ...) or a new line, found `explain`"),
        ("explain analyze count claims where⟪⟫", "expected a value, a field or `(`, found end of input"),
        ("entity ⟪`doc-3⟫\nclaims", "unterminated quoted name"),
        ("entity ⟪`a: person \"X\"⟫", "unterminated quoted name"),
    ])
    func errorPointsAtCulprit(_ marked: String, _ message: String) {
        let (d, range) = firstError(marked)
        #expect(d != nil, "no error for \(marked)")
        #expect(d?.message == message, "got: \(d?.message ?? "nothing")")
        #expect(d?.range == range, "\(marked): error at \(d?.range.start ?? -1)..<\(d?.range.end ?? -1), marked \(range.start)..<\(range.end)")
    }

    /// A quoted name stands for the text between its backquotes: any characters, or a keyword.
    @Test func quotedNamesAreIdentifiers() throws {
        let graph = ClaimGraph()
        try graph.load(source: """
            entity `mnd-korea`: organisation "Defence Ministry"
            entity `group`: organisation "The Group"
            claim `c-1`: `mnd-korea` said "containers" { qty: 6700, source: `group` }
            """, name: "t.cq")
        let r = try Engine(graph: graph).prepare(#"claims where id = "c-1" select subject, source"#).run()
        #expect(r.value(row: 0, column: 0) == .entity(id: "mnd-korea", name: "Defence Ministry"))
        #expect(r.value(row: 0, column: 1) == .entity(id: "group", name: "The Group"))
        #expect(Lexer.spell("mnd-korea") == "`mnd-korea`" && Lexer.spell("group") == "`group`" && Lexer.spell("shin") == "shin")
    }

    @Test func severalErrorsInOneScript() {
        let r = Parser.parse(SourceFile(name: "t", text: "claims where qty >\nclaims where 1m\nclaims wher x\n"))
        #expect(r.diagnostics.count == 3)
    }

    @Test(arguments: ["claims where (qty > 1", "claims where qty > 1M and", "claims where source = \"Sh",
                      "claims where predicate in [\"a\",", "let x =", "claims where qty between 1 and"])
    func incompleteInputAsksForMore(_ text: String) {
        #expect(Session.isIncomplete(text))
    }

    @Test(arguments: ["claims where qty > 1M", "claims where qty >> 1", "claims where )"])
    func completeOrWrongInputDoesNot(_ text: String) {
        #expect(!Session.isIncomplete(text))
    }

    @Test func keywordsAreCaseInsensitive() {
        let r = Parser.parse(SourceFile(name: "t", text: "CLAIMS WHERE qty > 1M ORDER BY qty DESC LIMIT 2"))
        #expect(r.diagnostics.isEmpty)
        guard case .query(let q) = r.script.statements.first else { Issue.record("not a query"); return }
        #expect(q.clauses.count == 3)
    }

    @Test func numberLiterals() throws {
        for (text, value) in [("1k", 1e3), ("1K", 1e3), ("1M", 1e6), ("1B", 1e9), ("4.8M", 4.8e6),
                              ("1_000_000", 1e6), ("1e6", 1e6), ("2.5", 2.5)] {
            #expect(try Literals.number(Array(text.utf8)[...]) == value)
        }
    }

    @Test func stringEscapes() {
        let source = #""a\"b\\c\n\u00e9\ud83d\ude00""#
        #expect(Literals.string(Array(source.utf8)[...]) == "a\"b\\c\né😀")
    }

    @Test func printedQueryParsesToTheSameText() {
        // Printing is canonical: print(parse(print(parse(x)))) == print(parse(x)).
        let queries = [
            #"claims where source = "Shin" and qty > 1M"#,
            "claims where not (qty > 1M or qty is null) order by date desc limit 3",
            #"claims where qty - 5 * (2 + 1) between 1k and 2k select id, year(date) as y"#,
            #"claims where predicate not in ["a", "b"] group by source select source, count()"#,
            #"claims where quote contains "a\"b" and object matches "x+""#,
        ]
        for q in queries {
            let first = Parser.parse(SourceFile(name: "t", text: q))
            guard case .query(let a) = first.script.statements.first else { Issue.record("no query: \(q)"); continue }
            let printed = a.description
            let second = Parser.parse(SourceFile(name: "t", text: printed))
            guard case .query(let b) = second.script.statements.first else { Issue.record("reprint: \(printed)"); continue }
            #expect(b.description == printed)
        }
    }

    @Test func diagnosticRendering() {
        let file = SourceFile(name: "q.cq", text: "count claims\nclaims where sorce = 1\n")
        let d = Diagnostic.error("unknown field `sorce` of claims", at: SourceRange(26, 31), hint: "did you mean `source`?")
        #expect(DiagnosticRenderer.render(d, in: file) == """
            q.cq:2:14: error: unknown field `sorce` of claims
             2 | claims where sorce = 1
               |              ^~~~~
              hint: did you mean `source`?

            """)
    }
}
