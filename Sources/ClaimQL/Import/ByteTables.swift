import Foundation

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
        return find(b, s, e, hash: h, word: word)
    }

    /// Reads the entry where the probe for `hash` starts, so that a `find` soon after finds
    /// it in cache. A loop of these has no branches and no load depending on another, so
    /// the processor has many misses in flight at once; a loop of finds, each a chain of
    /// dependent loads and branches, has one or two.
    @inline(__always)
    func touch(_ hash: UInt64) -> UInt32 {
        entries.withUnsafeBufferPointer { $0[Int(hash >> shift)].tag }
    }

    /// `find` with the key worked out beforehand (`ByteTable.key`).
    func find(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, hash h: UInt64, word: UInt64) -> Int32? {
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
/// pool, so a repeated predicate, object or unit costs a word hash and a compare, not a
/// String. Entries hold the first eight bytes, like `ByteTable`'s; longer strings are
/// confirmed against a copy of their bytes.
struct ByteInterner {
    private struct Entry {
        var word: UInt64 = 0
        var tag: UInt32 = 0
        var code: Int32 = -1        // -1 = empty
        var start: Int32 = 0        // in `bytes`
        var length: Int32 = 0
    }
    private static let size = 1024
    private var entries = [Entry](repeating: Entry(), count: ByteInterner.size)
    private var bytes: [UInt8] = []
    private var used = 0

    mutating func intern(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ pool: inout StringPool) -> Int32 {
        let (h, word) = ByteTable.key(b, s, e)
        let n = e - s
        let tag = UInt32(truncatingIfNeeded: h)
        let mask = ByteInterner.size - 1
        var slot = Int(h >> 54) & mask
        let found: Int32? = entries.withUnsafeBufferPointer { table in
            while table[slot].code >= 0 {
                let x = table[slot]
                if x.tag == tag, x.word == word, Int(x.length) == n,
                   n <= 8 || bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + Int(x.start), b.baseAddress! + s, n) == 0 }) {
                    return x.code
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
        if let found { return found }
        let code = pool.intern(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self))
        // Keep the table at most half full; beyond that (many distinct values) the pool's
        // own dictionary answers.
        if used < ByteInterner.size / 2 {
            entries[slot] = Entry(word: word, tag: tag, code: code, start: Int32(bytes.count), length: Int32(n))
            if n > 8 { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<e])) }
            used += 1
        }
        return code
    }
}
