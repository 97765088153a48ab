import Foundation

/// The fast path for claims.jsonl: one pass over a line's bytes that knows the schema,
/// writes straight into the columns and allocates nothing for the usual line. Anything it
/// does not expect (an unknown key, a wrong type, bad UTF-8, an unknown id, a figure
/// breaking `ClaimRules`) makes it decline the line without adding a claim; the general
/// reader then reads that line into a draft, and the builder reports any error exactly.
struct ClaimsFastPath {
    private var interner = ByteInterner()
    /// Entity and document ids by their bytes, built on first use from the batch (ids do
    /// not change while a claims file loads).
    private var entityIds: ByteTable? = nil
    private var documentIds: ByteTable? = nil
    /// Decoded text of a quote that had escapes.
    private var scratch: [UInt8] = []
    /// Whether each claim's id goes into the batch's id index as it is read (which also
    /// finds an id repeated within the batch). The claims lane turns it off: its windows'
    /// ids are checked and indexed once, when they are merged (`IdIndex.insertAll`), so
    /// an index of each window alone would be built only to be thrown away.
    var indexesIds = true

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

    mutating func importLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into batch: inout GraphBatch) -> Bool {
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
        func text(_ r: (Int, Int)) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r.0..<r.1]), as: UTF8.self) }
        if entityIds == nil {
            entityIds = ByteTable(batch.entities.ids)
            documentIds = ByteTable(batch.documents.ids)
        }
        var escapedQuote = false

        skip()
        guard p < end, b[p] == UInt8(ascii: "{") else { return false }
        p += 1
        var id: (Int, Int)? = nil
        var subject: Int32 = -1, source: Int32 = -1, doc: Int32 = -1
        var predicate: Int32 = -1, object: Int32 = -1, unit: Int32 = -1
        var qty = Double.nan, qtyHi = Double.nan
        var qualifier: UInt8 = 0
        var date = ClaimTable.missingDate
        var quote: (Int, Int)? = nil
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
                if key == .qty { qty = v } else { qtyHi = v }
            default:
                if isNull() {
                    if key == .id { return false }
                    break
                }
                if key == .quote, p < end, b[p] == UInt8(ascii: "\""), let decoded = decodeEscaped(b, &p, end) {
                    quote = decoded
                    escapedQuote = decoded.0 < 0
                    break
                }
                guard let r = string() else { return false }
                switch key {
                case .id: id = r
                case .subject, .source:
                    guard let row = entityIds!.find(b, r.0, r.1) else { return false }
                    if key == .subject { subject = row } else { source = row }
                case .doc:
                    guard let row = documentIds!.find(b, r.0, r.1) else { return false }
                    doc = row
                case .predicate: predicate = interner.intern(b, r.0, r.1, &batch.pool)
                case .object: object = interner.intern(b, r.0, r.1, &batch.pool)
                case .unit:
                    // An empty unit breaks a rule: the general reader reports it.
                    guard (r.0..<r.1).contains(where: { b[$0] != 0x20 && b[$0] != 0x09 }) else { return false }
                    unit = interner.intern(b, r.0, r.1, &batch.pool)
                case .qualifier:
                    guard let q = Qualifier(rawValue: text(r)) else { return false }
                    qualifier = q.code
                case .date:
                    guard let d = Day.parse(UnsafeBufferPointer(rebasing: b[r.0..<r.1])) else { return false }
                    date = d.daysSinceEpoch
                case .quote: quote = r
                case .qty, .qtyHi: break
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
        let idBytes = UnsafeBufferPointer(rebasing: b[id.0..<id.1])
        guard !batch.existsInGraph(utf8: idBytes) else { return false }
        // A figure breaking a rule (`ClaimRules`) goes to the general reader, whose draft
        // the builder reports; `qty_hi` alone implies a range, as it does there.
        guard ClaimRules.hold(qty: qty, qtyHi: qtyHi, qualifier: qualifier) else { return false }
        if !qtyHi.isNaN && qualifier == 0 { qualifier = Qualifier.range.code }
        // One hash for the duplicate check and the index entry: claim the id now, give it
        // back if it was taken (the general parser then reports the duplicate).
        let row = Int32(batch.claims.count)
        if indexesIds, batch.claims.idIndex.insert(utf8: idBytes, row: row, ids: batch.claims.ids) != nil { return false }
        if escapedQuote {
            _ = scratch.withUnsafeBufferPointer { decoded in
                batch.claims.append(idUTF8: idBytes, subject: subject, predicate: predicate, object: object, qty: qty,
                                    qtyHi: qtyHi, unit: unit, qualifier: qualifier, date: date, source: source,
                                    doc: doc, quoteBytes: decoded, indexed: true)
            }
        } else {
            batch.claims.append(idUTF8: idBytes, subject: subject, predicate: predicate, object: object, qty: qty,
                                qtyHi: qtyHi, unit: unit, qualifier: qualifier, date: date, source: source, doc: doc,
                                quoteBytes: quote.map { UnsafeBufferPointer(rebasing: b[$0.0..<$0.1]) }, indexed: true)
        }
        return true
    }

    /// A string value that may hold escapes. Without escapes: its content range. With
    /// them: (-1, -1), the decoded UTF-8 left in `scratch`. nil for anything unusual (bad
    /// escape, control character, invalid UTF-8): the general parser reports it.
    private mutating func decodeEscaped(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ end: Int) -> (Int, Int)? {
        let s = p + 1
        var ascii = true
        var q = ClaimsFastPath.scan(b, s, end, &ascii)
        guard q < end, b[q] >= 0x20 else { return nil }
        if b[q] == UInt8(ascii: "\"") {
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self) == nil { return nil }
            p = q + 1
            return (s, q)
        }
        // Find the closing quote (the first one not escaped), then decode with the one
        // decoder the general parser uses.
        while q < end, b[q] == UInt8(ascii: "\\") {
            q = ClaimsFastPath.scan(b, q + 2, end, &ascii)
        }
        guard q < end, b[q] == UInt8(ascii: "\"") else { return nil }
        scratch.removeAll(keepingCapacity: true)
        guard Escapes.decode(b, s, q, into: &scratch) else { return nil }
        if !ascii, String(validating: scratch, as: UTF8.self) == nil { return nil }
        p = q + 1
        return (-1, -1)
    }

}

/// Ids looked up by their bytes: no String, no SipHash per reference while a claims file
/// loads. Open addressing with one 16-byte entry per slot: the id's first eight bytes, a
/// tag (24 bits of hash and the length) and the row. An id of up to 8 bytes (the usual
/// case) is matched by the entry alone; a longer one is confirmed against its bytes. Three
/// lookups a claim land anywhere in these tables, so their size is what counts: with
/// 32-byte entries at most half full, the entity and document tables of the 1M data set
/// (20k and 50k ids) took 6 MiB and missed the 2 MiB L2 cache on most lookups; 16-byte
/// entries at most ~80% full take 1.5 MiB.
struct ByteTable {
    private struct Entry {
        var word: UInt64 = 0         // bytes 0..<8, zero beyond the id's end
        var tag: UInt32 = 0          // hash bits << 8 | min(length, 255)
        var row: Int32 = -1          // -1 = empty
    }

    private var entries: [Entry]
    private var bytes: [UInt8] = []   // every id's UTF-8, to confirm ids longer than 8 bytes
    private var offsets: [Int] = [0]
    private let shift: UInt64
    private let mask: Int

    init(_ ids: [String]) {
        var size = 16
        var bits: UInt64 = 4
        while size * 4 < ids.count * 5 { size <<= 1; bits += 1 }
        shift = 64 - bits
        mask = size - 1
        entries = [Entry](repeating: Entry(), count: size)
        for (row, id) in ids.enumerated() {
            bytes.append(contentsOf: id.utf8)
            offsets.append(bytes.count)
            let (a, z) = (offsets[row], offsets[row + 1])
            var (slot, e) = bytes.withUnsafeBufferPointer { b in
                let (h, word) = ByteTable.key(b, a, z)
                return (Int(h >> shift), Entry(word: word, tag: ByteTable.tag(h, z - a), row: Int32(row)))
            }
            while entries[slot].row >= 0 { slot = (slot + 1) & mask }
            swap(&entries[slot], &e)
        }
    }

    @inline(__always)
    private static func tag(_ h: UInt64, _ n: Int) -> UInt32 { UInt32(truncatingIfNeeded: h) << 8 | UInt32(min(n, 255)) }

    /// An id's hash and its first eight bytes. A short id (the usual case) is read a word
    /// at a time and hashed from its words: a byte-at-a-time hash over every reference was
    /// the largest part of loading claims.
    @inline(__always)
    static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (hash: UInt64, word: UInt64) {
        let n = e - s
        let low = pack(b, s, e, 0)
        guard n <= 16 else { return (hash(b, s, e), low) }
        let high = pack(b, s, e, 8)
        var h = (low ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        h ^= (high &+ UInt64(n)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return (h &* 0xD6E8_FEB8_6659_FD93, low)
    }

    static func hash(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for i in s..<e { h = (h ^ UInt64(b[i])) &* 0x100000001b3 }
        return h &* 0x9E3779B97F4A7C15
    }

    /// Up to 8 bytes from `s + from`, little-endian, zero beyond the end: one load when 8
    /// bytes can be read there (the bytes past `e` are masked off), else byte by byte.
    @inline(__always)
    static func pack(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ from: Int) -> UInt64 {
        let lo = s + from, n = min(e - lo, 8)
        if n <= 0 { return 0 }
        if lo + 8 <= b.count {
            let v = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + lo).loadUnaligned(as: UInt64.self))
            return n == 8 ? v : v & ((1 &<< (UInt64(n) &* 8)) &- 1)
        }
        var v: UInt64 = 0
        for i in stride(from: lo + n - 1, through: lo, by: -1) { v = v << 8 | UInt64(b[i]) }
        return v
    }

    func find(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int32? {
        let (h, word) = ByteTable.key(b, s, e)
        let n = e - s
        let tag = ByteTable.tag(h, n)
        var slot = Int(h >> shift)
        return entries.withUnsafeBufferPointer { table in
            while table[slot].row >= 0 {
                let entry = table[slot]
                if entry.tag == tag && entry.word == word {
                    if n <= 8 { return entry.row }
                    let a = offsets[Int(entry.row)]
                    if offsets[Int(entry.row) + 1] - a == n,
                       bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + a, b.baseAddress! + s, n) == 0 }) {
                        return entry.row
                    }
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}

/// Interns short strings straight from bytes: a small hash table in front of the string
/// pool, so a repeated predicate or unit costs a hash and a compare, not a String.
struct ByteInterner {
    private var slots = [(hash: UInt64, bytes: [UInt8], code: Int32)?](repeating: nil, count: 1024)
    private var used = 0

    mutating func intern(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ pool: inout StringPool) -> Int32 {
        var h: UInt64 = 0xcbf29ce484222325
        for i in s..<e { h = (h ^ UInt64(b[i])) &* 0x100000001b3 }
        var slot = Int(h % UInt64(slots.count))
        for _ in 0..<slots.count {
            guard let entry = slots[slot] else { break }
            if entry.hash == h, entry.bytes.count == e - s, entry.bytes.elementsEqual(b[s..<e]) { return entry.code }
            slot = (slot + 1) % slots.count
        }
        let code = pool.intern(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self))
        // Keep the table at most half full; beyond that (many distinct values) the pool's
        // own dictionary answers.
        if used < slots.count / 2, slots[slot] == nil {
            slots[slot] = (h, Array(b[s..<e]), code)
            used += 1
        }
        return code
    }
}
