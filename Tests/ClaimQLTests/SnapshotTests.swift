import Foundation
import PropertyBased
import Testing
@testable import ClaimQL

/// `.claimdb` snapshots: the graph saved and opened again answers every query the same,
/// and a damaged, truncated or foreign file is an error that names the problem, never a
/// crash or a different graph.
struct SnapshotTests {
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "claimql-snap-\(UUID())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every query's rows, as JSON (values, ids, order), on a graph.
    static func answers(_ graph: ClaimGraph, _ queries: [String]) -> [String] {
        let engine = Engine(graph: graph)
        let printer = ResultPrinter(format: .json)
        return queries.map { q in
            do { return printer.render(try engine.prepare(q).run()) } catch { return "error: \(error)" }
        }
    }

    /// A graph with every kind of thing a snapshot must keep: the seed data, an article
    /// drafted with its text kept (documents' text, quotes with spans), extra attributes
    /// of every value type, aliases and edges.
    static func richGraph() throws -> ClaimGraph {
        let g = try seedGraph()
        let article = try String(contentsOfFile: Repo.path("examples/articles/briefing.txt"), encoding: .utf8)
        try g.add([g.extract(text: article, documentID: "article", published: Day(iso: "2024-07-10"), publisher: "Example Wire")])
        try g.load(source: """
            entity extra_e: person "Extra Person" { aliases: ["E. P.", "Ёлка"], country: north_korea, rank: 3, since: 2020-01-02, tags: ["a", "b"], active: true }
            document extra_d { publisher: extra_e, pages: 12 }
            claim extra_c: extra_e estimated "rounds" { qty: 1M..2M, unit: "rounds", doc: extra_d, note: "range", weight: 0.5 }
            claim extra_n: extra_e said "nothing" { }
            """, name: "extra.cq")
        return g
    }

    static let queries: [String] = {
        let questions = Repo.read("examples/questions.cq").split(separator: "\n")
            .filter { !$0.hasPrefix("--") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map(String.init)
        return questions + [
            "claims select id, subject, predicate, object, qty, qty_hi, unit, qualifier, date, source, doc, quote, note, weight order by id",
            "entities select id, name, kind, aliases, country, rank, since, tags, active order by id",
            "documents select id, title, publisher, published, pages order by id",
            "claims where id = \"extra_c\"", "claims where quote contains \"container\" evidence",
            "conflicts", "timeline", "claims distinct", "claims where source = \"E. P.\"",
        ]
    }()

    @Test func savedGraphAnswersTheSame() throws {
        let dir = try SnapshotTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = try SnapshotTests.richGraph()
        let path = dir + "/rich.claimdb"
        try g.save(to: path)
        let back = try ClaimGraph(snapshot: path)
        #expect(back.counts == g.counts)
        #expect(back.declarations() == g.declarations())
        let a = SnapshotTests.answers(g, SnapshotTests.queries), b = SnapshotTests.answers(back, SnapshotTests.queries)
        #expect(a.count > 20)
        for (q, (x, y)) in zip(SnapshotTests.queries, zip(a, b)) { #expect(x == y, "\(q)") }
        // Nothing is left beside the file; saving again over it works.
        try back.save(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["rich.claimdb"])
        // The opened graph takes more data like any other.
        try back.load(source: #"claim more: extra_e said "more" { qty: 5 }"#, name: "more.cq")
        #expect(back.counts.claims == g.counts.claims + 1)
        #expect(SnapshotTests.answers(back, ["count claims where id = \"more\""]) == ["1\n"])
    }

    /// A payload of several 1 MiB blocks (written and hashed block by block as it streams)
    /// opens to the same graph, and its checksum is the one the reader computes.
    @Test func largePayloadsStreamInBlocks() throws {
        var lines: [String] = []
        for i in 0..<20_000 {
            let quote = String(repeating: "figure \(i % 97) ", count: 12)
            lines.append(#"{"id": "c\#(i)", "subject": "e\#(i % 50)", "predicate": "said", "qty": \#(i), "unit": "u\#(i % 7)", "quote": "\#(quote)"}"#)
        }
        let entities = (0..<50).map { #"{"id": "e\#($0)", "name": "Entity \#($0)"}"# }.joined(separator: "\n")
        let g = ClaimGraph()
        try g.load(jsonLines: entities, kind: .entities)
        try g.load(jsonLines: lines.joined(separator: "\n"), kind: .claims)
        let payload = g.snapshot.snapshotPayload()
        #expect(payload.count > 3 * SnapshotFormat.blockSize)
        let path = NSTemporaryDirectory() + "claimql-snap-\(UUID()).claimdb"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try g.save(to: path)
        let file = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(file.dropFirst(SnapshotFormat.headerSize)) == payload)
        let back = try ClaimGraph(snapshot: path)
        let queries = ["count claims", "claims where quote contains \"figure 96\" select id order by id", "claims where id = \"c19999\""]
        #expect(SnapshotTests.answers(back, queries) == SnapshotTests.answers(g, queries))
    }

    @Test func randomGraphsRoundTrip() async {
        await propertyCheck(count: 40, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            let path = NSTemporaryDirectory() + "claimql-snap-\(UUID()).claimdb"
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                try g.save(to: path)
                let back = try ClaimGraph(snapshot: path)
                #expect(back.declarations() == g.declarations())
                let queries = world.conditions.map { "claims where \($0.text) select id, qty, source order by id" }
                    + ["claims order by qty desc, id", "entities order by id", "conflicts"]
                #expect(SnapshotTests.answers(back, queries) == SnapshotTests.answers(g, queries))
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    /// The file format is pinned by a saved snapshot of the seed graph: the same graph
    /// must save to the same bytes, and the saved file must open and answer as the graph
    /// does. A change to the layout or to a saved hash (the id index's fingerprints) fails
    /// here until `SnapshotFormat.version` is bumped and the fixture rewritten
    /// (CLAIMQL_UPDATE_GOLDEN=1), so an old file is refused rather than misread.
    @Test func formatIsPinnedByAFixture() throws {
        let fixture = Repo.path("Tests/ClaimQLTests/Fixtures/snapshots/seed-v\(SnapshotFormat.version).claimdb")
        let dir = try SnapshotTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/seed.claimdb"
        let seed = try seedGraph()
        try seed.save(to: path)
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        if ProcessInfo.processInfo.environment["CLAIMQL_UPDATE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(atPath: (fixture as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try saved.write(to: URL(fileURLWithPath: fixture))
        }
        let pinned = try Data(contentsOf: URL(fileURLWithPath: fixture))
        #expect(saved == pinned, "the snapshot layout changed: bump SnapshotFormat.version and rewrite the fixture")
        let opened = try ClaimGraph(snapshot: fixture)
        let queries = SnapshotTests.queries.filter { !$0.contains("extra") } + ["claims where id = \"shin_containers_6700\""]
        #expect(SnapshotTests.answers(opened, queries) == SnapshotTests.answers(seed, queries))
    }

    /// Claim ids live in one byte buffer (`IdColumn`): sorting claims by id orders them as
    /// their id strings order (byte order for ASCII ids, the strings' own order otherwise),
    /// and an id compares equal to the same string.
    @Test func claimIdsOrderAsStrings() throws {
        let ids = ["b", "a10", "a9", "A", "é1", "e2", "Z", "a", "Ω", "zz", "z"]
        let g = ClaimGraph()
        try g.load(source: "entity x: person \"X\"\n" + ids.map { "claim `\($0)`: x said \"s\" { }" }.joined(separator: "\n"))
        let engine = Engine(graph: g)
        let sorted = try engine.prepare("claims order by id select id").run()
        #expect((0..<sorted.count).map { sorted.value(row: $0, column: 0) } == ids.sorted().map { Value.string($0) })
        let descending = try engine.prepare("claims order by id desc select id").run()
        #expect((0..<descending.count).map { descending.value(row: $0, column: 0) } == ids.sorted(by: >).map { Value.string($0) })
        #expect(try engine.prepare(#"count claims where id = "é1""#).run().value(row: 0, column: 0) == .number(1))
    }

    /// The column type behind claims, postings and id slots: value semantics (a copy never
    /// sees the original's later writes, nor the other way round), growth, element writes.
    @Test func scalarColumnsAreValues() {
        var a = ScalarColumn<Int32>()
        for i in 0..<1000 { a.append(Int32(i)) }
        var b = a
        b[3] = -3
        b.append(contentsOf: [7, 8])
        #expect(a.count == 1000 && a[3] == 3 && Array(a) == Array(0..<1000))
        #expect(b.count == 1002 && b[3] == -3 && b[1001] == 8)
        a.withUnsafeMutableBufferPointer { $0[0] = 42 }
        #expect(a[0] == 42 && b[0] == 0)
        let c = ScalarColumn<Double>(repeating: 1.5, count: 3)
        #expect(c == [1.5, 1.5, 1.5] && c != [1.5, 1.5])
        var d = c
        d.removeAll()
        #expect(d.isEmpty && c.count == 3)
    }

    /// An opened snapshot's columns are views of the mapped file: adding to the graph must
    /// copy them first (copy-on-write), leave the file as it was, and answer exactly as a
    /// graph built from the same sources. Both the declaration path and the JSON Lines fast
    /// path (which appends id bytes) add claims here; a repeated id is still refused.
    @Test func addingToAnOpenedGraphCopiesItsColumns() throws {
        let dir = try SnapshotTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rich.claimdb"
        try SnapshotTests.richGraph().save(to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let more = """
            claim more_a: north_korea said "shells" { qty: 5M, unit: "shells", qualifier: at_least, source: shin_won_sik, date: 2024-09-01 }
            claim more_b: extra_e estimated "rounds" { qty: 3M, unit: "rounds", doc: extra_d }
            """
        let lines = """
            {"id": "more_j1", "subject": "north_korea", "predicate": "said", "qty": 7000, "unit": "containers", "source": "shin_won_sik", "quote": "some \\"7,000\\" boxes"}
            {"id": "more_j2", "subject": "extra_e", "predicate": "estimated", "qty": 12, "unit": "rounds"}
            """
        func grow(_ g: ClaimGraph) throws {
            try g.load(source: more, name: "more.cq")
            try g.load(jsonLines: lines, kind: .claims, name: "more.jsonl")
            #expect(throws: ClaimQLError.self) { try g.load(source: #"claim more_a: north_korea said "again" { }"#, name: "dup.cq") }
        }
        let opened = try ClaimGraph(snapshot: path)
        let copy = opened.snapshot   // an older reader's copy: must not see the additions
        try grow(opened)
        let built = try SnapshotTests.richGraph()
        try grow(built)
        let queries = SnapshotTests.queries + ["claims where id = \"more_j1\"", "count claims", "claims where source = \"Shin\" order by qty desc"]
        #expect(SnapshotTests.answers(opened, queries) == SnapshotTests.answers(built, queries))
        #expect(opened.counts.claims == ClaimGraph(snapshot: copy).counts.claims + 4)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // The older copy still answers from the mapped file, unchanged.
        let reopened = try ClaimGraph(snapshot: path)
        #expect(SnapshotTests.answers(ClaimGraph(snapshot: copy), SnapshotTests.queries) == SnapshotTests.answers(reopened, SnapshotTests.queries))
    }

    @Test func openReplacesAndLoadRefusesToMerge() throws {
        let dir = try SnapshotTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/seed.claimdb"
        try seedGraph().save(to: path)
        let g = ClaimGraph()
        try g.load(source: #"entity only: person "Only One""#)
        // load(path:) merges data; a snapshot is a whole graph, so it is refused here...
        #expect { try g.load(path: path) } throws: { ($0 as? ClaimQLError)?.rendered().contains("opens into an empty graph only") == true }
        #expect(g.counts.entities == 1)
        // ...and `open` replaces the graph with it.
        try g.open(snapshot: path)
        #expect(g.counts == (try seedGraph().counts))
        // A script's `load` of a snapshot points at the statement.
        let session = Engine(graph: ClaimGraph()).makeSession()
        do {
            try session.run("count claims\nload \"\(path)\"\n", name: "s.cq") { _ in }
            Issue.record("a script loaded a snapshot")
        } catch {
            #expect(error.diagnostics.first?.location?.line == 2)
            #expect(error.rendered().contains("open it with --data or .open"))
        }
    }

    /// Damage anywhere is found: the checksum catches changed bytes, the header checks a
    /// short file or another version, and a file that is not a snapshot says so.
    @Test func damagedFilesAreErrors() throws {
        let dir = try SnapshotTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/seed.claimdb", bad = dir + "/bad.claimdb"
        try seedGraph().save(to: path)
        let good = try #require(FileManager.default.contents(atPath: path))
        func opens(_ bytes: Data) -> String? {
            try? bytes.write(to: URL(fileURLWithPath: bad))
            do { _ = try ClaimGraph(snapshot: bad); return nil } catch {
                #expect(error.kind == .data, "\(error)")
                return error.rendered()
            }
        }
        // One flipped bit at positions spread over the whole file (every section).
        var rng = SplitMix(seed: 11)
        for _ in 0..<200 {
            var damaged = good
            let i = Int(rng.next() % UInt64(good.count))
            damaged[i] ^= UInt8(1 << (rng.next() % 8))
            let message = opens(damaged)
            #expect(message != nil, "byte \(i) changed and the file still opened")
        }
        // Cut short anywhere.
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 97)) {
            #expect(opens(good.prefix(cut)) != nil, "cut at \(cut)")
        }
        // Another version.
        var other = good
        other[8] = 99
        #expect(opens(other)?.contains("another version of ClaimQL (snapshot format 99") == true)
        // Not a snapshot at all.
        #expect(opens(Data(String(repeating: "entity x: person \"X\"\n", count: 10).utf8))?.contains("is not a ClaimQL snapshot") == true)
        let missing = try? ClaimGraph(snapshot: dir + "/none.claimdb")
        #expect(missing == nil)
        do { _ = try ClaimGraph(snapshot: dir + "/none.claimdb") } catch { #expect(error.kind == .missingFile) }
    }

    /// The structural checks behind the checksum: payloads with a valid checksum but
    /// inconsistent contents (what a bug in a writer would produce) are refused too.
    @Test func inconsistentPayloadsAreRefused() throws {
        let g = try seedGraph().snapshot
        let payload = g.snapshotPayload()
        var refused = 0
        var rng = SplitMix(seed: 5)
        for _ in 0..<300 {
            var p = payload
            // Overwrite one 8-byte word with a plausible wrong value (a count, a row, -1).
            let word = Int(rng.next() % UInt64(p.count / 8))
            let value: Int64 = [0, 1, -1, 7, 1 << 20, Int64(p.count)][Int(rng.next() % 6)]
            withUnsafeBytes(of: value.littleEndian) { bytes in
                for k in 0..<8 { p[word * 8 + k] = bytes[k] }
            }
            let result: FactGraph? = p.withUnsafeBytes { try? FactGraph(snapshotPayload: $0) }
            if let opened = result {
                // What opens must be a graph every query can run on.
                let graph = ClaimGraph(snapshot: opened)
                _ = SnapshotTests.answers(graph, ["claims order by id", "entities", "documents", "conflicts", "claims evidence"])
                _ = graph.declarations()
            } else {
                refused += 1
            }
        }
        #expect(refused > 100)
    }

    @Test func commandLineSavesAndOpens() throws {
        let dir = try SnapshotTests.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/seed.claimdb"
        let save = try runClaimQL(["--data", "examples/seed.cq", "--save", path])
        #expect(save.status == 0, "\(save.stderr)")
        let query = #"claims where source = "Shin" and qty > 1M select id, qty"#
        let a = try runClaimQL(["--data", "examples/seed.cq", "-e", query, "--format", "csv"])
        let b = try runClaimQL(["--data", path, "-e", query, "--format", "csv"])
        #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
        let merged = try runClaimQL(["--data", "examples/seed.cq", "--data", path, "-e", "count claims"])
        #expect(merged.status == 65)
        #expect(merged.stderr.contains("opens into an empty graph only"))
        let missing = try runClaimQL(["--data", dir + "/none.claimdb", "-e", "count claims"])
        #expect(missing.status == 66)
        let unwritable = try runClaimQL(["--data", "examples/seed.cq", "--save", "/proc/nope/x.claimdb"])
        #expect(unwritable.status == 70)
        #expect(unwritable.stderr.contains("cannot write /proc/nope/x.claimdb"))
    }
}
