import Dispatch

/// The general operators of the in-memory back end. Each reads the rows it is given and
/// replaces them with its output; expressions see those rows through an `EvalInput` the
/// operator makes itself.
enum Operators {
    static func filter(_ relation: inout Relation, _ ctx: RunContext, _ test: Test, _ range: SourceRange) throws(RunError) {
        switch relation {
        case .nodes(let rows):
            let input = EvalInput(ctx)
            var out: [Int32] = []
            out.reserveCapacity(rows.count)
            var n = 0
            for r in rows {
                n &+= 1
                if n & 0xFF == 0 { try ctx.check(range) }
                if test(input, r) == .t { out.append(r) }
            }
            relation = .nodes(out)
        case .table(let rows):
            let input = EvalInput(ctx, table: rows)
            var out: [[Cell]] = []
            for i in rows.indices {
                if i & 0xFF == 0xFF { try ctx.check(range) }
                if test(input, Int32(i)) == .t { out.append(rows[i]) }
            }
            relation = .table(out)
        }
    }

    /// A filter with a whole-list form for claim rows (`BulkFilters`): chunks of rows, two
    /// at a time on the two cores when there are many, so a cancelled or timed-out query
    /// stops between rounds; pair rows go row by row.
    static func filter(_ relation: inout Relation, _ ctx: RunContext, _ bulk: BulkFilters.Bulk, _ test: Test,
                       _ range: SourceRange) throws(RunError) {
        guard case .nodes(let rows) = relation else { return try filter(&relation, ctx, test, range) }
        let chunk = 1 << 16
        let chunks = (rows.count + chunk - 1) / chunk
        if !bulk.parallel {
            var out: [Int32] = []
            out.reserveCapacity(rows.count)
            var start = 0
            while start < rows.count {
                let end = min(start + chunk, rows.count)
                bulk.run(rows[start..<end], &out)
                try ctx.check(range)
                start = end
            }
            relation = .nodes(out)
            return
        }
        let lanes = chunks >= 4 ? 2 : 1
        let shared = BulkRound(bulk: bulk, rows: rows)
        var out: [Int32] = []
        out.reserveCapacity(rows.count)
        var next = 0
        while next < chunks {
            let round = min(lanes, chunks - next)
            let first = next
            var parts = [[Int32]](repeating: [], count: round)
            parts.withUnsafeMutableBufferPointer { buffer in
                let results = BulkResults(base: buffer.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: round) { k in
                    let c = first + k
                    let slice = shared.rows[(c * chunk)..<min((c + 1) * chunk, shared.rows.count)]
                    var part: [Int32] = []
                    shared.bulk.run(slice, &part)
                    results.base[k] = part
                }
            }
            for p in parts { out += p }
            try ctx.check(range)
            next += round
        }
        relation = .nodes(out)
    }

    /// `keep`: how many leading columns are the input's own columns in order (`select k,
    /// n, m` after `group by k` with two aggregates). When they are all of a table's columns,
    /// the rows are kept and the other columns appended to them in place: a group's rows are
    /// not made a second time (Q4: 20k rows, ~1.5 of its ~9 ms).
    static func project(_ relation: inout Relation, _ ctx: RunContext, _ columns: [Eval], keep: Int = 0,
                        _ range: SourceRange) throws(RunError) {
        if keep > 0, case .table(var rows) = relation, rows.allSatisfy({ $0.count == keep }) {
            let n = rows.count
            if n > ctx.budget.maxRows { throw RunError.tooManyRows(n, ctx.budget.maxRows, range) }
            // The new columns first, while `input` still shares the rows; then the rows alone.
            var added: [[Cell]] = []
            do {
                let input = EvalInput(ctx, table: rows)
                for column in columns[keep...] {
                    var values: [Cell] = []
                    values.reserveCapacity(n)
                    for i in 0..<n {
                        if i & 0xFF == 0xFF { try ctx.check(range) }
                        values.append(column(input, Int32(i)))
                    }
                    added.append(values)
                }
            }
            relation = .nodes([])
            if !added.isEmpty {
                for i in 0..<n { for values in added { rows[i].append(values[i]) } }
            }
            relation = .table(rows)
            return
        }
        let input: EvalInput
        var rowIds: [Int32]? = nil
        switch relation {
        case .nodes(let rows): input = EvalInput(ctx); rowIds = rows
        case .table(let rows): input = EvalInput(ctx, table: rows)
        }
        let n = relation.count
        if n > ctx.budget.maxRows { throw RunError.tooManyRows(n, ctx.budget.maxRows, range) }
        var out: [[Cell]] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            if i & 0xFF == 0xFF { try ctx.check(range) }
            let r = rowIds?[i] ?? Int32(i)
            out.append(columns.map { $0(input, r) })
        }
        relation = .table(out)
    }

    /// Sorts by the keys, missing values last, ties in input order. With `top`, only the
    /// first `top` rows are wanted (a `limit` follows): a bounded selection keeps them
    /// without sorting everything.
    static func sort(_ relation: inout Relation, _ ctx: RunContext, _ keys: [(Eval, Bool)], _ g: FactGraph,
                     _ top: Int?, _ range: SourceRange) throws(RunError) {
        let input: EvalInput
        var rowIds: [Int32]? = nil
        switch relation {
        case .nodes(let rows): input = EvalInput(ctx); rowIds = rows
        case .table(let rows): input = EvalInput(ctx, table: rows)
        }
        let n = relation.count
        try ctx.check(range)
        // The first key of every row at once; later keys only for the rows whose earlier
        // keys tie (with a top-N most rows lose on the first key and never need the rest).
        func row(_ i: Int) -> Int32 { rowIds?[i] ?? Int32(i) }
        let first = keys.first.map { key in (0..<n).map { key.0(input, row($0)) } } ?? []
        var later = [[Cell?]](repeating: [], count: max(0, keys.count - 1))
        for k in later.indices { later[k] = [Cell?](repeating: nil, count: n) }
        func key(_ k: Int, _ i: Int) -> Cell {
            if k == 0 { return first[i] }
            if let c = later[k - 1][i] { return c }
            let c = keys[k].0(input, row(i))
            later[k - 1][i] = c
            return c
        }
        func before(_ a: Int, _ b: Int) -> Bool {
            for k in keys.indices {
                let x = key(k, a), y = key(k, b)
                if x.isNull != y.isNull { return y.isNull }   // missing values last
                let o = SortOrder.compare(x, y, g)
                if o != 0 { return keys[k].1 ? o > 0 : o < 0 }
            }
            return a < b
        }
        let order: [Int]
        if let top, top < n / 4 {
            order = topRows(n, top, before)
        } else {
            order = (0..<n).sorted(by: before)
        }
        switch relation {
        case .nodes(let rows): relation = .nodes(order.map { rows[$0] })
        case .table(let rows): relation = .table(order.map { rows[$0] })
        }
    }

    /// The first `k` of `n` rows in order, by insertion into a sorted buffer of k (k is
    /// small: the `limit` of a top-N query).
    private static func topRows(_ n: Int, _ k: Int, _ before: (Int, Int) -> Bool) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        guard k > 0 else { return [] }
        for i in 0..<n {
            if best.count == k, let last = best.last, !before(i, last) { continue }
            var lo = 0, hi = best.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if before(i, best[mid]) { hi = mid } else { lo = mid + 1 }
            }
            best.insert(i, at: lo)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    static func slice(_ relation: inout Relation, _ r: Range<Int>) {
        func cut<T>(_ a: [T]) -> [T] {
            let lo = min(r.lowerBound, a.count), hi = min(r.upperBound, a.count)
            return Array(a[lo..<max(lo, hi)])
        }
        switch relation {
        case .nodes(let rows): relation = .nodes(cut(rows))
        case .table(let rows): relation = .table(cut(rows))
        }
    }
}

/// What the filter's worker threads share: the filter (reading immutable columns only)
/// and the rows; each writes its own slot of the results.
private struct BulkRound: @unchecked Sendable {
    let bulk: BulkFilters.Bulk
    let rows: [Int32]
}

private struct BulkResults: @unchecked Sendable {
    let base: UnsafeMutablePointer<[Int32]>
}
