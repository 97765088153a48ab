import ClaimQL
import ClaimQLService
import Foundation
import Testing

/// The API `claimql serve` and `claimql mcp` answer, called without a socket: the shapes,
/// the error positions, the limits, the write rules. (Tests/Web drives the same API over
/// HTTP with real clients: a browser, schemathesis, the MCP client, wrk.)
struct ServiceTests {
    static func service(writes: Bool = false, maxRows: Int = 10_000) throws -> ClaimQLService {
        let g = ClaimGraph()
        try g.load(path: Repo.path("examples/seed.cq"))
        return ClaimQLService(graph: g, options: .init(maxRows: maxRows, allowWrites: writes, token: writes ? "secret-token" : nil))
    }

    static func json(_ r: ClaimQLService.Reply) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])
    }

    static func encoded(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    @Test func queryEnvelopeHasRowsAsTheCLIWritesThemAndEachRowsClaims() throws {
        let s = try ServiceTests.service()
        let r = try #require(s.get(path: "/api/query", query: "q=" + ServiceTests.encoded("claims where unit = \"containers\"")))
        #expect(r.status == 200 && r.contentType.hasPrefix("application/json"))
        let body = try ServiceTests.json(r)
        #expect(body["count"] as? Int == 6)
        let rows = try #require(body["rows"] as? [[String: Any]])
        let claims = try #require(body["row_claims"] as? [[String]])
        #expect(rows.map { $0["id"] as? String } == claims.map(\.first))
        // The rows are exactly what `claimql --format json` prints.
        let cli = try runClaimQL(["--data", "examples/seed.cq", "--format", "json", "-e", "claims where unit = \"containers\""])
        let cliRows = try #require(JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [[String: Any]])
        #expect(NSArray(array: rows).isEqual(to: cliRows))
        // A conflict row holds two claims.
        let pairs = try ServiceTests.json(s.query("conflicts where unit = \"containers\""))
        #expect((pairs["row_claims"] as? [[String]])?.allSatisfy { $0.count == 2 } == true)
    }

    @Test func formatsAreTheCLIsOutput() throws {
        let s = try ServiceTests.service()
        for (format, type) in [("csv", "text/csv"), ("jsonl", "application/x-ndjson"), ("svg", "image/svg+xml"), ("table", "text/plain")] {
            let r = s.query("claims where source = \"Shin\"", format: format)
            let cli = try runClaimQL(["--data", "examples/seed.cq", "--format", format, "-e", "claims where source = \"Shin\""])
            #expect(r.status == 200 && r.contentType.hasPrefix(type) && r.body == cli.stdout, "\(format)")
        }
        #expect(s.query("claims", format: "xml").status == 400)
        #expect(s.query("claims", format: "svg", scale: "log").body.contains("log scale"))
        #expect(s.query("claims", format: "svg", scale: "cubic").status == 400)
    }

    @Test func errorsPointIntoTheQueryInUTF16() throws {
        let s = try ServiceTests.service()
        // "é" is two UTF-8 bytes and one UTF-16 unit: the offsets are JavaScript's.
        let text = "claims where quote contains \"é\" and nosuch > 1"
        let r = s.query(text)
        #expect(r.status == 400)
        let error = try #require(try ServiceTests.json(r)["error"] as? [String: Any])
        #expect(error["kind"] as? String == "semantic")
        let d = try #require((error["diagnostics"] as? [[String: Any]])?.first)
        let start = try #require(d["start"] as? Int), end = try #require(d["end"] as? Int)
        let units = Array(text.utf16)
        #expect(String(decoding: units[start..<end], as: UTF16.self) == "nosuch")
        #expect((d["rendered"] as? String)?.contains("^") == true)
        #expect(d["line"] as? Int == 1)
    }

    @Test func limitsHoldForEveryRequest() throws {
        let s = try ServiceTests.service(maxRows: 3)
        let r = s.query("claims")
        #expect(r.status == 422)
        #expect((try ServiceTests.json(r)["error"] as? [String: Any])?["kind"] as? String == "limit")
        #expect(s.query("claims limit 3").status == 200)
    }

    @Test func parametersBindFromTheQueryStringAndTheBody() throws {
        let s = try ServiceTests.service()
        let get = try #require(s.get(path: "/api/query", query: "q=" + ServiceTests.encoded("count claims where qty > $n") + "&p.n=1000000"))
        let post = try #require(s.post(path: "/api/query", query: nil,
                                       body: Array(#"{"query": "count claims where qty > $n", "params": {"n": 1000000}}"#.utf8),
                                       authorization: nil))
        #expect(get.body.contains("\"count\":4") && post.body.contains("\"count\":4"))
        #expect(s.post(path: "/api/query", query: nil, body: Array("{".utf8), authorization: nil)?.status == 400)
        #expect(s.post(path: "/api/query", query: nil, body: Array(#"{"query": "claims", "params": {"n": [1]}}"#.utf8), authorization: nil)?.status == 400)
    }

    @Test func completionOffsetsAreUTF16() throws {
        let s = try ServiceTests.service()
        let text = "claims where quote contains \"é\" and sou"
        let r = try ServiceTests.json(s.complete(text, cursor: text.utf16.count))
        #expect(r["candidates"] as? [String] == ["source"])
        #expect(r["start"] as? Int == text.utf16.count - 3)
        let names = try ServiceTests.json(s.complete("claims where source = \"Shin W", cursor: 29))
        #expect(names["in_string"] as? Bool == true)
        #expect((names["candidates"] as? [String])?.contains("Shin Won-sik") == true)
        #expect(try ServiceTests.json(s.complete("claims where sou", cursor: 99))["candidates"] as? [String] == ["source"])
        #expect(s.complete("claims", cursor: -1).status == 400)
        // Any offset a client sends, even between a surrogate pair's halves: an answer.
        let emoji = "claims where quote contains \"\u{1F600}\u{1F600}\" and sou"
        for cursor in 0...emoji.utf16.count + 2 { #expect(s.complete(emoji, cursor: cursor).status == 200) }
        #expect(s.get(path: "/api/complete", query: "text=x&cursor=abc")?.status == 400)
    }

    @Test func evidenceSchemaExplainAndRoutes() throws {
        let s = try ServiceTests.service()
        let e = try ServiceTests.json(s.evidence(claim: "shin_containers_6700"))
        #expect((e["evidence"] as? [[String: Any]])?.first?["quote"] as? String == "roughly 6,700 containers")
        #expect(s.evidence(claim: "no_such_claim").status == 404)
        let schema = try ServiceTests.json(s.schema())
        #expect((schema["counts"] as? [String: Int])?["claims"] == 40)
        #expect(schema["writable"] as? Bool == false)
        #expect(try ServiceTests.json(s.explain("claims where qty > 1M"))["plan"] as? String != nil)
        #expect(s.get(path: "/api/explain", query: "q=claims&analyze=maybe")?.status == 400)
        #expect(s.get(path: "/nowhere", query: nil) == nil)
    }

    @Test func theOpenAPIDocumentDescribesEveryRoute() throws {
        let doc = try #require(JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        let s = try ServiceTests.service()
        for (path, operations) in paths {
            if operations["get"] != nil { #expect(s.get(path: path, query: nil) != nil, "GET \(path)") }
            if operations["post"] != nil { #expect(s.post(path: path, query: nil, body: [], authorization: nil) != nil, "POST \(path)") }
        }
        #expect(Set(paths.keys) == ["/api/query", "/api/explain", "/api/complete", "/api/schema", "/api/evidence",
                                    "/api/extract", "/api/load", "/healthz"])
    }

    @Test func writesNeedTheFlagAndTheTokenAndAreAtomic() throws {
        let readOnly = try ServiceTests.service()
        #expect(readOnly.load("entity x: person \"X\"", kind: nil, authorization: "Bearer secret-token").status == 403)
        let s = try ServiceTests.service(writes: true)
        #expect(s.load("entity x: person \"X\"", kind: nil, authorization: nil).status == 401)
        #expect(s.load("entity x: person \"X\"", kind: nil, authorization: nil).headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        #expect(s.load("entity x: person \"X\"", kind: nil, authorization: "Bearer wrong").status == 401)
        let before = s.graph.counts
        // The second line is bad: nothing of the batch goes in.
        let bad = s.load("entity x: person \"X\"\nclaim c: nosuch shipped \"y\" { qty: 1 }", kind: nil, authorization: "Bearer secret-token")
        #expect(bad.status == 400 && s.graph.counts == before)
        // `load` would read the server's files: refused, pointing at the path.
        let load = s.load("load \"/etc/passwd\"", kind: nil, authorization: "Bearer secret-token")
        #expect(load.status == 422 && load.body.contains("file access is disabled"))
        let ok = try ServiceTests.json(s.load(#"{"id": "y1", "name": "Y"}"#, kind: "entities", authorization: "Bearer secret-token"))
        #expect((ok["added"] as? [String: Int])?["entities"] == 1)
        #expect(s.load("", kind: "rows", authorization: "Bearer secret-token").status == 400)
    }

    @Test func extractDraftsAndCommitsOnlyWithWrites() throws {
        let article = Array(#"{"text": "Officials said about 4,000 drones were delivered in May.", "document": "posted1", "published": "2024-06-01", "commit": true}"#.utf8)
        let readOnly = try ServiceTests.service()
        #expect(readOnly.extract(article, authorization: nil).status == 403)
        let draftOnly = try ServiceTests.json(readOnly.extract(Array(#"{"text": "About 4,000 drones were delivered."}"#.utf8), authorization: nil))
        #expect((draftOnly["claims"] as? [[String: Any]])?.first?["qty"] as? Double == 4000)
        let s = try ServiceTests.service(writes: true)
        let before = s.graph.counts.claims
        let r = try ServiceTests.json(s.extract(article, authorization: "Bearer secret-token"))
        #expect(r["committed"] as? Bool == true && s.graph.counts.claims > before)
        #expect(s.extract(Array(#"{"text": 1}"#.utf8), authorization: nil).status == 400)
        #expect(s.extract(Array(#"{"text": "x", "published": "May"}"#.utf8), authorization: nil).status == 400)
    }

    @Test func queryStringsDecodeAsBrowsersEncode() {
        let pairs = QueryString.parse("q=claims+where+source+%3D+%22Shin%22&p.n=1%2C5&flag")
        #expect(pairs.map(\.name) == ["q", "p.n", "flag"])
        #expect(pairs[0].value == "claims where source = \"Shin\"" && pairs[1].value == "1,5" && pairs[2].value == "")
    }
}
