import ClaimQL
import Foundation

/// An open file's text, kept as UTF-8 with its line starts, and the conversion between
/// ClaimQL's byte offsets and LSP positions (line, character), where a character is a
/// UTF-16 code unit unless the client agreed to UTF-8 in `initialize`.
struct TextDocument {
    enum Encoding: String { case utf8 = "utf-8", utf16 = "utf-16" }

    private(set) var bytes: [UInt8]
    private(set) var lineStarts: [Int] = [0]
    var version: Int

    init(text: String, version: Int) {
        bytes = Array(text.utf8)
        self.version = version
        indexLines()
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func indexLines() {
        lineStarts = [0]
        for (i, b) in bytes.enumerated() where b == 10 { lineStarts.append(i + 1) }
    }

    /// The byte offset of an LSP position; positions past a line's end clamp to it, past
    /// the last line to the end (as the protocol asks).
    func offset(line: Int, character: Int, _ encoding: Encoding) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineStarts.count else { return bytes.count }
        let start = lineStarts[line]
        let end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if encoding == .utf8 { return min(start + max(character, 0), end) }
        var units = 0, i = start
        while i < end, units < character {
            let b = bytes[i]
            let width = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            units += width == 4 ? 2 : 1
            i += width
        }
        return min(i, end)
    }

    /// The LSP position of a byte offset.
    func position(_ offset: Int, _ encoding: Encoding) -> [String: Int] {
        let offset = min(max(offset, 0), bytes.count)
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        if encoding == .utf8 { return ["line": lo, "character": offset - start] }
        var units = 0, i = start
        while i < offset {
            let b = bytes[i]
            let width = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            units += width == 4 ? 2 : 1
            i += width
        }
        return ["line": lo, "character": units]
    }

    func range(_ r: SourceRange, _ encoding: Encoding) -> [String: Any] {
        ["start": position(r.start, encoding), "end": position(r.end, encoding)]
    }

    /// Applies one `contentChanges` entry: a range and its new text, or a whole new text.
    mutating func apply(_ change: [String: Any], _ encoding: Encoding) {
        guard let newText = change["text"] as? String else { return }
        guard let range = change["range"] as? [String: Any],
              let start = range["start"] as? [String: Any], let end = range["end"] as? [String: Any] else {
            bytes = Array(newText.utf8)
            indexLines()
            return
        }
        let a = offset(line: int(start["line"]), character: int(start["character"]), encoding)
        let b = max(a, offset(line: int(end["line"]), character: int(end["character"]), encoding))
        bytes.replaceSubrange(a..<b, with: Array(newText.utf8))
        indexLines()
    }
}

/// A JSON number as an Int (JSONSerialization gives NSNumber).
func int(_ any: Any?) -> Int {
    if let i = any as? Int { return i }
    if let d = any as? Double, d.isFinite, abs(d) < 1e15 { return Int(d) }
    return 0
}
