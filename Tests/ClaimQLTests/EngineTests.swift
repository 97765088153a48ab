import Testing
@testable import ClaimQL

struct EngineTests {
    /// The word-at-a-time search agrees with lowercased `contains` on random text:
    /// needles at either end, across word boundaries, in any case, with digits and spaces.
    @Test func textSearchAgreesWithContains() {
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let alphabet = Array("abcRrEeportedlyY 19,-.xqZ")
        for _ in 0..<3000 {
            let hay = String((0..<next(40)).map { _ in alphabet[next(alphabet.count)] })
            let needle = String((0..<(1 + next(5))).map { _ in alphabet[next(alphabet.count)] })
            let expected = hay.lowercased().contains(needle.lowercased())
            #expect(TextSearch(needle).found(in: hay) == expected, "\"\(needle)\" in \"\(hay)\"")
        }
        #expect(TextSearch("reportedly").found(in: "It was REPORTEDLY shipped"))
        #expect(!TextSearch("reportedly").found(in: "reported"))
        #expect(TextSearch("né").found(in: "NÉGOCIATION"))
    }

    /// Plans that start from an index or from entities give the rows a full scan gives.
    @Test func plansAgreeWithScans() throws {
        let g = try seedGraph()
        let pairs = [
            (#"claims where source.country = "South Korea" or source.affiliation = "KEI""#,
             #"claims where qty = qty or qty is null where source.country = "South Korea" or source.affiliation = "KEI""#),
            (#"claims where predicate = "shipped" and date >= 2024-01-01"#,
             #"claims where true where predicate = "shipped" and date >= 2024-01-01"#),
            (#"claims where unit in ["shells", "rounds"]"#, #"claims where true where unit in ["shells", "rounds"]"#),
            (#"claims where not (source.country = "South Korea")"#, #"claims where true where not (source.country = "South Korea")"#),
        ]
        for (planned, scanned) in pairs {
            let a = try results(planned, graph: g)[0], b = try results(scanned, graph: g)[0]
            #expect(ids(a) == ids(b), "\(planned)")
            #expect(a.count > 0, "\(planned)")
        }
    }
}
