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

    mutating func append(_ id: String) { text.append(id) }
    mutating func append(utf8 id: UnsafeBufferPointer<UInt8>) { text.append(utf8: id) }
    mutating func append(contentsOf other: IdColumn) { text.append(contentsOf: other.text) }
    mutating func reserveCapacity(_ n: Int) { text.reserve(rows: n, bytes: n * 12) }
}
