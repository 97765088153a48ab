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

    static func fusedGroup(_ rows: [Int32], _ ctx: RunContext, _ column: ScalarColumn<Int32>, _ keyCount: Int,
                           _ make: (Int32) -> Cell, _ accumulators: [Accumulator],
                           _ range: SourceRange, dropMissingKey: Bool) throws(RunError) -> [[Cell]] {
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
        return all.order.filter { !dropMissingKey || $0 != 0 }.map { slot in
            var row: [Cell] = [slot == 0 ? .null : make(Int32(slot - 1))]
            for (k, a) in accumulators.enumerated() {
                switch a {
                case .count: row.append(.number(Double(all.counts[slot])))
                case .number(let f, _):
                    let n = all.results[k].filled[slot]
                    switch f {
                    case .count: row.append(.number(Double(n)))
                    case .avg: row.append(n == 0 ? .null : .number(all.results[k].values[slot] / Double(n)))
                    case .sum, .max, .min: row.append(n == 0 ? .null : .number(all.results[k].values[slot]))
                    }
                }
            }
            return row
        }
    }

    /// One lane's accumulators, indexed by key slot (0 = missing key, k + 1 = key k).
    final class FusedLane: @unchecked Sendable {
        var counts: [Int32]
        /// Slots in the order their keys first appeared in this lane's rows.
        var order: [Int] = []
        /// Per numeric aggregate: the running value and how many values were not missing.
        /// Extremes start at the far end (figures are finite), so the loop needs no branch
        /// on "first value yet?": `filled` says whether there was one.
        var results: [(values: [Double], filled: [Int32])]

        init(slots: Int, _ accumulators: [Accumulator]) {
            counts = [Int32](repeating: 0, count: slots)
            results = accumulators.map { a in
                guard case .number(let f, _) = a else { return ([], []) }
                return ([Double](repeating: f == .max ? -.infinity : f == .min ? .infinity : 0, count: slots),
                        [Int32](repeating: 0, count: slots))
            }
        }

        /// Rows `range`: the counts (and first appearances) ride with the first numeric
        /// aggregate's loop; any other numeric aggregate has a loop of its own.
        func run(_ rows: UnsafeBufferPointer<Int32>, _ column: UnsafeBufferPointer<Int32>, _ accumulators: [Accumulator],
                 _ numeric: [Int], _ range: Range<Int>) {
            counts.withUnsafeMutableBufferPointer { cnt in
                guard let k = numeric.first, case .number(let f, let col) = accumulators[k] else {
                    for i in range {
                        let slot = Int(column[Int(rows[i])]) + 1
                        if cnt[slot] == 0 { order.append(slot) }
                        cnt[slot] += 1
                    }
                    return
                }
                Grouping.accumulate(rows, column, col, f, range, &results[k]) { slot in
                    if cnt[slot] == 0 { order.append(slot) }
                    cnt[slot] += 1
                }
            }
            for k in numeric.dropFirst() {
                guard case .number(let f, let col) = accumulators[k] else { continue }
                Grouping.accumulate(rows, column, col, f, range, &results[k]) { _ in }
            }
        }

        /// Takes in a lane that ran over later rows.
        func merge(_ later: FusedLane, _ accumulators: [Accumulator]) {
            for slot in later.order {
                if counts[slot] == 0 { order.append(slot) }
                counts[slot] += later.counts[slot]
            }
            for (k, a) in accumulators.enumerated() {
                guard case .number(let f, _) = a else { continue }
                for slot in later.order {
                    let v = later.results[k].values[slot]
                    switch f {
                    case .max: results[k].values[slot] = Swift.max(results[k].values[slot], v)
                    case .min: results[k].values[slot] = Swift.min(results[k].values[slot], v)
                    case .sum, .avg: results[k].values[slot] += v
                    case .count: break
                    }
                    results[k].filled[slot] += later.results[k].filled[slot]
                }
            }
        }
    }

    /// One numeric aggregate over rows `range`; `each` sees every row's slot (the counting
    /// pass rides along).
    @inline(__always)
    static func accumulate(_ rp: UnsafeBufferPointer<Int32>, _ cp: UnsafeBufferPointer<Int32>, _ col: ScalarColumn<Double>,
                           _ f: Aggregate.Function, _ range: Range<Int>,
                           _ result: inout (values: [Double], filled: [Int32]), _ each: (Int) -> Void) {
        col.withUnsafeBufferPointer { vp in
            result.values.withUnsafeMutableBufferPointer { acc in
                result.filled.withUnsafeMutableBufferPointer { fill in
                    for i in range {
                        let r = Int(rp[i])
                        let slot = Int(cp[r]) + 1
                        each(slot)
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
