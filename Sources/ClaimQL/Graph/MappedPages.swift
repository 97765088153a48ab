import Foundation

/// Dropping read pages of a memory-mapped file (a JSON Lines file being loaded, the
/// sections of a snapshot copied into columns): the mapping stays valid, and a dropped
/// page that is read again comes back from the page cache.
enum MappedPages {
    static let size = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Drops the whole pages inside `buffer[range]` (not the pages the range only touches:
    /// their other bytes may still be wanted).
    static func drop(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard let base = buffer.baseAddress else { return }
        let start = Int(bitPattern: base) + range.lowerBound, end = Int(bitPattern: base) + range.upperBound
        let lo = (start + size - 1) / size * size, hi = end / size * size
        if hi > lo { _ = madvise(UnsafeMutableRawPointer(bitPattern: lo), hi - lo, MADV_DONTNEED) }
    }
}
