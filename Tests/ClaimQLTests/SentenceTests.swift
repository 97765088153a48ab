import Testing
@testable import ClaimQL

/// Every sentence of the language-core issue, with its expected rows over the example
/// data set, run over the declarations (examples/seed.cq) and over the same data as
/// JSON Lines (examples/seed-jsonl): both must give exactly these rows.
struct SentenceTests {
    struct Case: CustomStringConvertible, Sendable {
        let query: String
        let expected: [String]
        var description: String { query }
    }

    static let shinFigures = ["shin_containers_6700", "shin_several_million_rounds", "shin_containers_10000", "shin_shells_4_8m"]

    static let cases: [Case] = [
        Case(query: #"claims where source = "Shin" and qty > 1M"#, expected: ["shin_shells_4_8m"]),
        Case(query: #"claims where source = "Shin Wonsik" and qty > 1M"#, expected: ["shin_shells_4_8m"]),
        Case(query: #"claims where source = "shin won-sik""#, expected: shinFigures),
        Case(query: #"claims where subject = "DPRK" and unit = "containers" order by date"#,
             expected: ["wh_containers_2023", "wh_containers_2023_d001", "shin_containers_6700", "sk_received_9000",
                        "shin_containers_10000", "sk_containers_10000_kei"]),
        Case(query: "claims where qty between 1M and 5M",
             expected: ["sk_152mm_3m_002", "zelensky_eu_promise_1m", "shin_shells_4_8m", "usintel_shells_3m", "kei_152mm_3m"]),
        Case(query: "claims where qty >= 1_000_000 and qty <= 4.8M",
             expected: ["sk_152mm_3m_002", "zelensky_eu_promise_1m", "shin_shells_4_8m", "usintel_shells_3m", "kei_152mm_3m"]),
        Case(query: "claims where date >= 2024-06-01 and date < 2024-07-01",
             expected: ["shin_containers_10000", "shin_shells_4_8m", "usintel_shells_3m", "milley_152mm_likely",
                        "pub003_putin_visit_2days", "pub003_failed_launches_2023"]),
        Case(query: #"claims where source.country = "South Korea""#,
             expected: shinFigures + ["chang_lethal_aid"]),
        Case(query: #"claims where doc.publisher = "KEI""#,
             expected: ["sk_containers_10000_kei", "kei_152mm_3m", "kei_122mm_500k", "kei_missile_parts_3y",
                        "kei_artillery_5to1", "kei_artillery_2_5x", "milley_tin_cup", "chang_lethal_aid"]),
        Case(query: #"claims where quote contains "million""#,
             expected: ["sk_152mm_3m_002", "sk_122mm_500k_002", "shin_several_million_rounds", "zelensky_eu_promise_1m",
                        "shin_shells_4_8m", "usintel_shells_3m", "kei_152mm_3m", "kei_122mm_500k"]),
        Case(query: #"claims where predicate in ["shipped", "delivered"] and qty > 1M"#,
             expected: ["sk_152mm_3m_002", "shin_shells_4_8m", "usintel_shells_3m"]),
        Case(query: #"claims where object matches "1(22|52) ?mm""#,
             expected: ["sk_152mm_3m_002", "sk_122mm_500k_002", "milley_152mm_likely"]),
        Case(query: "claims where source is null",
             expected: ["ki_tikhoretsk_200km", "ki_kim_tour_6days", "ki_tikhoretsk_200km_d001", "ki_kim_tour_6days_d001",
                        "najin_dunay_200km", "nk_first_spy_satellite", "pub003_putin_visit_2days", "pub003_failed_launches_2023"]),
        Case(query: #"claims where not (qty > 1M) and unit = "containers" and source = "Shin""#,
             expected: ["shin_containers_6700", "shin_containers_10000"]),
        Case(query: #"claims where unit = "shells" order by qty desc limit 1"#, expected: ["shin_shells_4_8m"]),
        Case(query: #"let big = claims where qty > 1M"# + "\n" + #"big where source = "Shin""#, expected: ["shin_shells_4_8m"]),
        Case(query: #"documents where published >= 2024-01-01"#, expected: ["doc002", "doc003", "doc004"]),
    ]

    @Test(arguments: cases)
    func sentenceOverDeclarations(_ c: Case) throws {
        let r = try results(c.query, graph: try seedGraph())
        #expect(ids(r.last!) == c.expected)
    }

    @Test(arguments: cases)
    func sentenceOverJSONLines(_ c: Case) throws {
        let g = ClaimGraph()
        try g.load(path: Repo.path("examples/seed-jsonl"))
        let r = try results(c.query, graph: g)
        #expect(ids(r.last!) == c.expected)
    }

    @Test func notOfUnknownIsUnknown() throws {
        // Claims without a figure match neither `qty > 1M` nor its negation.
        let g = try seedGraph()
        let all = try results("count claims", graph: g)[0].value(row: 0, column: 0)
        let above = try results("count claims where qty > 1M", graph: g)[0].value(row: 0, column: 0)
        let notAbove = try results("count claims where not (qty > 1M)", graph: g)[0].value(row: 0, column: 0)
        let missing = try results("count claims where qty is null", graph: g)[0].value(row: 0, column: 0)
        guard case .number(let a) = all, case .number(let b) = above, case .number(let c) = notAbove, case .number(let d) = missing else {
            Issue.record("counts are numbers"); return
        }
        #expect(d > 0)
        #expect(b + c + d == a)
    }

    @Test func selectProjectsColumns() throws {
        let r = try results(#"claims where source = "Shin" select id, qty, unit, date"#, graph: try seedGraph())[0]
        #expect(r.columns == ["id", "qty", "unit", "date"])
        #expect(r.count == 4)
        #expect(r[3]["qty"] == .number(4_800_000))
        #expect(r[3]["date"] == .date(Day(year: 2024, month: 6, day: 25)!))
        #expect(r[1]["qty"] == .null)
    }

    @Test func countIsOneNumber() throws {
        let r = try results(#"count claims where source = "White House""#, graph: try seedGraph())[0]
        #expect(r.isCount)
        #expect(r.value(row: 0, column: 0) == .number(2))
    }

    @Test func entitiesByKind() throws {
        let r = try results(#"entities where kind = "person" select name order by name limit 3"#, graph: try seedGraph())[0]
        #expect(r.rows.map { $0[0] } == [.string("Chang Ho-jin"), .string("John Kirby"), .string("Kim Jong-un")])
    }

    @Test func groupWithAggregates() throws {
        let r = try results("claims where qty is not null group by unit select unit, count() as n, max(qty) as top, sum(qty) as total, min(qty) as low order by n desc, unit limit 2",
                            graph: try seedGraph())[0]
        #expect(r.columns == ["unit", "n", "top", "total", "low"])
        #expect(r[0].values == [.string("containers"), .number(6), .number(10000), .number(37700), .number(1000)])
    }

    @Test func groupWithoutSelectCounts() throws {
        let r = try results(#"claims where unit = "shells" group by qualifier order by qualifier"#, graph: try seedGraph())[0]
        #expect(r.columns == ["qualifier", "count"])
        #expect(r.rows.map(\.values) == [[.string("approx"), .number(1)], [.string("at_least"), .number(1)],
                                         [.string("more_than"), .number(1)], [.string("up_to"), .number(1)]])
    }

    @Test func aggregatesWithoutGroup() throws {
        let r = try results(#"claims where unit = "containers" select count() as n, avg(qty) as mean"#, graph: try seedGraph())[0]
        #expect(r.count == 1)
        #expect(r[0].values == [.number(6), .number(37700.0 / 6)])
    }
}
