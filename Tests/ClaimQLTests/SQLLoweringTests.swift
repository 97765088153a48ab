import Foundation
import Testing
@testable import ClaimQL

/// The SQL back end without an engine (these run under the sanitizers too): what every
/// documented query lowers to in each dialect, parameters as markers, refusals located,
/// the export's formats. That the SQL means what ClaimQL means is `SQLDifferentialTests`'
/// and `SQLSparkTests`' part.
struct SQLLoweringTests {
    static func seed() throws -> ClaimGraph {
        let g = ClaimGraph()
        try g.load(path: Repo.path("examples/seed.cq"))
        return g
    }

    @Test(arguments: SQLDialect.allCases)
    func everyDocumentedQueryLowersOrIsRefusedWithAPlace(_ dialect: SQLDialect) throws {
        let engine = Engine(graph: try SQLLoweringTests.seed())
        var lowered = 0
        for block in DocsTests.readmeBlocks where block.tag == "claimql" {
            let parsed = Parser.parse(SourceFile(name: "README.md", text: block.code))
            for case .query(let q) in parsed.script.statements where q.explain == nil {
                let text = String(decoding: SourceFile(name: "", text: block.code).bytes[q.range.start..<q.range.end], as: UTF8.self)
                // A query that needs the `let`s before it is lowered in the differential tests.
                guard (try? engine.prepare(text)) != nil else { continue }
                do {
                    let sql = try engine.sql(text, dialect: dialect)
                    #expect(sql.text.hasPrefix("WITH\nscan AS ("), "\(text)")
                    #expect(sql.resultWidth >= 1)
                    lowered += 1
                } catch {
                    // `evidence` is the documented refusal; it names the dialect and the clause.
                    #expect(error.diagnostics.first?.range != nil && "\(error)".contains(dialect.rawValue), "\(text): \(error)")
                }
            }
        }
        #expect(lowered >= 20)
    }

    @Test func parametersAreBindMarkersNeverText() throws {
        let engine = Engine(graph: try SQLLoweringTests.seed())
        let q = #"claims where source = $who and qty > $n and unit in $units limit $k"#
        let pg = try engine.sql(q, dialect: .postgres)
        for marker in ["$1", "$2", "$3", "$4"] { #expect(pg.text.contains(marker)) }
        #expect(!pg.text.contains("Shin"))
        let spark = try engine.sql(q, dialect: .spark)
        #expect(spark.text.contains(":p1") && !spark.text.contains("$1"))
        let binds = try pg.bindings(["who": "Shin Wonsik", "n": 1000, "units": .list(["shells", "rounds"]), "k": 3])
        #expect(binds == [.texts(["shinwonsik"]), .number(1000), .texts(["shells", "rounds"]), .integer(3)])
        #expect(throws: ClaimQLError.self) { try pg.bindings(["who": "Shin", "n": 1, "units": .list([]), "k": 2.5]) }
        #expect(throws: ClaimQLError.self) { try pg.bindings(["who": "Shin"]) }
        // `certainly` binds the engine's tolerance.
        var tolerant = engine
        tolerant.approxTolerance = 0.25
        let modal = try tolerant.sql("claims where certainly qty > 1000", dialect: .postgres)
        #expect(try modal.bindings() == [.number(0.25)])
    }

    @Test func whatADialectCannotSayIsALocatedError() throws {
        let engine = Engine(graph: try SQLLoweringTests.seed())
        for (query, needle) in [(#"claims where quote matches "\\bshells""#, #""\\bshells""#),
                                (#"claims where quote matches "(?i)shells""#, #""(?i)shells""#),
                                ("claims where qty > 1 evidence", "evidence"),
                                ("claims select id, source.country as c order by c", "c")] {
            do {
                _ = try engine.sql(query, dialect: .postgres)
                Issue.record("\(query) lowered")
            } catch {
                let d = try #require(error.diagnostics.first)
                let text = String(decoding: Array(query.utf8)[d.range.start..<d.range.end], as: UTF8.self)
                #expect(text.hasSuffix(needle) || text == needle, "\(query): points at \(text)")
                #expect("\(error)".contains("postgres") || "\(error)".contains("SQL back end"), "\(error)")
            }
        }
    }

    @Test func resultRowsReadBackAsValues() throws {
        let engine = Engine(graph: try SQLLoweringTests.seed())
        let sql = try engine.sql("claims select id, qty, date, source, source.country as c", dialect: .postgres)
        let r = try sql.result(rows: [["x1", "1e+06", "2024-02-27", "shin", "Shin Won-sik", "kr\u{1E}South Korea"],
                                      ["x2", nil, nil, nil, nil, "a\u{1E}A\u{1F}b\u{1E}B"]])
        #expect(r.rows[0].values == [.string("x1"), .number(1_000_000), .date(Day(iso: "2024-02-27")!),
                                     .entity(id: "shin", name: "Shin Won-sik"), .entity(id: "kr", name: "South Korea")])
        #expect(r.rows[1].values == [.string("x2"), .null, .null, .null, .list([.entity(id: "a", name: "A"), .entity(id: "b", name: "B")])])
        #expect(throws: ClaimQLError.self) { try sql.result(rows: [["only one"]]) }
        #expect(throws: ClaimQLError.self) { try sql.result(rows: [["x", "many", nil, nil, nil, nil]]) }
    }

    @Test func exportWritesEveryTableInItsFormat() throws {
        let g = try SQLLoweringTests.seed()
        let dir = NSTemporaryDirectory() + "claimql-export-\(UUID())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try g.exportSQL(dialect: .postgres, to: dir + "/pg")
        try g.exportSQL(dialect: .spark, to: dir + "/spark")
        let claims = try String(contentsOfFile: dir + "/pg/claims.csv", encoding: .utf8)
        #expect(claims.split(separator: "\n").count == g.counts.claims)
        let lines = try String(contentsOfFile: dir + "/spark/claims.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == g.counts.claims)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil) }
        let load = try String(contentsOfFile: dir + "/pg/load.sql", encoding: .utf8)
        for t in RelationalSchema.all { #expect(load.contains("\\copy \(t.name) FROM '\(t.name).csv'")) }
        let views = try String(contentsOfFile: dir + "/spark/views.sql", encoding: .utf8)
        #expect(views.components(separatedBy: "CREATE OR REPLACE TEMPORARY VIEW").count == RelationalSchema.all.count + 1)
        // COPY's text format escapes what would end a field or a row.
        #expect(SQLExport.copyTextLine([.text("a\tb\nc\\d"), .null, .integer(3)]) == "a\\tb\\nc\\\\d\t\\N\t3\n")
    }

    @Test func sqlCommandPrintsTheSQLOrPointsAtTheProblem() throws {
        let ok = try runClaimQL(["sql", "--dialect", "spark", "--data", "examples/seed.cq", "-e", "claims where qty > $n limit 2"])
        #expect(ok.status == 0 && ok.stdout.contains(":p1") && ok.stdout.contains("-- :p1: $n"), "\(ok.stderr)")
        let bad = try runClaimQL(["sql", "--data", "examples/seed.cq", "-e", "claims where qty > 1 evidence"])
        #expect(bad.status == 65 && bad.stderr.contains("^~~~~~~~") && bad.stderr.contains("postgres"), "\(bad.stderr)")
    }
}
