/// Entities: few (about one per fifty claims), so plain per-row arrays are fine.
struct EntityTable: Sendable {
    var ids: [String] = []
    var idIndex: [String: Int32] = [:]
    var names: [String] = []
    var kinds: [Int32] = []          // StringPool codes
    var aliases: [[String]] = []
    /// relation name -> targets per entity (an entity may have several of one relation).
    var edges: [String: [[Int32]]] = [:]
    var attributes = AttributeTable()

    var count: Int { ids.count }

    mutating func add(id: String, name: String, kind: Int32, aliases: [String]) -> Int32 {
        let row = Int32(ids.count)
        ids.append(id)
        idIndex[id] = row
        names.append(name)
        kinds.append(kind)
        self.aliases.append(aliases)
        // The keys copied first: a live `keys` view would hold the dictionary's storage and
        // make every append below copy it (quadratic in the entities).
        for key in Array(edges.keys) { edges[key]!.append([]) }
        return row
    }

    mutating func addEdge(_ relation: String, from: Int32, to: Int32) {
        if edges[relation] == nil { edges[relation] = Array(repeating: [], count: count) }
        edges[relation]![Int(from)].append(to)
    }
}

struct DocumentTable: Sendable {
    var ids: [String] = []
    var idIndex: [String: Int32] = [:]
    var titles: [String?] = []
    var publishers = ScalarColumn<Int32>()     // entity row or -1
    var published = ScalarColumn<Int32>()      // days since epoch or Day.missing
    /// The article's text, when it was kept (drafts from `claimql extract`): `evidence`
    /// shows the sentence around a quote from it.
    var texts = TextColumn()
    var attributes = AttributeTable()

    var count: Int { ids.count }

    mutating func add(id: String, title: String?, publisher: Int32, published: Int32, text: String? = nil) -> Int32 {
        let row = Int32(ids.count)
        ids.append(id)
        idIndex[id] = row
        titles.append(title)
        publishers.append(publisher)
        self.published.append(published)
        texts.append(text)
        return row
    }
}

/// The claim qualifiers, in a fixed order (stored as one byte; 0 = none).
enum Qualifier: String, CaseIterable, Sendable {
    case exact, approx, at_least, at_most, more_than, less_than, up_to, range

    var code: UInt8 { UInt8(Qualifier.allCases.firstIndex(of: self)! + 1) }
    init?(code: UInt8) {
        guard code >= 1 && Int(code) <= Qualifier.allCases.count else { return nil }
        self = Qualifier.allCases[Int(code) - 1]
    }
}

/// Claims, column by column: the hot data of every query.
struct ClaimTable: Sendable {
    static let missingDate = Int32.min
    var ids = IdColumn()
    var idIndex = IdIndex()
    var subjects = ScalarColumn<Int32>()       // entity row or -1
    var predicates = ScalarColumn<Int32>()     // StringPool code or -1
    var objects = ScalarColumn<Int32>()        // StringPool code or -1
    var qty = ScalarColumn<Double>()           // NaN = missing
    var qtyHi = ScalarColumn<Double>()         // NaN = missing
    var units = ScalarColumn<Int32>()          // StringPool code or -1
    var qualifiers = ScalarColumn<UInt8>()     // Qualifier.code or 0
    var dates = ScalarColumn<Int32>()          // days since epoch or missingDate
    var sources = ScalarColumn<Int32>()        // entity row or -1
    var docs = ScalarColumn<Int32>()           // document row or -1
    var quotes = TextColumn()
    var attributes = AttributeTable()

    var count: Int { ids.count }

    /// The row of the claim with this id.
    func row(of id: String) -> Int32? { idIndex.find(id, in: ids) }

    /// Appends one claim; returns its row.
    @discardableResult
    mutating func append(id: String, subject: Int32, predicate: Int32, object: Int32, qty: Double, qtyHi: Double,
                         unit: Int32, qualifier: UInt8, date: Int32, source: Int32, doc: Int32, quote: String?) -> Int32 {
        quotes.append(quote)
        return appendFields(id, subject, predicate, object, qty, qtyHi, unit, qualifier, date, source, doc)
    }

    /// The same, with the id and the quote as UTF-8 bytes (the JSONL fast path, which makes
    /// no strings).
    @discardableResult
    mutating func append(idUTF8 id: UnsafeBufferPointer<UInt8>, subject: Int32, predicate: Int32, object: Int32,
                         qty: Double, qtyHi: Double, unit: Int32, qualifier: UInt8, date: Int32, source: Int32,
                         doc: Int32, quoteBytes: UnsafeBufferPointer<UInt8>?, indexed: Bool = false) -> Int32 {
        quotes.append(utf8: quoteBytes)
        return appendFields(id, subject, predicate, object, qty, qtyHi, unit, qualifier, date, source, doc, indexed: indexed)
    }

    private mutating func appendFields(_ id: String, _ subject: Int32, _ predicate: Int32, _ object: Int32,
                                       _ qty: Double, _ qtyHi: Double, _ unit: Int32, _ qualifier: UInt8,
                                       _ date: Int32, _ source: Int32, _ doc: Int32) -> Int32 {
        var id = id
        return id.withUTF8 { appendFields($0, subject, predicate, object, qty, qtyHi, unit, qualifier, date, source, doc) }
    }

    private mutating func appendFields(_ id: UnsafeBufferPointer<UInt8>, _ subject: Int32, _ predicate: Int32,
                                       _ object: Int32, _ qty: Double, _ qtyHi: Double, _ unit: Int32,
                                       _ qualifier: UInt8, _ date: Int32, _ source: Int32, _ doc: Int32,
                                       indexed: Bool = false) -> Int32 {
        let row = Int32(ids.count)
        ids.append(utf8: id)
        if !indexed { idIndex.insert(utf8: id, row: row, ids: ids) }
        subjects.append(subject)
        predicates.append(predicate)
        objects.append(object)
        self.qty.append(qty)
        self.qtyHi.append(qtyHi)
        units.append(unit)
        qualifiers.append(qualifier)
        dates.append(date)
        sources.append(source)
        docs.append(doc)
        return row
    }

    mutating func reserve(_ n: Int) {
        ids.reserveCapacity(n); subjects.reserveCapacity(n); predicates.reserveCapacity(n)
        objects.reserveCapacity(n); qty.reserveCapacity(n); qtyHi.reserveCapacity(n)
        units.reserveCapacity(n); qualifiers.reserveCapacity(n); dates.reserveCapacity(n)
        sources.reserveCapacity(n); docs.reserveCapacity(n); idIndex.reserve(n)
        quotes.reserve(rows: n, bytes: n * 100)
    }

    /// `indexed`: the id index already holds the other table's ids (at their new rows).
    mutating func append(contentsOf other: ClaimTable, indexed: Bool = false) {
        let base = Int32(count)
        ids.append(contentsOf: other.ids)
        if !indexed {
            idIndex.reserve(ids.count)
            for r in 0..<other.count { _ = other.ids.withUTF8(r) { idIndex.insert(utf8: $0, row: base + Int32(r), ids: ids) } }
        }
        subjects.append(contentsOf: other.subjects)
        predicates.append(contentsOf: other.predicates)
        objects.append(contentsOf: other.objects)
        qty.append(contentsOf: other.qty)
        qtyHi.append(contentsOf: other.qtyHi)
        units.append(contentsOf: other.units)
        qualifiers.append(contentsOf: other.qualifiers)
        dates.append(contentsOf: other.dates)
        sources.append(contentsOf: other.sources)
        docs.append(contentsOf: other.docs)
        quotes.append(contentsOf: other.quotes)
        attributes.append(other.attributes, rowOffset: base)
    }
}
