/// Ids -> rows for a table with many rows (claims): an open-addressing hash table of row
/// numbers, the ids themselves staying in the table's `ids` column. Its hash does not
/// change between runs (unlike Swift's seeded `Hasher`), so a snapshot stores the table as
/// it is and opening one copies it instead of hashing a million ids again.
struct IdIndex: Sendable {
    /// Row numbers; -1 is an empty slot. The capacity is a power of two, at most half full.
    private(set) var slots: [Int32] = []
    private(set) var count = 0

    init() {}

    /// From a snapshot (checked by the reader: rows in range, `count` of them, one free slot).
    init(slots: [Int32], count: Int) {
        self.slots = slots
        self.count = count
    }

    /// FNV-1a over the UTF-8 bytes, then a mix so the low bits (the slot) depend on all.
    static func hash(_ id: String) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    func find(_ id: String, in ids: [String]) -> Int32? {
        guard count > 0 else { return nil }
        let mask = slots.count - 1
        var i = IdIndex.hash(id) & mask
        while true {
            let r = slots[i]
            if r < 0 { return nil }
            if ids[Int(r)] == id { return r }
            i = (i + 1) & mask
        }
    }

    /// Whether the slots hold each of the rows 0..<rows exactly once.
    func holdsEachRowOnce(_ rows: Int) -> Bool {
        guard count == rows else { return false }
        var seen = [Bool](repeating: false, count: rows)
        for r in slots where r >= 0 {
            guard Int(r) < rows, !seen[Int(r)] else { return false }
            seen[Int(r)] = true
        }
        return true
    }

    /// Adds `id` at `row` unless it is there already; returns the row it already had.
    /// `ids` holds the ids of the rows in the index (not necessarily `row`'s yet).
    @discardableResult
    mutating func insert(_ id: String, row: Int32, ids: [String]) -> Int32? {
        if (count + 1) * 2 > slots.count { rehash(capacity: max(16, slots.count * 2), ids) }
        let mask = slots.count - 1
        var i = IdIndex.hash(id) & mask
        while true {
            let r = slots[i]
            if r < 0 { break }
            if ids[Int(r)] == id { return r }
            i = (i + 1) & mask
        }
        slots[i] = row
        count += 1
        return nil
    }

    mutating func reserve(_ n: Int, ids: [String]) {
        var capacity = 16
        while capacity < n * 2 { capacity *= 2 }
        if capacity > slots.count { rehash(capacity: capacity, ids) }
    }

    private mutating func rehash(capacity: Int, _ ids: [String]) {
        var fresh = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for r in slots where r >= 0 {
            var i = IdIndex.hash(ids[Int(r)]) & mask
            while fresh[i] >= 0 { i = (i + 1) & mask }
            fresh[i] = r
        }
        slots = fresh
    }
}
