import Foundation
import Testing
@testable import ClaimQL

/// Extraction as a front end: drafts from articles go through the same builder as any
/// data, link to the graph's entities, load atomically, and answer queries. The seed
/// articles are checked against the claims entered by hand in examples/seed.cq.
struct ExtractionTests {
    static let corpus = Repo.path("Benchmarks/ExtractScore/corpus/dev")

    /// A corpus text with its marks stripped.
    static func corpusText(_ name: String) throws -> String {
        let marked = try String(contentsOfFile: "\(corpus)/\(name)", encoding: .utf8)
        return marked.replacingOccurrences(of: #"\[\[([^|\]]*)\|[^\]]*\]\]"#, with: "$1", options: .regularExpression)
    }

    /// The scoring program over the annotated corpus: floors under today's figures, so a
    /// rule change that loses figures, units, qualifiers or speakers fails here. (The
    /// seed articles are scored the same way by `.ci/run` when ../shared/seeds is there.)
    @Test func annotatedCorpusScoresAboveItsFloors() throws {
        let scorer = URL(fileURLWithPath: Repo.binary).deletingLastPathComponent().appendingPathComponent("claimql-extract-score").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: scorer)
        p.arguments = [ExtractionTests.corpus]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        func number(after label: String, _ field: String) -> Double? {
            guard let line = text.split(separator: "\n").first(where: { $0.contains(label) }),
                  let r = line.range(of: field + " ") else { return nil }
            return Double(line[r.upperBound...].prefix { $0 == "." || $0.isNumber })
        }
        let valueF1 = try #require(number(after: "value:", "F1"), "\(text)")
        let unitF1 = try #require(number(after: "value+unit:", "F1"), "\(text)")
        #expect(valueF1 >= 99, "\(text)")
        #expect(unitF1 >= 96, "\(text)")
        let found = try #require(text.split(separator: "\n").first { $0.contains("found with the right value") })
        func percent(_ name: String) -> Double? {
            guard let r = found.range(of: name + " ") else { return nil }
            return Double(found[r.upperBound...].prefix { $0 == "." || $0.isNumber })
        }
        #expect(try #require(percent("qualifier")) >= 99)
        #expect(try #require(percent("source")) >= 94)
        #expect(try #require(percent("change")) >= 98)
    }

    @Test func draftsLinkToTheGraphAndLoadAtomically() throws {
        let graph = try seedGraph()
        let before = graph.counts
        let text = "Shin Wonsik said on Tuesday that up to 10,000 containers had reached Russia. SeouI put the figure at roughly 6,700 in February."
        let draft = graph.extract(text: text, documentID: "brief", published: Day(iso: "2024-06-25"))
        #expect(draft.entities.isEmpty, "\(draft.entities.map(\.name))")   // every name is in the seed graph
        #expect(draft.claims.map(\.record.source) == ["shin_won_sik", "south_korea"])
        #expect(draft.claims.map(\.record.qualifier) == ["up_to", "approx"])
        try graph.add([draft])
        #expect(graph.counts.claims == before.claims + 2)
        #expect(graph.counts.documents == before.documents + 1)
        let r = try Engine(graph: graph).prepare(#"claims where doc = "brief" and source = "Shin" evidence select quote, context"#).run()
        #expect(r.rows.map { $0["quote"] } == [.string("up to 10,000 containers")])
        #expect(r.rows.map { $0["context"] } == [.string("Shin Wonsik said on Tuesday that up to 10,000 containers had reached Russia.")])
    }

    @Test func aBadDraftPointsAtItsSpanAndChangesNothing() throws {
        let graph = try seedGraph()
        let before = graph.counts
        var draft = graph.extract(text: "Officials said 1,200 people arrived.", documentID: "bad", keepText: true)
        try #require(draft.claims.count == 1)
        draft.claims[0].record.subject = "no_such_entity"
        do {
            try graph.add([draft])
            Issue.record("expected an error")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.message == "unknown entity \"no_such_entity\" in `subject`")
            #expect(d.fileName == "bad")
            #expect(d.location?.column == 16)   // the quote "1,200 people" in the article
        }
        #expect(graph.counts == before)
    }

    @Test(arguments: [
        "",
        "No figures here at all, just words.",
        "\u{0}\u{0}1,000\u{0} containers \u{0}",
        String(repeating: "9", count: 5000),
        String(repeating: "about ", count: 2000) + "5 boats",
        String(repeating: "\"", count: 3000) + " said X.",
        "Résumé: les 3 millions d’obus — 42 % — ont coûté 1,8 milliard €.",
    ])
    func oddTextsGiveDraftsNotCrashes(_ text: String) throws {
        let graph = ClaimGraph()
        let draft = graph.extract(text: text, documentID: "odd")
        try graph.add([draft])
        for c in draft.claims {
            #expect(c.span.lowerBound >= 0 && c.span.upperBound <= text.unicodeScalars.count)
            let quote = String(String.UnicodeScalarView(Array(text.unicodeScalars)[c.span]))
            #expect(quote == c.record.quote)
        }
    }

    /// A long text of many articles drafts each the same: what is remembered from earlier
    /// sentences (speakers, names for "he" and "the agency") is bounded and never leaks into
    /// figures found later, so 24 copies of the corpus give 24 times the claims. (Speed, and
    /// that it stays flat from 1 to 16 MB, is measured by `claimql-extract-score --speed`.)
    @Test func aLongTextDraftsEveryCopyAlike() throws {
        let dir = Repo.path("Benchmarks/ExtractScore/corpus/dev")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".txt") }.sorted()
        let corpus = try names.map { try ExtractionTests.corpusText($0) }.joined(separator: "\n\n") + "\n\n"
        let one = ClaimGraph().extract(text: corpus, documentID: "one", keepText: false)
        let many = ClaimGraph().extract(text: String(repeating: corpus, count: 24), documentID: "many", keepText: false)
        #expect(one.claims.count > 200)
        #expect(many.claims.count == 24 * one.claims.count)
        let sources = { (d: ArticleDraft) in d.claims.map { $0.record.source ?? "-" } }
        #expect(Array(sources(many).suffix(one.claims.count)) == sources(one))
    }

    /// A text with no full stops (a table pasted as text, a list of numbers) is cut into
    /// pieces no longer than a sentence can be, and every figure in it is still drafted.
    @Test func aTextWithNoStopsIsCutIntoBoundedSentences() throws {
        let text = (1...3000).map { "\($0 * 7 + 3000) boats" }.joined(separator: " and ")
        let article = ArticleText(text)
        #expect(article.sentences.count > 3000 * 3 / ArticleText.longestSentence)
        #expect(article.sentences.allSatisfy { $0.count <= ArticleText.longestSentence })
        #expect(ClaimGraph().extract(text: text, documentID: "list").claims.count == 3000)
    }

    @Test func extractWritesJSONLinesThatLoadBesideTheGraph() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-extract-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let article = "Tests/ClaimQLTests/Fixtures/extract/one_line.txt"
        let r = try runClaimQL(["extract", "--data", "examples/seed.cq", "--published", "2024-06-25", "--out", out, article])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("one_line: 2 claims, 0 new entities"))
        let q = try runClaimQL(["--data", "examples/seed.cq", "--data", out, "-e",
                                #"claims where doc = "one_line" select source, qty, qualifier"#, "--format", "csv"])
        #expect(q.status == 0, "\(q.stderr)")
        #expect(q.stdout == "source,qty,qualifier\r\nNorth Korea,1000,more_than\r\nShin Won-sik,6700,approx\r\n")
    }

    /// Ids from JSON Lines may be any text, or a keyword: the declarations for review
    /// write those in backquotes, and they load back linked to the same entities.
    @Test func declarationsQuoteIdsThatAreNotNames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-ids-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            {"id": "mnd-korea", "kind": "organisation", "name": "Defence Ministry"}
            {"id": "group", "kind": "organisation", "name": "Publisher Group"}

            """.write(toFile: dir + "/entities.jsonl", atomically: true, encoding: .utf8)
        let graph = ClaimGraph()
        try graph.load(path: dir)
        let draft = graph.extract(text: "The Defence Ministry said 6,700 containers had left the port.", documentID: "doc-1",
                                  publisher: "Publisher Group")
        let text = draft.declarations(source: "doc-1.txt")
        #expect(text.contains("source: `mnd-korea`"), "\(text)")
        #expect(text.contains("publisher: `group`"), "\(text)")
        try graph.load(source: text, name: "drafts.cq")
        let r = try Engine(graph: graph).prepare(#"claims where source = "Defence Ministry" select qty, doc.publisher"#).run()
        #expect(r.count == 1)
        #expect(r.value(row: 0, column: 0) == .number(6700))
        #expect(r.value(row: 0, column: 1) == .entity(id: "group", name: "Publisher Group"))
    }

    @Test func declarationsOutputLoadsBack() throws {
        let graph = try seedGraph()
        let article = try ExtractionTests.corpusText("munitions_depot.txt")
        let draft = graph.extract(text: article, documentID: "kei", published: Day(iso: "2024-07-10"))
        #expect(draft.claims.count >= 10)
        try graph.load(source: draft.declarations(source: "munitions_depot.txt"), name: "drafts.cq")
        let r = try Engine(graph: graph).prepare(#"count claims where doc = "kei""#).run()
        #expect(r.value(row: 0, column: 0) == .number(Double(draft.claims.count)))
    }

    @Test func qualifierTableIsTheREADMEs() throws {
        // README's table of qualifier words is the lexicon's: every phrase listed there maps
        // to the qualifier the lexicon gives it.
        let readme = Repo.read("README.md")
        guard let start = readme.range(of: "| words before the figure | qualifier |") else {
            Issue.record("README has no qualifier table"); return
        }
        let lines = readme[start.upperBound...].split(separator: "\n").dropFirst()   // the |---| line
        let table = lines.prefix { $0.hasPrefix("|") }
        var checked = 0
        for line in table {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { continue }
            let qualifier = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            for phrase in cells[0].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let words = phrase.split(separator: " ").map(String.init)
                let known = Lexicon.qualifiersBefore.first { $0.words == words }?.qualifier.rawValue
                    ?? Lexicon.qualifiersAfter.first { $0.words == Array(words.dropFirst()) && words.first == "N" }?.qualifier.rawValue
                #expect(known == qualifier, "\(phrase) -> \(known ?? "nothing"), README says \(qualifier)")
                checked += 1
            }
        }
        #expect(checked >= 30)
    }
}
