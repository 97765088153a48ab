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
}
