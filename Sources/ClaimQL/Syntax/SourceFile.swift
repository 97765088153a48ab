/// A named piece of ClaimQL text (a script, a `-e` query, a REPL line, a data file).
///
/// Everything downstream refers to source positions as UTF-8 byte offsets into `bytes`;
/// offsets become line:column only when a diagnostic is rendered (house style point 4).
struct SourceFile: Sendable {
    let name: String
    let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    let lineStarts: [Int]

    init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The line number of the first byte: a one-line fragment of a large file (a JSONL
    /// line read in a stream) still reports its real line.
    let firstLine: Int

    init(name: String, bytes: [UInt8], firstLine: Int = 1) {
        self.name = name
        self.bytes = bytes
        self.firstLine = firstLine
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    func slice(_ range: SourceRange) -> String {
        let lo = min(range.start, bytes.count), hi = min(max(range.end, lo), bytes.count)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// 1-based line and column; the column counts characters, not bytes, so a caret lines
    /// up under non-ASCII text.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(offset, 0), bytes.count)
        let lo = lineIndex(of: offset)
        let lineStart = lineStarts[lo]
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return (lo + firstLine, column)
    }

    /// The 0-based index in `lineStarts` of the line holding `offset` (a binary search).
    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The text of a 1-based line, without its line break.
    func lineText(_ fileLine: Int) -> String {
        let line = fileLine - firstLine + 1
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start && end <= bytes.count && end - 1 >= start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A half-open range of UTF-8 byte offsets into a source text: what a diagnostic points
/// at. Public so embedders (an editor, a server) can underline the span themselves.
public struct SourceRange: Sendable, Hashable {
    /// Offset of the first byte.
    public var start: Int
    /// Offset just past the last byte.
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = max(start, end) }
    static let none = SourceRange(0, 0)
    func to(_ other: SourceRange) -> SourceRange { SourceRange(start, max(end, other.end)) }
}
