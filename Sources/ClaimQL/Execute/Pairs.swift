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
    /// The claims about one thing: a subject, a unit, a predicate family.
    struct Topic {
        let subject: Int32
        let unit: Int32
        let members: ArraySlice<Int32>
    }

    /// `countOnly`: the pairs are the last step of a `count` query, so they are counted
    /// per topic (a sort and binary searches for conflicts, counting by key for
    /// revisions) and never made: `count conflicts` over a million claims stays in seconds
    /// and megabytes where making its 18 million rows took minutes and gigabytes.
    /// `wanted`: a `limit N` follows at once, so making stops after N rows (the rows come
    /// out in the order they are made): `conflicts limit 10` over a million claims makes
    /// ten pairs, not eighteen million.
    static func pair(_ s: inout Relation, _ f: RunContext, _ kind: PairKind, _ g: FactGraph, _ tolerance: Double,
                     _ range: SourceRange, countOnly: Bool = false, wanted: Int? = nil) throws {
        guard case .nodes(let rows) = s else { return }
        let c = g.claims
        let topics = Pairs.topics(rows, g)
        if countOnly {
            f.counted = try count(kind, topics, f, g, tolerance, range)
            s = .table([])
            return
        }
        func interval(_ r: Int32) -> Interval {
            Interval.of(qty: c.qty[Int(r)], qtyHi: c.qtyHi[Int(r)], qualifier: Qualifier(code: c.qualifiers[Int(r)]),
                        tolerance: tolerance)!
        }
        func entity(_ e: Int32) -> Cell { e < 0 ? .null : .entity(e) }
        func date(_ d: Int32) -> Cell { d == ClaimTable.missingDate ? .null : .date(d) }
        var out: [[Cell]] = []
        if kind == .timeline {
            s = .table(try timeline(topics, f, g, interval, range, wanted: wanted ?? Int.max))
            return
        }
        var work = 0
        for topic in topics {
            let members = Array(topic.members)   // indexed from 0 below
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
                    if let wanted, out.count >= wanted { s = .table(out); return }
                }
            }
        }
        s = .table(out)
    }

    /// Claims grouped by what they are about, first claim of each repeat only, in the
    /// order topics first appear, members in row order. One pass: each predicate's family
    /// is looked up once per distinct predicate, each row's topic is a packed integer
    /// (subject, unit, family), and rows are bucketed by topic number.
    private static func topics(_ rows: [Int32], _ g: FactGraph) -> [Topic] {
        let c = g.claims
        let original = g.duplicates.original
        // Predicate code -> family number (-1: not looked up yet); a missing predicate
        // (code -1) has a family too, at the last slot.
        var familyOf = [Int32](repeating: -1, count: g.pool.strings.count + 1)
        var familyNumbers: [String: Int32] = [:]
        func family(_ predicate: Int32) -> Int32 {
            let slot = predicate >= 0 ? Int(predicate) : familyOf.count - 1
            if familyOf[slot] >= 0 { return familyOf[slot] }
            let name = PredicateFamily.of(g.string(predicate) ?? "")
            let f = familyNumbers[name] ?? Int32(familyNumbers.count)
            familyNumbers[name] = f
            familyOf[slot] = f
            return f
        }
        var seen = [Bool](repeating: false, count: c.count)
        var topicNumber = TopicTable()
        var keys: [TopicKey] = []
        var topicOfRow: [Int32] = []
        var kept: [Int32] = []
        topicOfRow.reserveCapacity(rows.count)
        kept.reserveCapacity(rows.count)
        for r in rows {
            let i = Int(r)
            let o = Int(original[i])
            guard !seen[o] else { continue }
            seen[o] = true
            guard c.subjects[i] >= 0, c.units[i] >= 0, !c.qty[i].isNaN else { continue }
            let key = TopicKey(subject: c.subjects[i], unit: c.units[i], family: family(c.predicates[i]))
            let t = topicNumber.number(key, &keys)
            topicOfRow.append(t)
            kept.append(r)
        }
        // Bucket the kept rows by topic (a counting sort keeps row order within each).
        var starts = [Int](repeating: 0, count: keys.count + 1)
        for t in topicOfRow { starts[Int(t) + 1] += 1 }
        for k in 0..<keys.count { starts[k + 1] += starts[k] }
        var next = starts
        var bucketed = [Int32](repeating: 0, count: kept.count)
        for (r, t) in zip(kept, topicOfRow) {
            bucketed[next[Int(t)]] = r
            next[Int(t)] += 1
        }
        return keys.indices.map { k in
            Topic(subject: keys[k].subject, unit: keys[k].unit, members: bucketed[starts[k]..<starts[k + 1]])
        }
    }

    private struct TopicKey: Equatable {
        let subject: Int32
        let unit: Int32
        let family: Int32

        /// A multiply-mix of the three fields: one per row, where a `Dictionary` spent
        /// most of `topics` seeding and running SipHash (3.3 s of `conflicts limit 10`
        /// at 10M claims).
        var hash: UInt64 {
            var h = (UInt64(UInt32(bitPattern: subject)) | UInt64(UInt32(bitPattern: unit)) << 32) &* 0x9E37_79B9_7F4A_7C15
            h ^= UInt64(UInt32(bitPattern: family)) &* 0xC2B2_AE3D_27D4_EB4F
            return h ^ (h >> 29)
        }
    }

    /// Topic numbers by key: open addressing, at most half full, each slot a topic number
    /// plus one (0: empty); the keys themselves are the caller's array, in number order.
    private struct TopicTable {
        private var slots = [Int32](repeating: 0, count: 1024)

        /// The key's number, given the next one (`keys.count`, and the key appended) if new.
        mutating func number(_ key: TopicKey, _ keys: inout [TopicKey]) -> Int32 {
            if (keys.count + 1) * 2 > slots.count { grow(keys) }
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: key.hash) & mask
            while slots[i] != 0 {
                let t = slots[i] - 1
                if keys[Int(t)] == key { return t }
                i = (i + 1) & mask
            }
            let t = Int32(keys.count)
            slots[i] = t + 1
            keys.append(key)
            return t
        }

        private mutating func grow(_ keys: [TopicKey]) {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for (t, key) in keys.enumerated() {
                var i = Int(truncatingIfNeeded: key.hash) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = Int32(t) + 1
            }
        }
    }

    /// How many rows `pair` would make, without making them.
    private static func count(_ kind: PairKind, _ groups: [Topic], _ f: RunContext, _ g: FactGraph,
                              _ tolerance: Double, _ range: SourceRange) throws(RunError) -> Int {
        let c = g.claims
        func interval(_ r: Int32) -> Interval {
            Interval.of(qty: c.qty[Int(r)], qtyHi: c.qtyHi[Int(r)], qualifier: Qualifier(code: c.qualifiers[Int(r)]),
                        tolerance: tolerance)!
        }
        var total = 0
        for (k, topic) in groups.enumerated() {
            let members = topic.members
            if k & 0xFF == 0 { try f.check(range) }
            switch kind {
            case .timeline:
                total += members.count
            case .conflicts:
                total += disjointPairs(members.map(interval))
            case .revisions:
                // Same speaker, both dated: pairs with another date and another figure, by
                // inclusion and exclusion over the pairs sharing a date or a figure. Runs of
                // equal keys after sorting, not dictionaries: a topic holds few claims, and
                // four small dictionaries per speaker per topic were most of the count.
                var dated: [DatedFigure] = [], speakers: [Int32] = []
                for r in members where c.dates[Int(r)] != ClaimTable.missingDate {
                    let who = g.speaker(ofClaim: r)
                    if who >= 0 {
                        speakers.append(who)
                        dated.append(DatedFigure(date: c.dates[Int(r)], figure: IntervalKey(interval(r))))
                    }
                }
                let order = speakers.indices.sorted { speakers[$0] < speakers[$1] }
                var start = 0
                while start < order.count {
                    var end = start + 1
                    while end < order.count && speakers[order[end]] == speakers[order[start]] { end += 1 }
                    total += Pairs.revisionCount(order[start..<end].map { dated[$0] })
                    start = end
                }
            }
        }
        return total
    }

    private struct IntervalKey: Hashable, Comparable {
        let low: Double, lowOpen: Bool, high: Double, highOpen: Bool
        init(_ i: Interval) { (low, lowOpen, high, highOpen) = (i.low, i.lowOpen, i.high, i.highOpen) }

        /// Any total order whose ties are exactly `==` (the bounds are never NaN).
        static func < (a: IntervalKey, b: IntervalKey) -> Bool {
            (a.low, a.lowOpen ? 1 : 0, a.high, a.highOpen ? 1 : 0) < (b.low, b.lowOpen ? 1 : 0, b.high, b.highOpen ? 1 : 0)
        }
    }

    private struct DatedFigure: Hashable {
        let date: Int32
        let figure: IntervalKey
    }

    /// One speaker's dated claims about one topic: the pairs with another date and another
    /// figure (all pairs, less those sharing a date, less those sharing a figure, plus those
    /// sharing both, which were taken away twice), each count from runs of equal keys.
    private static func revisionCount(_ run: [DatedFigure]) -> Int {
        func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
        func sharing(_ sorted: [DatedFigure], _ same: (DatedFigure, DatedFigure) -> Bool) -> Int {
            var total = 0, start = 0
            for i in 1...sorted.count where i == sorted.count || !same(sorted[i], sorted[start]) {
                total += pairs(i - start)
                start = i
            }
            return total
        }
        guard run.count > 1 else { return 0 }
        let byDate = run.sorted { $0.date < $1.date }
        let byFigure = run.sorted { $0.figure < $1.figure }
        let byBoth = run.sorted { ($0.date, $0.figure) < ($1.date, $1.figure) }
        return pairs(run.count) - sharing(byDate) { $0.date == $1.date } - sharing(byFigure) { $0.figure == $1.figure }
            + sharing(byBoth) { $0 == $1 }
    }

    /// The pairs of intervals that cannot both hold: for each b, the a that end before b
    /// starts (`disjoint` is "a before b or b before a", never both), found by binary
    /// search over the sorted ends.
    static func disjointPairs(_ intervals: [Interval]) -> Int {
        let highs = intervals.map(\.high).sorted()
        let openHighs = intervals.filter(\.highOpen).map(\.high).sorted()
        /// Elements < x (or <= x with `orEqual`).
        func below(_ xs: [Double], _ x: Double, orEqual: Bool) -> Int {
            var lo = 0, hi = xs.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if xs[mid] < x || (orEqual && xs[mid] == x) { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var n = 0
        for b in intervals {
            if b.lowOpen {
                n += below(highs, b.low, orEqual: true)
            } else {
                n += below(highs, b.low, orEqual: false)
                n += below(openHighs, b.low, orEqual: true) - below(openHighs, b.low, orEqual: false)
            }
            // An empty interval would count as before itself; a pair is two claims.
            if b.high < b.low || (b.high == b.low && (b.highOpen || b.lowOpen)) { n -= 1 }
        }
        return n
    }

    /// Per topic, per speaker (by name), claims in date order (undated last).
    private static func timeline(_ groups: [Topic], _ f: RunContext, _ g: FactGraph, _ interval: (Int32) -> Interval,
                                 _ range: SourceRange, wanted: Int) throws(RunError) -> [[Cell]] {
        let c = g.claims
        var out: [[Cell]] = []
        for topic in groups {
            let members = topic.members
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
                    if out.count >= wanted { return out }
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
