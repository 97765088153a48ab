/// Ids -> rows for a table with many rows (claims): an open-addressing hash table, the ids
/// themselves staying in the table's `ids` column. Each slot holds a 32-bit fingerprint of
/// the id's hash beside the row, so a probe reads the id (a cache miss in a large table)
/// only when the fingerprints agree, and growing the table needs no id at all: the slot is
/// the fingerprint's low bits. The hash does not change between runs (unlike Swift's
/// seeded `Hasher`), so a snapshot stores the table as it is.
struct IdIndex: Sendable {
    /// 0 is an empty slot; otherwise fingerprint << 32 | (row + 1). A power of two long,
    /// at most half full.
    private(set) var slots = ScalarColumn<UInt64>()
    private(set) var count = 0

    init() {}

    /// From a snapshot (checked by the reader: `holdsEachRowOnce`).
    init(slots: ScalarColumn<UInt64>, count: Int) {
        self.slots = slots
        self.count = count
    }

    /// 32 bits of a hash of the UTF-8 bytes. An id of up to 16 bytes (the usual case) is
    /// read as two words that may overlap (a word from each end) and mixed, so hashing it
    /// costs a few instructions rather than a multiply per byte; a longer one goes through
    /// FNV-1a. Part of the snapshot format: a change needs a new `SnapshotFormat.version`.
    static func fingerprint(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let n = utf8.count
        var a: UInt64 = 0, c: UInt64 = 0
        if n > 16 {
            a = 0xCBF2_9CE4_8422_2325
            for b in utf8 { a = (a ^ UInt64(b)) &* 0x100_0000_01B3 }
        } else if let p = utf8.baseAddress.map(UnsafeRawPointer.init) {
            if n >= 8 {
                a = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
                c = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
            } else if n >= 4 {
                a = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                c = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
            } else if n > 0 {
                a = UInt64(utf8[0]) | UInt64(utf8[n / 2]) << 8 | UInt64(utf8[n - 1]) << 16
            }
        }
        var h = (a ^ 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        h ^= (c &+ UInt64(n)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        h = h &* 0xD6E8_FEB8_6659_FD93
        return UInt32(truncatingIfNeeded: h >> 32)
    }


    func find(_ id: String, in ids: IdColumn) -> Int32? {
        var id = id
        return id.withUTF8 { find(utf8: $0, in: ids) }
    }

    func find(utf8 id: UnsafeBufferPointer<UInt8>, in ids: IdColumn) -> Int32? {
        guard count > 0 else { return nil }
        let fp = IdIndex.fingerprint(id)
        let mask = slots.count - 1
        var i = Int(fp) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if UInt32(truncatingIfNeeded: s >> 32) == fp {
                let r = Int32(truncatingIfNeeded: s) - 1
                if ids.equals(Int(r), id) { return r }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `id` at `row` unless it is there already; returns the row it already had.
    /// `ids` holds the ids of the rows in the index (not necessarily `row`'s yet).
    @discardableResult
    mutating func insert(utf8 id: UnsafeBufferPointer<UInt8>, row: Int32, ids: IdColumn) -> Int32? {
        insert(utf8: id, fingerprint: IdIndex.fingerprint(id), row: row, ids: ids)
    }

    /// `insert` with the id's fingerprint worked out beforehand.
    @discardableResult
    mutating func insert(utf8 id: UnsafeBufferPointer<UInt8>, fingerprint fp: UInt32, row: Int32, ids: IdColumn) -> Int32? {
        if (count + 1) * 2 > slots.count { grow(to: max(16, slots.count * 2)) }
        let mask = slots.count - 1
        var i = Int(fp) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if UInt32(truncatingIfNeeded: s >> 32) == fp {
                let r = Int32(truncatingIfNeeded: s) - 1
                if ids.equals(Int(r), id) { return r }
            }
            i = (i + 1) & mask
        }
        slots[i] = UInt64(fp) << 32 | UInt64(UInt32(row + 1))
        count += 1
        return nil
    }

    /// Adds the ids of another table's rows as rows `base + i` (their fingerprints worked
    /// out beforehand, on another core): one probe each, which both checks that the id is
    /// new and finds its slot. `existing` holds the ids of rows below `base`. If an id is
    /// already there, the slots filled so far are emptied again in reverse order (which
    /// restores the table exactly: nothing grows in between) and the answer is false.
    mutating func insertAll(_ ids: IdColumn, fingerprints: [UInt32], base: Int32, existing: IdColumn) -> Bool {
        reserve(count + ids.count)
        let mask = slots.count - 1
        var placed: [Int] = []
        placed.reserveCapacity(ids.count)
        let ok = slots.withUnsafeMutableBufferPointer { slots in
            for i in 0..<ids.count {
                let fp = fingerprints[i]
                var slot = Int(fp) & mask
                let taken = ids.withUTF8(i) { bytes in
                    while true {
                        let s = slots[slot]
                        if s == 0 { return false }
                        if UInt32(truncatingIfNeeded: s >> 32) == fp {
                            let r = Int(Int32(truncatingIfNeeded: s)) - 1
                            if r < Int(base) ? existing.equals(r, bytes) : ids.equals(r - Int(base), bytes) { return true }
                        }
                        slot = (slot + 1) & mask
                    }
                }
                if taken {
                    for p in placed.reversed() { slots[p] = 0 }
                    return false
                }
                slots[slot] = UInt64(fp) << 32 | UInt64(UInt32(Int(base) + i + 1))
                placed.append(slot)
            }
            return true
        }
        if ok { count += ids.count }
        return ok
    }

    /// Reads the slots where these fingerprints' probes start, so that inserts soon after
    /// find them in cache (see `ByteTable.touch`: independent loads overlap their misses).
    func touch(_ fingerprints: UnsafeBufferPointer<UInt32>) -> UInt64 {
        guard !slots.isEmpty else { return 0 }
        let mask = slots.count - 1
        return slots.withUnsafeBufferPointer { slots in
            var sum: UInt64 = 0
            for fp in fingerprints { sum &+= slots[Int(fp) & mask] }
            return sum
        }
    }

    mutating func reserve(_ n: Int) {
        var capacity = 16
        while capacity < n * 2 { capacity *= 2 }
        if capacity > slots.count { grow(to: capacity) }
    }

    private mutating func grow(to capacity: Int) {
        var fresh = ScalarColumn<UInt64>(repeating: 0, count: capacity)
        let mask = capacity - 1
        for s in slots where s != 0 {
            var i = Int(UInt32(truncatingIfNeeded: s >> 32)) & mask
            while fresh[i] != 0 { i = (i + 1) & mask }
            fresh[i] = s
        }
        slots = fresh
    }

    /// Whether the slots hold each of the rows 0..<rows exactly once and leave a free slot,
    /// so every probe ends. (That each row sits where its id's probe finds it is the
    /// writer's promise, kept by the snapshot's checksum.)
    func holdsEachRowOnce(_ rows: Int) -> Bool {
        guard count == rows else { return false }
        if slots.isEmpty { return rows == 0 }
        guard slots.count & (slots.count - 1) == 0, rows < slots.count else { return false }
        // One bit a row (128 KiB at 1M rows, in cache) rather than a byte.
        var seen = [UInt64](repeating: 0, count: (rows + 63) / 64)
        return seen.withUnsafeMutableBufferPointer { seen in
            slots.withUnsafeBufferPointer { slots in
                for s in slots where s != 0 {
                    let r = Int(Int32(truncatingIfNeeded: s)) - 1
                    guard r >= 0, r < rows else { return false }
                    let bit: UInt64 = 1 << UInt64(r & 63)
                    guard seen[r >> 6] & bit == 0 else { return false }
                    seen[r >> 6] |= bit
                }
                return true
            }
        }
    }
}
