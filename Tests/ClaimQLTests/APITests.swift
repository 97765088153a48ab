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
