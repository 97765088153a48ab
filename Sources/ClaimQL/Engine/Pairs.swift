/// `conflicts` and `revisions`: pairs of claims about the same thing.
///
/// Claims are about the same thing when they have the same subject, the same unit and a
/// predicate of the same family (`shipped`, `delivered`, `provided`, `sent`, `supplied`,
/// `transferred`, `exported` are one family, "transfer"; any other predicate is its own).
/// - A **conflict** is such a pair whose intervals (see `Interval`) cannot both hold:
///   "about 6,700" and "10,000" containers. Consistent figures ("at least 3 million" and
///   "up to 4.8 million") are not conflicts. `kind` says whether the two come from
///   different sources or from one source (a source contradicting itself).
/// - A **revision** is a later claim by the same source about the same thing with a
///   different figure: the later one supersedes the earlier.
/// Pairs are formed within each group of claims about the same thing (quadratic in the
/// size of a group, which is small in practice: one subject, one unit).
enum Pairs {
    static let families: [String: String] = [
        "shipped": "transfer", "delivered": "transfer", "provided": "transfer", "sent": "transfer",
        "supplied": "transfer", "transferred": "transfer", "exported": "transfer",
    ]

    static let columns: [(name: String, type: VType)] = [
        ("kind", .string), ("subject", .entity), ("unit", .string),
        ("a", .claim), ("a_source", .entity), ("a_figure", .string), ("a_date", .date),
        ("b", .claim), ("b_source", .entity), ("b_figure", .string), ("b_date", .date),
        ("why", .string),
    ]

    private struct Topic: Hashable {
        let subject: Int32
        let unit: Int32
        let family: String
    }

    static func pair(_ s: inout Stream, _ f: Frame, _ kind: PairKind, _ g: FactGraph, _ tolerance: Double,
                     _ range: SourceRange) throws {
        guard case .nodes(let rows) = s else { return }
        let c = g.claims
        var topics: [Topic: [Int32]] = [:]
        var order: [Topic] = []
        for r in rows {
            let i = Int(r)
            guard c.subjects[i] >= 0, c.units[i] >= 0, !c.qty[i].isNaN else { continue }
            let predicate = g.string(c.predicates[i]) ?? ""
            let topic = Topic(subject: c.subjects[i], unit: c.units[i], family: families[predicate] ?? predicate)
            if topics[topic] == nil { order.append(topic) }
            topics[topic, default: []].append(r)
        }
        func interval(_ r: Int32) -> Interval {
            Interval.of(qty: c.qty[Int(r)], qtyHi: c.qtyHi[Int(r)], qualifier: Qualifier(code: c.qualifiers[Int(r)]),
                        tolerance: tolerance)!
        }
        func entity(_ e: Int32) -> Cell { e < 0 ? .null : .entity(e) }
        func date(_ d: Int32) -> Cell { d == ClaimTable.missingDate ? .null : .date(d) }
        var out: [[Cell]] = []
        var work = 0
        for topic in order {
            let members = topics[topic]!
            let unit = g.pool[topic.unit]
            for x in 0..<members.count {
                for y in (x + 1)..<max(x + 1, members.count) {
                    work += 1
                    if work & 0xFFF == 0 { try f.check(range) }
                    var a = members[x], b = members[y]
                    let ia = interval(a), ib = interval(b)
                    let sameSource = c.sources[Int(a)] >= 0 && c.sources[Int(a)] == c.sources[Int(b)]
                    let why: String
                    let label: String
                    switch kind {
                    case .conflicts:
                        guard disjoint(ia, ib) else { continue }
                        label = sameSource ? "within a source" : "between sources"
                        why = "\(figure(g, a)) and \(figure(g, b)) \(unit) cannot both hold"
                    case .revisions:
                        let da = c.dates[Int(a)], db = c.dates[Int(b)]
                        guard sameSource, da != ClaimTable.missingDate, db != ClaimTable.missingDate, da != db,
                              ia != ib else { continue }
                        if db < da { swap(&a, &b) }
                        label = disjoint(ia, ib) ? "revision (contradicts the earlier figure)" : "revision"
                        let who = g.entities.names[Int(c.sources[Int(a)])]
                        why = "\(who) went from \(figure(g, a)) (\(Day(daysSinceEpoch: c.dates[Int(a)]))) to \(figure(g, b)) (\(Day(daysSinceEpoch: c.dates[Int(b)]))) \(unit)"
                    }
                    out.append([.string(label), .entity(topic.subject), .string(unit),
                                .claim(a), entity(c.sources[Int(a)]), .string(figure(g, a)), date(c.dates[Int(a)]),
                                .claim(b), entity(c.sources[Int(b)]), .string(figure(g, b)), date(c.dates[Int(b)]),
                                .string(why)])
                }
            }
        }
        s = .table(out)
    }

    static func disjoint(_ a: Interval, _ b: Interval) -> Bool {
        func before(_ x: Interval, _ y: Interval) -> Bool { x.high < y.low || (x.high == y.low && (x.highOpen || y.lowOpen)) }
        return before(a, b) || before(b, a)
    }

    /// "about 6,700", "more than 1,000", "2,000..3,000": the figure as the claim states it.
    static func figure(_ g: FactGraph, _ r: Int32) -> String {
        let c = g.claims
        let q = number(c.qty[Int(r)])
        switch Qualifier(code: c.qualifiers[Int(r)]) {
        case .approx?: return "about " + q
        case .at_least?: return "at least " + q
        case .at_most?: return "at most " + q
        case .more_than?: return "more than " + q
        case .less_than?: return "less than " + q
        case .up_to?: return "up to " + q
        case .range?: return c.qtyHi[Int(r)].isNaN ? q : q + ".." + number(c.qtyHi[Int(r)])
        case .exact?, nil: return q
        }
    }

    /// Thousands separated, no needless fraction: 4800000 -> "4,800,000", 2.5 -> "2.5".
    static func number(_ d: Double) -> String {
        guard d == d.rounded(), abs(d) < 1e15 else { return "\(d)" }
        let digits = String(Int64(abs(d)))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (d < 0 ? "-" : "") + out
    }
}

extension QueryCompiler {
    func addPairStep(_ kind: PairKind, _ steps: inout [QueryPlan.Step], _ ec: inout ExprCompiler, _ range: SourceRange) {
        let g = graph, tolerance = approxTolerance
        steps.append { (s: inout Stream, f: Frame) throws in try Pairs.pair(&s, f, kind, g, tolerance, range) }
        ec.shape = .table(Pairs.columns)
    }
}
