import Foundation
import Testing
@testable import ClaimQL

/// The catalogue of bad input (SECURITY.md counts its cases). Each case is a file of raw
/// bytes loaded onto a graph that already holds data, through the same path the command
/// line and the REPL use. Bad files must give an error at the right line and column and
/// leave the graph exactly as it was; files that are merely unusual (a BOM, CRLF, tabs,
/// blank or empty) must load.
struct BadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let file: String
        let bytes: [UInt8]
        /// nil: must load. Otherwise the line, column and a part of the message.
        let error: (line: Int, column: Int, message: String)?
        var description: String { name }
    }

    static func b(_ s: String) -> [UInt8] { Array(s.utf8) }
    static let entity = b("{\"id\":\"zz\",\"kind\":\"country\",\"name\":\"Z\"}\n")

    static let cases: [Case] = [
        // ClaimQL declarations and scripts (.cq)
        Case(name: "invalid UTF-8 in a string", file: "x.cq", bytes: b("entity zz: country \"A") + [0xFF] + b("B\"\n"),
             error: (1, 22, "invalid UTF-8 byte 0xFF in string")),
        Case(name: "invalid UTF-8 outside a string", file: "x.cq", bytes: b("entity zz: country \"A\" ") + [0xFE] + b("\n"),
             error: (1, 24, "invalid UTF-8 byte 0xFE")),
        Case(name: "NUL in a string", file: "x.cq", bytes: b("entity zz: country \"A") + [0] + b("\"\n"),
             error: (1, 22, "NUL byte in string")),
        Case(name: "NUL outside a string", file: "x.cq", bytes: b("entity zz: country \"A\"") + [0] + b("\n"),
             error: (1, 23, "NUL byte in source")),
        Case(name: "BOM", file: "x.cq", bytes: [0xEF, 0xBB, 0xBF] + b("entity zz: country \"Z\"\n"), error: nil),
        Case(name: "CRLF line ends", file: "x.cq", bytes: b("entity zz: country \"Z\" {\r\n  aliases: [\"Zed\"]\r\n}\r\n"), error: nil),
        Case(name: "CRLF, error on the second line", file: "x.cq", bytes: b("entity zz: country \"Z\"\r\nentity zy: country 5\r\n"),
             error: (2, 20, "name in double quotes")),
        Case(name: "tabs", file: "x.cq", bytes: b("entity\tzz:\tcountry\t\"Z\"\n"), error: nil),
        Case(name: "tabs before an error", file: "x.cq", bytes: b("\tentity\tzz:\tcountry\t\"Z\" { qty: }\n"),
             error: (1, 32, "expected a value")),
        Case(name: "very long line", file: "x.cq",
             bytes: b("entity zz: country \"" + String(repeating: "x", count: 300_000) + "\" { aliases: [1 }\n"),
             error: (1, 300_037, "expected `,` or `]`")),
        Case(name: "string longer than the limit", file: "x.cq",
             bytes: b("entity zz: country \"" + String(repeating: "x", count: Lexer.maxTokenLength + 10) + "\"\n"),
             error: (1, 20, "string is longer than")),
        Case(name: "unterminated string", file: "x.cq", bytes: b("entity zz: country \"Z\n"),
             error: (1, 20, "unterminated string")),
        Case(name: "unterminated bracket", file: "x.cq", bytes: b("entity zz: country \"Z\" { aliases: [\"a\", \"b\"\n"),
             error: (2, 1, "expected")),
        Case(name: "unterminated brace", file: "x.cq", bytes: b("entity zz: country \"Z\" {\n  aliases: [\"a\"]\n"),
             error: (3, 1, "expected a field name or `}`")),
        Case(name: "unknown escape", file: "x.cq", bytes: b("entity zz: country \"A\\qB\"\n"),
             error: (1, 22, "unknown escape `\\q`")),
        Case(name: "empty file", file: "x.cq", bytes: [], error: nil),
        Case(name: "blank lines and comments only", file: "x.cq", bytes: b("\n\n-- nothing\n\n"), error: nil),
        Case(name: "duplicate id in the file", file: "x.cq", bytes: b("entity zz: country \"Z\"\nentity zz: country \"Y\"\n"),
             error: (2, 8, "duplicate entity id \"zz\"")),
        Case(name: "id already in the graph", file: "x.cq", bytes: b("entity north_korea: country \"N\"\n"),
             error: (1, 8, "duplicate entity id \"north_korea\"")),
        Case(name: "dangling reference", file: "x.cq", bytes: b("claim zc: north_korea said \"x\" { source: nobody }\n"),
             error: (1, 42, "unknown entity \"nobody\" in `source`")),
        Case(name: "number out of range", file: "x.cq", bytes: b("claim zc: north_korea said \"x\" { qty: 1e400 }\n"),
             error: (1, 39, "out of range")),
        Case(name: "nesting too deep", file: "x.cq",
             bytes: b("claims where " + String(repeating: "(", count: 200) + "qty" + String(repeating: ")", count: 200) + "\n"),
             error: (1, 78, "nests more than 64 levels")),
        // JSON Lines
        Case(name: "JSONL: invalid UTF-8", file: "entities.jsonl", bytes: entity + b("{\"id\":\"zy\",\"kind\":\"k\",\"name\":\"B") + [0xFF] + b("\"}\n"),
             error: (2, 32, "not valid UTF-8")),
        Case(name: "JSONL: NUL byte", file: "entities.jsonl", bytes: entity + b("{\"id\":\"zy\",\"kind\":\"k\",\"name\":\"B") + [0] + b("\"}\n"),
             error: (2, 32, "control character")),
        Case(name: "JSONL: BOM", file: "entities.jsonl", bytes: [0xEF, 0xBB, 0xBF] + entity, error: nil),
        Case(name: "JSONL: CRLF", file: "entities.jsonl", bytes: b("{\"id\":\"zz\",\"kind\":\"k\",\"name\":\"Z\"}\r\n{\"id\":\"zy\",\"kind\":\"k\",\"name\":\"Y\"}\r\n"), error: nil),
        Case(name: "JSONL: truncated last line", file: "entities.jsonl", bytes: entity + b("{\"id\":\"zy\",\"kind\":\"cou"),
             error: (2, 19, "unterminated string")),
        Case(name: "JSONL: truncated object", file: "entities.jsonl", bytes: entity + b("{\"id\":\"zy\",\"kind\":\"k\""),
             error: (2, 22, "unterminated object")),
        Case(name: "JSONL: duplicate id", file: "entities.jsonl", bytes: entity + entity, error: (2, 7, "duplicate entity id \"zz\"")),
        Case(name: "JSONL: dangling reference", file: "claims.jsonl", bytes: b("{\"id\":\"zc\",\"subject\":\"nobody\",\"predicate\":\"p\"}\n"),
             error: (1, 22, "unknown entity \"nobody\"")),
        Case(name: "JSONL: qty of the wrong type", file: "claims.jsonl",
             bytes: b("{\"id\":\"zc\",\"subject\":\"north_korea\",\"predicate\":\"p\",\"qty\":\"many\"}\n"),
             error: (1, 58, "`qty` must be a number or null")),
        Case(name: "JSONL: date of the wrong type", file: "claims.jsonl",
             bytes: b("{\"id\":\"zc\",\"subject\":\"north_korea\",\"predicate\":\"p\",\"date\":20240101}\n"),
             error: (1, 59, "`date` must be a string")),
        Case(name: "JSONL: id of the wrong type", file: "entities.jsonl", bytes: b("{\"id\":3,\"kind\":\"k\",\"name\":\"A\"}\n"),
             error: (1, 7, "`id` must be a string")),
        Case(name: "JSONL: a line that is not an object", file: "entities.jsonl", bytes: b("[1, 2]\n"),
             error: (1, 1, "expected a JSON object")),
        Case(name: "JSONL: number out of range", file: "entities.jsonl", bytes: b("{\"id\":\"zz\",\"kind\":\"k\",\"name\":\"A\",\"x\":1e400}\n"),
             error: (1, 38, "number out of range")),
        Case(name: "JSONL: nesting too deep", file: "entities.jsonl",
             bytes: b("{\"id\":\"zz\",\"kind\":\"k\",\"name\":\"A\",\"x\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}\n"),
             error: (1, 101, "nests more than 64 levels")),
        Case(name: "JSONL: very long line", file: "entities.jsonl",
             bytes: b("{\"id\":\"zz\",\"kind\":\"k\",\"name\":\"" + String(repeating: "x", count: 300_000) + "\",\"q\":}\n"),
             error: (1, 300_037, "expected a JSON value")),
        Case(name: "JSONL: empty file", file: "entities.jsonl", bytes: [], error: nil),
        Case(name: "JSONL: blank lines", file: "entities.jsonl", bytes: b("\n\n") + entity + b("\n"), error: nil),
    ]

    /// What a graph holds, byte for byte (its JSONL export).
    static func fingerprint(_ g: ClaimGraph) throws -> [Data] {
        let dir = NSTemporaryDirectory() + "claimql-fp-\(UUID())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try g.exportJSONL(to: dir)
        return try ["entities", "documents", "claims"].map { try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\($0).jsonl")) }
    }

    @Test(arguments: cases) func catalogue(_ c: Case) throws {
        let graph = try seedGraph()
        let before = try BadInputTests.fingerprint(graph)
        let dir = NSTemporaryDirectory() + "claimql-bad-\(UUID())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + c.file
        try Data(c.bytes).write(to: URL(fileURLWithPath: path))
        do {
            try graph.load(path: path)
            #expect(c.error == nil, "loaded, but should fail with \(c.error!.message)")
        } catch {
            guard let want = c.error else {
                Issue.record("should load: \(error.rendered())")
                return
            }
            let first = error.diagnostics[0]
            #expect(first.fileName == path)
            #expect(first.location?.line == want.line && first.location?.column == want.column,
                    "at \(String(describing: first.location)): \(first.message)")
            #expect(first.message.contains(want.message), "\(first.message)")
            #expect(error.exitCode == 65)
            // A failed load changes nothing.
            #expect(try BadInputTests.fingerprint(graph) == before)
            // The rendered error stays readable however long the line.
            #expect(error.rendered().count < 2_000)
        }
    }

    @Test func aMissingFileIsExitCode66AndChangesNothing() throws {
        let graph = try seedGraph()
        let before = try BadInputTests.fingerprint(graph)
        #expect(throws: ClaimQLError.self) { try graph.load(path: "/nonexistent/claims.jsonl") }
        do { try graph.load(path: "/nonexistent/claims.jsonl") } catch { #expect(error.exitCode == 66) }
        #expect(try BadInputTests.fingerprint(graph) == before)
    }

    /// A failed statement leaves the session usable: its bindings, its graph.
    @Test func aFailedStatementKeepsTheSession() throws {
        let graph = try seedGraph()
        let session = Engine(graph: graph).makeSession()
        try session.run("let big = claims where qty > 1M") { _ in }
        for bad in ["claims where qty >", "big where nosuch = 1", "claims where source = \"Shin", "entity x: country 5",
                    "claims where quote matches \"(\"", "\u{0}", "claim c: nobody said \"x\""] {
            #expect(throws: ClaimQLError.self, "\(bad)") { try session.run(bad) { _ in } }
        }
        var n = 0
        try session.run("count big") { n = Int("\($0[0][0])") ?? -1 }
        #expect(n == 4)
        #expect(graph.counts.claims == 40)
    }
}
