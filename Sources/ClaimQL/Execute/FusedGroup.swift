import Dispatch

/// The fused `group by` (see `Grouping`): a count and numeric aggregates over `qty` or
/// `qty_hi` per key, in one pass over the key column, no member lists. Large inputs run on
/// both cores: each lane takes a contiguous half of the rows with accumulators of its own,
/// and the halves merge (counts add, extremes compare), the first half's keys first, so
/// groups keep their order of first appearance. Sums and averages stay on one lane: adding
/// in another order could change a result's last digit, and a result must not depend on
/// how many cores ran it.
extension Grouping {
    /// Rows are taken in chunks so cancellation and the time limit are checked between
    /// chunks while each chunk runs over raw buffers.
    static let chunk = 1 << 16

    /// `top`: the group is followed by an order on a count and a `limit`, so only the groups
    /// that can make the first `n` need rows (see `CountTop`).
    static func fusedGroup(_ rows: [Int32], _ ctx: RunContext, _ column: ScalarColumn<Int32>, _ keyCount: Int,
                           _ make: (Int32) -> Cell, _ accumulators: [Accumulator],
                           _ range: SourceRange, dropMissingKey: Bool, top: CountTop? = nil) throws(RunError) -> [[Cell]] {
        let slots = keyCount + 1
        let numeric = accumulators.indices.filter { if case .number = accumulators[$0] { return true }; return false }
        let exact = accumulators.allSatisfy {
            if case .number(let f, _) = $0 { return f == .max || f == .min || f == .count }
            return true
        }
        let laneCount = exact && rows.count >= 4 * chunk ? 2 : 1
        let lanes = (0..<laneCount).map { _ in FusedLane(slots: slots, accumulators) }
        let bounds = (0...laneCount).map { rows.count * $0 / laneCount }
        let budget = ctx.budget
        let work: @Sendable (Int) -> Void = { k in
            rows.withUnsafeBufferPointer { rp in
                column.withUnsafeBufferPointer { cp in
                    var start = bounds[k]
                    while start < bounds[k + 1] {
                        if budget.stopReason() != nil { return }
                        let end = min(start + chunk, bounds[k + 1])
                        lanes[k].run(rp, cp, accumulators, numeric, start..<end)
                        start = end
                    }
                }
            }
        }
        if laneCount == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: laneCount, execute: work) }
        try ctx.check(range)
        let all = lanes[0]
        for later in lanes.dropFirst() { all.merge(later, accumulators) }
        var groups = all.order.filter { !dropMissingKey || $0 != 0 }
        if let top, let count = countOf(top.aggregate, accumulators, all) { groups = top.keep(groups, count) }
        return groups.map { slot in
            var row: [Cell] = [slot == 0 ? .null : make(Int32(slot - 1))]
            for (k, a) in accumulators.enumerated() {
                switch a {
                case .count: row.append(.number(Double(all.count(slot))))
                case .number(let f, _):
                    let (value, n) = all.result(k, slot)
                    switch f {
                    case .count: row.append(.number(Double(n)))
                    case .avg: row.append(n == 0 ? .null : .number(value / Double(n)))
                    case .sum, .max, .min: row.append(n == 0 ? .null : .number(value))
                    }
                }
            }
            return row
        }
    }

    /// How aggregate `k` reads a slot's count, if it is a count (never missing, so it
    /// orders without nulls).
    private static func countOf(_ k: Int, _ accumulators: [Accumulator], _ lane: FusedLane) -> ((Int) -> Int32)? {
        guard isCount(k, accumulators) else { return nil }
        if case .count = accumulators[k] { return { lane.count($0) } }
        return { lane.result(k, $0).1 }
    }

    static func isCount(_ k: Int, _ accumulators: [Accumulator]) -> Bool {
        guard k >= 0, k < accumulators.count else { return false }
        switch accumulators[k] {
        case .count, .number(.count, _): return true
        case .number: return false
        }
    }

    /// `group by ... [select ...] order by <a count> ..., ... limit n`: a group whose count
    /// is beyond the `n`th best (below it, or above it ascending) cannot be in the first
    /// `n` rows whatever the later sort keys say, since `n` groups rank ahead of it on the
    /// first key alone. Those groups are dropped before rows are made: at 20k sources,
    /// making and sorting a row per source took more than the pass over a million claims.
    struct CountTop {
        let aggregate: Int
        let descending: Bool
        let n: Int

        /// `groups` (in their order) without those that cannot make the first `n`.
        func keep(_ groups: [Int], _ count: (Int) -> Int32) -> [Int] {
            guard groups.count > n else { return groups }
            guard n > 0 else { return [] }
            // The n best counts so far, best first (n is a `limit`: small).
            var best: [Int32] = []
            best.reserveCapacity(n + 1)
            func better(_ a: Int32, _ b: Int32) -> Bool { descending ? a > b : a < b }
            for slot in groups {
                let c = count(slot)
                if best.count == n, !better(c, best[n - 1]) { continue }
                var i = best.count
                while i > 0 && better(c, best[i - 1]) { i -= 1 }
                best.insert(c, at: i)
                if best.count > n { best.removeLast() }
            }
            let bound = best[n - 1]
            return groups.filter { !better(bound, count($0)) }
        }
    }

    /// One lane's accumulators, indexed by key slot (0 = missing key, k + 1 = key k).
    final class FusedLane: @unchecked Sendable {
        /// Per slot: the count, and the first numeric aggregate's running value and how
        /// many of its values were not missing, side by side, so a row touches one cache
        /// line of accumulators rather than one per array (at 20k keys the arrays are L2,
        /// not L1, and each row's slot is anywhere in them).
        struct Slot {
            var count: Int32 = 0
            var filled: Int32 = 0
            var value: Double
        }
        var slots: [Slot]
        /// Slots in the order their keys first appeared in this lane's rows.
        var order: [Int] = []
        /// The index (among the accumulators) of the numeric aggregate kept in `slots`.
        let first: Int?
        /// Per numeric aggregate after the first: the running value and how many values
        /// were not missing. Extremes start at the far end (figures are finite), so the loop
        /// needs no branch on "first value yet?": `filled` says whether there was one.
        var results: [(values: [Double], filled: [Int32])]

        init(slots count: Int, _ accumulators: [Accumulator]) {
            func start(_ f: Aggregate.Function) -> Double { f == .max ? -.infinity : f == .min ? .infinity : 0 }
            let numeric = accumulators.firstIndex { if case .number = $0 { return true }; return false }
            first = numeric
            var value = 0.0
            if let numeric, case .number(let f, _) = accumulators[numeric] { value = start(f) }
            slots = [Slot](repeating: Slot(value: value), count: count)
            results = accumulators.enumerated().map { k, a in
                guard k != numeric, case .number(let f, _) = a else { return ([], []) }
                return ([Double](repeating: start(f), count: count), [Int32](repeating: 0, count: count))
            }
        }

        func count(_ slot: Int) -> Int32 { slots[slot].count }

        /// Aggregate `k`'s value at `slot` and how many values it took.
        func result(_ k: Int, _ slot: Int) -> (Double, Int32) {
            k == first ? (slots[slot].value, slots[slot].filled) : (results[k].values[slot], results[k].filled[slot])
        }

        /// Rows `range`: the counts (and first appearances) ride with the first numeric
        /// aggregate's loop; any other numeric aggregate has a loop of its own.
        func run(_ rows: UnsafeBufferPointer<Int32>, _ column: UnsafeBufferPointer<Int32>, _ accumulators: [Accumulator],
                 _ numeric: [Int], _ range: Range<Int>) {
            var order = self.order
            defer { self.order = order }
            slots.withUnsafeMutableBufferPointer { acc in
                guard let k = first, case .number(let f, let col) = accumulators[k] else {
                    for i in range {
                        let slot = Int(column[Int(rows[i])]) &+ 1
                        if acc[slot].count == 0 { order.append(slot) }
                        acc[slot].count &+= 1
                    }
                    return
                }
                col.withUnsafeBufferPointer { vp in
                    // The function is chosen once, outside the loop; each loop is its own copy.
                    @inline(__always) func fold(_ combine: (Double, Double) -> Double) {
                        for i in range {
                            let r = Int(rows[i])
                            let slot = Int(column[r]) &+ 1
                            if acc[slot].count == 0 { order.append(slot) }
                            acc[slot].count &+= 1
                            let v = vp[r]
                            if v.isNaN { continue }
                            acc[slot].filled &+= 1
                            acc[slot].value = combine(acc[slot].value, v)
                        }
                    }
                    switch f {
                    case .max: fold { Swift.max($0, $1) }
                    case .min: fold { Swift.min($0, $1) }
                    case .sum, .avg: fold { $0 + $1 }
                    case .count: fold { a, _ in a }
                    }
                }
            }
            for k in numeric where k != first {
                guard case .number(let f, let col) = accumulators[k] else { continue }
                Grouping.accumulate(rows, column, col, f, range, &results[k])
            }
        }

        /// Takes in a lane that ran over later rows.
        func merge(_ later: FusedLane, _ accumulators: [Accumulator]) {
            func combine(_ f: Aggregate.Function, _ a: Double, _ b: Double) -> Double {
                switch f {
                case .max: return Swift.max(a, b)
                case .min: return Swift.min(a, b)
                case .sum, .avg: return a + b
                case .count: return a
                }
            }
            var firstFunction: Aggregate.Function? = nil
            if let first, case .number(let f, _) = accumulators[first] { firstFunction = f }
            for slot in later.order {
                if slots[slot].count == 0 { order.append(slot) }
                let other = later.slots[slot]
                slots[slot].count += other.count
                slots[slot].filled += other.filled
                if let f = firstFunction { slots[slot].value = combine(f, slots[slot].value, other.value) }
            }
            for (k, a) in accumulators.enumerated() where k != first {
                guard case .number(let f, _) = a else { continue }
                for slot in later.order {
                    results[k].values[slot] = combine(f, results[k].values[slot], later.results[k].values[slot])
                    results[k].filled[slot] += later.results[k].filled[slot]
                }
            }
        }
    }

    /// One numeric aggregate (past the first) over rows `range`.
    static func accumulate(_ rp: UnsafeBufferPointer<Int32>, _ cp: UnsafeBufferPointer<Int32>, _ col: ScalarColumn<Double>,
                           _ f: Aggregate.Function, _ range: Range<Int>,
                           _ result: inout (values: [Double], filled: [Int32])) {
        col.withUnsafeBufferPointer { vp in
            result.values.withUnsafeMutableBufferPointer { acc in
                result.filled.withUnsafeMutableBufferPointer { fill in
                    for i in range {
                        let r = Int(rp[i])
                        let slot = Int(cp[r]) + 1
                        let v = vp[r]
                        if v.isNaN { continue }
                        fill[slot] += 1
                        switch f {
                        case .max: acc[slot] = Swift.max(acc[slot], v)
                        case .min: acc[slot] = Swift.min(acc[slot], v)
                        case .sum, .avg: acc[slot] += v
                        case .count: break
                        }
                    }
                }
            }
        }
    }
}
