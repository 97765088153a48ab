import Foundation

/// Claim ids, as one UTF-8 buffer with offsets (a `TextColumn` with no missing rows)
/// rather than an array of strings: opening a snapshot then maps the ids as they are
/// instead of making ten million strings (~110 ms at 10M), and the JSON Lines fast path
/// appends an id's bytes without making a string at all. An id read by row is decoded
/// (ids are short: Swift keeps up to 15 UTF-8 bytes inline, with no allocation).
///
/// Ids are compared byte for byte (as SQL compares text under a binary collation), not
/// under Unicode canonical equivalence as `String ==` does: two spellings of "é" are two
/// claim ids.
struct IdColumn: Sendable, RandomAccessCollection {
    private(set) var text = TextColumn()

    init() {}
    init(_ text: TextColumn) { self.text = text }

    var startIndex: Int { 0 }
    var endIndex: Int { text.count }

    subscript(i: Int) -> String { text.withUTF8(Int32(i)) { String(decoding: $0, as: UTF8.self) } }

    func withUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try text.withUTF8(Int32(i), body)
    }

    /// Whether row `i` holds the id with these UTF-8 bytes.
    func equals(_ i: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool { text.equals(Int32(i), utf8) }

    /// Whether row `i` holds `id` (byte for byte, as the id index compares).
    func holds(_ i: Int, _ id: String) -> Bool {
        var id = id
        return id.withUTF8 { equals(i, $0) }
    }

    /// Orders rows `x` and `y` by id as `String` orders the ids, without making strings
    /// when both are ASCII (then byte order is that order); -1, 0 or 1. A sort of claims by
    /// id compares millions of pairs.
    func compare(_ x: Int, _ y: Int) -> Int {
        withUTF8(x) { a in
            withUTF8(y) { b in
                if a.allSatisfy({ $0 < 0x80 }) && b.allSatisfy({ $0 < 0x80 }) {
                    let n = Swift.min(a.count, b.count)
                    let o = n == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, n)
                    if o != 0 { return o < 0 ? -1 : 1 }
                    return a.count < b.count ? -1 : a.count == b.count ? 0 : 1
                }
                let s = String(decoding: a, as: UTF8.self), t = String(decoding: b, as: UTF8.self)
                return s < t ? -1 : s == t ? 0 : 1
            }
        }
    }

    mutating func append(_ id: String) { text.append(id) }
    mutating func append(utf8 id: UnsafeBufferPointer<UInt8>) { text.append(utf8: id) }
    mutating func append(contentsOf other: IdColumn) { text.append(contentsOf: other.text) }
    mutating func reserveCapacity(_ n: Int) { text.reserve(rows: n, bytes: n * 12) }
}
