import Foundation
import Testing
@testable import ClaimQL

/// The plan layer: which access path a query runs with (read through `explain analyze`,
/// so the test sees what ran, not what was meant), estimates against actual rows,
/// prepared queries planned once, and parameters checked when they are bound.
struct PlanTests {
    /// One query, the scan line `explain` must show, and how many rows the scan reads.
    struct Case: Sendable, CustomStringConvertible {
        let query: String
        let scan: String
        /// The rows the scan produced: the claims of the index keys, or all of a collection.
        let scanRows: Int
        var description: String { query }
    }

    static let cases: [Case] = [
        Case(query: #"claims where source = "Shin" and qty > 1M"#, scan: #"Scan claims via source index: "Shin" (1 entity)"#, scanRows: 4),
        Case(query: #"claims where subject = "DPRK" and unit = "containers""#, scan: #"Scan claims via unit index: "containers""#, scanRows: 6),
        Case(query: #"claims where predicate in ["delivered", "provided"]"#, scan: #"Scan claims via predicate index: "delivered", "provided""#, scanRows: 10),
        Case(query: #"claims where doc = "doc003" and qty is not null"#, scan: #"Scan claims via doc index: "doc003""#, scanRows: 6),
        Case(query: #"count claims where id = "shin_shells_4_8m""#, scan: #"Scan claims via id index: "shin_shells_4_8m""#, scanRows: 1),
        Case(query: #"claims where source.country = "ROK" select id"#,
             scan: #"Scan claims of the sources where source.country = "ROK" [tested once per entity: 35]"#, scanRows: 13),
        Case(query: #"claims where qty > 1M"#, scan: "Scan claims", scanRows: 40),
        Case(query: #"entities where kind = "person""#, scan: "Scan entities", scanRows: 35),
        Case(query: #"claims where not (source = "Shin")"#, scan: "Scan claims", scanRows: 40),
    ]

    func analyze(_ query: String, _ params: [String: Value] = [:]) throws -> ResultSet {
        let graph = try seedGraph()
        return try Engine(graph: graph).prepare("explain analyze " + query).run(params)
    }

    @Test(arguments: cases)
    func accessPathThatRan(_ c: Case) throws {
        let plan = try analyze(c.query)
        #expect(plan.isExplain)
        #expect(plan.columns == ["plan", "est_rows", "rows", "ms"])
        // The scan is the last (innermost) line.
        let scan = plan[plan.count - 1]
        guard case .string(let text) = scan["plan"] else { Issue.record("no plan text"); return }
        #expect(text.trimmingCharacters(in: .whitespaces).hasPrefix(c.scan), "\(text)")
        #expect(scan["rows"] == .number(Double(c.scanRows)))
        // The first line is the result: its rows are the query's own.
        let rows = try Engine(graph: try seedGraph()).prepare(c.query).run()
        #expect(plan[0]["rows"] == .number(Double(rows.count)))
    }

    @Test func explainPrintsEveryOperatorTopDown() throws {
        let text = try Engine(graph: try seedGraph()).prepare("""
            claims where qty is not null group by unit where count() >= 4 select unit, count() as n, max(qty) as high
              order by n desc limit 2
            """).explain()
        let lines = text.split(separator: "\n").map { String($0) }
        #expect(lines.map { $0.prefix { $0 == " " }.count } == [0, 2, 4, 6, 8, 10, 12])
        #expect(lines.map { $0.trimmingCharacters(in: .whitespaces).split(separator: ":")[0] }
                == ["Limit", "Sort", "Project", "Filter", "Group by", "Filter", "Scan claims  (est. 40 rows)"])
        #expect(lines[1].contains("[top 2]"))
        #expect(lines[4].contains("aggregates: count(), max(qty)"))
        #expect(lines[4].contains("[hash]"))
    }

    @Test func groupOnAReferenceColumnIsOnePass() throws {
        let text = try Engine(graph: try seedGraph()).prepare(
            "claims group by source select source, count() as n, max(qty)").explain()
        #expect(text.contains("[one pass over the source column]"))
        let other = try Engine(graph: try seedGraph()).prepare(
            "claims group by source select source, max(date)").explain()
        #expect(other.contains("[counting sort on the source column]"))
    }

    @Test func analyzeCountsRowsAtEveryOperator() throws {
        let plan = try analyze(#"claims where unit = "containers" order by qty desc limit 4 select id"#)
        #expect(plan.rows.map { $0["rows"] } == [.number(4), .number(4), .number(6), .number(6), .number(6)])
        for row in plan.rows {
            guard case .number(let ms) = row["ms"] else { Issue.record("no time"); continue }
            #expect(ms >= 0)
        }
    }

    // MARK: prepared queries

    @Test func preparedQueriesArePlannedOnceUntilTheGraphChanges() throws {
        let graph = try seedGraph()
        let q = try Engine(graph: graph).prepare("claims where source = $who and qty > $min")
        let first = try q.plan(graph.snapshot)
        #expect(try q.run(["who": "Shin", "min": 1e6]).count == 1)
        #expect(try q.run(["who": "White House", "min": 0]).count == 2)   // one article, printed twice
        #expect(try q.plan(graph.snapshot) === first, "planned again without a change")
        try graph.add(claims: [ClaimRecord(id: "new", subject: "north_korea", qty: 9e6, source: "shin_won_sik")])
        #expect(try q.plan(graph.snapshot) !== first, "the plan outlived the graph it was made for")
        #expect(try q.run(["who": "Shin", "min": 1e6]).count == 2)
    }

    @Test func parametersTakeTheAccessPathOfTheirValue() throws {
        let graph = try seedGraph()
        let q = try Engine(graph: graph).prepare("claims where id = $id")
        #expect(try q.explain().contains("Scan claims via id index: $id"))
        let plan = try Engine(graph: graph).prepare("explain analyze claims where id = $id").run(["id": "kei_152mm_3m"])
        #expect(plan[plan.count - 1]["rows"] == .number(1))
        #expect(try q.run(["id": "kei_152mm_3m"]).nodeID(row: 0) == "kei_152mm_3m")
        #expect(try q.run(["id": "no such claim"]).count == 0)
        let names = try Engine(graph: graph).prepare("claims where source in $names").run(["names": .list(["Shin", "John Kirby"])])
        #expect(names.count == 8)
    }

    @Test(arguments: [
        ("claims where qty > $min", ["min": Value.string("lots")], "cannot compare qty (number) with $min (string)"),
        ("claims where quote contains $w", ["w": Value.number(3)], "`contains` needs text, not a number"),
        ("claims where quote matches $re", ["re": Value.string("(")], "invalid regular expression"),
        ("claims where unit in $units", ["units": Value.string("shells")], "`in` needs a list such as [\"shipped\", \"delivered\"], not a string"),
        ("claims limit $n", ["n": Value.number(2.5)], "`limit` needs a whole number of rows, 0 or more"),
        ("claims where certainly qty > $x", ["x": Value.string("3M")], "`certainly` compares qty with a number, not a string"),
        ("claims where source = $who", ["who": Value.number(1)], "an entity is matched against a name, not a number"),
        ("claims where qty > $min", ["max": Value.number(1)], "no value bound for parameter `$min`"),
    ] as [(String, [String: Value], String)])
    func parametersAreCheckedAsLiteralsWouldBe(_ query: String, _ params: [String: Value], _ message: String) throws {
        let q = try Engine(graph: try seedGraph()).prepare(query)
        #expect {
            try q.run(params)
        } throws: { error in
            guard let e = error as? ClaimQLError, e.kind == .semantic, let d = e.diagnostics.first else { return false }
            // Located at the parameter's use, in the query's text.
            return d.message == message && d.fileName == "<query>" && d.location?.line == 1
        }
    }

    @Test func parametersWorkWhereConstantsDo() throws {
        let engine = Engine(graph: try seedGraph())
        func ids(_ q: String, _ p: [String: Value]) throws -> [String] {
            let r = try engine.prepare(q).run(p)
            return (0..<r.count).map { r.nodeID(row: $0)! }
        }
        #expect(try ids("claims where unit = \"shells\" and certainly qty > $x order by id", ["x": 3e6]) == ["kei_152mm_3m"])
        #expect(try ids("claims where quote contains $w order by id", ["w": "MILLION"])
                == ids("claims where quote contains \"million\" order by id", [:]))
        #expect(try ids("claims where qty > 0 order by qty desc offset $k limit $n", ["n": 2, "k": 1]).count == 2)
        #expect(try ids("claims where quote matches $re", ["re": "^at least"]) == ["usintel_shells_3m"])
        #expect(try ids("claims where date between $a and $b and qty is not null",
                        ["a": .date(Day(iso: "2024-06-01")!), "b": .date(Day(iso: "2024-06-30")!)]).count == 5)
    }
}
