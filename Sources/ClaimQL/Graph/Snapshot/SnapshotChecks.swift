import Foundation

/// The checks of a snapshot's large columns (claims, their id index, the postings), kept
/// until every section is read and then run on all cores. A column of a mapped snapshot is
/// a view of the file, not a copy, so these passes are most of what opening costs; the
/// graph is handed out only after all of them pass, so deferring them changes nothing a
/// caller can see. A check returns what it found wrong, or nil.
struct SnapshotChecks {
    private var checks: [(section: String, run: @Sendable () -> String?)] = []
    /// The long single tasks (the dictionaries) start first, so that the many short
    /// chunks fill in around them rather than one of them ending the run alone.
    private var long: [Int] = []

    mutating func add(_ section: String, long: Bool = false, _ run: @escaping @Sendable () -> String?) {
        if long { self.long.append(checks.count) }
        checks.append((section, run))
    }

    /// Every check, in parallel; the first failure in the order they were added is thrown.
    func run() throws(SnapshotError) {
        let found = FoundProblems(checks.count)
        let checks = checks
        let order = long + checks.indices.filter { !long.contains($0) }
        DispatchQueue.concurrentPerform(iterations: checks.count) { k in
            let i = order[k]
            found.set(i, checks[i].run())
        }
        for (i, check) in checks.enumerated() {
            if let problem = found.get(i) { throw SnapshotError("damaged snapshot: \(problem) in the \(check.section) section") }
        }
    }

    /// The claims' columns, rows `rows` of them (the table is split into chunks, one check each).
    static func claims(_ c: ClaimTable, _ rows: Range<Int>, entities: Int, documents: Int,
                       blankCodes: [Bool]) -> String? {
        let codes = blankCodes.count
        let rangeCode = Qualifier.range.code, qualifiers = UInt8(Qualifier.allCases.count)
        for i in rows {
            let subject = c.subjects[i], source = c.sources[i], doc = c.docs[i]
            let predicate = c.predicates[i], object = c.objects[i], unit = c.units[i]
            guard subject >= -1, Int(subject) < entities, source >= -1, Int(source) < entities,
                  doc >= -1, Int(doc) < documents,
                  predicate >= -1, Int(predicate) < codes, object >= -1, Int(object) < codes,
                  unit >= -1, Int(unit) < codes
            else { return "claim \(c.ids[i])'s reference out of range" }
            if unit >= 0, blankCodes[Int(unit)] { return "claim \(c.ids[i])'s blank unit" }
            let q = c.qualifiers[i], qty = c.qty[i], hi = c.qtyHi[i]
            guard q <= qualifiers, !qty.isInfinite, !hi.isInfinite,
                  FactGraph.validDate(c.dates[i]) else { return "claim \(c.ids[i])'s qualifier, date or figure" }
            // The loaders' rules for figures: a range's ends in order, a qualifier needs a figure.
            let holds = !hi.isNaN ? !qty.isNaN && qty <= hi && (q == 0 || q == rangeCode)
                                  : q != rangeCode && !(qty.isNaN && q != 0)
            if !holds { return "claim \(c.ids[i])'s figure breaks the rules for qualifiers" }
        }
        return nil
    }

    /// Name keys -> entity rows, from the flattened lists; nil if a count or row does not
    /// fit or a key repeats.
    static func entitiesByKey(_ keys: [String], _ counts: [Int32], _ rows: [Int32], entities: Int) -> [String: [Int32]]? {
        var out: [String: [Int32]] = [:]
        out.reserveCapacity(keys.count)
        var at = 0
        for (key, c) in zip(keys, counts) {
            guard c >= 0, at + Int(c) <= rows.count else { return nil }
            let list = Array(rows[at..<(at + Int(c))])
            guard list.allSatisfy({ $0 >= 0 && Int($0) < entities }), out.updateValue(list, forKey: key) == nil else { return nil }
            at += Int(c)
        }
        return at == rows.count ? out : nil
    }

    /// Postings: offsets in order from 0 to the rows' count, every row below `rows`.
    static func postings(_ p: Postings, rows: Int) -> String? {
        var previous: Int32 = 0
        for o in p.offsets {
            if o < previous { return "index offsets out of order" }
            previous = o
        }
        for r in p.rows where r < 0 || Int(r) >= rows { return "an index row out of range" }
        return nil
    }

    /// Rows, each below `limit`.
    static func rows(_ column: ScalarColumn<Int32>, below limit: Int) -> String? {
        for r in column where r < 0 || Int(r) >= limit { return "a row out of range" }
        return nil
    }
}

/// What each check found, one slot per check: written by one thread each, read after all end.
private final class FoundProblems: @unchecked Sendable {
    private var slots: [String?]
    private let lock = NSLock()
    init(_ n: Int) { slots = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ problem: String?) { lock.withLock { slots[i] = problem } }
    func get(_ i: Int) -> String? { lock.withLock { slots[i] } }
}
