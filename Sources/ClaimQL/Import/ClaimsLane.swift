import Foundation

/// The second core's share of a claims file. The loader cuts a claims file into windows of
/// whole lines and gives every second one to the lane, which reads them one after another
/// on another thread, through the fast path alone, each into claim columns of its own,
/// without waiting for the loading thread: the loading thread reads the windows in between
/// through the usual importer and, after each, appends the lane's next window (`merge`),
/// so rows keep file order. A window the fast path cannot take whole (a line it declines:
/// an error, an extra key, an unknown id) or whose ids an earlier window also has is thrown
/// away and read again by the usual importer, which reports exactly what it always
/// reports: the lane changes how fast a file loads, never what it loads or what is said
/// about it.
///
/// The lane's windows are larger than the loading thread's (`LaneWindows.share`): the
/// loading thread also merges the lane's claims into the batch and its id index.
///
/// The lane keeps a string pool of its own for the whole file (predicates, objects, units
/// it meets); each finished window carries the pool as it was then, and the loading thread
/// maps each of the lane's new strings to the batch's pool once, when the first merged
/// claim that uses it joins the batch.
final class ClaimsLane: @unchecked Sendable {
    /// One finished window.
    struct Part {
        var claims: ClaimTable
        /// Each claim id's `IdIndex.fingerprint`, worked out on the lane for the merge.
        var fingerprints: [UInt32]
        /// The lane's pool when the window ended (its codes are stable: it only grows).
        var pool: StringPool
        /// Whether the fast path took every line of the window.
        var clean: Bool
        /// Lines in the window (for the line numbers of what follows).
        var lines: Int
    }

    private let batch: GraphBatch
    private let buffer: UnsafeBufferPointer<UInt8>
    private let windows: [Range<Int>]
    /// Codes below `base` mean the same in both pools; `toBatch[k]` is the batch's code
    /// for the lane's code `base + k` (-1: not mapped yet). Used by `merge` only.
    private let base: Int32
    private var toBatch: [Int32] = []
    private var lane: Lane<Part>!
    /// The lane thread's own state, carried from one window to the next.
    private var fast = ClaimsFastPath()
    private var pool: StringPool

    /// `batch`: the batch before the file's first claim (the lane's references resolve
    /// against its entities and documents, which a claims file does not change).
    /// `windows`: the lane's windows of `buffer`, in file order. `buffer` must stay
    /// mapped until `finish` returns.
    init(_ batch: GraphBatch, _ buffer: UnsafeBufferPointer<UInt8>, windows: [Range<Int>]) {
        // Without the batch's claims: holding them would share the loading thread's claim
        // columns, so its first append would copy them and lose their reserved capacity.
        var batch = batch
        batch.claims = ClaimTable()
        self.batch = batch
        self.buffer = buffer
        self.windows = windows
        base = Int32(batch.pool.strings.count)
        pool = batch.pool
        fast.indexesIds = false   // `merge` checks and indexes the ids (a repeat in one window too)
        // Unowned: the lane ends (`finish`) before this object does.
        lane = Lane(count: windows.count) { [unowned self] i in read(window: i) }
    }

    /// Reads the lane's `i`th window into a part of its own.
    private func read(window i: Int) -> Part {
        var part = batch   // no claims: see `init`
        part.pool = pool
        let (clean, lines) = read(windows[i], &part)
        release(windows[i])
        let ids = part.claims.ids
        let fingerprints = clean ? (0..<ids.count).map { r in ids.withUTF8(r) { IdIndex.fingerprint($0) } } : []
        pool = part.pool   // kept even from a window thrown away: the fast path remembers its codes
        return Part(claims: part.claims, fingerprints: fingerprints, pool: part.pool, clean: clean, lines: lines)
    }

    private func read(_ range: Range<Int>, _ part: inout GraphBatch) -> (Bool, Int) {
        let b = buffer
        var lines = 0
        var start = range.lowerBound
        while start < range.upperBound {
            let next = fast.stage(b, from: start, to: range.upperBound, batch: &part)
            for k in 0..<fast.count {
                lines += 1
                if !fast.commit(k, b, into: &part) { return (false, lines) }
            }
            start = next
        }
        return (true, lines)
    }

    /// Drops the window's whole pages from memory once read: the part holds copies of what
    /// it needs, and the lane runs ahead of the loading thread (which drops the pages
    /// behind itself), so without this up to `ahead` windows of the file stay resident. A
    /// window read again by the usual importer is paged back in from the page cache.
    private func release(_ range: Range<Int>) { MappedPages.drop(UnsafeRawBufferPointer(buffer), range) }

    /// The `i`th window's result, once the lane has read it.
    func take(_ i: Int) -> Part { lane.take(i) }

    /// Stops the lane after its current window and waits for it: after this, nothing reads
    /// the buffer any more.
    func finish() { lane.finish() }

    /// Appends a window's claims to `batch`, after what is there; false (and `batch`
    /// unchanged) when the window was not clean or one of its ids is already in it.
    func merge(_ part: Part, into batch: inout GraphBatch) -> Bool {
        guard part.clean else { return false }
        var part = part
        // Checks that every id is new and indexes it at its row-to-be in one probe each.
        guard batch.claims.idIndex.insertAll(part.claims.ids, fingerprints: part.fingerprints,
                                             base: Int32(batch.claims.count), existing: batch.claims.ids) else { return false }
        let base = self.base
        if toBatch.count < part.pool.strings.count - Int(base) {
            toBatch += [Int32](repeating: -1, count: part.pool.strings.count - Int(base) - toBatch.count)
        }
        // Only the strings the merged claims use reach the batch's pool.
        let pool = part.pool
        func remap(_ column: inout ScalarColumn<Int32>) {
            column.withUnsafeMutableBufferPointer { column in
                for i in column.indices where column[i] >= base {
                    let k = Int(column[i] - base)
                    if toBatch[k] < 0 { toBatch[k] = batch.pool.intern(pool[column[i]]) }
                    column[i] = toBatch[k]
                }
            }
        }
        remap(&part.claims.predicates)
        remap(&part.claims.objects)
        remap(&part.claims.units)
        batch.claims.append(contentsOf: part.claims, indexed: true)
        return true
    }
}

/// How a claims file is cut between the loading thread and the lane.
enum LaneWindows {
    /// The lane's window is this many times the loading thread's: the loading thread also
    /// merges the lane's claims into the batch and its id index. Measured at 1M claims (two
    /// cores, release, block-staged fast path), load in seconds, three runs each: 1x
    /// 0.62-0.74, 1.25x 0.57-0.70, 1.5x 0.58-0.69, 1.75x 0.62-0.73, 2x 0.62-0.87; at 10M
    /// 1.25x 7.3 s, 1.5x 6.7-7.8 s. (Before the fast path staged its lines in blocks, the
    /// lane's lines cost more than the merges and 2x was best.)
    static let share = (numerator: 3, denominator: 2)

    /// Window ends of whole lines: the loading thread's windows `length` bytes, the lane's
    /// `share` of that, alternating from `from`. Even indexes are the loading thread's.
    static func cut(_ all: UnsafeBufferPointer<UInt8>, from: Int, length: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var at = from
        while at < all.count {
            let end = windowEnd(all, at, out.count % 2 == 0 ? length : length * share.numerator / share.denominator)
            out.append(at..<end)
            at = end
        }
        return out
    }

    /// The end of a window of whole lines starting at `from`, about `length` bytes.
    static func windowEnd(_ all: UnsafeBufferPointer<UInt8>, _ from: Int, _ length: Int) -> Int {
        let size = all.count
        var cut = min(size, from + length)
        if cut < size {
            var k = cut - 1
            while k >= from && all[k] != 0x0A { k -= 1 }
            if k >= from {
                cut = k + 1
            } else {
                // One line longer than the window: take all of it.
                while cut < size && all[cut - 1] != 0x0A { cut += 1 }
            }
        }
        return cut
    }
}
