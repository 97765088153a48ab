import Foundation
import Testing
@testable import ClaimQL

/// The TextMate grammar (examples/editors/vscode/syntaxes/claimql.tmLanguage.json, used by
/// VS Code, Sublime and GitHub) kept true to the lexer: every keyword of the lexer is in
/// exactly one keyword pattern and each word there is a keyword; the qualifiers are the
/// graph's; and every number, date, parameter and quoted name the lexer reads in the
/// examples is matched whole by the grammar's pattern for it.
struct EditorGrammarTests {
    static var grammar: [String: Any] {
        let data = FileManager.default.contents(atPath: Repo.path("examples/editors/vscode/syntaxes/claimql.tmLanguage.json")) ?? Data()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    static var repository: [String: [String: Any]] { grammar["repository"] as? [String: [String: Any]] ?? [:] }

    static func regex(_ pattern: String) throws -> NSRegularExpression {
        // TextMate's (Oniguruma) inline (?i) and \b, \d read the same in ICU.
        try NSRegularExpression(pattern: pattern)
    }

    static func matchesWhole(_ pattern: String, _ text: String) throws -> Bool {
        let r = try regex(pattern)
        let ns = text as NSString
        guard let m = r.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return false }
        return m.range.location == 0 && m.range.length == ns.length
    }

    /// The words of a `\b(a|b|c)\b` pattern.
    static func words(_ pattern: String) -> Set<String> {
        guard let open = pattern.range(of: "\\b("), let close = pattern.lastIndex(of: ")") else { return [] }
        return Set(pattern[open.upperBound..<close].split(separator: "|").map(String.init))
    }

    @Test func everyKeywordOfTheLexerIsHighlighted() throws {
        let patterns = try #require(EditorGrammarTests.repository["keywords"]?["patterns"] as? [[String: String]])
        var listed: [String: Int] = [:]
        for p in patterns { for w in EditorGrammarTests.words(p["match"] ?? "") { listed[w, default: 0] += 1 } }
        #expect(Set(listed.keys) == Set(Keyword.allCases.map(\.rawValue)))
        #expect(listed.values.allSatisfy { $0 == 1 }, "a keyword in two patterns: \(listed.filter { $0.value > 1 })")
        // Case-insensitive, as the lexer is; whole words only.
        for p in patterns {
            let match = try #require(p["match"])
            for w in EditorGrammarTests.words(match) {
                #expect(try EditorGrammarTests.matchesWhole(match, w.uppercased()))
            }
            #expect(try EditorGrammarTests.regex(match).firstMatch(in: "claimsx", range: NSRange(location: 0, length: 7)) == nil)
        }
    }

    @Test func qualifiersAreTheGraphs() throws {
        let match = try #require(EditorGrammarTests.repository["qualifier"]?["match"] as? String)
        #expect(EditorGrammarTests.words(match) == Set(Qualifier.allCases.map(\.rawValue)))
    }

    @Test func literalsTheLexerReadsAreMatchedWhole() throws {
        var text = try String(contentsOfFile: Repo.path("examples/seed.cq"), encoding: .utf8)
        text += try String(contentsOfFile: Repo.path("examples/questions.cq"), encoding: .utf8)
        text += "\nclaims where qty > 4.8M and qty < 1_000k and x = 1e6 and y = $limit and `doc-003` = `a\\`b` and ``\n"
        let file = SourceFile(name: "t", text: text)
        let tokens = Lexer.tokenize(file).tokens
        let kinds: [(String, (TokenKind) -> Bool)] = [
            ("number", { $0 == .number }), ("date", { $0 == .date }), ("parameter", { $0 == .parameter }),
            ("quoted-name", { $0 == .identifier }),
        ]
        for (rule, isKind) in kinds {
            let match = try #require(EditorGrammarTests.repository[rule]?["match"] as? String, "\(rule)")
            var seen = 0
            for t in tokens where isKind(t.kind) {
                let lexeme = file.slice(t.range)
                if rule == "quoted-name" && !lexeme.hasPrefix("`") { continue }
                seen += 1
                #expect(try EditorGrammarTests.matchesWhole(match, lexeme), "\(rule) does not match \(lexeme)")
            }
            #expect(seen > 0, "no \(rule) in the examples")
        }
    }

    @Test func theExtensionPointsAtTheGrammar() throws {
        let data = try #require(FileManager.default.contents(atPath: Repo.path("examples/editors/vscode/package.json")))
        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let contributes = try #require(package["contributes"] as? [String: Any])
        let grammars = try #require(contributes["grammars"] as? [[String: String]])
        #expect(grammars.first?["scopeName"] == EditorGrammarTests.grammar["scopeName"] as? String)
        let path = try #require(grammars.first?["path"])
        #expect(FileManager.default.fileExists(atPath: Repo.path("examples/editors/vscode/" + path)))
        let languages = try #require(contributes["languages"] as? [[String: Any]])
        #expect((languages.first?["extensions"] as? [String]) == [".cq"])
    }

    /// The extension starts the language server: its entry point exists and is valid
    /// JavaScript (Node checks the syntax), runs `claimql lsp` (a subcommand that exists),
    /// and the setting it reads is declared.
    @Test func theExtensionStartsTheLanguageServer() throws {
        let folder = Repo.path("examples/editors/vscode") + "/"
        let data = try #require(FileManager.default.contents(atPath: folder + "package.json"))
        let package = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let main = try #require(package["main"] as? String)
        let script = try String(contentsOfFile: folder + main, encoding: .utf8)
        #expect(script.contains("args: [\"lsp\"]"))
        #expect(script.contains("config.get(\"path\")"))
        let properties = ((package["contributes"] as? [String: Any])?["configuration"] as? [String: Any])?["properties"] as? [String: Any]
        #expect(properties?["claimql.path"] != nil)
        #expect((package["dependencies"] as? [String: String])?["vscode-languageclient"] != nil)
        #expect((package["activationEvents"] as? [String]) == ["onLanguage:claimql"])
        let help = try runClaimQL(["lsp", "--help"])
        #expect(help.status == 0 && help.stdout.contains("Language Server Protocol"))
        let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/node" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        let nodePath = try #require(node, "node is needed to check the extension's JavaScript")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: nodePath)
        p.arguments = ["--check", folder + main]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }
}
