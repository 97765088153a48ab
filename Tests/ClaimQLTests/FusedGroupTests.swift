import Testing
@testable import ClaimQL

/// The fused group runs on two lanes above 4 chunks of rows (`Grouping.chunk`); its
/// answer must be the one-lane answer: the same groups in the same order (first
/// appearance), the same counts and extremes. Checked against a plain loop over the data.
struct FusedGroupTests {
    @Test func twoLanesGiveTheOneLaneAnswer() throws {
        let n = 4 * Grouping.chunk + 12_345
        var rng = SystemRandomNumberGenerator()
        var entities = ""
        for e in 0..<500 { entities += #"{"id": "e\#(e)", "name": "E\#(e)"}"# + "\n" }
        var claims = ""
        var sources: [Int?] = []
        var qtys: [Double?] = []
        // Late rows bring keys the first half never saw, so the merge must append them.
        for i in 0..<n {
            let source: Int? = Int.random(in: 0..<10, using: &rng) == 0 ? nil
                : i < n / 2 ? Int.random(in: 0..<400, using: &rng) : Int.random(in: 0..<500, using: &rng)
            let qty: Double? = Int.random(in: 0..<5, using: &rng) == 0 ? nil : Double(Int.random(in: 1...1_000_000, using: &rng))
            sources.append(source)
            qtys.append(qty)
            claims += #"{"id": "c\#(i)", "subject": "e0", "predicate": "p", "qty": \#(qty.map { "\(Int($0))" } ?? "null"), "unit": "u", "source": \#(source.map { "\"e\($0)\"" } ?? "null")}"# + "\n"
        }
        let g = ClaimGraph()
        try g.load(jsonLines: entities, kind: .entities)
        try g.load(jsonLines: claims, kind: .claims)
        let query = "claims where source is not null group by source select source, count() as n, max(qty) as hi, min(qty) as lo"
        #expect(try Engine(graph: g).prepare(query).explain().contains("one pass over the source column"))
        let result = try Engine(graph: g).prepare(query).run()

        var order: [Int] = []
        var count: [Int: Int] = [:], hi: [Int: Double] = [:], lo: [Int: Double] = [:]
        for (s, q) in zip(sources, qtys) {
            guard let s else { continue }
            if count[s] == nil { order.append(s) }
            count[s, default: 0] += 1
            if let q { hi[s] = max(hi[s] ?? -.infinity, q); lo[s] = min(lo[s] ?? .infinity, q) }
        }
        #expect(result.count == order.count)
        for (row, s) in order.enumerated() {
            #expect(result[row][0] == .entity(id: "e\(s)", name: "E\(s)"))
            #expect(result[row][1] == .number(Double(count[s]!)))
            #expect(result[row][2] == (hi[s].map(Value.number) ?? .null))
            #expect(result[row][3] == (lo[s].map(Value.number) ?? .null))
        }
    }

    /// `group by ... order by <a count> ... limit n` drops the groups that cannot make the
    /// first n before making rows (`Grouping.CountTop`): the answer must be the first n rows
    /// of the same query without the limit, ties on the count included, both directions,
    /// with and without `select`, with a missing key's group, with `count()` and `count(qty)`.
    @Test func countTopKeepsTheFirstRowsOfTheFullOrder() throws {
        var rng = SystemRandomNumberGenerator()
        var entities = ""
        for e in 0..<60 { entities += #"{"id": "e\#(e)", "name": "E\#(e % 7)"}"# + "\n" }
        var claims = ""
        for i in 0..<3000 {
            // Few claims per source, so counts tie often.
            let source = Int.random(in: 0..<12, using: &rng) == 0 ? "null" : "\"e\(Int.random(in: 0..<60, using: &rng))\""
            let qty = Int.random(in: 0..<3, using: &rng) == 0 ? "null" : "\(Int.random(in: 1...99, using: &rng))"
            claims += #"{"id": "c\#(i)", "subject": "e0", "predicate": "p", "qty": \#(qty), "unit": "u", "source": \#(source)}"# + "\n"
        }
        let g = ClaimGraph()
        try g.load(jsonLines: entities, kind: .entities)
        try g.load(jsonLines: claims, kind: .claims)
        let engine = Engine(graph: g)
        let shapes = [
            "claims where source is not null group by source select source, count() as n, max(qty) as hi order by n desc, source.id",
            "claims group by source select source, count() as n order by n, source.id",
            "claims group by source select count(qty) as m, source order by m desc, source.name, source.id",
            "claims where source is not null group by source order by count desc, source.id",
        ]
        for shape in shapes {
            let full = try engine.prepare(shape).run()
            for n in [0, 1, 2, 5, 13, 59, 100] {
                let query = shape + " limit \(n)"
                let limited = try engine.prepare(query).run()
                #expect(limited.rows.map(\.values) == full.rows.prefix(n).map(\.values), "\(query)")
                if n < full.count {
                    #expect(try engine.prepare(query).explain().contains("pruned to the top \(n) counts"), "\(query)")
                }
            }
        }
    }
}
