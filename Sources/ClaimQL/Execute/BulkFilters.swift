/// Filters that run over a whole list of rows at once, in a tight loop over one column,
/// instead of a closure call per row: for the conditions analyses put before a `group by`
/// (`source is not null`, `subject is null`), a figure's range (`qty between 1M and 5M`)
/// and a word in the quotes. Any other condition goes row by row through
/// `ExprLowering.test`. Results are the same either way (tested); this is only speed.
enum BulkFilters {
    /// Appends the rows of the slice that pass to the array; `parallel` when the work per
    /// row is enough to gain from the second core (text search, not a column compare).
    struct Bulk {
        let run: (ArraySlice<Int32>, inout [Int32]) -> Void
        let parallel: Bool
    }

    static func lower(_ e: BoundExpr, _ g: FactGraph) -> Bulk? {
        switch e.kind {
        case .isNull(let x): return referenceNull(x, g, keepNull: true)
        case .not(let inner):
            if case .isNull(let x) = inner.kind { return referenceNull(x, g, keepNull: false) }
            return nil
        case .and(let a, let b):
            return ExprLowering.numberRange(a, b, g).map(numberRange)
        case .contains(let x, let needle):
            guard case .field(.claim(.quote)) = x.kind, case .literal(.string(let s)) = needle.kind else { return nil }
            return quoteContains(TextSearch(s), g)
        default: return nil
        }
    }

    /// `quote contains "word"` (ASCII): a run of consecutive rows is one run of the quote
    /// buffer, searched as a whole; at a match, the row holding it is kept and the search
    /// goes on at the next row. A match across two quotes does not count. Rows that are not
    /// consecutive are searched one by one.
    private static func quoteContains(_ search: TextSearch, _ g: FactGraph) -> Bulk? {
        guard search.isASCII, search.length > 0 else { return nil }
        let quotes = g.claims.quotes
        let offsets = quotes.offsets
        let n = search.length
        return Bulk(run: { rows, out in
            guard let first = rows.first, let last = rows.last else { return }
            quotes.withBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                if Int(last - first) == rows.count - 1 {
                    var r = Int(first)
                    var pos = offsets[r]
                    let end = offsets[Int(last) + 1]
                    while let m = search.firstMatch(base, from: pos, end: end) {
                        while offsets[r + 1] <= m { r += 1 }
                        if m + n <= offsets[r + 1] {
                            out.append(Int32(r))
                            r += 1
                            if r > Int(last) { break }
                            pos = offsets[r]
                        } else {
                            pos = m + 1
                        }
                    }
                } else {
                    for r in rows {
                        let lo = offsets[Int(r)], hi = offsets[Int(r) + 1]
                        if hi - lo >= n, search.firstMatch(base, from: lo, end: hi) != nil { out.append(r) }
                    }
                }
            }
        }, parallel: true)
    }

    /// A figure within a range: a missing figure (NaN) fails every comparison, so it is
    /// left out, as the row-by-row test's unknown is. Open bounds become closed ones on the
    /// next representable number (`v > lo` is `v >= lo.nextUp`; literals are finite), so
    /// one loop serves all four.
    private static func numberRange(_ r: (column: ScalarColumn<Double>, lo: Double, loOpen: Bool, hi: Double, hiOpen: Bool)) -> Bulk {
        let column = r.column
        let lo = r.loOpen ? r.lo.nextUp : r.lo, hi = r.hiOpen ? r.hi.nextDown : r.hi
        return Bulk(run: { rows, out in
            rows.withUnsafeBufferPointer { rp in
                column.withUnsafeBufferPointer { cp in
                    for r in rp {
                        let v = cp[Int(r)]
                        if v >= lo && v <= hi { out.append(r) }
                    }
                }
            }
        }, parallel: false)
    }

    /// `source/subject/doc is [not] null`: the column holds -1 for a missing reference.
    private static func referenceNull(_ x: BoundExpr, _ g: FactGraph, keepNull: Bool) -> Bulk? {
        guard case .field(.claim(let f)) = x.kind, let column = Grouping.referenceColumn(f, g)?.column else { return nil }
        return Bulk(run: { rows, out in
            rows.withUnsafeBufferPointer { rp in
                column.withUnsafeBufferPointer { cp in
                    for r in rp where (cp[Int(r)] < 0) == keepNull { out.append(r) }
                }
            }
        }, parallel: false)
    }
}
