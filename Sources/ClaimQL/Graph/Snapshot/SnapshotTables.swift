/// Each part of the fact graph to and from a snapshot payload. Reading checks what the
/// loaders guarantee for data they build: equal column lengths, references in range,
/// qualifiers and dates valid, offsets in order, ids unique.
extension FactGraph {
    /// The payload in memory (tests; a save streams it with `encode(into:)`).
    func snapshotPayload() -> [UInt8] {
        var w = SnapshotWriter(reserving: claims.quotes.byteCount + claims.count * 80 + 1 << 16)
        encode(into: &w)
        return w.bytes
    }

    func encode(into w: inout SnapshotWriter) {
        // pool
        w.strings(pool.strings)
        // entities
        w.strings(entities.ids)
        w.strings(entities.names)
        w.array(entities.kinds)
        w.array(entities.aliases.map { Int32($0.count) })
        w.strings(entities.aliases.flatMap { $0 })
        let relations = entities.edges.keys.sorted()
        w.strings(relations)
        for r in relations { w.lists(entities.edges[r]!) }
        // documents
        w.strings(documents.ids)
        w.optionalStrings(documents.titles)
        w.array(documents.publishers)
        w.array(documents.published)
        w.text(documents.texts)
        // claims
        w.text(claims.ids.text)
        w.array(claims.subjects)
        w.array(claims.predicates)
        w.array(claims.objects)
        w.array(claims.qty)
        w.array(claims.qtyHi)
        w.array(claims.units)
        w.array(claims.qualifiers)
        w.array(claims.dates)
        w.array(claims.sources)
        w.array(claims.docs)
        w.text(claims.quotes)
        w.int(claims.idIndex.count)
        w.array(claims.idIndex.slots)
        // attributes, after all the tables: any of them may refer to any row
        w.attributes(entities.attributes)
        w.attributes(documents.attributes)
        w.attributes(claims.attributes)
        // index: what `GraphIndex(self)` would compute, saved so opening does not
        let keys = index.entitiesByKey.keys.sorted()
        w.strings(keys)
        w.lists(keys.map { index.entitiesByKey[$0]! })
        for p in [index.claimsBySource, index.claimsBySubject, index.claimsByDoc, index.claimsByPredicate, index.claimsByUnit] {
            w.postings(p)
        }
        w.array(index.claimsWithoutSource)
        for r in relations { w.postings(index.edges[r] ?? Postings()) }
    }

    /// `file`: the mapped file `bytes` lies in; text columns then borrow from it.
    init(snapshotPayload bytes: UnsafeRawBufferPointer, file: MappedFile? = nil) throws(SnapshotError) {
        var r = SnapshotReader(bytes, file: file)
        // The large passes, and the dictionaries of entity and document ids, run on all
        // cores once every section is read (see `SnapshotChecks`).
        var checks = SnapshotChecks()
        r.section = "string pool"
        let strings = try r.strings()
        guard Set(strings).count == strings.count else { throw r.fail("repeated pooled strings") }
        let pool = StringPool(strings: strings)

        r.section = "entities"
        var entities = EntityTable()
        entities.ids = try r.strings()
        let n = entities.ids.count
        entities.names = try r.strings()
        entities.kinds = try r.array(Int32.self)
        let aliasCounts = try r.array(Int32.self)
        let aliases = try r.strings()
        guard entities.names.count == n, entities.kinds.count == n, aliasCounts.count == n,
              entities.kinds.allSatisfy({ $0 >= 0 && Int($0) < strings.count }) else {
            // Every entity has a kind (the loaders intern one; exports read it unguarded).
            throw r.fail("column lengths or kinds")
        }
        entities.aliases = try r.split(aliases, aliasCounts)
        let entityIndex = Handoff<[String: Int32]>(), entityIds = entities.ids
        checks.add("entities", long: true) { entityIndex.kept(Self.uniqueIndex(entityIds)) ? nil : "a repeated id" }
        let relations = try r.strings()
        for relation in relations { entities.edges[relation] = try r.lists(n, targets: n) }
        guard entities.edges.count == relations.count else { throw r.fail("repeated relations") }

        r.section = "documents"
        var documents = DocumentTable()
        documents.ids = try r.strings()
        let d = documents.ids.count
        documents.titles = try r.optionalStrings()
        documents.publishers = try r.column(Int32.self)
        documents.published = try r.column(Int32.self)
        documents.texts = try r.text()
        guard documents.titles.count == d, documents.publishers.count == d, documents.published.count == d,
              documents.texts.count == d else { throw r.fail("column lengths") }
        guard documents.publishers.allSatisfy({ $0 >= -1 && Int($0) < n }),
              documents.published.allSatisfy(Self.validDate) else { throw r.fail("a publisher or date") }
        let documentIndex = Handoff<[String: Int32]>(), documentIds = documents.ids
        checks.add("documents", long: true) { documentIndex.kept(Self.uniqueIndex(documentIds)) ? nil : "a repeated id" }

        r.section = "claims"
        var claims = ClaimTable()
        let ids = try r.text()
        guard ids.missingCount == 0 else { throw r.fail("a claim without an id") }
        claims.ids = IdColumn(ids)
        let c = claims.ids.count
        claims.subjects = try r.column(Int32.self)
        claims.predicates = try r.column(Int32.self)
        claims.objects = try r.column(Int32.self)
        claims.qty = try r.column(Double.self)
        claims.qtyHi = try r.column(Double.self)
        claims.units = try r.column(Int32.self)
        claims.qualifiers = try r.column(UInt8.self)
        claims.dates = try r.column(Int32.self)
        claims.sources = try r.column(Int32.self)
        claims.docs = try r.column(Int32.self)
        claims.quotes = try r.text()
        let lengths = [claims.subjects.count, claims.predicates.count, claims.objects.count, claims.qty.count,
                       claims.qtyHi.count, claims.units.count, claims.qualifiers.count, claims.dates.count,
                       claims.sources.count, claims.docs.count, claims.quotes.count]
        guard lengths.allSatisfy({ $0 == c }) else { throw r.fail("column lengths") }
        // References, qualifiers, dates, figures and units (not blank) as the loaders make
        // them: checked per chunk of rows, in parallel, once every section is read.
        let blank = strings.map { $0.allSatisfy(\.isWhitespace) }
        let chunk = 1 << 18
        for start in stride(from: 0, to: c, by: chunk) {
            let rows = start..<min(c, start + chunk), table = claims
            checks.add("claims") { SnapshotChecks.claims(table, rows, entities: n, documents: d, blankCodes: blank) }
        }
        // The id index as saved: rows in range, each once, a free slot to end probes.
        // That the ids are distinct and sit where their hashes lead is the writer's
        // promise, kept by the checksum: checking it again means hashing every id, 50-90 ms
        // at 1M claims, more than the rest of opening.
        let indexed = try r.int()
        let slots = try r.column(UInt64.self)
        claims.idIndex = IdIndex(slots: slots, count: c)
        guard indexed == c else { throw r.fail("the id index") }
        let idIndex = claims.idIndex
        checks.add("claims", long: true) { idIndex.holdsEachRowOnce(c) ? nil : "the id index" }

        r.section = "attributes"
        entities.attributes = try r.attributes(rows: n, sizes: (n, d, c))
        documents.attributes = try r.attributes(rows: d, sizes: (n, d, c))
        claims.attributes = try r.attributes(rows: c, sizes: (n, d, c))

        r.section = "index"
        var index = GraphIndex()
        let keys = try r.strings()
        let keyCounts = try r.array(Int32.self), keyRows = try r.array(Int32.self)
        guard keyCounts.count == keys.count else { throw r.fail("list counts") }
        let byKey = Handoff<[String: [Int32]]>()
        checks.add("index", long: true) { byKey.kept(SnapshotChecks.entitiesByKey(keys, keyCounts, keyRows, entities: n)) ? nil : "the name keys" }
        index.claimsBySource = try r.postings(keys: n, rows: c, &checks)
        index.claimsBySubject = try r.postings(keys: n, rows: c, &checks)
        index.claimsByDoc = try r.postings(keys: d, rows: c, &checks)
        index.claimsByPredicate = try r.postings(keys: strings.count, rows: c, &checks)
        index.claimsByUnit = try r.postings(keys: strings.count, rows: c, &checks)
        let withoutSource = try r.column(Int32.self)
        index.claimsWithoutSource = withoutSource
        checks.add("index") { SnapshotChecks.rows(withoutSource, below: c) }
        for relation in relations { index.edges[relation] = try r.postings(keys: n, rows: n, &checks) }
        guard r.atEnd else { throw r.fail("bytes after the last section") }
        try checks.run()
        entities.idIndex = entityIndex.value!
        documents.idIndex = documentIndex.value!
        index.entitiesByKey = byKey.value!
        r.releaseUnborrowed()
        self.init(pool: pool, entities: entities, documents: documents, claims: claims, index: index)
    }

    static func validDate(_ d: Int32) -> Bool { d == ClaimTable.missingDate || SnapshotCheck.validDay(Int(d)) }

    /// Ids -> rows, nil if an id repeats.
    static func uniqueIndex(_ ids: [String]) -> [String: Int32]? {
        var index: [String: Int32] = [:]
        index.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() where index.updateValue(Int32(i), forKey: id) != nil { return nil }
        return index
    }
}

extension SnapshotWriter {
    mutating func text(_ t: TextColumn) {
        array(t.offsets)
        t.withBytes { raw($0) }
        array(t.missing.sorted())
    }

    mutating func attributes(_ a: AttributeTable) {
        let keys = a.keys.sorted()
        strings(keys)
        for key in keys {
            let column = a.columnIfPresent(key)!
            let rows = column.keys.sorted()
            array(rows)
            for row in rows { cell(column[row]!) }
        }
    }

    mutating func postings(_ p: Postings) {
        array(p.offsets)
        array(p.rows)
    }
}

extension SnapshotReader {
    /// A text column: its bytes borrowed from the mapped file when there is one.
    mutating func text() throws(SnapshotError) -> TextColumn {
        let offsets = try column(Int.self)
        let mapped = try borrowedBytes()
        let missing = try array(Int32.self)
        let byteCount = mapped?.buffer.count ?? 0
        guard offsets.first == 0, offsets.last == byteCount else { throw fail("text offsets") }
        let ordered = offsets.withUnsafeBufferPointer { o in
            var previous = 0
            for x in o { if x < previous { return false }; previous = x }
            return true
        }
        guard ordered else { throw fail("text offsets") }
        guard missing.allSatisfy({ $0 >= 0 && Int($0) < offsets.count - 1 }) else { throw fail("a missing-text row") }
        if let mapped, file != nil { return TextColumn(mapped: mapped, offsets: offsets, missing: Set(missing)) }
        return TextColumn(bytes: mapped.map { Array($0.buffer) } ?? [], offsets: offsets, missing: Set(missing))
    }

    mutating func attributes(rows: Int, sizes: (entities: Int, documents: Int, claims: Int)) throws(SnapshotError) -> AttributeTable {
        var columns: [String: [Int32: Cell]] = [:]
        for key in try strings() {
            var column: [Int32: Cell] = [:]
            for row in try array(Int32.self) {
                guard row >= 0, Int(row) < rows else { throw fail("an attribute row") }
                column[row] = try cell(sizes)
            }
            columns[key] = column
        }
        return AttributeTable(columns: columns)
    }

    /// Postings, their offsets' and rows' pass added to `checks`.
    mutating func postings(keys: Int, rows: Int, _ checks: inout SnapshotChecks) throws(SnapshotError) -> Postings {
        var p = Postings()
        p.offsets = try column(Int32.self)
        p.rows = try column(Int32.self)
        guard p.offsets.count == keys + 1, p.offsets.first == 0, Int(p.offsets.last ?? -1) == p.rows.count else {
            throw fail("index offsets")
        }
        let postings = p
        checks.add(section) { SnapshotChecks.postings(postings, rows: rows) }
        return p
    }
}
