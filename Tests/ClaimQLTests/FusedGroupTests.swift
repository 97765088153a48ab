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
}
