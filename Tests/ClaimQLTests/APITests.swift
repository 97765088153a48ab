import Testing
@testable import ClaimQL

struct APITests {
    @Test func preparedQueryRunsWithParameters() throws {
        let engine = Engine(graph: try seedGraph())
        let q = try engine.prepare("claims where source = $who and qty > $min select id")
        #expect(q.parameterNames == ["who", "min"])
        #expect(try q.run(["who": "Shin", "min": 1_000_000]).count == 1)
        #expect(try q.run(["who": "US intelligence", "min": 0]).count == 1)
        #expect(try q.run(["who": "Shin", "min": 0]).count == 3)
    }

    @Test func missingParameterIsAnError() throws {
        let q = try Engine(graph: try seedGraph()).prepare("claims where qty > $min")
        #expect { try q.run() } throws: { ($0 as? ClaimQLError)?.rendered().contains("no value bound for parameter `$min`") == true }
    }

    @Test func maxRowsLimit() throws {
        var limits = Limits()
        limits.maxRows = 2
        let engine = Engine(graph: try seedGraph(), limits: limits)
        #expect { try engine.prepare("claims").run() } throws: { ($0 as? ClaimQLError)?.kind == .limit }
        #expect(try engine.prepare("claims limit 2").run().count == 2)
    }

    @Test func fileAccessCanBeDenied() throws {
        var limits = Limits()
        limits.allowFileAccess = false
        let session = Engine(graph: ClaimGraph(), limits: limits).makeSession()
        #expect { try session.run("load \"examples/seed.cq\"") { _ in } } throws: { ($0 as? ClaimQLError)?.kind == .limit }
    }

    @Test func sessionKeepsBindings() throws {
        let session = Engine(graph: try seedGraph()).makeSession()
        try session.run("let big = claims where qty > 1M") { _ in }
        var value: Value = .null
        try session.run("count big") { result in value = result.value(row: 0, column: 0) }
        #expect(value == .number(4))
        #expect(session.bindingNames == ["big"])
    }

    @Test func scriptWithAnErrorRunsNothing() throws {
        var seen = 0
        #expect(throws: ClaimQLError.self) {
            try Engine(graph: try seedGraph()).makeSession().run("count claims\nclaims where nope = 1") { _ in seen += 1 }
        }
        #expect(seen == 0)
    }

    @Test func cancellationStopsAQuery() throws {
        // Cancellation is polled every 4096 rows: a cross join-sized scan over a larger
        // graph is not needed, a filter over all claims of a generated graph is.
        let g = ClaimGraph()
        var text = "entity e: person \"E\"\n"
        for i in 0..<5000 { text += "claim c\(i): e said \"x\" { qty: \(i) }\n" }
        try g.load(source: text)
        var limits = Limits()
        limits.isCancelled = { true }
        let engine = Engine(graph: g, limits: limits)
        #expect { try engine.prepare("claims where qty > 1").run() } throws: {
            ($0 as? ClaimQLError)?.rendered().contains("the query was cancelled") == true
        }
        #expect(try Engine(graph: g).prepare("count claims where qty > 1").run().value(row: 0, column: 0) == .number(4998))
    }
}

/// The embedding calls: Swift values in, host functions, typed rows out, limits, threads.
struct EmbeddingTests {
    @Test func addSwiftValues() throws {
        let g = ClaimGraph()
        try g.add(entities: [EntityRecord(id: "kp", name: "North Korea", kind: "country", aliases: ["DPRK"]),
                             EntityRecord(id: "wh", name: "White House", kind: "organisation", edges: ["country": ["us"]]),
                             EntityRecord(id: "us", name: "United States", kind: "country")],
                  documents: [DocumentRecord(id: "d1", title: "Briefing", publisher: "wh", published: Day(iso: "2023-10-13"))],
                  claims: [ClaimRecord(id: "c1", subject: "kp", predicate: "delivered", object: "containers", qty: 1000,
                                       unit: "containers", qualifier: "more_than", date: Day(iso: "2023-10-13"),
                                       source: "wh", doc: "d1", quote: "more than 1,000 containers",
                                       attributes: ["confidence": "high"])])
        let r = try Engine(graph: g).prepare(#"claims where subject = "DPRK" and source.country = "United States" select id, qty, confidence"#).run()
        #expect(r.rows.map(\.values) == [[.string("c1"), .number(1000), .string("high")]])
    }

    @Test func addRejectsDanglingReferencesAtomically() throws {
        let g = try seedGraph()
        let before = g.counts
        #expect {
            try g.add(entities: [EntityRecord(id: "new_one", name: "New One")],
                      claims: [ClaimRecord(id: "x1", subject: "new_one", qualifier: "roughly", source: "nobody")])
        } throws: { error in
            // A record has no source text: the message shows it as a JSON line, caret
            // under the field (line 1: the first record).
            let text = (error as? ClaimQLError)?.rendered() ?? ""
            return text.contains("""
                <claims>:1:162: error: unknown entity "nobody" in `source`
                 1 | ...nit": null, "qualifier": "roughly", "date": null, "source": "nobody", "doc": null, "quote": null}
                   |                                                                ^~~~~~~~
                """) && text.contains("<claims>:1:127: error: unknown qualifier \"roughly\"")
        }
        #expect(g.counts == before)
    }

    @Test func hostFunctions() throws {
        var engine = Engine(graph: try seedGraph())
        try engine.register(function: "per_container", arity: 1...1) { args in
            guard case .number(let n) = args[0] else { return .null }
            return .number(n / 10_000)
        }
        try engine.register(function: "initials", arity: 1...1) { args in
            guard case .entity(_, let name) = args[0] else { return .null }
            return .string(String(name.split(separator: " ").compactMap(\.first)))
        }
        let r = try engine.prepare(#"claims where unit = "shells" and per_container(qty) >= 300 select initials(source) as who, per_container(qty) as n order by n desc, who"#).run()
        #expect(r.rows.map(\.values) == [[.string("SW"), .number(480)], [.string("KEIoA"), .number(300)],
                                         [.string("SK"), .number(300)], [.string("Ui"), .number(300)]])
    }

    @Test func hostFunctionErrorsStopTheQuery() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        var engine = Engine(graph: try seedGraph())
        try engine.register(function: "strict", arity: 1...1) { _ in throw Refused() }
        #expect { try engine.prepare("claims where strict(qty) = 1").run() } throws: { error in
            guard let e = error as? ClaimQLError else { return false }
            return e.kind == .runtime && e.exitCode == 70 && e.rendered().hasPrefix("<query>:1:14: error: function `strict` failed: refused")
        }
        #expect(throws: ClaimQLError.self) { try engine.register(function: "where", arity: 0...0) { _ in .null } }
        #expect(throws: ClaimQLError.self) { try engine.register(function: "max", arity: 1...1) { _ in .null } }
    }

    @Test func decodeRowsIntoStructs() throws {
        struct Figure: Decodable, Equatable {
            let id: String
            let source: String?
            let qty: Double?
            let unit: String?
            let date: Day
            let qualifier: String?
        }
        let r = try Engine(graph: try seedGraph()).prepare(#"claims where source = "Shin" order by date, id"#).run()
        let figures = try r.decode(Figure.self)
        #expect(figures.count == 4)
        #expect(figures[0] == Figure(id: "shin_containers_6700", source: "Shin Won-sik", qty: 6700, unit: "containers",
                                     date: Day(iso: "2024-02-27")!, qualifier: "approx"))
        #expect(figures[1].qty == nil)

        struct Count: Decodable { let n: Int; let unit: String }
        let counts = try Engine(graph: try seedGraph()).prepare("claims where qty is not null group by unit select unit, count() as n order by n desc, unit limit 1").run()
        #expect(try counts.decode(Count.self).map(\.n) == [6])

        struct Wrong: Decodable { let nope: String }
        #expect(throws: DecodingError.self) { try r.decode(Wrong.self) }
        struct WrongType: Decodable { let qty: Int }   // 6700 fits, but one row has no qty
        #expect(throws: DecodingError.self) { try r.decode(WrongType.self) }
    }

    @Test func timeoutStopsAQuery() throws {
        let g = ClaimGraph()
        let quote = String(repeating: "a slow sentence ", count: 12)
        try g.add(entities: [EntityRecord(id: "e", name: "E")],
                  claims: (0..<20_000).map { ClaimRecord(id: "c\($0)", subject: "e", quote: quote) })
        let engine = Engine(graph: g, limits: Limits(timeout: .milliseconds(50)))
        let start = ContinuousClock.now
        #expect { try engine.prepare(#"count claims where quote matches "(.*e){2}zq""#).run() } throws: {
            ($0 as? ClaimQLError)?.rendered().contains("the query ran past its time limit") == true
        }
        // Stopped long before the 20,000 slow rows were done.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func manyThreadsQueryWhileLoading() async throws {
        let g = try seedGraph()
        let engine = Engine(graph: g)
        let query = try engine.prepare("count claims where qty > $min")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<50 {
                        let n = try query.run(["min": .number(Double(i * 1000))]).value(row: 0, column: 0)
                        guard case .number(let count) = n, count >= 0 else { throw ClaimQLError(.runtime, message: "bad count") }
                        _ = try engine.prepare(#"claims where source = "Shin" select id"#).run().count
                    }
                    _ = t
                }
            }
            group.addTask {
                // Loads run while queries do: each query sees the graph before or after a
                // load, never half of it.
                for i in 0..<20 {
                    try g.add(entities: [EntityRecord(id: "t\(i)", name: "Thread \(i)")],
                              claims: [ClaimRecord(id: "tc\(i)", subject: "t\(i)", qty: 5e6)])
                }
            }
            try await group.waitForAll()
        }
        #expect(g.counts.claims == 60)
        #expect(try query.run(["min": 1_000_000]).value(row: 0, column: 0) == .number(24))
    }
}

struct JSONLinesTextTests {
    @Test func loadJSONLinesFromText() throws {
        let g = ClaimGraph()
        try g.load(jsonLines: #"{"id": "E1", "name": "One", "aliases": ["Uno"]}"# + "\n", kind: .entities)
        try g.load(jsonLines: #"{"id": "C1", "subject": "E1", "qty": 7, "extra": "kept"}"# + "\n", kind: .claims)
        let r = try Engine(graph: g).prepare(#"claims where subject = "uno" select id, qty, extra"#).run()
        #expect(r.rows.map(\.values) == [[.string("C1"), .number(7), .string("kept")]])
        #expect {
            try g.load(jsonLines: "{\"id\": \"C2\", \"subject\": \"E9\"}\n", kind: .claims, name: "more.jsonl")
        } throws: { ($0 as? ClaimQLError)?.rendered().hasPrefix("more.jsonl:1:25: error: unknown entity \"E9\" in `subject`") == true }
        #expect(g.counts.claims == 1)
    }

    /// Completion follows the grammar where it allows only a few words.
    @Test func completionOffersWhatTheGrammarAllows() throws {
        let graph = ClaimGraph()
        try graph.load(path: Repo.path("examples/seed.cq"))
        let session = Engine(graph: graph).makeSession()
        try session.run("let big = claims where qty > 1M") { _ in }
        func complete(_ text: String) -> [String] { session.completions(in: text, at: text.utf8.count).candidates }
        #expect(complete("count cla") == ["claims"])
        #expect(complete("count b") == ["big"])
        #expect(complete("cla") == ["claim", "claims"])
        #expect(complete("explain an") == ["analyze"])
        #expect(complete("let x = co") == ["conflicts", "count"])
        #expect(complete("claims where qty > 1 and source.cou").contains("country"))
        #expect(complete("claims where co").contains("contains"))
        #expect(complete("count claims; en") == ["entities", "entity"])
    }
}
