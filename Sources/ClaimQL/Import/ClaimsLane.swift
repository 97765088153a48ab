import Foundation

/// The second core's share of a claims file. The loader reads a claims file in windows of
/// whole lines; with a lane, it takes them two at a time: the first through the usual
/// importer on the loading thread, the second here at the same time, through the fast path
/// alone, into claim columns of the lane's own. The second window's claims then join the
/// batch after the first's, so rows keep file order. A window the fast path cannot take
/// whole (a line it declines: an error, an extra key, an unknown id) or whose ids the first
/// window also has is thrown away and read again by the usual importer, which reports
/// exactly what it always reports: the lane changes how fast a file loads, never what it
/// loads or what is said about it.
///
/// The lane keeps a string pool of its own for the whole file (predicates, objects, units
/// it meets), and maps each of its new strings to the batch's pool once, when the first
/// merged claim that uses it joins the batch.
final class ClaimsLane: @unchecked Sendable {
    private var fast = ClaimsFastPath()
    private var pool: StringPool
    /// Codes below `base` mean the same in both pools; `toBatch[k]` is the batch's code
    /// for the lane's code `base + k` (-1: not mapped yet).
    private let base: Int32
    private var toBatch: [Int32] = []
    /// The window being read: a batch whose claims are the window's only.
    private var part: GraphBatch
    /// Whether the fast path took every line of the window.
    private(set) var clean = true
    /// Lines in the window (for the line numbers of what follows).
    private(set) var lines = 0

    init(_ batch: GraphBatch) {
        pool = batch.pool
        base = Int32(batch.pool.strings.count)
        part = batch
        part.claims = ClaimTable()
    }

    /// Reads `buffer[range]` (whole lines) on another thread; `wait` on the group it returns.
    /// `batch` is the batch as it is before the window before this one is read (its
    /// entities and documents are what the window's references resolve against).
    func start(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, batch: GraphBatch) -> DispatchGroup {
        part = batch
        part.claims = ClaimTable()
        part.pool = pool
        let job = Window(buffer: buffer, range: range)
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) { self.read(job) }
        return group
    }

    /// An unsafe view of the file's mapping, alive until the loader has waited for the read.
    private struct Window: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        let range: Range<Int>
    }

    private func read(_ w: Window) {
        clean = true
        lines = 0
        let b = w.buffer
        var start = w.range.lowerBound
        let n = w.range.upperBound
        while start < n {
            var end = n
            if let nl = memchr(b.baseAddress! + start, 0x0A, n - start) {
                end = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            }
            var lineEnd = end
            if lineEnd > start && b[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lines += 1
            // A blank line holds nothing, as for the usual reader.
            let blank = (start..<lineEnd).allSatisfy { b[$0] == 0x20 || b[$0] == 0x09 || b[$0] == 0x0D }
            if !blank && !fast.importLine(b, start, lineEnd, into: &part) {
                clean = false
                break
            }
            start = end + 1
        }
        // Kept even from a window thrown away: the fast path remembers the codes it gave.
        pool = part.pool
    }

    /// Appends the window's claims to `batch`, after what is there; false (and `batch`
    /// unchanged) when one of the window's ids is already in it.
    func merge(into batch: inout GraphBatch) -> Bool {
        guard clean else { return false }
        for id in part.claims.ids where batch.claims.row(of: id) != nil { return false }
        let base = self.base
        if toBatch.count < pool.strings.count - Int(base) {
            toBatch += [Int32](repeating: -1, count: pool.strings.count - Int(base) - toBatch.count)
        }
        // Only the strings the merged claims use reach the batch's pool.
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
        batch.claims.append(contentsOf: part.claims)
        part.claims = ClaimTable()
        return true
    }
}
