import Foundation
import Testing
@testable import ClaimQL

/// The one way in: every front end hands drafts to `BatchBuilder`, so the same bad claim
/// gets the same message whether it was declared, written as JSON Lines or passed as a
/// Swift record, each pointing at the field in its own text; and the claims fast path
/// reads every line exactly as the general reader does.
struct BuilderTests {
    /// One claim written three ways, and the message each must give.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let declaration: String          // the block of `claim c: north_korea shipped "x" { ... }`
        let json: String                 // the fields after "id", "subject" in a JSON line
        let record: ClaimRecord
        let message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "qty_hi below qty", declaration: "qty: 5, qty_hi: 2", json: #""qty": 5, "qty_hi": 2"#,
             record: ClaimRecord(id: "c", subject: "north_korea", qty: 5, qtyHi: 2),
             message: "`qty_hi` (2) is below `qty` (5)"),
        Case(name: "qty_hi without qty", declaration: "qty_hi: 2", json: #""qty_hi": 2"#,
             record: ClaimRecord(id: "c", subject: "north_korea", qtyHi: 2),
             message: "`qty_hi` without `qty`"),
        Case(name: "qty_hi with another qualifier", declaration: "qty: 1..2, qualifier: approx",
             json: #""qty": 1, "qty_hi": 2, "qualifier": "approx""#,
             record: ClaimRecord(id: "c", subject: "north_korea", qty: 1, qtyHi: 2, qualifier: "approx"),
             message: "`qty_hi` goes with the qualifier `range`, not `approx`"),
        Case(name: "range without qty_hi", declaration: "qty: 1, qualifier: range", json: #""qty": 1, "qualifier": "range""#,
             record: ClaimRecord(id: "c", subject: "north_korea", qty: 1, qualifier: "range"),
             message: "the qualifier `range` needs `qty_hi`, the upper end"),
        Case(name: "qualifier without qty", declaration: "qualifier: up_to", json: #""qualifier": "up_to""#,
             record: ClaimRecord(id: "c", subject: "north_korea", qualifier: "up_to"),
             message: "the qualifier `up_to` qualifies a figure, but the claim has no `qty`"),
        Case(name: "unknown qualifier", declaration: "qty: 1, qualifier: aprox", json: #""qty": 1, "qualifier": "aprox""#,
             record: ClaimRecord(id: "c", subject: "north_korea", qty: 1, qualifier: "aprox"),
             message: "unknown qualifier \"aprox\""),
        Case(name: "empty unit", declaration: "qty: 1, unit: \"\"", json: #""qty": 1, "unit": """#,
             record: ClaimRecord(id: "c", subject: "north_korea", qty: 1, unit: ""),
             message: "`unit` is empty"),
        Case(name: "unknown source", declaration: "source: nobody", json: #""source": "nobody""#,
             record: ClaimRecord(id: "c", subject: "north_korea", source: "nobody"),
             message: "unknown entity \"nobody\" in `source`"),
        Case(name: "unknown document", declaration: "doc: doc999", json: #""doc": "doc999""#,
             record: ClaimRecord(id: "c", subject: "north_korea", doc: "doc999"),
             message: "unknown document \"doc999\" in `doc`"),
        Case(name: "id taken", declaration: "qty: 1", json: #""qty": 1"#,
             record: ClaimRecord(id: "shin_shells_4_8m", subject: "north_korea", qty: 1),
             message: "duplicate claim id \"shin_shells_4_8m\""),
    ]

    /// The first error of loading `load` onto the seed graph; the graph must not change.
    func firstError(_ load: (ClaimGraph) throws(ClaimQLError) -> Void) throws -> Diagnostic? {
        let g = try seedGraph()
        let before = g.counts
        defer { #expect(g.counts == before, "a failed load changed the graph") }
        do {
            try load(g)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test(arguments: cases)
    func oneMessageFromEveryFrontEnd(_ c: Case) throws {
        let id = c.record.id
        let declaration = "claim \(id): north_korea shipped \"x\" { \(c.declaration) }"
        let json = #"{"id": "\#(id)", "subject": "north_korea", \#(c.json)}"#
        let fromDeclaration = try firstError { g throws(ClaimQLError) in try g.load(source: declaration, name: "x.cq") }
        let fromJSON = try firstError { g throws(ClaimQLError) in try g.load(jsonLines: json, kind: .claims, name: "x.jsonl") }
        let fromRecord = try firstError { g throws(ClaimQLError) in try g.add(claims: [c.record]) }
        for (front, d) in [("declaration", fromDeclaration), ("JSON Lines", fromJSON), ("record", fromRecord)] {
            #expect(d?.message == c.message, "\(front): \(d?.message ?? "no error")")
            // Every one is located in its own text, on its first line.
            #expect(d?.location?.line == 1, "\(front) not located: \(d?.rendered() ?? "")")
        }
        #expect(fromDeclaration?.fileName == "x.cq")
        #expect(fromJSON?.fileName == "x.jsonl")
        #expect(fromRecord?.fileName == "<claims>")
    }

    @Test func qtyHiAloneMeansARange() throws {
        let g = ClaimGraph()
        try g.load(source: "entity a: country \"A\"\nclaim c1: a shipped \"x\" { qty: 1..2 }")
        try g.load(jsonLines: #"{"id": "c2", "subject": "a", "qty": 3, "qty_hi": 4}"#, kind: .claims)
        try g.add(claims: [ClaimRecord(id: "c3", subject: "a", qty: 5, qtyHi: 6)])
        let r = try Engine(graph: g).prepare("claims select id, qualifier").run()
        #expect(r.rows.map { $0["qualifier"] } == [.string("range"), .string("range"), .string("range")])
    }

    @Test func declarationsMayReferToLaterDeclarations() throws {
        let g = ClaimGraph()
        try g.load(source: """
            claim c1: b said "x" { source: a, doc: d }
            document d: "D" { publisher: a }
            entity a: person "A" { country: b }
            entity b: country "B"
            """)
        #expect(g.counts == (2, 1, 1))
    }

    // MARK: the fast path and the general reader

    /// Claims lines of every shape the fast path takes or declines: escapes, non-ASCII,
    /// nulls, ranges, unknown keys, and lines breaking a rule or naming unknown ids.
    static func claimLines(count: Int, seed: UInt64) -> String {
        var rng = Lcg(seed)
        let subjects = ["north_korea", "russia", "south_korea", "nobody"]
        let quotes = [#""up to 4.8 million""#, #""said \"roughly\" 6,700""#, #""naïve – ünïcode""#, #""tab\there""#,
                      #""\u00e9t\u00e9 \ud83d\ude00""#, "null", #""""#, #""back\\slash\/""#]
        var out = ""
        for i in 0..<count {
            var fields = [#""id": "c\#(i % (count - 3))""#]   // a few repeated ids
            fields.append(#""subject": "\#(subjects[rng.next(subjects.count)])""#)
            switch rng.next(7) {
            case 0: fields.append(#""qty": null, "qty_hi": null"#)
            case 1: fields.append(#""qty": 1000, "qty_hi": 2000, "qualifier": "range""#)
            case 2: fields.append(#""qty": 2000, "qty_hi": 1000"#)
            case 3: fields.append(#""qty": 3e6, "qualifier": "at_least""#)
            case 4: fields.append(#""qualifier": "approx""#)
            case 5: fields.append(#""qty": 12.5, "qualifier": "aprox""#)
            default: fields.append(#""qty": \#(rng.next(100_000)), "qty_hi": \#(100_000 + rng.next(10))"#)
            }
            if rng.next(3) == 0 { fields.append(#""unit": "\#(["shells", "", "containers"][rng.next(3)])""#) }
            fields.append(#""quote": \#(quotes[rng.next(quotes.count)])"#)
            if rng.next(5) == 0 { fields.append(#""note": "extra""#) }
            if rng.next(4) == 0 { fields.append(#""date": "2024-0\#(1 + rng.next(9))-1\#(rng.next(10))""#) }
            if rng.next(6) == 0 { fields.append(#""source": "shin_won_sik", "doc": "doc00\#(rng.next(5))""#) }
            out += "{" + fields.joined(separator: ", ") + "}\n"
        }
        return out
    }

    struct Lcg {
        var state: UInt64
        init(_ seed: UInt64) { state = seed }
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    /// Loads `text` as claims onto the seed graph through one path; the graph as JSON
    /// Lines, or the messages.
    func load(_ text: String, fast: Bool) throws -> (graph: String, messages: [String]) {
        var loader = Loader(try seedGraph().snapshot)
        var importer = JSONLImporter(loader.builder)
        importer.usesFastPath = fast
        importer.importFile(name: "claims.jsonl", bytes: Array(text.utf8), kind: .claims)
        loader.builder = importer.builder
        loader.report(importer.diagnostics)
        var g = FactGraph()
        g.commit(loader.batch)
        return (JSONLExport.claims(g), loader.diagnostics.map { $0.rendered() })
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func fastPathReadsLikeTheGeneralReader(_ seed: UInt64) throws {
        let text = BuilderTests.claimLines(count: 60, seed: seed)
        let fast = try load(text, fast: true), general = try load(text, fast: false)
        #expect(fast.messages == general.messages)
        if fast.messages.isEmpty { #expect(fast.graph == general.graph) }
    }

    @Test func fastPathReadsValidLinesLikeTheGeneralReader() throws {
        // Only the lines every path accepts: the two graphs must be byte for byte equal.
        let lines = BuilderTests.claimLines(count: 400, seed: 42).split(separator: "\n").filter {
            !$0.contains("nobody") && !$0.contains(#""qty": 2000, "qty_hi": 1000"#) && !$0.contains(#""qualifier": "approx"}"#)
                && !$0.contains("aprox") && !$0.contains(#""unit": """#) && !$0.contains(#""qualifier": "approx", "#)
        }.enumerated().map { k, line in line.replacingOccurrences(of: #"^\{"id": "c[0-9]+""#, with: #"{"id": "v\#(k)""#,
                                                                     options: .regularExpression) }
        let fast = try load(lines.joined(separator: "\n"), fast: true)
        let general = try load(lines.joined(separator: "\n"), fast: false)
        #expect(fast.messages == [] && general.messages == [], "\(fast.messages.prefix(2))")
        #expect(fast.graph == general.graph)
        #expect(lines.count > 100)
        #expect(fast.graph.split(separator: "\n").count == lines.count)   // the batch holds the new claims
    }

    /// The fast path reads strings eight bytes at a time, keys by their first word and ids
    /// through its own hash table: lines whose quotes put escapes, multi-byte characters
    /// and control characters at every offset from a word boundary, ids of 1 to 24 bytes
    /// (the table confirms those past 8 bytes), keys one letter off, read exactly as the
    /// general reader reads them, errors included.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func fastPathReadsLikeTheGeneralReaderAtEveryByteOffset(_ seed: UInt64) throws {
        var rng = Lcg(seed)
        func id(_ prefix: String, _ k: Int) -> String {
            let long = String(repeating: "x", count: k % 23)
            return k % 5 == 0 ? "\(prefix)é\(long)\(k)" : "\(prefix)\(long)\(k)"
        }
        let entityIds = (0..<40).map { id("e", $0) }, documentIds = (0..<20).map { id("d", $0) }
        let pieces = ["a", "bc", "def ", "é", "—", "😀", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\/"#, "\u{1}", #"\x"#, "\u{7f}"]
        var lines: [String] = []
        for i in 0..<300 {
            var quote = ""
            for _ in 0..<rng.next(30) { quote += pieces[rng.next(pieces.count - 3)] }
            if rng.next(25) == 0 { quote += pieces[pieces.count - 3 + rng.next(3)] }
            var fields = [#""id": "\#(id("c", rng.next(20) == 0 ? 3 : i))""#,
                          #""subject": "\#(rng.next(30) == 0 ? "e9x" : entityIds[rng.next(entityIds.count)])""#,
                          #""quote": "\#(quote)""#]
            if rng.next(2) == 0 { fields.append(#""source": "\#(entityIds[rng.next(entityIds.count)])""#) }
            if rng.next(2) == 0 { fields.append(#""doc": "\#(rng.next(30) == 0 ? "d0x" : documentIds[rng.next(documentIds.count)])""#) }
            if rng.next(2) == 0 {
                fields.append(#""qty": \#(rng.next(1000)), "unit": "\#(rng.next(20) == 0 ? "" : ["kg", "tonnes", "é"][rng.next(3)])""#)
                if rng.next(3) == 0 { fields.append(#""qualifier": "\#(["approx", "exact", "up_to", "approx", "aprox"][rng.next(5)])""#) }
            }
            // Strings the fast path interns: short, past 8 and 16 bytes, and alike in their first 8.
            let words = ["p1", "o2", "deliveredA", "deliveredB", "delivered", "transferred across", "é-très-long-mot", "shipped"]
            if rng.next(3) == 0 { fields.append(#""predicate": "\#(words[rng.next(8)])", "object": "\#(words[rng.next(8)])""#) }
            if rng.next(12) == 0 {
                fields.append(#""\#(["qualifiex", "predicatf", "quotes", "sourcE", "i", "unitt", "qty_hx"][rng.next(7)])": "x""#)
            }
            if rng.next(3) == 0 { fields.shuffle(using: &rng) }
            lines.append("{" + fields.joined(separator: rng.next(4) == 0 ? "," : ", ") + "}")
        }
        let entities = entityIds.map { #"{"id": "\#($0)", "name": "N\#($0)"}"# }.joined(separator: "\n")
        let documents = documentIds.map { #"{"id": "\#($0)", "title": "T"}"# }.joined(separator: "\n")
        func load(fast: Bool) -> (graph: String, messages: [String]) {
            // Files of 30 lines: each stops at `JSONLImporter.maxErrors`, and every line should count.
            let files = [("entities.jsonl", entities, JSONLImporter.Kind.entities), ("documents.jsonl", documents, .documents)]
                + stride(from: 0, to: lines.count, by: 30).map {
                    ("claims\($0).jsonl", lines[$0..<min($0 + 30, lines.count)].joined(separator: "\n"), .claims)
                }
            let (g, messages) = BuilderTests.importFiles(files, fast: fast)
            return (JSONLExport.claims(g), messages)
        }
        let fast = load(fast: true), general = load(fast: false)
        #expect(fast.messages == general.messages)
        #expect(fast.graph == general.graph)
        #expect(fast.graph.split(separator: "\n").count > 100)   // most lines load
    }
}

extension BuilderTests {
    /// The documents fast path (`DocumentsFastPath`) against the general reader: ids new,
    /// repeated, empty or escaped, publishers known, unknown or of the wrong type, titles
    /// and texts with escapes and multi-byte characters, dates good, bad or null, keys
    /// repeated, misspelt or extra, no spaces: the same documents and the same messages.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func documentsFastPathReadsLikeTheGeneralReader(_ seed: UInt64) throws {
        var rng = Lcg(seed)
        let entities = (0..<10).map { #"{"id": "e\#($0)", "name": "E\#($0)"}"# }.joined(separator: "\n")
        let pieces = ["a", "bc ", "é", "😀", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, "—"]
        func text() -> String { (0..<rng.next(12)).map { _ in pieces[rng.next(pieces.count)] }.joined() }
        var lines: [String] = []
        for i in 0..<240 {
            // Each field is usually good; now and then one of its bad or unusual forms.
            func pick(_ good: [String], _ odd: [String]) -> String {
                rng.next(12) == 0 ? odd[rng.next(odd.count)] : good[rng.next(good.count)]
            }
            let id = pick([#""d\#(i)""#, #""d\u0031x\#(i)""#, #""dé\#(i)""#], [#""d\#(i % 7)""#, #""""#, "null", "5"])
            var fields = [#""id": \#(id)"#]
            if rng.next(3) > 0 { fields.append(#""publisher": \#(pick([#""e\#(rng.next(10))""#, "null"], [#""nobody""#, "7"]))"#) }
            if rng.next(3) > 0 { fields.append(#""title": \#(pick(["\"\(text())\"", "null"], ["[1]"]))"#) }
            if rng.next(3) > 0 {
                fields.append(#""published": \#(pick(["\"2024-02-29\"", "null", "\"2020-07-04\""], ["\"2023-02-29\"", "\"2019-1-5\"", "20240101"]))"#)
            }
            if rng.next(6) == 0 { fields.append(#""text": "\#(text())""#) }
            if rng.next(20) == 0 { fields.append(#""\#(["publishex", "publishe", "titles", "lang", "id"][rng.next(5)])": "x""#) }
            if rng.next(3) == 0 { fields.shuffle(using: &rng) }
            lines.append("{" + fields.joined(separator: rng.next(4) == 0 ? "," : ", ") + "}")
        }
        func load(fast: Bool) -> (graph: String, messages: [String]) {
            let files = [("entities.jsonl", entities, JSONLImporter.Kind.entities)]
                + stride(from: 0, to: lines.count, by: 15).map {
                    ("documents\($0).jsonl", lines[$0..<min($0 + 15, lines.count)].joined(separator: "\n"), .documents)
                }
            let (g, messages) = BuilderTests.importFiles(files, fast: fast)
            return (JSONLExport.documents(g), messages)
        }
        let fast = load(fast: true), general = load(fast: false)
        #expect(fast.messages == general.messages)
        #expect(fast.graph == general.graph)
        #expect(fast.graph.split(separator: "\n").count > 150)   // most lines load
    }
}

extension BuilderTests {
    /// The entities fast path (`EntitiesFastPath`) against the general reader: aliases with
    /// escapes or of the wrong type, relations to earlier, later, the same, unknown or no
    /// entities (a later or unknown one waits for the end of the file, and an unknown one is
    /// reported at its column there), relations as lists, `edges`, extra and repeated keys:
    /// the same entities, edges and messages.
    @Test(arguments: [31, 32, 33] as [UInt64])
    func entitiesFastPathReadsLikeTheGeneralReader(_ seed: UInt64) throws {
        var rng = Lcg(seed)
        let pieces = ["a", "bc ", "é", "😀", #"\""#, #"\\"#, #"\u00e9"#, "—"]
        func text() -> String { (0..<rng.next(8)).map { _ in pieces[rng.next(pieces.count)] }.joined() }
        var lines: [String] = []
        for i in 0..<300 {
            func pick(_ good: [String], _ odd: [String]) -> String {
                rng.next(14) == 0 ? odd[rng.next(odd.count)] : good[rng.next(good.count)]
            }
            // Files of 20 lines: a relation reaches back, ahead within the file, or nowhere.
            let here = i / 20 * 20
            func target() -> String {
                pick([#""e\#(here + rng.next(20))""#, #""e\#(i)""#, "null"], [#""nobody""#, #"["e\#(here)"]"#, "3"])
            }
            let id = pick([#""e\#(i)""#], [#""e\#(max(0, i - 1))""#, #""""#, "null", #""e\u0031\#(i)""#])
            var fields = [#""id": \#(id)"#]
            if rng.next(4) > 0 { fields.append(#""kind": \#(pick(["\"person\"", "\"country\"", "null"], ["1"]))"#) }
            if rng.next(4) > 0 { fields.append(#""name": \#(pick(["\"\(text())\"", "null"], ["[]"]))"#) }
            if rng.next(3) > 0 {
                let list = (0..<rng.next(3)).map { _ in "\"\(text())\"" }.joined(separator: rng.next(2) == 0 ? "," : ", ")
                fields.append(#""aliases": \#(pick(["[\(list)]", "null", "[ ]"], ["\"x\"", "[1]"]))"#)
            }
            if rng.next(2) > 0 { fields.append(#""affiliation": \#(target())"#) }
            if rng.next(2) > 0 { fields.append(#""country": \#(target())"#) }
            if rng.next(25) == 0 { fields.append(#""edges": {"member_of": "e\#(here)"}"#) }
            if rng.next(25) == 0 { fields.append(#""\#(["kinds", "nam", "lang", "id"][rng.next(4)])": "x""#) }
            if rng.next(3) == 0 { fields.shuffle(using: &rng) }
            lines.append("{" + fields.joined(separator: rng.next(4) == 0 ? "," : ", ") + "}")
        }
        func load(fast: Bool) -> (graph: String, messages: [String]) {
            let files = stride(from: 0, to: lines.count, by: 20).map {
                ("entities\($0).jsonl", lines[$0..<($0 + 20)].joined(separator: "\n"), JSONLImporter.Kind.entities)
            }
            let (g, messages) = BuilderTests.importFiles(files, fast: fast)
            return (JSONLExport.entities(g), messages)
        }
        let fast = load(fast: true), general = load(fast: false)
        #expect(fast.messages == general.messages)
        #expect(fast.graph == general.graph)
        #expect(fast.graph.split(separator: "\n").count > 200)   // most lines load
        #expect(fast.messages.contains { $0.contains("nobody") })   // a waiting edge reported at its column
    }
}

extension BuilderTests {
    /// Imports each file with an importer of its own (each has its own error limit), through
    /// the fast paths or the general reader alone; the graph and every message.
    static func importFiles(_ files: [(String, String, JSONLImporter.Kind)], fast: Bool) -> (FactGraph, [String]) {
        var loader = Loader(FactGraph())
        for (name, text, kind) in files {
            var importer = JSONLImporter(loader.builder)
            importer.usesFastPath = fast
            importer.importFile(name: name, bytes: Array(text.utf8), kind: kind)
            loader.builder = importer.builder
            loader.report(importer.diagnostics)
        }
        var g = FactGraph()
        g.commit(loader.batch)
        return (g, loader.diagnostics.map { $0.rendered() })
    }
}

extension BuilderTests.Lcg: RandomNumberGenerator {
    mutating func next() -> UInt64 { UInt64(next(1 << 30)) << 32 | UInt64(next(1 << 30)) }
}
