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

struct IntervalTests {
    func iv(_ q: Double, _ qual: Qualifier?, hi: Double = .nan) -> Interval {
        Interval.of(qty: q, qtyHi: hi, qualifier: qual, tolerance: 0.1)!
    }

    @Test func boundsFollowTheWords() {
        #expect(iv(3e6, .more_than).holds(.certainly, .gt, 3e6))
        #expect(!iv(3e6, .at_least).holds(.certainly, .gt, 3e6))
        #expect(iv(3e6, .at_least).holds(.certainly, .ge, 3e6))
        #expect(iv(3e6, .at_least).holds(.possibly, .gt, 3e6))
        #expect(iv(4.8e6, .up_to).holds(.possibly, .gt, 3e6))
        #expect(!iv(4.8e6, .up_to).holds(.certainly, .gt, 3e6))
        #expect(!iv(100, .less_than).holds(.possibly, .ge, 100))
        #expect(iv(100, .at_most).holds(.possibly, .ge, 100))
        #expect(iv(100, .at_most).holds(.certainly, .ge, 0))
        #expect(iv(1000, .exact).holds(.certainly, .eq, 1000))
        #expect(!iv(1000, .approx).holds(.certainly, .eq, 1000))
        #expect(iv(1000, .approx).holds(.possibly, .eq, 1099))
        #expect(!iv(1000, .approx).holds(.possibly, .eq, 1101))
        #expect(iv(2, .range, hi: 5).between(.certainly, 1, 5))
        #expect(!iv(2, .range, hi: 5).between(.certainly, 3, 9))
        #expect(iv(2, .range, hi: 5).between(.possibly, 5, 9))
        #expect(!iv(2, .range, hi: 5).between(.possibly, 6, 9))
        #expect(Interval.of(qty: .nan, qtyHi: .nan, qualifier: .exact, tolerance: 0.1) == nil)
    }

    /// `certainly` implies `possibly`, for every qualifier and comparison.
    @Test func certainlyImpliesPossibly() {
        let figures: [Double] = [0, 1, 1000, 3e6]
        for q in figures {
            for qual in Qualifier.allCases + [nil] {
                let i = iv(q, qual, hi: q * 2)
                for op in [CompareOp.gt, .ge, .lt, .le, .eq, .ne] {
                    for c in figures + [q * 0.95, q * 1.05, -1] where i.holds(.certainly, op, c) {
                        #expect(i.holds(.possibly, op, c), "\(qual?.rawValue ?? "none") \(q) \(op) \(c)")
                    }
                }
            }
        }
    }
}
