import Benchmark
import ClaimQL
import Foundation

/// A synthetic graph of `n` claims built from Swift values (no files needed), shaped like
/// the peer benchmark's data: a few hundred sources, twenty predicates, log-spread figures.
func syntheticGraph(claims n: Int) -> ClaimGraph {
    let graph = ClaimGraph()
    let predicates = ["shipped", "delivered", "estimated", "received", "launched", "signed"]
    let entities = (0..<max(10, n / 50)).map {
        EntityRecord(id: "E\($0)", name: "Entity \($0)", kind: $0 % 3 == 0 ? "country" : "person",
                     aliases: ["Alias\($0 % 97)"], edges: $0 % 3 == 0 ? [:] : ["country": ["E\(($0 / 3) * 3)"]])
    }
    var claims: [ClaimRecord] = []
    claims.reserveCapacity(n)
    for i in 0..<n {
        claims.append(ClaimRecord(
            id: "C\(i)", subject: "E\(i % entities.count)", predicate: predicates[i % predicates.count],
            qty: pow(10, Double(i % 80) / 10), unit: "shells", qualifier: "approx",
            date: Day(daysSinceEpoch: Int32(10_000 + i % 9000)), source: "E\((i * 7) % entities.count)",
            quote: "Entity \(i % 100) said it was reportedly \(i) shells"))
    }
    try! graph.add(entities: entities, claims: claims)
    return graph
}

let script: String = {
    let lines = [
        #"claims where source = "Alias12" and qty > 1M select id, qty, unit, date order by date desc limit 10"#,
        #"claims where source.country = "Entity 3" or quote contains "reportedly" group by source select source, count() as n"#,
        #"let big = claims where qty between 1k and 5M and predicate in ["shipped", "delivered"]"#,
        #"count big where date >= 2024-01-01 and not (unit = "rounds")"#,
    ]
    return Array(repeating: lines.joined(separator: "\n"), count: 2500).joined(separator: "\n")
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .throughput], maxDuration: .seconds(2))

    // Lexer and parser throughput: a script of 10,000 statements (~1.3 MB) parsed and
    // checked as a session would. bytes/s = scaledIterations * script size / time.
    Benchmark("parse 1.3 MB script", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Session.isIncomplete(script))
        }
    }

    Benchmark("load 100k claims from Swift values") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(syntheticGraph(claims: 100_000)) }
    }

    // JSON Lines (the fast path, and the claims lane once the file is two windows or
    // more: 100k claims are ~20 MB): the synthetic graph exported, then loaded again.
    let jsonl = NSTemporaryDirectory() + "claimql-micro-jsonl-\(getpid())"
    try? FileManager.default.createDirectory(atPath: jsonl, withIntermediateDirectories: true)
    try? syntheticGraph(claims: 100_000).exportJSONL(to: jsonl)
    Benchmark("load 100k claims from JSON Lines", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            let g = ClaimGraph()
            try g.load(path: jsonl)
            blackHole(g)
        }
    }

    let graph = syntheticGraph(claims: 200_000)
    let engine = Engine(graph: graph)
    let shapes: [(String, String)] = [
        ("Q1 source = name", #"claims where source = "Alias12""#),
        ("Q2 source and qty", #"claims where source = "Alias12" and qty > 1M"#),
        ("Q3 qty range", "claims where qty between 1M and 5M"),
        ("Q4 group count max", "claims group by source select source, count() as n, max(qty) as top order by n desc, source.id limit 10"),
        ("Q5 two hops", #"claims where source.country = "E3" or source.country = "E6""#),
        ("Q6 text contains", #"claims where quote contains "reportedly 17""#),
        ("Q7 predicate and dates", #"claims where predicate = "shipped" and date between 2000-01-01 and 2000-12-31"#),
        ("Q8 claim by id", #"claims where id = "C100000""#),
    ]
    for (name, text) in shapes {
        Benchmark("query \(name)") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try engine.prepare(text).run()) }
        }
    }

    // Pair forms (no peer has them): counted without making pairs, made up to a limit, and
    // streamed through a filter into a limit, on a 50k-claim graph whose duplicate claims
    // (computed once per graph, by its first pair query) are computed before measuring.
    let pairGraph = Engine(graph: syntheticGraph(claims: 50_000))
    _ = try? pairGraph.prepare("count timeline").run()
    let pairs: [(String, String)] = [
        ("count conflicts", "count conflicts"),
        ("count revisions", "count revisions"),
        ("count timeline", "count timeline"),
        ("conflicts limit 10", "conflicts limit 10"),
        ("conflicts streamed through where", #"conflicts select a, b, kind where kind = "within a source" limit 10"#),
    ]
    for (name, text) in pairs {
        Benchmark("pairs \(name)", configuration: .init(scalingFactor: .one)) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try pairGraph.prepare(text).run()) }
        }
    }

    // A snapshot of the 200k-claim graph, opened (mapped, checked) again and again.
    let snapshot = NSTemporaryDirectory() + "claimql-micro-\(getpid()).claimdb"
    try? graph.save(to: snapshot)
    Benchmark("open a 200k-claim snapshot", configuration: .init(scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try ClaimGraph(snapshot: snapshot)) }
    }
}
