import Synchronization

/// Repeated statements: the same claim carried by several documents (articles 000 and 001
/// of the seed set are one article published twice), and documents that carry nothing new.
///
/// Two claims make the same statement when subject, predicate, object, figure (qty,
/// qty_hi, unit, qualifier), source and date are all equal; the id, the document and the
/// quote may differ. A document duplicates another when every claim it carries is also
/// in the other; it is a duplicate of the document with the most claims among those (then
/// the first loaded), and of two documents with the same claims the later one is the
/// duplicate. Computed on first use for each graph snapshot (linear in the claims).
struct Duplicates: Sendable {
    /// For each claim, the first claim (lowest row) making the same statement: itself
    /// when it is the first.
    let original: [Int32]
    /// For each document, the document it duplicates, or -1.
    let documentOriginal: [Int32]
    /// Statements made by more than one claim: first claim -> all its claims, in row order.
    private let repeats: [Int32: [Int32]]

    /// Every claim making the same statement as claim `r` (itself included).
    func copies(of r: Int32) -> [Int32] { repeats[original[Int(r)]] ?? [r] }

    private struct Signature: Hashable {
        let subject, predicate, object, unit, source, date: Int32
        let qty, qtyHi: UInt64
        let qualifier: UInt8
    }

    init(_ g: FactGraph) {
        let c = g.claims
        var first: [Signature: Int32] = [:]
        first.reserveCapacity(c.count)
        var original = [Int32](repeating: 0, count: c.count)
        for i in 0..<c.count {
            // Bit patterns, so that a missing figure (NaN) equals another missing figure.
            let s = Signature(subject: c.subjects[i], predicate: c.predicates[i], object: c.objects[i],
                              unit: c.units[i], source: c.sources[i], date: c.dates[i],
                              qty: c.qty[i].bitPattern, qtyHi: c.qtyHi[i].bitPattern, qualifier: c.qualifiers[i])
            if let o = first[s] { original[i] = o } else { first[s] = Int32(i); original[i] = Int32(i) }
        }
        self.original = original
        var repeats: [Int32: [Int32]] = [:]
        for i in 0..<c.count where original[i] != Int32(i) {
            repeats[original[i], default: [original[i]]].append(Int32(i))
        }
        self.repeats = repeats

        // (statement, document) pairs present, packed in one integer.
        func key(_ statement: Int32, _ doc: Int32) -> Int64 { Int64(statement) << 32 | Int64(UInt32(bitPattern: doc)) }
        var present = Set<Int64>()
        var docsOf: [Int32: [Int32]] = [:]   // statement -> the documents carrying it
        for i in 0..<c.count where c.docs[i] >= 0 {
            if present.insert(key(original[i], c.docs[i])).inserted { docsOf[original[i], default: []].append(c.docs[i]) }
        }
        var documentOriginal = [Int32](repeating: -1, count: g.documents.count)
        let byDoc = g.index.claimsByDoc
        for d in 0..<g.documents.count {
            let rows = byDoc[Int32(d)]
            guard let firstRow = rows.first else { continue }
            var best: Int32 = -1
            var bestCount = 0
            for e in docsOf[original[Int(firstRow)]] ?? [] where e != Int32(d) {
                let n = byDoc[e].count
                // Same number of claims: only an earlier document is the original.
                guard n > rows.count || (n == rows.count && e < Int32(d)) else { continue }
                guard n > bestCount || (n == bestCount && e < best) else { continue }
                if rows.allSatisfy({ present.contains(key(original[Int($0)], e)) }) { best = e; bestCount = n }
            }
            documentOriginal[d] = best
        }
        self.documentOriginal = documentOriginal
    }
}

/// Facts derived from a whole snapshot on first use and shared by its copies; `commit`
/// starts a new one, so they never outlive the data they were computed from.
final class DerivedFacts: Sendable {
    private let duplicates = Mutex<Duplicates?>(nil)

    func duplicates(of g: FactGraph) -> Duplicates {
        duplicates.withLock { cached in
            if let d = cached { return d }
            let d = Duplicates(g)
            cached = d
            return d
        }
    }
}
