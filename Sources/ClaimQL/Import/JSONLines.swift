import Foundation

/// The lines of a JSON Lines buffer: a line ends at a newline or at the end of the range;
/// its content excludes the newline and a CR before it.
struct JSONLines {
    private let buffer: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private let end: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.buffer = buffer
        position = range.lowerBound
        end = range.upperBound
    }

    /// The next line's content range, or nil at the end.
    mutating func next() -> (start: Int, end: Int)? {
        guard position < end else { return nil }
        let start = position
        var stop = end
        if let nl = memchr(buffer.baseAddress! + start, 0x0A, end - start) {
            stop = buffer.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
        }
        var lineEnd = stop
        if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        position = min(stop + 1, end)
        return (start, lineEnd)
    }
}
