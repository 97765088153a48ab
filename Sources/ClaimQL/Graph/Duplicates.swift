import Synchronization

/// Repeated statements: the same claim carried by several documents (articles 000 and 001
/// of the seed set are one article published twice), and documents that carry nothing new.
///
/// Two claims make the same statement when subject, predicate, object, figure (qty,
/// qty_hi, unit, qualifier), date and speaker are all equal (the speaker is the source,
/// or for a figure a document states in its own voice, the document's publisher); the id,
/// the document and the quote may differ. A document duplicates another when every
/// statement it carries is also in the other; it is a duplicate of the document with the
/// most statements among those (then the first loaded), and of two documents with the same
/// statements the later one is the duplicate. Computed on first use for each graph
/// snapshot: linear in the claims for repeated claims and identical documents; a document
/// whose statements are all shared is checked against the documents carrying its rarest
/// statement.
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
        let subject, predicate, object, unit, speaker, date: Int32
        let qty, qtyHi: UInt64
        let qualifier: UInt8

        /// The fields mixed into one word first, then hashed once: the synthesised hash ran
        /// SipHash over nine fields a claim (a fifth of finding the repeats at 10M).
        func hash(into hasher: inout Hasher) {
            func mix(_ h: UInt64, _ v: UInt64) -> UInt64 { (h ^ v) &* 0x9E37_79B9_7F4A_7C15 }
            var h = mix(0, UInt64(UInt32(bitPattern: subject)) | UInt64(UInt32(bitPattern: predicate)) << 32)
            h = mix(h, UInt64(UInt32(bitPattern: object)) | UInt64(UInt32(bitPattern: unit)) << 32)
            h = mix(h, UInt64(UInt32(bitPattern: speaker)) | UInt64(UInt32(bitPattern: date)) << 32)
            h = mix(h, qty)
            h = mix(h, qtyHi ^ UInt64(qualifier))
            hasher.combine(h ^ (h >> 31))
        }
    }

    init(_ g: FactGraph) {
        let c = g.claims
        var first: [Signature: Int32] = [:]
        first.reserveCapacity(c.count)
        var original = [Int32](repeating: 0, count: c.count)
        for i in 0..<c.count {
            // Bit patterns, so that a missing figure (NaN) equals another missing figure.
            let s = Signature(subject: c.subjects[i], predicate: c.predicates[i], object: c.objects[i],
                              unit: c.units[i], speaker: g.speaker(ofClaim: Int32(i)), date: c.dates[i],
                              qty: c.qty[i].bitPattern, qtyHi: c.qtyHi[i].bitPattern, qualifier: c.qualifiers[i])
            if let o = first[s] { original[i] = o } else { first[s] = Int32(i); original[i] = Int32(i) }
        }
        self.original = original
        var repeats: [Int32: [Int32]] = [:]
        for i in 0..<c.count where original[i] != Int32(i) {
            repeats[original[i], default: [original[i]]].append(Int32(i))
        }
        self.repeats = repeats

        // Each document's statements, as a sorted set.
        var statements = [[Int32]](repeating: [], count: g.documents.count)
        for i in 0..<c.count where c.docs[i] >= 0 { statements[Int(c.docs[i])].append(original[i]) }
        for d in statements.indices { statements[d] = Array(Set(statements[d])).sorted() }
        var docsOf: [Int32: [Int32]] = [:]   // statement -> the documents carrying it
        for (d, list) in statements.enumerated() { for st in list { docsOf[st, default: []].append(Int32(d)) } }

        var documentOriginal = [Int32](repeating: -1, count: g.documents.count)
        // Identical sets first: the first document loaded is the original of the others.
        var firstWithSet: [[Int32]: Int32] = [:]
        var representatives: [Int] = []
        for (d, list) in statements.enumerated() where !list.isEmpty {
            if let o = firstWithSet[list] { documentOriginal[d] = o } else { firstWithSet[list] = Int32(d); representatives.append(d) }
        }
        // Then strict subsets, among the distinct sets: candidates carry the rarest statement.
        for d in representatives {
            let mine = statements[d]
            guard let rarest = mine.min(by: { docsOf[$0]!.count < docsOf[$1]!.count }) else { continue }
            var best: Int32 = -1, bestCount = 0
            for e in docsOf[rarest]! where e != Int32(d) && documentOriginal[Int(e)] < 0 {
                let theirs = statements[Int(e)]
                guard theirs.count > mine.count, theirs.count > bestCount || (theirs.count == bestCount && e < best) else { continue }
                if Duplicates.isSubset(mine, of: theirs) { best = e; bestCount = theirs.count }
            }
            if best >= 0 {
                documentOriginal[d] = best
                // Documents identical to d are duplicates of the same larger document.
                for other in docsOf[rarest]! where documentOriginal[Int(other)] == Int32(d) { documentOriginal[Int(other)] = best }
            }
        }
        self.documentOriginal = documentOriginal
    }

    /// Both sorted: a merge walk.
    private static func isSubset(_ a: [Int32], of b: [Int32]) -> Bool {
        var j = 0
        for x in a {
            while j < b.count && b[j] < x { j += 1 }
            if j == b.count || b[j] != x { return false }
            j += 1
        }
        return true
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
