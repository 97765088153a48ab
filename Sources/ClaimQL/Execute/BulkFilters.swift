/// Filters that run over a whole list of rows at once, in a tight loop over one column,
/// instead of a closure call per row: for the conditions analyses put before a `group by`
/// (`source is not null`, `subject is null`). Any other condition goes row by row through
/// `ExprLowering.test`. Results are the same either way (tested); this is only speed.
enum BulkFilters {
    /// Appends the rows of the slice that pass to the array.
    typealias Bulk = (ArraySlice<Int32>, inout [Int32]) -> Void

    static func lower(_ e: BoundExpr, _ g: FactGraph) -> Bulk? {
        switch e.kind {
        case .isNull(let x): return referenceNull(x, g, keepNull: true)
        case .not(let inner):
            if case .isNull(let x) = inner.kind { return referenceNull(x, g, keepNull: false) }
            return nil
        default: return nil
        }
    }

    /// `source/subject/doc is [not] null`: the column holds -1 for a missing reference.
    private static func referenceNull(_ x: BoundExpr, _ g: FactGraph, keepNull: Bool) -> Bulk? {
        guard case .field(.claim(let f)) = x.kind, f == .source || f == .subject || f == .doc else { return nil }
        let c = g.claims
        let column = f == .source ? c.sources : f == .subject ? c.subjects : c.docs
        return { rows, out in
            rows.withUnsafeBufferPointer { rp in
                column.withUnsafeBufferPointer { cp in
                    for r in rp where (cp[Int(r)] < 0) == keepNull { out.append(r) }
                }
            }
        }
    }
}
