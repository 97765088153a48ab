#if SQLEngines
import ClaimQLPostgres
import Foundation
import PropertyBased
import Testing
@testable import ClaimQL

/// The SQL back end gives the rows the in-memory engine gives: random graphs (aliases,
/// missing values, ranges, repeated statements, relations between entities, documents)
/// pushed into a real PostgreSQL 15, random queries over them (conditions from the
/// engine's property generator, paths, groups, sorts, slices, `distinct`, `latest by`),
/// the same rows in the same order from both.
@Suite(.serialized) struct SQLDifferentialTests {
    /// A graph and queries over it.
    struct Case: Sendable {
        let declarations: String
        let queries: [String]
    }

    static let countries = [("c0", "South Korea", ["ROK", "Korea, South"]), ("c1", "United States", ["US", "USA"]),
                            ("c2", "North Korea", ["DPRK", "Pyongyang"])]

    static let gen = Generator<Case, Shrink.None<Case>> { rng in
        let world = RefGen.world.run(using: &rng)
        var lines: [String] = []
        for (id, name, aliases) in countries {
            lines.append("entity \(id): country \"\(name)\" { aliases: [\(aliases.map { "\"\($0)\"" }.joined(separator: ", "))] }")
        }
        for (k, e) in world.entities.enumerated() {
            var fields: [String] = []
            if !e.aliases.isEmpty { fields.append("aliases: [" + e.aliases.map { "\"\($0)\"" }.joined(separator: ", ") + "]") }
            // The first always has one: a graph with no `country` edge has no such field.
            if k == 0 || RefGen.chance(0.8, &rng) { fields.append("country: c\(Int.random(in: 0..<3, using: &rng))") }
            lines.append("entity \(e.id): person \"\(e.name)\"" + (fields.isEmpty ? "" : " { " + fields.joined(separator: ", ") + " }"))
        }
        lines.append("document d0: \"First report\" { publisher: c0, published: 2024-01-05 }")
        lines.append("document d1: \"Second report\" { publisher: c1 }")
        let quotes = ["more than 1,000 containers", "roughly 6,700", "up to 4.8 million shells", "Ёлка and shells"]
        var claimLines: [String] = []
        for c in world.claims {
            var fields: [String] = []
            if let q = c.qty {
                fields.append("qty: \(Expr.number(q))")
                if RefGen.chance(0.1, &rng) { fields.append("qty_hi: \(Expr.number(q * 2 + 1)), qualifier: range") }
                else if let ql = c.qualifier { fields.append("qualifier: \(ql)") }
            }
            if let u = c.unit { fields.append("unit: \"\(u)\"") }
            if let d = c.date { fields.append("date: \(d)") }
            if let s = c.source { fields.append("source: \(world.entities[s].id)") }
            if RefGen.chance(0.5, &rng) { fields.append("doc: d\(Int.random(in: 0..<2, using: &rng))") }
            if RefGen.chance(0.5, &rng) { fields.append("quote: \"\(RefGen.pick(quotes, &rng))\"") }
            let subject = RefGen.chance(0.7, &rng) ? "c2" : "c\(Int.random(in: 0..<2, using: &rng))"
            let body = " said \"x\" { \(fields.joined(separator: ", ")) }"
            claimLines.append("claim \(c.id): \(subject)\(body)")
            // The same statement again under another id (for `distinct`).
            if RefGen.chance(0.15, &rng) { claimLines.append("claim \(c.id)_again: \(subject)\(body)") }
        }
        lines += claimLines
        var queries: [String] = []
        for _ in 0..<5 { queries.append(query(&rng, world.entities)) }
        return Case(declarations: lines.joined(separator: "\n") + "\n", queries: queries)
    }

    static func path(_ rng: inout RefGen.RNG) -> String {
        RefGen.pick([
            "source.country = \"ROK\"", "source.country = \"united states\"", "source.country != \"DPRK\"",
            "source.country.name contains \"korea\"", "source.country.aliases contains \"us\"", "subject = \"Pyongyang\"",
            "subject.aliases contains \"korea\"", "source.aliases contains \"shin\"", "source.country is null",
            "doc.publisher = \"ROK\"", "doc = \"d1\"", "doc in [\"d0\", \"nope\"]", "quote contains \"SHELLS\"",
            "quote contains \"ёлка\"", "quote is null", "possibly qty between 900 and 1100", "certainly qty not between 1 and 6700",
            "source in [\"Kirby\", \"Milley\"]", "source matches \"^Shin\"", "unit matches \"s$\"", "figure contains \"up to\"",
            "family = \"ammunition\"", "duplicate_of is not null", "qty_hi > qty", "date > 2024-01-01 + 30",
        ], &rng)
    }

    static func condition(_ rng: inout RefGen.RNG, _ entities: [RefEntity]) -> String {
        if RefGen.chance(0.3, &rng) { return path(&rng) }
        let c = RefGen.condition(2, &rng, entities).text
        return RefGen.chance(0.3, &rng) ? "(\(c)) and (\(path(&rng)))" : c
    }

    static func query(_ rng: inout RefGen.RNG, _ entities: [RefEntity]) -> String {
        let w = "claims where " + condition(&rng, entities)
        let key = RefGen.pick(["qty", "date", "source", "unit", "id", "subject", "doc", "qualifier"], &rng)
        let dir = RefGen.chance(0.5, &rng) ? " desc" : ""
        let pairs = RefGen.pick(["conflicts", "revisions", "timeline"], &rng)
        switch Int.random(in: 0..<17, using: &rng) {
        case 13: return pairs
        case 14: return "count \(pairs) where " + condition(&rng, entities)
        case 15: return pairs + " where " + condition(&rng, entities) + (pairs == "timeline"
            ? " select subject, source, date, figure, claim, supersedes, latest" : " select kind, a, a_source, b_figure, b_date, why limit 7")
        case 0: return w
        case 1: return w + " order by \(key)\(dir) limit \(Int.random(in: 0..<6, using: &rng))"
        case 2: return "count " + w
        case 3: return w + " group by source select source, count(), max(qty), min(date), sum(qty)"
        case 4: return w + " group by unit, qualifier select unit, qualifier, count(), avg(qty) order by count desc, unit"
        case 5: return w + " select id, qty * 2 + 1 as x, date + 3 as later, year(date), source, round(qty / 7), qty / 0, abs(0 - qty)"
        case 6: return w + " distinct"
        case 7: return w + " latest by source"
        case 8: return w + " order by \(key)\(dir) offset 2 limit 3"
        case 9: return RefGen.pick(["entities where country = \"South Korea\"", "entities where name contains \"kim\"",
                                    "entities where aliases contains \"sh\" order by name desc", "entities where country.name contains \"korea\"",
                                    "entities where country is null", "entities order by kind, name limit 4",
                                    "entities select name, aliases, country, country.aliases",
                                    "documents where publisher = \"ROK\"", "documents order by published desc"], &rng)
        case 10: return w + " group by doc.publisher select doc.publisher, count() order by count desc"
        case 11: return w + " select id, convert(qty, unit, \"rounds\") as r, figure, family, duplicate_of order by r desc"
        case 16: return w + " select id, source.country, source.aliases, source.country.aliases, subject.aliases, doc.publisher"
        default: return w + " select unit distinct"
        }
    }

    /// Runs each query in memory and on `runner` over the same graph: the same rows, in the
    /// same order, or a refusal (a located error naming the dialect). Returns how many were
    /// compared and how many refused.
    static func compare(_ queries: [String], _ graph: ClaimGraph, on runner: any SQLRunner,
                        declarations: String) -> (compared: Int, refused: Int) {
        let engine = Engine(graph: graph)
        var compared = 0, refused = 0
        for q in queries {
            let want: [[Value]], sql: SQLQuery
            do { want = values(try engine.prepare(q).run()) } catch {
                Issue.record("in memory: \(q): \(error)")
                continue
            }
            do { sql = try engine.sql(q, dialect: runner.dialect) } catch {
                let message = "\(error)"
                #expect(message.contains(runner.dialect.rawValue) || message.contains("SQL back end"), "\(q): \(message)")
                refused += 1
                continue
            }
            do {
                let got = values(try sql.result(rows: try runner.run(sql, try sql.bindings())))
                #expect(got == want, "\(q)\n\(sql.text)\n\(declarations)")
                compared += 1
            } catch {
                Issue.record("on \(runner.dialect.rawValue): \(q): \(error)\n\(sql.text)")
            }
        }
        return (compared, refused)
    }

    /// Every row of `result` as values.
    static func values(_ r: ResultSet) -> [[Value]] { r.rows.map(\.values) }

    @Test func postgresGivesTheRowsTheEngineGives() async throws {
        let (db, _) = try TestPostgres.freshDatabase()
        var compared = 0, refused = 0
        await propertyCheck(count: 120, input: SQLDifferentialTests.gen) { c in
            let graph = ClaimGraph()
            do { try graph.load(source: c.declarations, name: "<world>") } catch {
                Issue.record("world did not load: \(error)\n\(c.declarations)")
                return
            }
            do { try db.push(graph) } catch {
                Issue.record("push failed: \(error)")
                return
            }
            let (n, r) = SQLDifferentialTests.compare(c.queries, graph, on: db, declarations: c.declarations)
            compared += n
            refused += r
        }
        #expect(compared >= 500, "compared \(compared) queries, \(refused) refused")
        #expect(refused * 20 <= compared, "too many refusals: \(refused) of \(compared + refused)")
    }
}

/// The documented queries on the seed graph: README's `claimql` examples, the golden cases
/// that run on the seed data, and examples/questions.cq, each statement in memory and on
/// PostgreSQL. Those the SQL back end refuses (pairs, evidence) must be refused with a
/// located error; all others give the same rows.
@Suite(.serialized) struct SQLDocumentedQueriesTests {
    static func scripts() -> [(name: String, text: String)] {
        var out = DocsTests.readmeBlocks.filter { $0.tag == "claimql" }.map { ("README.md:\($0.line)", $0.code) }
        for c in GoldenTests.cases where c.path.hasSuffix(".cq") {
            let text = Repo.read(c.path)
            if !text.hasPrefix("-- args:") { out.append((c.path, text)) }
        }
        out.append(("examples/questions.cq", Repo.read("examples/questions.cq")))
        return out
    }

    @Test func documentedQueriesGiveTheSameRowsOnPostgres() throws {
        let (db, _) = try TestPostgres.freshDatabase()
        let graph = ClaimGraph()
        try graph.load(path: Repo.path("examples/seed.cq"))
        try db.push(graph)
        let (compared, refused) = SQLDocumentedQueriesTests.compare(graph, on: db)
        print("documented queries on PostgreSQL: \(compared) gave the same rows, \(refused.count) refused: \(refused)")
        #expect(compared >= 100, "compared \(compared); refused: \(refused)")
    }

    /// Runs every documented statement in memory and on `runner` (over the same graph),
    /// statement by statement so one refused query hides no other; `let`s carry over
    /// because both sessions run every statement in order.
    static func compare(_ graph: ClaimGraph, on runner: any SQLRunner) -> (compared: Int, refused: [String]) {
        var compared = 0, refused: [String] = []
        for (name, text) in scripts() {
            let parsed = Parser.parse(SourceFile(name: name, text: text))
            guard parsed.diagnostics.isEmpty else { continue }
            let memory = Engine(graph: graph).makeSession(), sql = Engine(graph: graph).makeSession()
            for s in parsed.script.statements where !s.isData {
                let piece = String(decoding: SourceFile(name: name, text: text).bytes[s.range.start..<s.range.end], as: UTF8.self)
                var want: [[[Value]]] = [], got: [[[Value]]] = []
                do { try memory.run(piece, name: name) { want.append(SQLDifferentialTests.values($0)) } } catch { continue }
                do {
                    try sql.run(piece, name: name, on: runner) { got.append(SQLDifferentialTests.values($0)) }
                } catch {
                    let message = "\(error)"
                    #expect(message.contains("\(runner.dialect.rawValue) back end") || message.contains("SQL back end"),
                            "\(name): \(piece): \(message)")
                    refused.append(piece)
                    continue
                }
                if case .query(let q) = s, q.explain != nil { continue }   // explain shows the SQL there
                #expect(got == want, "\(name): \(piece)")
                compared += 1
            }
        }
        return (compared, refused)
    }
}
#endif
