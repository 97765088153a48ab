import ClaimQL

/// The code of README.md's "Embedding" section, compiled here. Between the markers it is
/// the README's block line for line (DocsTests checks that, ignoring indentation), so the
/// README cannot show code that does not build. `print` is captured for the test.
func readmeEmbeddingExample() throws -> [String] {
    var printed: [String] = []
    func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
    // BEGIN README
    // 1. A graph, loaded from a file and from Swift values.
    let graph = ClaimGraph()
    try graph.load(path: "examples/seed.cq")
    try graph.add(claims: [ClaimRecord(id: "desk1", subject: "north_korea", predicate: "shipped",
                                       qty: 2_000_000, unit: "shells", qualifier: "approx")])

    // 2. An engine with limits for untrusted queries, and a host function.
    var engine = Engine(graph: graph, limits: Limits(maxRows: 10_000, timeout: .seconds(2)))
    try engine.register(function: "millions", arity: 1...1) { args in
        guard case .number(let n) = args[0] else { return .null }
        return .number(n / 1_000_000)
    }

    // 3. Prepare once; run with bound parameters; read typed rows.
    struct Figure: Decodable { let id: String; let source: String?; let m: Double }
    let query = try engine.prepare("""
        claims where unit = $unit and qty >= $min
          select id, source, millions(qty) as m order by m desc, id
        """)
    for figure in try query.run(["unit": "shells", "min": 2_000_000]).decode(Figure.self) {
        print(figure.id, figure.source ?? "unattributed", figure.m)
    }

    // 4. Errors carry positions and render as the command line renders them.
    do {
        _ = try engine.prepare(#"claims where sorce = "Shin""#)
    } catch {
        print(error.rendered())
    }
    // END README
    return printed
}
