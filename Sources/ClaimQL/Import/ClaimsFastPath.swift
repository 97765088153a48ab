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

    private enum Key: Int { case id, subject, predicate, object, qty, qtyHi, unit, qualifier, date, source, doc, quote }

    private static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Key? {
        func eq(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard e - s == n else { return false }
            let w = word.utf8Start
            for i in 0..<n where b[s + i] != w[i] { return false }
            return true
        }
        switch e - s {
        case 2: return eq("id") ? .id : nil
        case 3: return eq("qty") ? .qty : eq("doc") ? .doc : nil
        case 4: return eq("unit") ? .unit : eq("date") ? .date : nil
        case 5: return eq("quote") ? .quote : nil
        case 6: return eq("qty_hi") ? .qtyHi : eq("object") ? .object : eq("source") ? .source : nil
        case 7: return eq("subject") ? .subject : nil
        case 9: return eq("predicate") ? .predicate : eq("qualifier") ? .qualifier : nil
        default: return nil
        }
    }

    mutating func importLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into batch: inout GraphBatch) -> Bool {
        var p = start
        func skip() { while p < end, b[p] == 0x20 || b[p] == 0x09 { p += 1 } }
        /// A string without escapes, all ASCII or valid UTF-8: its content range.
        func string() -> (Int, Int)? {
            guard p < end, b[p] == UInt8(ascii: "\"") else { return nil }
            let s = p + 1
            var q = s
            var ascii = true
            while q < end, b[q] != UInt8(ascii: "\"") {
                let c = b[q]
                if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
                if c >= 0x80 { ascii = false }
                q += 1
            }
            guard q < end else { return nil }
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
        if batch.claims.idIndex.insert(utf8: idBytes, row: row, ids: batch.claims.ids) != nil { return false }
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
        var q = s
        var ascii = true
        var escaped = false
        while q < end, b[q] != UInt8(ascii: "\"") {
            if b[q] == UInt8(ascii: "\\") { escaped = true; break }
            if b[q] < 0x20 { return nil }
            if b[q] >= 0x80 { ascii = false }
            q += 1
        }
        if !escaped {
            guard q < end else { return nil }
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self) == nil { return nil }
            p = q + 1
            return (s, q)
        }
        // Find the closing quote (the first one not escaped), then decode with the one
        // decoder the general parser uses.
        while q < end, b[q] != UInt8(ascii: "\"") {
            let c = b[q]
            if c < 0x20 { return nil }
            if c >= 0x80 { ascii = false }
            q += c == UInt8(ascii: "\\") ? 2 : 1
        }
        guard q < end else { return nil }
        scratch.removeAll(keepingCapacity: true)
        guard Escapes.decode(b, s, q, into: &scratch) else { return nil }
        if !ascii, String(validating: scratch, as: UTF8.self) == nil { return nil }
        p = q + 1
        return (-1, -1)
    }

}

/// Ids looked up by their bytes (FNV-1a, open addressing): no String, no SipHash per
/// reference while a claims file loads. One 32-byte entry per slot holds the hash, the
/// row and, for ids of up to 16 bytes (the usual case), the id itself, so a lookup touches
/// one cache line: at 10M claims the table outgrows the caches, and that is what counts.
struct ByteTable {
    private struct Entry {
        var hash: UInt64 = 0
        var row: Int32 = -1          // -1 = empty
        var length: Int32 = 0
        var low: UInt64 = 0          // bytes 0..<8 of a short id
        var high: UInt64 = 0         // bytes 8..<16
    }

    private var entries: [Entry]
    private var bytes: [UInt8] = []   // every id's UTF-8, for ids longer than 16 bytes
    private var offsets: [Int] = [0]
    private let shift: UInt64
    private let mask: Int

    init(_ ids: [String]) {
        var size = 16
        var bits: UInt64 = 4
        while size < ids.count * 2 { size <<= 1; bits += 1 }
        shift = 64 - bits
        mask = size - 1
        entries = [Entry](repeating: Entry(), count: size)
        for (row, id) in ids.enumerated() {
            bytes.append(contentsOf: id.utf8)
            offsets.append(bytes.count)
            let (a, z) = (offsets[row], offsets[row + 1])
            var e = bytes.withUnsafeBufferPointer { b in
                let (h, low, high) = ByteTable.key(b, a, z)
                return Entry(hash: h, row: Int32(row), length: Int32(z - a), low: low, high: high)
            }
            var slot = Int((e.hash &* 0x9E3779B97F4A7C15) >> shift)
            while entries[slot].row >= 0 { slot = (slot + 1) & mask }
            swap(&entries[slot], &e)
        }
    }

    /// An id's hash and, for an id of up to 16 bytes, its bytes as two words. A short id
    /// (the usual case) is read a word at a time and hashed from its words: a byte-at-a-
    /// time hash over every reference was the largest part of loading claims.
    @inline(__always)
    static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (hash: UInt64, low: UInt64, high: UInt64) {
        let n = e - s
        guard n <= 16 else { return (hash(b, s, e), 0, 0) }
        let low = pack(b, s, e, 0), high = pack(b, s, e, 8)
        var h = (low ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        h ^= (high &+ UInt64(n)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return (h &* 0xD6E8_FEB8_6659_FD93, low, high)
    }

    static func hash(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for i in s..<e { h = (h ^ UInt64(b[i])) &* 0x100000001b3 }
        return h
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
        let (h, low, high) = ByteTable.key(b, s, e)
        let n = e - s
        let short = n <= 16
        var slot = Int((h &* 0x9E3779B97F4A7C15) >> shift)
        return entries.withUnsafeBufferPointer { table in
            while table[slot].row >= 0 {
                let entry = table[slot]
                if entry.hash == h && Int(entry.length) == n {
                    if short {
                        if entry.low == low && entry.high == high { return entry.row }
                    } else {
                        let a = offsets[Int(entry.row)]
                        let same = bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + a, b.baseAddress! + s, n) == 0 }
                        if same { return entry.row }
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
