/// `conflicts`, `revisions` and `timeline`: claims about the same thing, side by side.
///
/// Claims are about the same thing when they have the same subject, the same unit and a
/// predicate of the same family (`shipped`, `delivered`, `provided`, `sent`, `supplied`,
/// `transferred`, `exported` are one family, "transfer"; any other predicate is its own).
/// Who said it is the claim's source or, for a figure a document states in its own voice,
/// the document's publisher. A claim repeating an earlier one (see `Duplicates`) is left
/// out: the same statement printed twice is neither a conflict nor a revision.
/// - A **conflict** is such a pair whose intervals (see `Interval`) cannot both hold:
///   "about 6,700" and "10,000" containers. Consistent figures ("at least 3 million" and
///   "up to 4.8 million") are not conflicts. `kind` says whether the two come from
///   different speakers or from one (a source contradicting itself).
/// - A **revision** is a later claim by the same speaker about the same thing with a
///   different figure: the later one supersedes the earlier.
/// - The **timeline** lists the claims about each thing per speaker in date order, with
///   the claim each one supersedes and whether it is the speaker's latest.
/// Pairs are formed within each group of claims about the same thing (quadratic in the
/// size of a group, which is small in practice: one subject, one unit); the pairs count
/// against the result limit as they are made.
enum Pairs {
    private struct Topic: Hashable {
        let subject: Int32
        let unit: Int32
        let family: String
    }

    static func pair(_ s: inout Relation, _ f: RunContext, _ kind: PairKind, _ g: FactGraph, _ tolerance: Double,
                     _ range: SourceRange) throws {
        guard case .nodes(let rows) = s else { return }
        let c = g.claims
        let original = g.duplicates.original
        var topics: [Topic: [Int32]] = [:]
        var order: [Topic] = []
        var seen = Set<Int32>()
        for r in rows {
            let i = Int(r)
            guard seen.insert(original[i]).inserted else { continue }
            guard c.subjects[i] >= 0, c.units[i] >= 0, !c.qty[i].isNaN else { continue }
            let predicate = g.string(c.predicates[i]) ?? ""
            let topic = Topic(subject: c.subjects[i], unit: c.units[i], family: PredicateFamily.of(predicate))
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
        if kind == .timeline {
            s = .table(try timeline(order.map { topics[$0]! }, f, g, interval, range))
            return
        }
        var work = 0
        for topic in order {
            let members = topics[topic]!
            let unit = g.pool[topic.unit]
            for x in 0..<members.count {
                for y in (x + 1)..<max(x + 1, members.count) {
                    work += 1
                    if work & 0xFFF == 0 { try f.check(range) }
                    if out.count > f.budget.maxRows { throw RunError.growing(f.budget.maxRows, range) }
                    var a = members[x], b = members[y]
                    let ia = interval(a), ib = interval(b)
                    let who = g.speaker(ofClaim: a)
                    let sameSource = who >= 0 && who == g.speaker(ofClaim: b)
                    let why: String
                    let label: String
                    switch kind {
                    case .conflicts:
                        guard disjoint(ia, ib) else { continue }
                        label = sameSource ? "within a source" : "between sources"
                        why = "\(Figures.figure(g, a)) and \(Figures.figure(g, b)) \(unit) cannot both hold"
                    case .timeline:
                        continue
                    case .revisions:
                        let da = c.dates[Int(a)], db = c.dates[Int(b)]
                        guard sameSource, da != ClaimTable.missingDate, db != ClaimTable.missingDate, da != db,
                              ia != ib else { continue }
                        if db < da { swap(&a, &b) }
                        label = disjoint(ia, ib) ? "revision (contradicts the earlier figure)" : "revision"
                        why = "\(g.entities.names[Int(who)]) went from \(Figures.figure(g, a)) (\(Day(daysSinceEpoch: c.dates[Int(a)]))) to \(Figures.figure(g, b)) (\(Day(daysSinceEpoch: c.dates[Int(b)]))) \(unit)"
                    }
                    out.append([.string(label), .entity(topic.subject), .string(unit),
                                .claim(a), entity(c.sources[Int(a)]), .string(Figures.figure(g, a)), date(c.dates[Int(a)]),
                                .claim(b), entity(c.sources[Int(b)]), .string(Figures.figure(g, b)), date(c.dates[Int(b)]),
                                .string(why)])
                }
            }
        }
        s = .table(out)
    }

    /// Per topic, per speaker (by name), claims in date order (undated last).
    private static func timeline(_ groups: [[Int32]], _ f: RunContext, _ g: FactGraph, _ interval: (Int32) -> Interval,
                                 _ range: SourceRange) throws(RunError) -> [[Cell]] {
        let c = g.claims
        var out: [[Cell]] = []
        for members in groups {
            try f.check(range)
            var bySpeaker: [Int32: [Int32]] = [:]
            for r in members { bySpeaker[g.speaker(ofClaim: r), default: []].append(r) }
            let speakers = bySpeaker.keys.sorted { a, b in
                if (a < 0) != (b < 0) { return b < 0 }
                return a < 0 || SortOrder.compare(.entity(a), .entity(b), g) < 0
            }
            for who in speakers {
                let run = bySpeaker[who]!.sorted { a, b in
                    let da = c.dates[Int(a)], db = c.dates[Int(b)]
                    if (da == ClaimTable.missingDate) != (db == ClaimTable.missingDate) { return db == ClaimTable.missingDate }
                    return da != db ? da < db : a < b
                }
                let dated = run.filter { c.dates[Int($0)] != ClaimTable.missingDate }
                let lastDate = dated.last.map { c.dates[Int($0)] }
                // The last claim of the latest date before the current one.
                var previous: Int32? = nil, lastOfDate: Int32? = nil
                for r in run {
                    let d = c.dates[Int(r)]
                    if let l = lastOfDate, c.dates[Int(l)] < d { previous = l }
                    var supersedes = Cell.null
                    // As `revisions`: a later date by the same speaker with another figure.
                    if who >= 0, d != ClaimTable.missingDate, let p = previous, interval(p) != interval(r) {
                        supersedes = .claim(p)
                    }
                    if d != ClaimTable.missingDate { lastOfDate = r }
                    let isLatest = lastDate == nil || d == lastDate
                    out.append([.entity(c.subjects[Int(r)]), FieldReader.pooled(g.pool, c.predicates[Int(r)]),
                                .string(g.pool[c.units[Int(r)]]),
                                who < 0 ? .null : .entity(who), d == ClaimTable.missingDate ? .null : .date(d),
                                .string(Figures.figure(g, r)), .claim(r), supersedes, .bool(isLatest)])
                    if out.count > f.budget.maxRows { throw RunError.growing(f.budget.maxRows, range) }
                }
            }
        }
        return out
    }

    static func disjoint(_ a: Interval, _ b: Interval) -> Bool {
        func before(_ x: Interval, _ y: Interval) -> Bool { x.high < y.low || (x.high == y.low && (x.highOpen || y.lowOpen)) }
        return before(a, b) || before(b, a)
    }
}
