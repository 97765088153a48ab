import Foundation
import Testing
@testable import ClaimQL

/// The manual is tested: README.md's examples run, grammar/claimql.ebnf's examples parse,
/// sentences generated from the grammar parse, and the grammar's keywords are the lexer's.
struct DocsTests {
    // MARK: README

    struct Block: CustomStringConvertible, Sendable {
        let tag: String
        let code: String
        let expected: String?
        let line: Int
        var description: String { "README.md:\(line) \(code.prefix(50))" }
    }

    /// Every ```sh example that runs `claimql` and shows its output in a ```text block
    /// right after it: run through the shell with the built binary first on PATH.
    static let readmeShellBlocks: [Block] = allReadmeBlocks(tags: ["sh"]).filter { b in
        guard b.expected != nil else { return false }
        let first = b.code.split(separator: "\n").first.map(String.init) ?? ""
        return (first.hasPrefix("claimql ") && !first.hasPrefix("claimql [")) || first.contains("| claimql ")
    }

    static let readmeBlocks: [Block] = allReadmeBlocks(tags: ["claimql", "cq"])

    static func allReadmeBlocks(tags: Set<String>) -> [Block] {
        let lines = Repo.read("README.md").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [(tag: String, code: String, line: Int, end: Int)] = []
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("```"), lines[i].count > 3 {
                let tag = String(lines[i].dropFirst(3)).trimmingCharacters(in: .whitespaces)
                var body: [String] = []
                let start = i + 1
                i += 1
                while i < lines.count, !lines[i].hasPrefix("```") { body.append(lines[i]); i += 1 }
                blocks.append((tag, body.joined(separator: "\n") + "\n", start, i))
            }
            i += 1
        }
        var out: [Block] = []
        for (k, b) in blocks.enumerated() where tags.contains(b.tag) {
            var expected: String? = nil
            if k + 1 < blocks.count, blocks[k + 1].tag == "text", blocks[k + 1].line - b.end <= 3 {
                expected = blocks[k + 1].code
            }
            out.append(Block(tag: b.tag, code: b.code, expected: expected, line: b.line))
        }
        return out
    }

    @Test func readmeHasShellExamples() { #expect(DocsTests.readmeShellBlocks.count >= 4) }

    @Test(arguments: readmeShellBlocks)
    func readmeShellExample(_ block: Block) throws {
        let binDir = URL(fileURLWithPath: Repo.binary).deletingLastPathComponent().path
        let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", block.code]
        p.currentDirectoryURL = Repo.root
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = path
        env["NO_COLOR"] = "1"
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == block.expected, "\(block)")
    }

    @Test func readmeHasExamples() {
        #expect(DocsTests.readmeBlocks.filter { $0.tag == "claimql" }.count >= 5)
    }

    @Test(arguments: readmeBlocks)
    func readmeExample(_ block: Block) throws {
        if block.tag == "cq" {
            let parsed = Parser.parse(SourceFile(name: "README.md", text: block.code))
            #expect(parsed.diagnostics.isEmpty, "\(block): \(parsed.diagnostics.map(\.message))")
            return
        }
        let r = try runClaimQL(["--data", "examples/seed.cq", "-e", block.code])
        #expect(r.status == 0, "\(block): \(r.stderr)")
        if let expected = block.expected {
            #expect(r.stdout == expected, "\(block)")
        }
    }

    // MARK: grammar

    static let grammarText = Repo.read("grammar/claimql.ebnf")

    static let grammarExamples: [String] = {
        var out: [String] = []
        var rest = grammarText[...]
        while let r = rest.range(of: "(* example: ") {
            let after = rest[r.upperBound...]
            guard let end = after.range(of: " *)") else { break }
            out.append(String(after[..<end.lowerBound]))
            rest = after[end.upperBound...]
        }
        return out
    }()

    @Test func grammarHasExamples() { #expect(DocsTests.grammarExamples.count >= 10) }

    @Test(arguments: grammarExamples)
    func grammarExampleParses(_ example: String) {
        let parsed = Parser.parse(SourceFile(name: "grammar", text: example))
        #expect(parsed.diagnostics.isEmpty, "\(example): \(parsed.diagnostics.map(\.message))")
        #expect(parsed.script.statements.count == 1)
    }

    @Test func grammarKeywordsAreTheLexersKeywords() throws {
        let grammar = try EBNF(DocsTests.grammarText)
        let words = Set(grammar.terminals.filter { $0.first!.isLetter })
        #expect(words == Set(Keyword.allCases.map(\.rawValue)))
    }

    @Test func generatedSentencesParse() throws {
        let grammar = try EBNF(DocsTests.grammarText)
        var generator = SentenceGenerator(grammar: grammar, seed: 20261121)
        var failures: [String] = []
        for _ in 0..<400 {
            let sentence = generator.sentence("script")
            let parsed = Parser.parse(SourceFile(name: "gen", text: sentence))
            if !parsed.diagnostics.isEmpty {
                failures.append("\(sentence)\n  -> \(parsed.diagnostics[0].message)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(3).joined(separator: "\n"))")
    }
}

/// README.md's embedding code is the code compiled in ReadmeEmbedding.swift, and it runs.
struct ReadmeEmbeddingTests {
    @Test func readmeShowsTheCompiledCode() {
        let readme = Repo.read("README.md")
        guard let start = readme.range(of: "```swift\nimport ClaimQL\n"),
              let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no ```swift block starting with import ClaimQL")
            return
        }
        let shown = DocsTests.embeddingNormalised(readme[start.upperBound..<end.lowerBound])
        let code = Repo.read("Tests/ClaimQLTests/ReadmeEmbedding.swift")
        guard let b = code.range(of: "// BEGIN README\n"), let e = code.range(of: "// END README") else {
            Issue.record("markers missing"); return
        }
        #expect(shown == DocsTests.embeddingNormalised(code[b.upperBound..<e.lowerBound]))
    }

    @Test func readmeEmbeddingRuns() throws {
        let printed = try readmeEmbeddingExample()
        #expect(Array(printed.prefix(5)) == ["shin_shells_4_8m Shin Won-sik 4.8",
                                             "kei_152mm_3m Korea Economic Institute of America 3.0",
                                             "sk_152mm_3m_002 South Korea 3.0",
                                             "usintel_shells_3m US intelligence 3.0",
                                             "desk1 unattributed 2.0"])
        #expect(printed.last?.hasPrefix("<query>:1:14: error: unknown field `sorce` of claims") == true)
    }
}

extension DocsTests {
    static func embeddingNormalised(_ s: Substring) -> [String] {
        s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
