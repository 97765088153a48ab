import Foundation

/// The in-memory fact graph: entities, documents and claims in columns, plus the indexes
/// derived from them. A value type: a loader works on a `GraphBatch` and the graph only
/// changes in `commit`, which cannot fail, so a failed load leaves the graph as it was and
/// readers holding an older copy keep a consistent snapshot.
struct FactGraph: Sendable {
    var pool = StringPool()
    var entities = EntityTable()
    var documents = DocumentTable()
    var claims = ClaimTable()
    private(set) var index = GraphIndex()
    /// Rows 0..<claims.count: what a scan of every claim starts from. Made when the claims
    /// change (4 bytes a claim, shared copy-on-write by every query) rather than per query,
    /// where making a million of them cost ~2 ms, most of it the page faults of fresh memory.
    /// (A lazily filled cache behind a lock made in `commit` tripped the Thread Sanitizer:
    /// the lock's first use on another thread is ordered only through the graph's own
    /// mutex, whose contended hand-off happens in the kernel, where TSan cannot see it.)
    private(set) var everyClaim: [Int32] = []

    /// Bumped by every commit, so a prepared query can tell the graph changed under it.
    private(set) var generation = 0
    /// Duplicate claims and documents, computed when a query first asks.
    private(set) var derived = DerivedFacts()
    var duplicates: Duplicates { derived.duplicates(of: self) }

    init() {}

    /// A graph from a snapshot's parts, with the indexes it saved.
    init(pool: StringPool, entities: EntityTable, documents: DocumentTable, claims: ClaimTable, index: GraphIndex) {
        self.pool = pool
        self.entities = entities
        self.documents = documents
        self.claims = claims
        self.index = index
        everyClaim = Array(0..<Int32(claims.count))
    }

    /// This graph's data replaced by another's (opening a snapshot): a new generation, so
    /// prepared queries plan again.
    mutating func replace(with other: FactGraph) {
        let next = generation + 1
        self = other
        generation = next
    }

    mutating func commit(_ batch: GraphBatch) {
        pool = batch.pool
        entities = batch.entities
        documents = batch.documents
        // Into an empty graph the batch's columns move as they are: no copy, no second peak.
        if claims.count == 0 { claims = batch.claims } else { claims.append(contentsOf: batch.claims) }
        if everyClaim.count < claims.count { everyClaim += Int32(everyClaim.count)..<Int32(claims.count) }
        index = GraphIndex(self)
        derived = DerivedFacts()
        generation += 1
    }

    func string(_ code: Int32) -> String? { code < 0 ? nil : pool[code] }

    /// Who said claim `r`: its source or, for a figure a document states in its own
    /// voice, the document's publisher (-1 if neither).
    func speaker(ofClaim r: Int32) -> Int32 {
        let s = claims.sources[Int(r)]
        if s >= 0 { return s }
        let d = claims.docs[Int(r)]
        return d >= 0 ? documents.publishers[Int(d)] : -1
    }
}

/// Everything one load adds, checked before any of it reaches the graph. It starts from
/// copies of the graph's small tables (entities, documents, strings: copy-on-write, so no
/// copy is made until the batch adds to them) and collects new claims on their own.
struct GraphBatch: Sendable {
    var pool: StringPool
    var entities: EntityTable
    var documents: DocumentTable
    var claims = ClaimTable()
    /// The graph's claims (a copy-on-write reference, never written): ids already taken.
    private let existingClaims: ClaimTable
    let claimBase: Int32

    init(_ graph: FactGraph) {
        pool = graph.pool
        entities = graph.entities
        documents = graph.documents
        existingClaims = graph.claims
        claimBase = Int32(graph.claims.count)
    }

    func hasClaim(_ id: String) -> Bool { existingClaims.row(of: id) != nil || claims.row(of: id) != nil }

    /// In the graph before this batch (free when the graph has no claims yet).
    func existsInGraph(utf8 id: UnsafeBufferPointer<UInt8>) -> Bool {
        existingClaims.count > 0 && existingClaims.idIndex.find(utf8: id, in: existingClaims.ids) != nil
    }

}

/// Postings in compressed sparse row form: the rows for key k are
/// `rows[offsets[k]..<offsets[k+1]]`, in ascending row order.
struct Postings: Sendable {
    var offsets: ScalarColumn<Int32> = [0]
    var rows = ScalarColumn<Int32>()

    /// Counting sort of `keys` (one per row; negative = no key) into `keyCount` buckets.
    init(keys: ScalarColumn<Int32>, keyCount: Int) {
        var counts = ScalarColumn<Int32>(repeating: 0, count: keyCount + 1)
        var filled = ScalarColumn<Int32>()
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for k in keys where k >= 0 { counts[Int(k) + 1] += 1 }
                for i in 0..<keyCount { counts[i + 1] += counts[i] }
            }
            var next = Array(counts.dropLast())
            filled = ScalarColumn(repeating: 0, count: Int(counts[keyCount]))
            filled.withUnsafeMutableBufferPointer { rows in
                for (row, k) in keys.enumerated() where k >= 0 {
                    rows[Int(next[Int(k)])] = Int32(row)
                    next[Int(k)] += 1
                }
            }
        }
        offsets = counts
        rows = filled
    }

    init() {}

    /// From lists per key (an entity's targets of one relation), in key order.
    init(lists: [[Int32]]) {
        offsets.reserveCapacity(lists.count + 1)
        for l in lists {
            rows.append(contentsOf: l)
            offsets.append(Int32(rows.count))
        }
    }

    /// The rows of `key` as an index range into `rows` (empty for an unknown key): kernels
    /// walk it without making an array per row.
    func span(_ key: Int32) -> Range<Int> {
        guard key >= 0, Int(key) + 1 < offsets.count else { return 0..<0 }
        return Int(offsets[Int(key)])..<Int(offsets[Int(key) + 1])
    }

    subscript(key: Int32) -> Swift.Slice<ScalarColumn<Int32>> {
        guard key >= 0, Int(key) + 1 < offsets.count else { return rows[0..<0] }
        return rows[Int(offsets[Int(key)])..<Int(offsets[Int(key) + 1])]
    }
}

/// Indexes rebuilt after each commit (linear in the graph's size).
struct GraphIndex: Sendable {
    /// NameKey of each entity's id, name and aliases -> entity rows.
    var entitiesByKey: [String: [Int32]] = [:]
    var claimsBySource = Postings()
    var claimsBySubject = Postings()
    var claimsByDoc = Postings()
    var claimsByPredicate = Postings()
    var claimsByUnit = Postings()
    /// Claims with no source: kept as candidates when a plan starts from sources.
    var claimsWithoutSource = ScalarColumn<Int32>()
    /// Each relation's targets per entity, in one flat array (`Postings` by entity).
    var edges: [String: Postings] = [:]

    init() {}

    /// The parts are independent: the name keys (Unicode folding of every id, name and
    /// alias) on one core while the claims' postings are counted on the other.
    init(_ g: FactGraph) {
        let byKey = Handoff<[String: [Int32]]>(), postings = Handoff<[Postings]>()
        let parts: [@Sendable () -> Void] = [
            { byKey.set(GraphIndex.nameKeys(g)) },
            { postings.set([Postings(keys: g.claims.sources, keyCount: g.entities.count),
                            Postings(keys: g.claims.subjects, keyCount: g.entities.count),
                            Postings(keys: g.claims.docs, keyCount: g.documents.count),
                            Postings(keys: g.claims.predicates, keyCount: g.pool.strings.count),
                            Postings(keys: g.claims.units, keyCount: g.pool.strings.count)]) },
        ]
        // Worth a second thread only for a graph of some size.
        if g.claims.count + g.entities.count > 50_000 {
            DispatchQueue.concurrentPerform(iterations: parts.count) { parts[$0]() }
        } else {
            for part in parts { part() }
        }
        entitiesByKey = byKey.value!
        let p = postings.value!
        (claimsBySource, claimsBySubject, claimsByDoc, claimsByPredicate, claimsByUnit) = (p[0], p[1], p[2], p[3], p[4])
        claimsWithoutSource = ScalarColumn(g.claims.sources.indices.lazy.filter { g.claims.sources[$0] < 0 }.map { Int32($0) })
        for (relation, lists) in g.entities.edges { edges[relation] = Postings(lists: lists) }
    }

    private static func nameKeys(_ g: FactGraph) -> [String: [Int32]] {
        var out: [String: [Int32]] = [:]
        out.reserveCapacity(g.entities.count * 2)
        for row in 0..<g.entities.count {
            let r = Int32(row)
            var keys = Set([NameKey.of(g.entities.ids[row]), NameKey.of(g.entities.names[row])])
            for a in g.entities.aliases[row] { keys.insert(NameKey.of(a)) }
            for k in keys where !k.isEmpty { out[k, default: []].append(r) }
        }
        return out
    }

    /// Entities whose id, name or an alias has the same NameKey as `text`.
    func entities(named text: String) -> [Int32] { entitiesByKey[NameKey.of(text)] ?? [] }
}
