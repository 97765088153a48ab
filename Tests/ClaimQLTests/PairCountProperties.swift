import Foundation
import PropertyBased
import Testing
@testable import ClaimQL

/// `count conflicts`, `count revisions` and `count timeline` count without making the
/// pairs (sorts and binary searches, counting by key): on random graphs the counts equal
/// the number of rows the pair sources make, and the intervals' counting agrees with the
/// pairwise test it replaces.
struct PairCountProperties {
    @Test func countsEqualTheRowsMade() async {
        await propertyCheck(count: 150, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            let engine = Engine(graph: g)
            for source in ["conflicts", "revisions", "timeline", "conflicts where unit = \"shells\"",
                           "revisions where qty > 1000", "timeline where date >= 2024-01-01"] {
                do {
                    let counted = try engine.prepare("count \(source)").run()
                    let made = try engine.prepare(source).run()
                    guard case .number(let n) = counted.value(row: 0, column: 0) else {
                        Issue.record("count \(source) gave no number")
                        continue
                    }
                    #expect(Int(n) == made.count, "count \(source)\n\(world.declarations)")
                } catch {
                    Issue.record("\(source): \(error)")
                }
            }
        }
    }

    /// A graph with many pairs of every kind (the property's worlds may have few).
    @Test func countsOnABusyTopic() throws {
        var text = "entity nk: country \"North Korea\"\nentity a: person \"A\"\nentity b: person \"B\"\n"
        let qualifiers = ["exact", "approx", "at_least", "up_to", "more_than", "at_most"]
        for i in 0..<120 {
            let qty = [1000, 6700, 10_000, 3_000_000, 1000][i % 5]
            text += "claim c\(i): nk shipped \"containers\" { qty: \(qty), unit: \"containers\", qualifier: \(qualifiers[i % 6]), "
                + "source: \(i % 3 == 0 ? "a" : "b"), date: 2024-0\(1 + i % 9)-1\(i % 7) }\n"
        }
        let g = ClaimGraph()
        try g.load(source: text)
        let engine = Engine(graph: g)
        for source in ["conflicts", "revisions", "timeline"] {
            let counted = try engine.prepare("count \(source)").run().value(row: 0, column: 0)
            let made = try engine.prepare(source).run().count
            #expect(made > 100, "\(source)")
            #expect(counted == .number(Double(made)), "\(source)")
        }
    }

    /// Pairs streamed through row-by-row clauses into a `limit` (made in growing prefixes)
    /// give the first rows of the same query without the limit, on a topic with many
    /// pairs (so the prefixes grow several times) and on random graphs.
    @Test func streamedPairsAreTheFirstRows() async throws {
        func check(_ engine: Engine, _ context: String) throws {
            for (query, n) in [("conflicts select a, b, kind, why where kind = \"between sources\"", 3),
                               ("conflicts select a, b, a_source where a_source is not null", 70),
                               ("revisions select a, b, why, a_figure, b_figure where b_figure != a_figure", 5),
                               ("timeline select subject, unit, latest where latest", 2),
                               ("conflicts select a, b where a = b", 1)] {
                let whole = try engine.prepare(query).run()
                let plan = try engine.prepare(query + " limit \(n)")
                #expect(try plan.explain().contains("streamed"), "\(query)")
                let limited = try plan.run()
                let lines = { (r: ResultSet) in ResultPrinter(format: .csv).render(r).split(whereSeparator: \.isNewline) }
                let expected = Array(lines(whole).prefix(n + 1))
                #expect(lines(limited) == expected, "\(query) limit \(n) (of \(whole.count))\n\(context.prefix(2000))")
            }
        }
        var text = "entity nk: country \"North Korea\"\nentity a: person \"A\"\nentity b: person \"B\"\n"
        for i in 0..<200 {
            let qty = [1000, 6700, 10_000, 3_000_000, 1000][i % 5]
            text += "claim c\(i): nk shipped \"containers\" { qty: \(qty), unit: \"containers\", source: \(i % 3 == 0 ? "a" : "b"), date: 2024-0\(1 + i % 9)-1\(i % 7) }\n"
        }
        let busy = ClaimGraph()
        try busy.load(source: text)
        try check(Engine(graph: busy), "busy topic")
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            do { try check(Engine(graph: g), world.declarations) } catch { Issue.record("\(error)") }
        }
    }

    @Test func disjointPairsAgreeWithThePairwiseTest() async {
        let qualifiers: [Qualifier?] = [nil, .exact, .approx, .at_least, .at_most, .more_than, .less_than, .up_to, .range]
        let gen = Generator<[Interval], Shrink.None<[Interval]>> { rng in
            (0..<Int.random(in: 0...14, using: &rng)).map { _ in
                // Few distinct figures, so equal ends (open and closed) meet often.
                let figures: [Double] = [0, 1, 5, 10, 10, 100], widths: [Double] = [0, 5, 90], tolerances: [Double] = [0, 0.1]
                let q: Double = figures.randomElement(using: &rng)!
                let qualifier: Qualifier? = qualifiers.randomElement(using: &rng)!
                let hi: Double = qualifier == .range ? q + widths.randomElement(using: &rng)! : Double.nan
                let tolerance: Double = tolerances.randomElement(using: &rng)!
                return Interval.of(qty: q, qtyHi: hi, qualifier: qualifier, tolerance: tolerance)!
            }
        }
        await propertyCheck(count: 500, input: gen) { intervals in
            var pairwise = 0
            for x in intervals.indices { for y in intervals.indices where x < y && Pairs.disjoint(intervals[x], intervals[y]) { pairwise += 1 } }
            #expect(Pairs.disjointPairs(intervals) == pairwise, "\(intervals)")
        }
    }

    /// `conflicts limit N` (and revisions, timeline) stops making pairs at N: the same
    /// rows as the first N of the whole, and a row limit below the whole is no longer hit.
    @Test func pairsStopAtALimitRightAfter() async throws {
        func compare(_ g: ClaimGraph) throws {
            let e = Engine(graph: g)
            for kind in ["conflicts", "revisions", "timeline"] {
                let all = try e.prepare(kind).run()
                for n in [0, 1, 3] {
                    let some = try e.prepare("\(kind) limit \(n)").run()
                    #expect(some.rows.map(\.values) == Array(all.rows.prefix(n)).map(\.values), "\(kind) limit \(n)")
                }
            }
        }
        let seed = try seedGraph()
        try compare(seed)
        #expect(try Engine(graph: seed).prepare("conflicts limit 2").explain().contains("stops after 2"))
        let all = try Engine(graph: seed).prepare("count conflicts").run()
        let whole = Int(all.value(row: 0, column: 0).description)!
        #expect(whole > 2)
        var tight = Engine(graph: seed)
        tight.limits.maxRows = 2
        #expect(try tight.prepare("conflicts limit 2").run().count == 2)
        #expect(throws: ClaimQLError.self) { try tight.prepare("conflicts").run() }
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            do { try compare(g) } catch { Issue.record("\(error)") }
        }
    }
}

/// Whole-list filters (`BulkFilters`) keep exactly the rows the row-by-row test keeps.
struct BulkFilterTests {
    @Test func bulkAndRowByRowAgree() async {
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            let engine = Engine(graph: g)
            for field in ["source", "subject", "doc"] {
                for test in ["is null", "is not null"] {
                    do {
                        let bulk = try engine.prepare("claims where \(field) \(test) select id").run()
                        // `or false` is not a form the bulk filters take: row by row.
                        let rowByRow = try engine.prepare("claims where \(field) \(test) or false select id").run()
                        #expect(ids(bulk) == ids(rowByRow), "\(field) \(test)")
                    } catch { Issue.record("\(error)") }
                }
            }
        }
        // A figure's range, bounds open and closed, on either figure column, missing
        // figures included; and the plain test as a reference (a third condition that is
        // always true keeps the conjunction off the bulk path).
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            let engine = Engine(graph: g)
            for field in ["qty", "qty_hi"] {
                for range in ["between 100 and 10k", "> 100 and \(field) < 10k", ">= 1000 and \(field) <= 1000",
                              "> 5 and \(field) <= 1M", ">= -1 and \(field) < 1e300", "> 1.7e308 and \(field) < 1.79e308", "> -1.79e308 and \(field) < -1.7e308"] {
                    do {
                        let bulk = try engine.prepare("claims where \(field) \(range) select id").run()
                        let rowByRow = try engine.prepare("claims where (\(field) \(range)) and (true or false) select id").run()
                        #expect(ids(bulk) == ids(rowByRow), "\(field) \(range)")
                    } catch { Issue.record("\(field) \(range): \(error)") }
                }
            }
        }
        let g = try! seedGraph()
        let engine = Engine(graph: g)
        let some = try! engine.prepare("count claims where source is null").run()
        #expect(some.value(row: 0, column: 0) != .number(0), "the seed has figures in a document's own voice")
    }

    /// Quotes searched as one buffer: matches inside a quote only, any case, after other
    /// filters (rows not consecutive) too, with missing quotes left out.
    @Test func quoteSearchAgrees() async throws {
        let words = ["ab", "cd", "AB", "Reportedly", "reported", "x", "abc", "", "bca", "é"]
        let gen = Generator<[String?], Shrink.None<[String?]>> { rng in
            (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                Bool.random(using: &rng) && Bool.random(using: &rng) ? nil
                    : (0..<Int.random(in: 0...3, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined()
            }
        }
        await propertyCheck(count: 200, input: gen) { quotes in
            var text = "entity s: person \"S\"\n"
            for (i, q) in quotes.enumerated() {
                text += "claim c\(i): s said \"x\" { qty: \(i)" + (q.map { ", quote: \"\($0)\"" } ?? "") + " }\n"
            }
            let g = ClaimGraph()
            do { try g.load(source: text) } catch { Issue.record("\(error)"); return }
            let engine = Engine(graph: g)
            for needle in ["ab", "bc", "Reported", "ABC", "dab", "x", "cdab"] {
                for prefix in ["", "where qty > 3 "] {
                    do {
                        let bulk = try engine.prepare("claims \(prefix)where quote contains \"\(needle)\" select id").run()
                        let rowByRow = try engine.prepare("claims \(prefix)where quote contains \"\(needle)\" or false select id").run()
                        #expect(ids(bulk) == ids(rowByRow), "\(prefix)\(needle) in \(quotes)")
                    } catch { Issue.record("\(error)") }
                }
            }
        }
    }

    /// `where K is not null group by K` with a one-pass group folds the filter into the
    /// group; the rows are the same as without the fold.
    @Test func foldedNotNullBeforeGroupAgrees() async throws {
        let seed = try seedGraph()
        let query = "claims where source is not null group by source select source, count() as n, max(qty) as m order by n desc, source.id"
        let plain = "claims where source is not null or false group by source select source, count() as n, max(qty) as m order by n desc, source.id"
        let engine = Engine(graph: seed)
        let printer = ResultPrinter(format: .json)
        #expect(printer.render(try engine.prepare(query).run()) == printer.render(try engine.prepare(plain).run()))
        #expect(try engine.prepare(query).explain().contains("folded into the group"))
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            let e = Engine(graph: g)
            do {
                #expect(printer.render(try e.prepare(query).run()) == printer.render(try e.prepare(plain).run()))
            } catch { Issue.record("\(error)") }
        }
    }

    /// The one-pass group (key: a reference column; counts and numbers over qty) gives the
    /// aggregates the general hash group gives (key: a path, so not fused).
    @Test func fusedGroupAgreesWithHashGroup() async throws {
        let aggregates = "count() as n, max(qty) as hi, min(qty) as lo, sum(qty) as s, avg(qty) as a, count(qty) as c, max(qty_hi) as h"
        func compare(_ g: ClaimGraph) throws {
            let e = Engine(graph: g)
            let fused = try e.prepare("claims group by source select \(aggregates) order by n desc, hi desc, lo, s").run()
            let hash = try e.prepare("claims group by source.id select \(aggregates) order by n desc, hi desc, lo, s").run()
            let printer = ResultPrinter(format: .json)
            #expect(printer.render(fused) == printer.render(hash))
            #expect(try e.prepare("claims group by source select count()").explain().contains("one pass"))
        }
        try compare(try seedGraph())
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let g = EngineProperties.load(world) else { return }
            do { try compare(g) } catch { Issue.record("\(error)") }
        }
    }

    /// A needle beyond ASCII folds case like the strings do (quotes are read as bytes, and
    /// byte matching folds ASCII letters only).
    @Test func nonASCIIQuoteSearchFoldsCase() throws {
        let g = ClaimGraph()
        try g.load(source: """
            entity s: person "S"
            claim c: s said "x" { qty: 1, quote: "Ёлка стоит" }
            claim d: s said "x" { qty: 2, quote: "ЁЛКА" }
            """)
        let e = Engine(graph: g)
        #expect(ids(try e.prepare("claims where quote contains \"ёЛКА\" select id order by id").run()) == ["c", "d"])
        #expect(ids(try e.prepare("claims where quote contains \"ёлка\" or false select id order by id").run()) == ["c", "d"])
    }
}
