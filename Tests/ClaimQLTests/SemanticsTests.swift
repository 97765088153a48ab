import Testing
@testable import ClaimQL

/// The questions of the claim-semantics issue, answered over the example data set, with
/// the answers checked row by row (examples/questions.cq asks the same in a script whose
/// whole output is a golden file).
struct SemanticsTests {
    let graph: ClaimGraph

    init() throws { graph = try seedGraph() }

    func rows(_ query: String) throws -> ResultSet { try results(query, graph: graph)[0] }

    func column(_ r: ResultSet, _ name: String) -> [String] {
        let k = r.columns.firstIndex(of: name)!
        return (0..<r.count).map { "\(r[$0][k])" }
    }

    @Test func containerConflictsAndRevisions() throws {
        let c = try rows(#"conflicts where unit = "containers""#)
        #expect(column(c, "a") == ["shin_containers_6700"])
        #expect(column(c, "b") == ["sk_containers_10000_kei"])
        #expect(column(c, "kind") == ["between sources"])
        let r = try rows(#"revisions where unit = "containers""#)
        #expect(column(r, "a") == ["shin_containers_6700"])
        #expect(column(r, "b") == ["shin_containers_10000"])
        // Consistent shell figures are no conflict.
        #expect(try rows(#"conflicts where unit = "shells""#).count == 0)
    }

    @Test func latestFigurePerSourceForShells() throws {
        let r = try rows(#"claims where unit = "shells" distinct latest by source, subject order by id"#)
        #expect(ids(r) == ["kei_152mm_3m", "shin_shells_4_8m", "sk_152mm_3m_002", "usintel_shells_3m"])
        // Without `distinct` nothing changes here (no shell figure is duplicated), but the
        // White House container figure appears once per copy of the article.
        let w = try rows(#"claims where unit = "containers" and source = "White House" latest by source"#)
        #expect(ids(w) == ["wh_containers_2023", "wh_containers_2023_d001"])
        let d = try rows(#"claims where unit = "containers" and source = "White House" distinct latest by source"#)
        #expect(ids(d) == ["wh_containers_2023"])
    }

    @Test func timelineMarksSupersededAndLatest() throws {
        let t = try rows(#"timeline where source = "Shin" and unit = "containers""#)
        #expect(column(t, "claim") == ["shin_containers_6700", "shin_containers_10000"])
        #expect(column(t, "supersedes") == ["null", "shin_containers_6700"])
        #expect(column(t, "latest") == ["false", "true"])
    }

    @Test func certainlyAboveThreeMillionShells() throws {
        #expect(ids(try rows(#"claims where unit = "shells" and certainly qty > 3M"#)) == ["kei_152mm_3m"])
        let possibly = try rows(#"claims where unit = "shells" and possibly qty > 3M and not certainly qty > 3M"#)
        #expect(Set(ids(possibly)) == ["sk_152mm_3m_002", "shin_shells_4_8m", "usintel_shells_3m"])
    }

    @Test func evidenceBehindShinsFigures() throws {
        let e = try rows(#"claims where source = "Shin Wonsik" and qty is not null evidence"#)
        #expect(column(e, "claim") == ["shin_containers_6700", "shin_containers_10000", "shin_shells_4_8m"])
        #expect(column(e, "doc") == ["doc002", "doc003", "doc003"])
        #expect(Set(column(e, "matched")) == ["source matched alias 'Shin Wonsik' of Shin Won-sik"])
        #expect(column(e, "quote").allSatisfy { $0 != "null" && $0.count < 60 })
        let normalised = try rows(#"claims where source = "SHIN WON SIK" and unit = "shells" evidence"#)
        #expect(column(normalised, "matched") == [#"source matched name 'Shin Won-sik' (written "SHIN WON SIK")"#])
        let path = try rows(#"claims where source.country = "USA" and unit = "containers" evidence order by claim"#)
        #expect(column(path, "also_in") == ["[doc001]", "[doc000]"])
        #expect(Set(column(path, "matched")) == ["source.country matched alias 'USA' of United States"])
    }

    @Test func countsDoNotDoubleCountTheDuplicatedArticle() throws {
        #expect(try rows("count claims")[0][0] == .number(40))
        #expect(try rows("count claims distinct")[0][0] == .number(32))
        #expect(try rows("count documents distinct")[0][0] == .number(4))
        let docs = try rows("documents where duplicate_of is not null")
        #expect(ids(docs) == ["doc001"])
        let perDoc = try rows("claims distinct group by doc select doc, count() as n order by doc")
        #expect(!column(perDoc, "doc").contains("doc001"))
        #expect(column(perDoc, "n").compactMap(Int.init).reduce(0, +) == 32)
    }

    @Test func duplicateDocumentsNeedEveryClaimCovered() throws {
        let g = ClaimGraph()
        try g.load(source: """
            entity x: country "X"
            document a: "A"
            document b: "B"
            document c: "C"
            claim a1: x shipped "shells" { qty: 1, unit: "shells", doc: a }
            claim a2: x shipped "shells" { qty: 2, unit: "shells", doc: a }
            claim b1: x shipped "shells" { qty: 1, unit: "shells", doc: b }
            claim c1: x shipped "shells" { qty: 1, unit: "shells", doc: c }
            claim c3: x shipped "shells" { qty: 3, unit: "shells", doc: c }
            """, name: "dups.cq")
        // b is inside a; c has a claim a lacks; a is the fuller of a and b.
        let r = try results("documents select id, duplicate_of", graph: g)[0]
        #expect((0..<r.count).map { "\(r[$0][1])" } == ["null", "a", "null"])
        #expect(try results("count claims distinct", graph: g)[0][0][0] == .number(3))
    }

    @Test func unitFamiliesAreExplicit() throws {
        #expect(try rows(#"count claims where unit = "shells""#)[0][0] == .number(4))
        #expect(try rows(#"count claims where family = "ammunition""#)[0][0] == .number(7))
        let km = try rows(#"claims where unit = "km" select convert(qty, unit, "m") as m, convert(qty, unit, "rounds") as x limit 1"#)
        #expect(km[0][0] == .number(200_000))
        #expect(km[0][1] == .null)
        #expect(UnitFamily.convert(1, from: "Kilometres", to: "km") == 1)
        #expect(UnitFamily.of("months") == nil)
    }

    @Test func reviewFindings() throws {
        let g = ClaimGraph()
        try g.load(source: """
            entity x: country "X"
            entity p1: organisation "P1"
            entity p2: organisation "P2"
            entity s: person "S"
            document a: "A" { publisher: p1 }
            document b: "B" { publisher: p2 }
            document c: "C" { publisher: p1 }
            claim a1: x shipped "shells" { qty: 10k, unit: "shells", date: 2024-01-01, doc: a }
            claim b1: x shipped "shells" { qty: 10k, unit: "shells", date: 2024-01-01, doc: b }
            claim b2: x shipped "shells" { qty: 12k, unit: "shells", date: 2024-03-01, doc: b }
            claim s1: x shipped "rounds" { qty: 1, unit: "rounds", date: 2024-01-01, source: s, doc: c }
            claim s2: x shipped "rounds" { qty: 2, unit: "rounds", date: 2024-06-01, source: s, doc: c }
            claim s3: x shipped "rounds" { qty: 3, unit: "rounds", date: 2024-06-01, source: s, doc: c, family: "mine" }
            claim s4: x shipped "rounds" { qty: 1, unit: "rounds", date: 2024-01-01, source: s, doc: c }
            """, name: "review.cq")
        // Unsourced figures of two publishers are two statements: P2's revision stands.
        #expect(try results("count claims distinct", graph: g)[0][0][0] == .number(6))
        let rev = try results(#"revisions where unit = "shells" select a, b"#, graph: g)[0]
        #expect(rev.count == 1 && "\(rev[0][0])" == "b1" && "\(rev[0][1])" == "b2")
        // Two claims on one later date both supersede the earlier one, as in `revisions`.
        let t = try results(#"timeline where unit = "rounds" select claim, supersedes"#, graph: g)[0]
        #expect((0..<t.count).map { "\(t[$0][1])" } == ["null", "s1", "s1"])
        // A stored attribute named like a derived field is what queries read.
        let fam = try results(#"claims where id in ["s2", "s3"] select family"#, graph: g)[0]
        #expect((0..<fam.count).map { "\(fam[$0][0])" } == ["null", "mine"])
        // A document repeating a statement in two claims has one statement, not two.
        let g2 = ClaimGraph()
        try g2.load(source: """
            entity x: country "X"
            document a: "A"
            document b: "B"
            claim a1: x said "p" { qty: 1, doc: a }
            claim a2: x said "q" { qty: 2, doc: a }
            claim b1: x said "p" { qty: 1, doc: b }
            claim b2: x said "q" { qty: 2, doc: b }
            claim b3: x said "p" { qty: 1, doc: b }
            """, name: "review2.cq")
        let docs = try results("documents select id, duplicate_of", graph: g2)[0]
        #expect((0..<docs.count).map { "\(docs[$0][1])" } == ["null", "a"])
    }
}
