import Foundation
import Testing
@testable import ClaimQL

/// Untrusted queries (SECURITY.md): with the embedding limits on, a query cannot read
/// files, run without bound or take memory beyond its row limit. Each way a query could
/// try is tried here and must end in a `.limit` (or a syntax) error, not a hang or crash.
struct UntrustedTests {
    static let limits = Limits(maxRows: 1_000, timeout: .milliseconds(500), allowFileAccess: false)

    /// A graph where pairing and backtracking get expensive: one subject, one unit,
    /// 3,000 claims with figures that all conflict, each with a long quote.
    static let big: ClaimGraph = {
        var text = "entity s: country \"S\"\n"
        let quote = String(repeating: "a", count: 40)
        for i in 0..<3_000 {
            text += "claim c\(i): s shipped \"x\" { qty: \(i * 10), unit: \"shells\", date: 2024-01-01, quote: \"\(quote)\" }\n"
        }
        let g = ClaimGraph()
        try! g.load(source: text, name: "<big>")
        return g
    }()

    func expectLimit(_ query: String, _ graph: ClaimGraph = UntrustedTests.big, _ message: String) {
        let session = Engine(graph: graph, limits: UntrustedTests.limits).makeSession()
        do {
            try session.run(query) { _ in }
            Issue.record("no limit stopped: \(query)")
        } catch {
            #expect(error.kind == .limit, "\(error.rendered())")
            #expect(error.diagnostics[0].message.contains(message), "\(error.diagnostics[0].message)")
            #expect(error.exitCode == 70)
        }
    }

    @Test func cannotReadFiles() throws {
        let g = ClaimGraph()
        let session = Engine(graph: g, limits: UntrustedTests.limits).makeSession()
        for script in [#"load "examples/seed.cq""#, #"load "/etc/passwd""#, #"load "examples""#] {
            #expect(throws: ClaimQLError.self, "\(script)") { try session.run(script) { _ in } }
        }
        #expect(g.counts.claims == 0)
    }

    @Test func catastrophicRegexStopsAtTheTimeLimit() {
        expectLimit(#"count claims where quote matches "^(a|aa)*(b)$" or quote matches "(a*)*c""#, UntrustedTests.big,
                    "time limit")
    }

    @Test func catastrophicRegexStopsEvenWithoutLimits() throws {
        // No time limit set: the per-text cap (RegexBox.maxSecondsPerText) still ends it.
        let g = ClaimGraph()
        try g.load(source: #"entity e: country "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac""#)
        do {
            _ = try Engine(graph: g).prepare(#"entities where name matches "(a*)*b""#).run()
            Issue.record("the regular expression was not stopped")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.diagnostics[0].message.contains("backtracking"))
        }
    }

    @Test func pairsCannotFillMemory() throws {
        // 3,000 claims about one thing: 4.5 million conflicting pairs if nothing stopped them.
        expectLimit("conflicts", UntrustedTests.big, "row limit")
        expectLimit("conflicts where qty > 0 select kind", UntrustedTests.big, "row limit")
        expectLimit("timeline", UntrustedTests.big, "row limit")
        // Counting makes no pairs, so the row limit does not apply: the count is exact.
        let engine = Engine(graph: UntrustedTests.big, limits: UntrustedTests.limits)
        #expect(try engine.prepare("count conflicts").run().value(row: 0, column: 0) == .number(3_000 * 2_999 / 2))
    }

    @Test func resultsCannotExceedTheRowLimit() {
        expectLimit("claims", UntrustedTests.big, "more than the limit of 1000")
        expectLimit("claims select id, quote, figure", UntrustedTests.big, "more than the limit of 1000")
        expectLimit("claims where quote contains \"a\" evidence", UntrustedTests.big, "more than the limit of 1000")
    }

    @Test func slowQueriesStopAtTheTimeLimit() {
        // Sorting and grouping 3,000 rows is fast; pairing them is not (and is also
        // row-limited); a query that does a lot of work per row is stopped by time.
        var limits = UntrustedTests.limits
        limits.maxRows = nil
        let session = Engine(graph: UntrustedTests.big, limits: limits).makeSession()
        do {
            try session.run("count conflicts where quote matches \"(a|a)*b\"") { _ in }
            Issue.record("not stopped")
        } catch {
            #expect(error.kind == .limit)
        }
    }

    @Test func letCannotRecurse() throws {
        let session = Engine(graph: UntrustedTests.big, limits: UntrustedTests.limits).makeSession()
        // A name is bound only after its query: `a` on the right is unknown.
        #expect(throws: ClaimQLError.self) { try session.run("let a = a where qty > 1") { _ in } }
        // Rebinding reads the earlier binding: a chain, never a cycle.
        try session.run("let a = claims where qty > 100\nlet a = a where qty < 200\n") { _ in }
        var n = -1
        try session.run("count a") { n = Int("\($0[0][0])") ?? -2 }
        #expect(n == 9)
    }

    /// The deepest expressions the parser accepts compile and run on a small thread stack
    /// (2 MiB here, in a debug build with its large frames; CI also runs them through a
    /// release build on a 512 KiB stack), so no query can overflow the stack.
    @Test func deepestAcceptedQueryRunsOnASmallStack() throws {
        // Heights at the limit: a comparison is 2 levels, each call, `not` or chain operator 1.
        let n = Parser.maxDepth - 2
        let calls = "claims where " + String(repeating: "abs(", count: n) + "qty" + String(repeating: ")", count: n) + " > 1"
        let chain = "claims where " + (0...n).map { "qty = \($0)" }.joined(separator: " or ")
        let nots = "claims where " + String(repeating: "not ", count: n) + "qty > 1"
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var counts: [Int] = []
        nonisolated(unsafe) var failure: String? = nil
        let thread = Thread {
            do {
                let engine = Engine(graph: UntrustedTests.big)
                for q in [calls, chain, nots] { counts.append(try engine.prepare(q).run().count) }
            } catch {
                failure = "\(error)"
            }
            done.signal()
        }
        thread.stackSize = 2 * 1024 * 1024
        thread.start()
        done.wait()
        #expect(failure == nil, "\(failure ?? "")")
        #expect(counts == [2_999, 7, 2_999])
        // One level more is an error, not a crash; so is a chain in brackets in a chain,
        // whose parts are each short but whose tree is deep.
        let tooDeep = "claims where " + (0...(n + 1)).map { "qty = \($0)" }.joined(separator: " or ")
        let hidden = "claims where " + Array(repeating: "qty = 0", count: 40).joined(separator: " and ")
            + String(repeating: " or qty = 1", count: 40)
        var bracketed = "qty = 0"
        for _ in 0..<30 { bracketed = "(" + bracketed + String(repeating: " or qty = 1", count: 30) + ")" }
        for q in [tooDeep, hidden, "claims where " + bracketed] {
            #expect(throws: ClaimQLError.self) { _ = try Engine(graph: UntrustedTests.big).prepare(q) }
        }
    }
}
