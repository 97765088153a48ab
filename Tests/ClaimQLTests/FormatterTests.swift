import Foundation
import PropertyBased
import Testing
@testable import ClaimQL

/// `claimql fmt`: idempotent, keeps every comment, and the formatted file means what the
/// original meant (the same tokens, the same queries, the same graph when loaded).
struct FormatterTests {
    /// What the formatter may change: spacing, line breaks between statements, `;`, and the
    /// commas that separate fields (canonical on one line, dropped at a line's end). The
    /// rest of the token stream, and the comments in order, must survive.
    static func meaningful(_ text: String) -> (tokens: [String], comments: [String]) {
        let file = SourceFile(name: "t", text: text)
        let (tokens, comments, _) = Lexer.tokensAndComments(file)
        let kept = tokens.filter { $0.kind != .semicolon && $0.kind != .comma && $0.kind != .eof }.map { file.slice($0.range) }
        return (kept, comments.map { file.slice($0).trimmingCharacters(in: .whitespaces) })
    }

    /// The checks every formatted text passes; returns the formatted text.
    @discardableResult
    static func checkFormats(_ text: String, _ label: String) -> String? {
        let formatted: String
        do { formatted = try Formatter.format(text) } catch {
            Issue.record("\(label): \(error)")
            return nil
        }
        let again = try? Formatter.format(formatted)
        #expect(again == formatted, "\(label): formatting twice changed it\n\(formatted)")
        let parsed = Parser.parse(SourceFile(name: "f", text: formatted))
        #expect(parsed.diagnostics.isEmpty, "\(label): formatted text does not parse\n\(formatted)")
        let before = meaningful(text), after = meaningful(formatted)
        #expect(before.tokens == after.tokens, "\(label): tokens changed")
        #expect(before.comments == after.comments, "\(label): comments changed")
        // Queries keep their tree (compared through the test's own Dump, not the printer).
        let original = Parser.parse(SourceFile(name: "o", text: text)).script.statements
        #expect(original.count == parsed.script.statements.count, "\(label): statement count changed")
        for (a, b) in zip(original, parsed.script.statements) {
            if case .query(let qa) = a, case .query(let qb) = b { #expect(Dump.query(qa) == Dump.query(qb), "\(label)") }
        }
        return formatted
    }

    static let exampleScripts = ["examples/seed.cq", "examples/questions.cq"]

    @Test(arguments: exampleScripts)
    func examplesAreFormattedAndStable(_ path: String) throws {
        let text = Repo.read(path)
        #expect(!text.isEmpty)
        let formatted = FormatterTests.checkFormats(text, path)
        // The examples are kept in canonical form (what `claimql fmt --check` asks of CI).
        #expect(formatted == text, "\(path) is not formatted: run claimql fmt \(path)")
    }

    @Test func declarationsLoadTheSameGraphAfterFormatting() throws {
        let text = try String(contentsOfFile: Repo.path("examples/seed.cq"), encoding: .utf8)
        // Make it messy first, so the formatter has work to do: the same tokens and
        // comments with random spacing, indentation and extra blank lines, and a `;` after
        // some statements.
        let file = SourceFile(name: "seed", text: text)
        let (tokens, comments, _) = Lexer.tokensAndComments(file)
        let items = (tokens.filter { $0.kind != .eof }.map(\.range) + comments).sorted { $0.start < $1.start }
        var rng = SplitMix(seed: 7)
        var messy = ""
        var previousEnd = 0
        for r in items {
            let gap = file.slice(SourceRange(previousEnd, r.start))
            let breaks = gap.filter { $0 == "\n" }.count
            if breaks > 0 {
                if messy.hasSuffix("}"), rng.next() % 2 == 0 { messy += " ;" }
                messy += String(repeating: "\n", count: breaks + (breaks > 1 ? Int(rng.next() % 3) : 0))
                messy += String(repeating: " ", count: Int(rng.next() % 5))
            } else if previousEnd > 0 {
                messy += rng.next() % 2 == 0 ? " " : "   "
            }
            messy += file.slice(r)
            previousEnd = r.end
        }
        messy += "\n"
        let formatted = try #require(FormatterTests.checkFormats(messy, "messy seed"))
        #expect(formatted == text, "the messy seed does not format back to the seed")
        let a = ClaimGraph(), b = ClaimGraph()
        try a.load(source: text, name: "a.cq")
        try b.load(source: formatted, name: "b.cq")
        #expect(a.counts == b.counts)
        #expect(a.declarations() == b.declarations())
    }

    @Test(arguments: DocsTests.grammarExamples)
    func grammarExamplesFormat(_ example: String) {
        FormatterTests.checkFormats(example, example)
    }

    /// Every saved fuzz input that parses formats faithfully.
    @Test func fuzzCorporaFormat() throws {
        var checked = 0
        for folder in ["parse", "query", "declarations"] {
            let dir = Repo.path("Tests/Fuzz/corpus/" + folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
                guard let data = FileManager.default.contents(atPath: dir + "/" + name),
                      let text = String(data: data, encoding: .utf8) else { continue }
                guard Parser.parse(SourceFile(name: name, text: text)).diagnostics.isEmpty else { continue }
                FormatterTests.checkFormats(text, "\(folder)/\(name)")
                checked += 1
            }
        }
        #expect(checked >= 20)
    }

    @Test func canonicalLayout() throws {
        let source = """
            #!/usr/bin/env claimql
            -- head comment
            entity   shin : person "Shin Won-sik"{aliases:["Shin","Shin Wonsik"],country:sk,}
            entity sk: country "South Korea" {
                aliases: ["ROK"]   -- the short name
              , country :sk
            }



            claims where source="Shin"and qty>1M order by date desc limit 3 ;count claims;  -- how many
            claims
                where   qty >= -5 and unit in ["shells" ,"rounds"]
              select id , max( qty ) ,  source.name
            document d {}
            """
        let expected = """
            #!/usr/bin/env claimql
            -- head comment
            entity shin: person "Shin Won-sik" { aliases: ["Shin", "Shin Wonsik"], country: sk }
            entity sk: country "South Korea" {
              aliases: ["ROK"]  -- the short name
              country: sk
            }

            claims where source = "Shin" and qty > 1M order by date desc limit 3
            count claims  -- how many
            claims
              where qty >= -5 and unit in ["shells", "rounds"]
              select id, max(qty), source.name
            document d {}

            """
        #expect(try Formatter.format(source) == expected)
        FormatterTests.checkFormats(source, "layout")
    }

    @Test func syntaxErrorsAreReportedNotFormatted() {
        #expect(throws: ClaimQLError.self) { try Formatter.format("claims where (qty > \n", name: "bad.cq") }
        do { _ = try Formatter.format("count claims\nclaims where qty > > 1\n", name: "bad.cq") } catch {
            #expect(error.kind == .syntax)
            #expect(error.diagnostics.first?.location?.line == 2)
            #expect(error.diagnostics.first?.fileName == "bad.cq")
        }
    }

    /// The printer's round trip, through the formatter: a random query, printed, broken
    /// over lines and padded at random, with comments sprinkled in, formats to a text that
    /// parses to the same tree, and formatting it again changes nothing.
    @Test func randomQueriesFormatToTheSameTree() async {
        await propertyCheck(count: 300, input: QueryGen.query) { q in
            let printed = q.description
            // The layout's randomness comes from the text (FNV-1a), so a failure replays.
            let seed = printed.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            let file = SourceFile(name: "p", text: printed)
            let (tokens, _, _) = Lexer.tokensAndComments(file)
            var rng = SplitMix(seed: seed)
            var messy = ""
            for t in tokens where t.kind != .eof {
                switch rng.next() % 6 {
                case 0: messy += "\n  "
                case 1: messy += "   "
                case 2: messy += " -- note\n"
                default: messy += " "
                }
                messy += file.slice(t.range)
            }
            guard let formatted = try? Formatter.format(messy) else {
                Issue.record("did not format:\n\(messy)")
                return
            }
            let back = Parser.parse(SourceFile(name: "f", text: formatted))
            guard back.diagnostics.isEmpty, back.script.statements.count == 1,
                  case .query(let bq) = back.script.statements[0] else {
                Issue.record("formatted text is not one query:\n\(formatted)")
                return
            }
            #expect(Dump.query(bq) == Dump.query(q), "\(messy)\n=>\n\(formatted)")
            #expect((try? Formatter.format(formatted)) == formatted)
            #expect(FormatterTests.meaningful(messy) == FormatterTests.meaningful(formatted))
        }
    }

    // MARK: the command

    @Test func fmtCommandChecksRewritesAndReports() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-fmt-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let messy = dir + "/messy.cq", tidy = dir + "/tidy.cq", bad = dir + "/bad.cq"
        try "count   claims ;claims where qty>1 -- big\n".write(toFile: messy, atomically: true, encoding: .utf8)
        try "count claims\n".write(toFile: tidy, atomically: true, encoding: .utf8)
        try "claims where (\n".write(toFile: bad, atomically: true, encoding: .utf8)

        let check = try runClaimQL(["fmt", "--check", messy, tidy])
        #expect(check.status == 1)
        #expect(check.stdout == messy + "\n")
        #expect(try String(contentsOfFile: messy, encoding: .utf8) == "count   claims ;claims where qty>1 -- big\n")

        let write = try runClaimQL(["fmt", messy, tidy])
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try String(contentsOfFile: messy, encoding: .utf8) == "count claims\nclaims where qty > 1  -- big\n")
        #expect(try runClaimQL(["fmt", "--check", messy, tidy]).status == 0)

        let broken = try runClaimQL(["fmt", bad])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("bad.cq:2:1") || broken.stderr.contains("bad.cq:1:"), "\(broken.stderr)")
        #expect(try String(contentsOfFile: bad, encoding: .utf8) == "claims where (\n")

        #expect(try runClaimQL(["fmt", dir + "/missing.cq"]).status == 66)
        let piped = try runClaimQL(["fmt", "-"], stdin: "claims  where qty>1")
        #expect(piped.stdout == "claims where qty > 1\n")
    }
}

/// A tiny seeded generator for the messy layouts (the property's own RNG drives the query).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
