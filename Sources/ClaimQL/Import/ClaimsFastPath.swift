import Foundation

/// The fast path for claims.jsonl: one pass over a line's bytes that knows the schema and
/// allocates nothing for the usual line. Anything it does not expect (an unknown key, a
/// wrong type, bad UTF-8, an unknown id, a figure breaking `ClaimRules`) makes it decline
/// the line without adding a claim; the general reader then reads that line into a draft,
/// and the builder reports any error exactly.
///
/// Lines go a block at a time (`stage`, then `commit` for each line in order): the block's
/// lines are parsed into staged rows, then their entity and document references are looked
/// up together, then each row joins the batch (or is declined) in line order. Looking the
/// references up line by line, each lookup waited for its own cache miss (a third of the
/// fast path's time at 1M claims); a block's lookups overlap their misses.
struct ClaimsFastPath {
    private var interner = ByteInterner()
    /// Entity and document ids by their bytes, built on first use from the batch (ids do
    /// not change while a claims file loads).
    private var entityIds: ByteTable? = nil
    private var documentIds: ByteTable? = nil
    /// Whether each claim's id goes into the batch's id index as it is committed (which
    /// also finds an id repeated within the batch). The claims lane turns it off: its
    /// windows' ids are checked and indexed once, when they are merged
    /// (`IdIndex.insertAll`), so an index of each window alone would be thrown away.
    var indexesIds = true

    /// Lines staged at a time: enough to overlap many lookups, few enough that the block's
    /// lines and rows stay in the L1 and L2 caches until they are committed.
    static let blockLines = 128

    /// One line of the block, parsed.
    private struct Row {
        enum State { case claim, blank, declined }
        var start = 0, end = 0           // the line, without its newline (and CR)
        var state = State.declined
        var id = (0, 0)
        /// References as byte ranges of the line (start -1: absent), then as rows.
        var subjectText = (-1, 0), sourceText = (-1, 0), docText = (-1, 0)
        var subject: Int32 = -1, source: Int32 = -1, doc: Int32 = -1
        var predicate: Int32 = -1, object: Int32 = -1, unit: Int32 = -1
        var qty = Double.nan, qtyHi = Double.nan
        var qualifier: UInt8 = 0
        var date = ClaimTable.missingDate
        /// The quote's bytes: a range of the line, or of `decoded` when it had escapes.
        var quote = (-1, 0)
        var quoteDecoded = false
        var fingerprint: UInt32 = 0
    }

    private var rows: [Row] = []
    /// Decoded quotes of the block's lines that had escapes.
    private var decoded: [UInt8] = []
    private var fingerprints: [UInt32] = []
    /// Where the touching loads go (`ByteTable.touch`): a store, so they are not optimised away.
    private var touched: UInt64 = 0

    /// Lines staged by the last `stage`.
    var count: Int { rows.count }

    /// Row `k`'s line: its first byte and the end of its content (before a CR).
    func line(_ k: Int) -> (start: Int, end: Int) { (rows[k].start, rows[k].end) }

    /// Parses up to `blockLines` lines of `b[from..<to]` (a line ends at a newline or at
    /// `to`) and looks up their references; returns where the next line starts.
    mutating func stage(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, batch: inout GraphBatch) -> Int {
        if entityIds == nil {
            entityIds = ByteTable(batch.entities.ids)
            documentIds = ByteTable(batch.documents.ids)
        }
        rows.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)
        var lines = JSONLines(b, from..<to)
        while rows.count < ClaimsFastPath.blockLines, let (start, lineEnd) = lines.next() {
            var row = Row()
            row.start = start
            row.end = lineEnd
            if (start..<lineEnd).allSatisfy({ b[$0] == 0x20 || b[$0] == 0x09 || b[$0] == 0x0D }) {
                row.state = .blank
            } else if parse(b, start, lineEnd, &row, &batch.pool) {
                row.state = .claim
            }
            rows.append(row)
        }
        resolve(b, batch)
        return lines.position
    }

    /// Looks up the staged rows' references: first a touch of every probe's first entry
    /// (their misses overlap), then the lookups, which find those entries in cache. A
    /// reference to an unknown id declines its row.
    private mutating func resolve(_ b: UnsafeBufferPointer<UInt8>, _ batch: GraphBatch) {
        let entities = entityIds!, documents = documentIds!
        var sum: UInt64 = 0
        for k in rows.indices where rows[k].state == .claim {
            let r = rows[k]
            if r.subjectText.0 >= 0 { sum &+= UInt64(entities.touch(ByteTable.key(b, r.subjectText.0, r.subjectText.1).hash)) }
            if r.sourceText.0 >= 0 { sum &+= UInt64(entities.touch(ByteTable.key(b, r.sourceText.0, r.sourceText.1).hash)) }
            if r.docText.0 >= 0 { sum &+= UInt64(documents.touch(ByteTable.key(b, r.docText.0, r.docText.1).hash)) }
        }
        fingerprints.removeAll(keepingCapacity: true)
        for k in rows.indices where rows[k].state == .claim {
            func look(_ table: ByteTable, _ text: (Int, Int)) -> Int32? {
                text.0 < 0 ? -1 : table.find(b, text.0, text.1)
            }
            guard let subject = look(entities, rows[k].subjectText), let source = look(entities, rows[k].sourceText),
                  let doc = look(documents, rows[k].docText) else {
                rows[k].state = .declined
                continue
            }
            (rows[k].subject, rows[k].source, rows[k].doc) = (subject, source, doc)
            if indexesIds {
                let fp = IdIndex.fingerprint(UnsafeBufferPointer(rebasing: b[rows[k].id.0..<rows[k].id.1]))
                rows[k].fingerprint = fp
                fingerprints.append(fp)
            }
        }
        if indexesIds { sum &+= fingerprints.withUnsafeBufferPointer { batch.claims.idIndex.touch($0) } }
        touched &+= sum
    }

    /// Adds row `k`'s claim to `batch`: true if it joined (or the line is blank), false if
    /// the general reader must read the line. Rows are committed in line order, each after
    /// whatever the general reader added for the lines before it, so a repeated id is
    /// found however the earlier line was read.
    mutating func commit(_ k: Int, _ b: UnsafeBufferPointer<UInt8>, into batch: inout GraphBatch) -> Bool {
        let r = rows[k]
        switch r.state {
        case .blank: return true
        case .declined: return false
        case .claim: break
        }
        let idBytes = UnsafeBufferPointer(rebasing: b[r.id.0..<r.id.1])
        guard !batch.existsInGraph(utf8: idBytes) else { return false }
        // One probe for the duplicate check and the index entry: claim the id now, give it
        // back if it was taken (the general parser then reports the duplicate).
        let row = Int32(batch.claims.count)
        if indexesIds, batch.claims.idIndex.insert(utf8: idBytes, fingerprint: r.fingerprint, row: row, ids: batch.claims.ids) != nil {
            return false
        }
        func append(_ quote: UnsafeBufferPointer<UInt8>?) {
            batch.claims.append(idUTF8: idBytes, subject: r.subject, predicate: r.predicate, object: r.object, qty: r.qty,
                                qtyHi: r.qtyHi, unit: r.unit, qualifier: r.qualifier, date: r.date, source: r.source,
                                doc: r.doc, quoteBytes: quote, indexed: true)
        }
        if r.quote.0 < 0 {
            append(nil)
        } else if r.quoteDecoded {
            decoded.withUnsafeBufferPointer { append(UnsafeBufferPointer(rebasing: $0[r.quote.0..<r.quote.1])) }
        } else {
            append(UnsafeBufferPointer(rebasing: b[r.quote.0..<r.quote.1]))
        }
        return true
    }

    private enum Key: Int { case id, subject, predicate, object, qty, qtyHi, unit, qualifier, date, source, doc, quote }

    /// A key is matched by its length and its first eight bytes (the ninth, for the two
    /// nine-byte keys, is checked too): a word compare, not a byte loop per key.
    private static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Key? {
        let w = ByteTable.pack(b, s, e, 0)
        switch e - s {
        case 2: return w == Words.id ? .id : nil
        case 3: return w == Words.qty ? .qty : w == Words.doc ? .doc : nil
        case 4: return w == Words.unit ? .unit : w == Words.date ? .date : nil
        case 5: return w == Words.quote ? .quote : nil
        case 6: return w == Words.qtyHi ? .qtyHi : w == Words.object ? .object : w == Words.source ? .source : nil
        case 7: return w == Words.subject ? .subject : nil
        case 9:
            let last = b[s + 8]
            return w == Words.predicat && last == UInt8(ascii: "e") ? .predicate
                : w == Words.qualifie && last == UInt8(ascii: "r") ? .qualifier : nil
        default: return nil
        }
    }

    /// Each key's first eight bytes as `ByteTable.pack` reads them.
    private enum Words {
        static func of(_ word: StaticString) -> UInt64 {
            var v: UInt64 = 0
            for i in (0..<min(word.utf8CodeUnitCount, 8)).reversed() { v = v << 8 | UInt64(word.utf8Start[i]) }
            return v
        }
        static let id = of("id"), qty = of("qty"), doc = of("doc"), unit = of("unit"), date = of("date")
        static let quote = of("quote"), qtyHi = of("qty_hi"), object = of("object"), source = of("source")
        static let subject = of("subject"), predicat = of("predicate"), qualifie = of("qualifier")
    }

    /// Each qualifier's spelling, by code - 1.
    private static let qualifiers = Qualifier.allCases.map { Array($0.rawValue.utf8) }

    /// The code of the qualifier spelt `b[s..<e]` (no String made, no string switch).
    private static func qualifier(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt8? {
        for (k, spelling) in qualifiers.enumerated() where spelling.count == e - s {
            if spelling.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress! + s, e - s) == 0 }) {
                return Qualifier.allCases[k].code
            }
        }
        return nil
    }

    /// The first byte at or after `from` and before `end` that ends a plain run of string
    /// content: a quote, a backslash or a control character (`end` if none). `ascii`
    /// becomes false if a byte of 0x80 or more was passed (or, rarely, sits in the same
    /// word just after the stop: that only costs a validation). Eight bytes at a time (SWAR:
    /// a zero byte in `v ^ pattern` marks a match; the lowest marked byte is exact), since
    /// quotes are most of a claims file.
    @inline(__always)
    static func scan(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int, _ ascii: inout Bool) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        var q = from
        var seen: UInt64 = 0
        if let base = b.baseAddress.map(UnsafeRawPointer.init) {
            while q + 8 <= end {
                let v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: q, as: UInt64.self))
                let stop = zeroByte(v ^ (ones &* 0x22)) | zeroByte(v ^ (ones &* 0x5C)) | ((v &- ones &* 0x20) & ~v & highs)
                seen |= v
                if stop != 0 {
                    q += stop.trailingZeroBitCount / 8
                    if seen & highs != 0 { ascii = false }
                    return q
                }
                q += 8
            }
        }
        if seen & highs != 0 { ascii = false }
        while q < end {
            let c = b[q]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
            if c >= 0x80 { ascii = false }
            q += 1
        }
        return q
    }

    /// Parses one line into `row`; false if the fast path declines it.
    private mutating func parse(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ row: inout Row,
                                _ pool: inout StringPool) -> Bool {
        var p = start
        func skip() { while p < end, b[p] == 0x20 || b[p] == 0x09 { p += 1 } }
        /// A string without escapes, all ASCII or valid UTF-8: its content range.
        func string() -> (Int, Int)? {
            guard p < end, b[p] == UInt8(ascii: "\"") else { return nil }
            let s = p + 1
            var ascii = true
            let q = ClaimsFastPath.scan(b, s, end, &ascii)
            guard q < end, b[q] == UInt8(ascii: "\"") else { return nil }
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self) == nil { return nil }
            p = q + 1
            return (s, q)
        }
        func isNull() -> Bool {
            if p + 4 <= end, b[p] == UInt8(ascii: "n"), b[p + 1] == UInt8(ascii: "u"), b[p + 2] == UInt8(ascii: "l"), b[p + 3] == UInt8(ascii: "l") {
                p += 4
                return true
            }
            return false
        }

        skip()
        guard p < end, b[p] == UInt8(ascii: "{") else { return false }
        p += 1
        var id: (Int, Int)? = nil
        var seen: UInt16 = 0
        while true {
            skip()
            guard let k = string(), let key = ClaimsFastPath.key(b, k.0, k.1) else { return false }
            let bit = UInt16(1) << UInt16(key.rawValue)
            guard seen & bit == 0 else { return false } // a repeated key: let the general parser decide
            seen |= bit
            skip()
            guard p < end, b[p] == UInt8(ascii: ":") else { return false }
            p += 1
            skip()
            switch key {
            case .qty, .qtyHi:
                var v = Double.nan
                if !isNull() { guard case .success(let d) = JSONNumber.parse(b, &p, end) else { return false }; v = d }
                if key == .qty { row.qty = v } else { row.qtyHi = v }
            default:
                if isNull() {
                    if key == .id { return false }
                    break
                }
                if key == .quote, p < end, b[p] == UInt8(ascii: "\"") {
                    guard decodeEscaped(b, &p, end, &row) else { return false }
                    break
                }
                guard let r = string() else { return false }
                switch key {
                case .id: id = r
                case .subject: row.subjectText = r
                case .source: row.sourceText = r
                case .doc: row.docText = r
                case .predicate: row.predicate = interner.intern(b, r.0, r.1, &pool)
                case .object: row.object = interner.intern(b, r.0, r.1, &pool)
                case .unit:
                    // An empty unit breaks a rule: the general reader reports it.
                    guard (r.0..<r.1).contains(where: { b[$0] != 0x20 && b[$0] != 0x09 }) else { return false }
                    row.unit = interner.intern(b, r.0, r.1, &pool)
                case .qualifier:
                    guard let code = ClaimsFastPath.qualifier(b, r.0, r.1) else { return false }
                    row.qualifier = code
                case .date:
                    guard let d = Day.parse(UnsafeBufferPointer(rebasing: b[r.0..<r.1])) else { return false }
                    row.date = d.daysSinceEpoch
                case .quote, .qty, .qtyHi: break
                }
            }
            skip()
            guard p < end else { return false }
            if b[p] == UInt8(ascii: ",") { p += 1; continue }
            if b[p] == UInt8(ascii: "}") { p += 1; break }
            return false
        }
        skip()
        guard p == end, let id else { return false }
        row.id = id
        // A figure breaking a rule (`ClaimRules`) goes to the general reader, whose draft
        // the builder reports; `qty_hi` alone implies a range, as it does there.
        guard ClaimRules.hold(qty: row.qty, qtyHi: row.qtyHi, qualifier: row.qualifier) else { return false }
        if !row.qtyHi.isNaN && row.qualifier == 0 { row.qualifier = Qualifier.range.code }
        return true
    }

    /// The quote, a string that may hold escapes: its content range in the line, or, with
    /// escapes, its decoded UTF-8 appended to `decoded`. False for anything unusual (bad
    /// escape, control character, invalid UTF-8): the general parser reports it.
    private mutating func decodeEscaped(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ end: Int, _ row: inout Row) -> Bool {
        let s = p + 1
        var ascii = true
        var q = ClaimsFastPath.scan(b, s, end, &ascii)
        guard q < end, b[q] >= 0x20 else { return false }
        if b[q] == UInt8(ascii: "\"") {
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self) == nil { return false }
            p = q + 1
            row.quote = (s, q)
            return true
        }
        // Find the closing quote (the first one not escaped), then decode with the one
        // decoder the general parser uses.
        while q < end, b[q] == UInt8(ascii: "\\") {
            q = ClaimsFastPath.scan(b, q + 2, end, &ascii)
        }
        guard q < end, b[q] == UInt8(ascii: "\"") else { return false }
        let from = decoded.count
        guard Escapes.decode(b, s, q, into: &decoded) else { decoded.removeSubrange(from...); return false }
        if !ascii, decoded.withUnsafeBufferPointer({ String(validating: UnsafeBufferPointer(rebasing: $0[from...]), as: UTF8.self) }) == nil {
            decoded.removeSubrange(from...)
            return false
        }
        p = q + 1
        row.quote = (from, decoded.count)
        row.quoteDecoded = true
        return true
    }

}
