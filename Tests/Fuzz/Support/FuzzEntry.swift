import ClaimQL
import Foundation

/// What each fuzz target does with one input, shared by the libFuzzer executables
/// (Tests/Fuzz/*) and by the regression tests, which replay every saved input through
/// the same functions. Each entry runs the input through the public API and traps on a
/// broken promise: an error without a location inside the input, or a failed load or
/// statement that changed the graph. Crashes and hangs are what libFuzzer itself catches.
public enum FuzzEntry {
    /// Inputs are written to a file so the loaders see raw bytes (invalid UTF-8, NULs).
    /// The file keeps its name (in a folder of its own): the loader tells JSON Lines files
    /// apart by their names.
    private static func scratch(_ name: String, _ data: [UInt8]) -> String {
        let folder = NSTemporaryDirectory() + "claimql-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        return path
    }

    /// Every error must point somewhere: one with no file and position counts as a failure,
    /// and one in the input must fall inside it.
    private static func checkLocated(_ error: ClaimQLError, _ file: String, lines: Int) {
        for d in error.diagnostics where d.severity == .error {
            guard d.fileName != nil, d.location != nil else {
                fatalError("diagnostic with no location: \(d.rendered())")
            }
            guard d.fileName == file else { continue }
            guard let (line, column) = d.location, line >= 1, line <= lines + 1, column >= 1 else {
                fatalError("diagnostic without a location in the input: \(d.rendered())")
            }
        }
    }

    private static func lineCount(_ data: [UInt8]) -> Int { data.reduce(1) { $0 + ($1 == 10 ? 1 : 0) } }

    /// The lexer and parser (and the compiler's name and type checks), plus the REPL's
    /// helpers that parse partial input.
    public static func parse(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        _ = Session.isIncomplete(text)
        let engine = Engine(graph: ClaimGraph(), limits: Limits(allowFileAccess: false))
        do { _ = try engine.prepare(text, name: "<fuzz>") } catch {
            checkLocated(error, "<fuzz>", lines: lineCount(Array(text.utf8)))
        }
        // The formatter (`claimql fmt`): what parses formats to text that parses and that a
        // second formatting leaves alone.
        if let formatted = try? Formatter.format(text) {
            do {
                let again = try Formatter.format(formatted)
                precondition(again == formatted, "formatting twice changed the text:\n\(formatted)\n---\n\(again)")
            } catch {
                fatalError("formatted text does not parse: \(error)\n\(formatted)")
            }
        }
        // The editor's analysis (`claimql lsp`): every question at a few places.
        let analysis = ScriptAnalyzer(allowFileAccess: false).analyze(text, name: "<fuzz>", baseDirectory: nil)
        for d in analysis.diagnostics where d.fileName == "<fuzz>" {
            precondition(d.range.start >= 0 && d.range.end <= text.utf8.count, "diagnostic outside the text")
        }
        _ = analysis.symbols
        for offset in Set([0, 1, text.utf8.count / 3, text.utf8.count / 2, text.utf8.count]) {
            _ = analysis.hover(at: offset)
            _ = analysis.definition(at: offset)
            _ = analysis.references(at: offset)
            let c = analysis.completions(at: offset)
            precondition(c.start >= 0 && c.start <= offset, "completion starts after the cursor")
        }
        let session = engine.makeSession()
        for offset in Set([0, text.utf8.count / 2, text.utf8.count]) {
            _ = session.completions(in: text, at: offset)
        }
    }

    /// A small graph with a few of every kind of thing, built fresh for each input.
    static let graphSource = """
        entity nk: country "North Korea" { aliases: ["DPRK", "Pyongyang"] }
        entity ru: country "Russia"
        entity sk: country "South Korea" { aliases: ["ROK"] }
        entity shin: person "Shin Won-sik" { aliases: ["Shin Wonsik", "Shin"], country: sk }
        entity wh: organisation "White House"
        entity pub: organisation "Publisher" { type: "publisher" }
        document d1: "First" { publisher: pub, published: 2024-02-27 }
        document d2: "Copy" { publisher: pub, published: 2024-02-28 }
        claim c1: nk shipped "containers" { qty: 6.7k, unit: "containers", qualifier: approx, date: 2024-02-27, source: shin, doc: d1, quote: "roughly 6,700" }
        claim c2: nk shipped "containers" { qty: 10k, unit: "containers", qualifier: up_to, date: 2024-06-25, source: shin, doc: d1 }
        claim c3: nk shipped "containers" { qty: 1k, unit: "containers", qualifier: more_than, date: 2023-10-13, source: wh, doc: d2 }
        claim c4: nk delivered "shells" { qty: 3M, unit: "shells", qualifier: at_least, source: wh, doc: d2 }
        claim c5: nk shipped "rounds" { qty: 1M..2M, unit: "rounds", qualifier: range, date: 2024-01-01 }
        claim c6: nk shipped "containers" { qty: 6.7k, unit: "containers", qualifier: approx, date: 2024-02-27, source: shin, doc: d2 }
        claim c7: ru said "nothing" { note: "no figure" }
        """

    public static func freshGraph() -> ClaimGraph {
        let g = ClaimGraph()
        do { try g.load(source: graphSource, name: "<fuzz-graph>") } catch { fatalError("fuzz graph: \(error)") }
        return g
    }

    /// The whole engine: the input runs as a script against the small graph with the
    /// limits an untrusted query gets.
    public static func query(_ data: [UInt8]) {
        let graph = freshGraph()
        let before = graph.counts
        let limits = Limits(maxRows: 2_000, timeout: .milliseconds(250), allowFileAccess: false)
        let session = Engine(graph: graph, limits: limits).makeSession()
        let path = scratch("query.cq", data)
        do { try session.run(file: path) { _ in } } catch {
            checkLocated(error, path, lines: lineCount(data))
            // A syntax error runs nothing; bad data statements are rejected as one batch.
            // (A query's name or type error comes after the script's data went in, as
            // in sqlite3's shell: the data statements themselves succeeded.)
            if error.kind == .syntax || error.kind == .data {
                precondition(graph.counts == before, "a failed script changed the graph")
            }
        }
    }

    /// The declaration loader (a .cq file), onto the small graph.
    public static func declarations(_ data: [UInt8]) {
        load(data, name: "input.cq")
    }

    /// The JSON Lines loader; the first byte picks the file kind.
    public static func jsonLines(_ data: [UInt8]) {
        let kinds = ["claims.jsonl", "entities.jsonl", "documents.jsonl"]
        let kind = data.first.map { Int($0) % kinds.count } ?? 0
        load(Array(data.dropFirst()), name: kinds[kind])
    }

    /// The extractor, on raw bytes read as an article. Its drafts are promised to be good
    /// data: every quote is the text at its span, the drafts add to the graph without an
    /// error, and the declarations printed for review load into the same graph the same way.
    public static func extract(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let graph = freshGraph()
        let before = graph.counts
        let draft = graph.extract(text: text, documentID: "fuzz", publisher: "Publisher")
        for c in draft.claims {
            precondition(c.span.lowerBound >= 0 && c.span.upperBound <= scalars.count && !c.span.isEmpty,
                         "span \(c.span) outside the text")
            if let quote = c.record.quote {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars[c.span])
                precondition(String(s) == quote, "quote \(quote.debugDescription) is not the text at its span")
            }
        }
        do { try graph.add([draft]) } catch { fatalError("the drafts did not load: \(error)") }
        let added = graph.counts
        precondition(added.claims == before.claims + draft.claims.count, "drafted claims went missing")
        let reviewed = freshGraph()
        do { try reviewed.load(source: draft.declarations(source: "fuzz.txt"), name: "fuzz.cq") } catch {
            fatalError("the declarations for review did not load: \(error)\n\(draft.declarations(source: "fuzz.txt"))")
        }
        precondition(reviewed.counts == added, "the declarations load differently from the drafts")
    }

    /// The snapshot reader, past its checksum: the input is a payload given a valid
    /// header, so the fuzzer reaches the structural checks (a damaged file the checksum
    /// catches never gets that far). What opens must be a graph queries can run on.
    public static func snapshot(_ data: [UInt8]) {
        var payload = data
        while payload.count % 8 != 0 { payload.append(0) }
        let checksum = payload.withUnsafeBytes { ClaimGraph.snapshotChecksum($0) }
        var file = Array("CLAIMQL\0".utf8)
        withUnsafeBytes(of: ClaimGraph.snapshotFormatVersion.littleEndian) { file += $0 }
        withUnsafeBytes(of: UInt32(0x0102_0304).littleEndian) { file += $0 }
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { file += $0 }
        withUnsafeBytes(of: checksum.littleEndian) { file += $0 }
        let path = scratch("input.claimdb", file + payload)
        let graph: ClaimGraph
        do { graph = try ClaimGraph(snapshot: path) } catch {
            precondition(error.kind == .data, "a bad snapshot must be a data error: \(error)")
            return
        }
        let engine = Engine(graph: graph, limits: Limits(maxRows: 2_000, timeout: .milliseconds(250), allowFileAccess: false))
        for q in ["claims order by id", "entities", "documents", "claims evidence", "conflicts", "claims distinct",
                  "claims where source = \"Shin\" and qty > 1k", "claims group by source select source, count()"] {
            _ = try? engine.prepare(q).run()
        }
        // Its declarations can be written; they load back unless the payload repeated a
        // claim id, which the reader does not re-check (the checksum keeps a real file's
        // ids as written: see SnapshotTables).
        let saved = graph.declarations()
        do { try ClaimGraph().load(source: saved, name: "saved.cq") } catch {
            precondition(error.rendered().contains("duplicate claim id"),
                         "an opened snapshot's declarations did not load: \(error)\n\(saved)")
        }
    }

    private static func load(_ data: [UInt8], name: String) {
        let graph = freshGraph()
        let before = graph.counts
        let path = scratch(name, data)
        do { try graph.load(path: path) } catch {
            checkLocated(error, path, lines: lineCount(data))
            precondition(graph.counts == before, "a failed load changed the graph")
            return
        }
        // What loaded can be saved as declarations (the REPL's `.save --all`) and loads back
        // to the same graph.
        let saved = graph.declarations()
        let again = ClaimGraph()
        do { try again.load(source: saved, name: "saved.cq") } catch {
            fatalError("saved declarations did not load: \(error)\n\(saved)")
        }
        precondition(again.counts == graph.counts && again.declarations() == saved, "saved declarations load differently")
    }
}
