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
