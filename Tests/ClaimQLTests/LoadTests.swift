import Foundation
import Testing
@testable import ClaimQL

/// Loading is checked and atomic: any error leaves the graph exactly as it was.
struct LoadTests {
    @Test func failedDeclarationLoadChangesNothing() throws {
        let g = try seedGraph()
        let before = g.counts
        #expect(throws: ClaimQLError.self) {
            try g.load(source: """
                entity fresh: person "Fresh Person"
                claim c_new: fresh said "x" { source: nobody }
                """, name: "bad.cq")
        }
        #expect(g.counts == before)
    }

    @Test func danglingReferenceIsLocated() throws {
        let g = ClaimGraph()
        do {
            try g.load(source: "entity a: person \"A\"\nclaim c: a said \"x\" { source: b }\n", name: "d.cq")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .data)
            #expect(error.exitCode == 65)
            #expect(error.rendered().hasPrefix("d.cq:2:31: error: unknown entity \"b\" in `source`"))
        }
        #expect(g.counts == (0, 0, 0))
    }

    @Test func malformedJSONLineIsLocatedAndLoadsNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"id": "E1", "name": "One"}"#.appending("\n").write(to: dir.appendingPathComponent("entities.jsonl"), atomically: true, encoding: .utf8)
        try """
            {"id": "C1", "subject": "E1", "qty": 3}
            {"id": "C2", "subject": "E1", "qty": 3,}

            """.write(to: dir.appendingPathComponent("claims.jsonl"), atomically: true, encoding: .utf8)
        let g = try seedGraph()
        let before = g.counts
        do {
            try g.load(path: dir.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered().contains("claims.jsonl:2:40: error: expected a key in double quotes, found `}`"))
        }
        #expect(g.counts == before)
    }

    @Test func missingPathIsMissingFile() {
        #expect {
            try ClaimGraph().load(path: "/no/such/claims/folder")
        } throws: { ($0 as? ClaimQLError)?.exitCode == 66 }
    }

    @Test func loadCyclesAreReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "load \"b.cq\"\n".write(to: dir.appendingPathComponent("a.cq"), atomically: true, encoding: .utf8)
        try "load \"a.cq\"\n".write(to: dir.appendingPathComponent("b.cq"), atomically: true, encoding: .utf8)
        #expect {
            try ClaimGraph().load(path: dir.appendingPathComponent("a.cq").path)
        } throws: { ($0 as? ClaimQLError)?.rendered().contains("loads itself") == true }
    }

    @Test func exportThenLoadRoundTrips() throws {
        let g = try seedGraph()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try g.exportJSONL(to: dir)
        let h = ClaimGraph()
        try h.load(path: dir)
        #expect(h.counts == g.counts)
        #expect(JSONLExport.claims(h.snapshot) == JSONLExport.claims(g.snapshot))
        #expect(JSONLExport.entities(h.snapshot) == JSONLExport.entities(g.snapshot))
    }

    /// Declarations written from a graph load back to the same graph: the seed data, and
    /// JSON Lines holding what declarations spell with care (ids that are no plain names or
    /// are keywords, no kind, no title, list and date attributes, kept text, no subject).
    @Test(arguments: ["seed", "odd"])
    func declarationsRoundTrip(_ which: String) throws {
        let g = ClaimGraph()
        if which == "seed" {
            try g.load(path: Repo.path("examples/seed.cq"))
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-odd-\(UUID())").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try #"""
                {"id": "mnd-korea", "name": "Defence \"Ministry\"", "aliases": ["MND"], "edges": {"part of": "group"}}
                {"id": "group", "kind": "armed group", "name": "Group", "founded": "2001-05-04", "tags": ["a", "b"], "size": 1.5e-7}
                {"id": "a`b\nc\\\"d", "name": "Odd"}
                """#.write(toFile: dir + "/entities.jsonl", atomically: true, encoding: .utf8)
            try #"""
                {"id": "d-1", "publisher": "group", "text": "Line one.\nLine two\u0000."}
                {"id": "count", "title": "Count", "published": "2024-02-29", "pages": 12}
                """#.write(toFile: dir + "/documents.jsonl", atomically: true, encoding: .utf8)
            try #"""
                {"id": "c-1", "qty": 6000, "qty_hi": 10000, "qualifier": "range", "unit": "containers", "doc": "d-1", "source": "mnd-korea", "span": [3, 9], "vague": false}
                {"id": "where", "subject": "group", "predicate": "said after", "object": "x", "qty": -3, "qualifier": "exact", "unit": "°C"}
                {"id": "c3", "subject": "mnd-korea", "quote": "some", "ob`ject": 1, "source": "a`b\nc\\\"d"}
                """#.write(toFile: dir + "/claims.jsonl", atomically: true, encoding: .utf8)
            try g.load(path: dir)
        }
        let text = g.declarations()
        let h = ClaimGraph()
        try h.load(source: text, name: "saved.cq")
        #expect(JSONLExport.entities(h.snapshot) == JSONLExport.entities(g.snapshot), "\(text)")
        #expect(JSONLExport.documents(h.snapshot) == JSONLExport.documents(g.snapshot), "\(text)")
        #expect(JSONLExport.claims(h.snapshot) == JSONLExport.claims(g.snapshot), "\(text)")
        #expect(h.declarations() == text)
    }

    /// Only what came between two marks is written: a session's own declarations.
    @Test func declarationsBetweenMarks() throws {
        let g = try seedGraph()
        let start = g.mark
        try g.load(source: #"entity e9: person "Nine"; claim c9: e9 said "x" { qty: 9 }"#, name: "typed")
        let mid = g.mark
        try g.load(source: #"entity e10: person "Ten""#, name: "loaded")
        let text = g.declarations(between: [(start, mid)])
        #expect(text == "entity e9: person \"Nine\"\n\nclaim c9: e9 said \"x\" {\n  qty: 9\n}\n", "\(text)")
        #expect(g.declarations(between: [(mid, g.mark)]) == "entity e10: person \"Ten\"\n")
    }

    @Test func committedJSONLinesMatchTheDeclarations() throws {
        // examples/seed-jsonl is generated from examples/seed.cq; it must not drift.
        let g = try seedGraph()
        #expect(JSONLExport.claims(g.snapshot) == Repo.read("examples/seed-jsonl/claims.jsonl"))
        #expect(JSONLExport.entities(g.snapshot) == Repo.read("examples/seed-jsonl/entities.jsonl"))
        #expect(JSONLExport.documents(g.snapshot) == Repo.read("examples/seed-jsonl/documents.jsonl"))
    }

    @Test func nameKeyNormalises() {
        #expect(NameKey.of("Shin Won-sik") == NameKey.of("shin wonsik"))
        #expect(NameKey.of("Zelenskyy") != NameKey.of("Zelensky"))
        #expect(NameKey.of("Émile Zola") == NameKey.of("emile zola"))
        #expect(NameKey.of("ДНР") == NameKey.of("днр"))
    }
}

struct StreamingLoadTests {
    /// Lines cut across chunk boundaries anywhere still load to the same graph, through
    /// the fast path and through the general parser alike.
    @Test(arguments: [7, 64, 1000, 8 << 20])
    func chunkSizeDoesNotMatter(_ chunk: Int) throws {
        var loader = Loader(FactGraph())
        loader.chunkSize = chunk
        loader.load(path: Repo.path("examples/seed-jsonl"), origin: nil)
        #expect(loader.diagnostics.isEmpty)
        var g = FactGraph()
        g.commit(loader.batch)
        #expect(JSONLExport.claims(g) == Repo.read("examples/seed-jsonl/claims.jsonl"))
        #expect(JSONLExport.entities(g) == Repo.read("examples/seed-jsonl/entities.jsonl"))
    }

    /// A claims file of two windows or more is read on two cores (`ClaimsLane`): the same
    /// graph and the same diagnostics as one core, whatever the windows hold: escapes,
    /// blank lines, lines the fast path declines, new strings in either window, and errors
    /// (a duplicate id across windows, an unknown entity) at the same line numbers.
    @Test(arguments: [0, 2, 40])
    func twoCoresLoadWhatOneLoads(errors: Int) throws {
        let withErrors = errors > 0
        let dir = NSTemporaryDirectory() + "claimql-lanes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var entities = "", claims = ""
        for e in 0..<30 { entities += #"{"id": "e\#(e)", "name": "E\#(e)"}"# + "\n" }
        for i in 0..<3000 {
            let unit = i % 7 == 0 ? "unit-\(i % 50)" : "shells"
            var line = #"{"id": "c\#(i)", "subject": "e\#(i % 30)", "predicate": "p\#(i % 11)", "qty": \#(i), "unit": "\#(unit)", "quote": "q \"\#(i)\" caf\u00e9", "source": "e\#((i * 7) % 30)"}"#
            if i % 97 == 0 { line = #"{"id": "c\#(i)", "subject": "e1", "qty": 5, "unit": "u", "extra": [1, 2]}"# }
            if i % 131 == 0 { line = "" }
            if withErrors && i == 2500 { line = #"{"id": "c10", "subject": "e1", "qty": 1, "unit": "u"}"# }
            if withErrors && i == 2900 { line = #"{"id": "x2900", "subject": "nobody", "qty": 1, "unit": "u"}"# }
            // Past the error limit the loader stops with the lane still reading ahead.
            if errors > 2 && i >= 1200 && i % 20 == 0 { line = #"{"id": "y\#(i)", "subject": "nobody", "qty": 1, "unit": "u"}"# }
            claims += line + "\n"
        }
        try entities.write(toFile: dir + "/entities.jsonl", atomically: true, encoding: .utf8)
        try claims.write(toFile: dir + "/claims.jsonl", atomically: true, encoding: .utf8)
        func load(chunk: Int) -> (claims: String, diagnostics: [String]) {
            var loader = Loader(FactGraph())
            loader.chunkSize = chunk
            loader.load(path: dir, origin: nil)
            var g = FactGraph()
            g.commit(loader.batch)
            // The id index finds every claim at its row (a lane window refused for a
            // repeated id must leave the index exactly as it was).
            #expect(g.claims.idIndex.holdsEachRowOnce(g.claims.count), "chunk \(chunk)")
            #expect((0..<g.claims.count).allSatisfy { g.claims.row(of: g.claims.ids[$0]) == Int32($0) }, "chunk \(chunk)")
            return (JSONLExport.claims(g), loader.diagnostics.map { $0.rendered() })
        }
        let one = load(chunk: 8 << 20)
        #expect(one.diagnostics.isEmpty == !withErrors, "\(one.diagnostics.prefix(2))")
        if errors > 2 { #expect(one.diagnostics.count >= JSONLImporter.maxErrors) }
        for chunk in [300, 4096, 50_000] {
            let two = load(chunk: chunk)
            #expect(two.claims == one.claims, "chunk \(chunk)")
            #expect(two.diagnostics == one.diagnostics, "chunk \(chunk)")
        }
    }

    /// The fast path declines what it does not expect; the general parser then gives the
    /// same answer it would have given anyway.
    @Test func fastPathAgreesWithTheGeneralParser() throws {
        let lines = [
            #"{"id": "A", "subject": "E1", "qty": 1e3, "quote": "caf\u00e9 \"x\""}"#,        // escapes, exponent
            #"{"id": "B", "qty": 0.1, "unit": "km", "extra": [1, 2]}"#,                        // fraction, unknown key
            #"{"qty": 12.0, "id": "C", "date": "2024-02-29", "qualifier": "approx"}"#,       // key order
            #"{"id": "D", "quote": "naïve", "object": null, "qty_hi": null}"#,                  // UTF-8, nulls
            #"{"id":"E","subject":"E1","predicate":"said","qty":-5}"#,                          // no spaces, negative
        ]
        let g = ClaimGraph()
        try g.load(jsonLines: #"{"id": "E1", "name": "One"}"#, kind: .entities)
        try g.load(jsonLines: lines.joined(separator: "\n"), kind: .claims)
        let r = try Engine(graph: g).prepare("claims select id, qty, quote, unit, date, qualifier, extra").run()
        #expect(r.rows.map(\.values) == [
            [.string("A"), .number(1000), .string("café \"x\""), .null, .null, .null, .null],
            [.string("B"), .number(0.1), .null, .string("km"), .null, .null, .list([.number(1), .number(2)])],
            [.string("C"), .number(12), .null, .null, .date(Day(iso: "2024-02-29")!), .string("approx"), .null],
            [.string("D"), .null, .string("naïve"), .null, .null, .null, .null],
            [.string("E"), .number(-5), .null, .null, .null, .null, .null],
        ])
    }
}
