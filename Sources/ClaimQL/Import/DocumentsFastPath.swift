import Foundation

/// The fast path for documents.jsonl, like the claims' (`ClaimsFastPath`): one pass over a
/// line that knows the schema (`id`, `publisher`, `title`, `published`, `text`) and adds
/// the document straight to the batch, with no JSON tree, no draft and no copy of the line
/// kept for messages. It declines anything that could need a message or that it does not
/// expect (an extra key, a wrong type, a bad date or UTF-8, a repeated id, a publisher not
/// loaded yet), and the general reader then reads the line as it always did. Parsing into
/// a JSON tree and a draft was two thirds of loading documents.
struct DocumentsFastPath {
    private enum Key: Int { case id, publisher, title, published, text }

    private static func key(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Key? {
        let w = ByteTable.pack(b, s, e, 0)
        switch e - s {
        case 2: return w == Words.id ? .id : nil
        case 4: return w == Words.text ? .text : nil
        case 5: return w == Words.title ? .title : nil
        case 9:
            guard w == Words.publishe else { return nil }
            return b[s + 8] == UInt8(ascii: "r") ? .publisher : b[s + 8] == UInt8(ascii: "d") ? .published : nil
        default: return nil
        }
    }

    /// Each key's first eight bytes as `ByteTable.pack` reads them.
    private enum Words {
        static func of(_ word: StaticString) -> UInt64 {
            var v: UInt64 = 0
            for i in (0..<min(word.utf8CodeUnitCount, 8)).reversed() { v = v << 8 | UInt64(word.utf8Start[i]) }
            return v
        }
        static let id = of("id"), text = of("text"), title = of("title"), publishe = of("publisher")
    }

    /// Decoded text of a string that had escapes.
    private var scratch: [UInt8] = []

    /// Adds the document on `b[start..<end]` to `batch`; false (and `batch` unchanged) if
    /// the general reader must read the line.
    mutating func importLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into batch: inout GraphBatch) -> Bool {
        var p = start
        func skip() { while p < end, b[p] == 0x20 || b[p] == 0x09 { p += 1 } }
        /// A string value, escapes decoded; nil for anything unusual.
        func string() -> String? {
            guard p < end, b[p] == UInt8(ascii: "\"") else { return nil }
            let s = p + 1
            var ascii = true
            var q = ClaimsFastPath.scan(b, s, end, &ascii)
            guard q < end, b[q] >= 0x20 else { return nil }
            if b[q] == UInt8(ascii: "\"") {
                if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self) == nil { return nil }
                p = q + 1
                return String(decoding: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self)
            }
            while q < end, b[q] == UInt8(ascii: "\\") { q = ClaimsFastPath.scan(b, q + 2, end, &ascii) }
            guard q < end, b[q] == UInt8(ascii: "\"") else { return nil }
            scratch.removeAll(keepingCapacity: true)
            guard Escapes.decode(b, s, q, into: &scratch), let text = String(validating: scratch, as: UTF8.self) else { return nil }
            p = q + 1
            return text
        }
        func isNull() -> Bool {
            guard p + 4 <= end, b[p] == UInt8(ascii: "n"), b[p + 1] == UInt8(ascii: "u"), b[p + 2] == UInt8(ascii: "l"),
                  b[p + 3] == UInt8(ascii: "l") else { return false }
            p += 4
            return true
        }

        skip()
        guard p < end, b[p] == UInt8(ascii: "{") else { return false }
        p += 1
        var id: String? = nil, title: String? = nil, publisher: String? = nil, text: String? = nil
        var published = ClaimTable.missingDate
        var seen: UInt8 = 0
        while true {
            skip()
            guard p < end, b[p] == UInt8(ascii: "\"") else { return false }
            let ks = p + 1
            var ascii = true
            let ke = ClaimsFastPath.scan(b, ks, end, &ascii)
            guard ke < end, b[ke] == UInt8(ascii: "\""), let key = DocumentsFastPath.key(b, ks, ke) else { return false }
            p = ke + 1
            let bit = UInt8(1) << UInt8(key.rawValue)
            guard seen & bit == 0 else { return false }
            seen |= bit
            skip()
            guard p < end, b[p] == UInt8(ascii: ":") else { return false }
            p += 1
            skip()
            if !isNull() {
                if key == .published {
                    // A date is plain ASCII: its bytes, no String.
                    guard p < end, b[p] == UInt8(ascii: "\"") else { return false }
                    var q = p + 1
                    while q < end, b[q] != UInt8(ascii: "\""), b[q] != UInt8(ascii: "\\") { q += 1 }
                    guard q < end, b[q] == UInt8(ascii: "\""),
                          let day = Day.parse(UnsafeBufferPointer(rebasing: b[(p + 1)..<q])) else { return false }
                    published = day.daysSinceEpoch
                    p = q + 1
                } else {
                    guard let value = string() else { return false }
                    switch key {
                    case .id: id = value
                    case .publisher: publisher = value
                    case .title: title = value
                    case .text: text = value
                    case .published: break
                    }
                }
            } else if key == .id {
                return false
            }
            skip()
            guard p < end else { return false }
            if b[p] == UInt8(ascii: ",") { p += 1; continue }
            if b[p] == UInt8(ascii: "}") { p += 1; break }
            return false
        }
        skip()
        guard p == end, let id, !id.isEmpty, batch.documents.idIndex[id] == nil else { return false }
        var entity: Int32 = -1
        if let publisher {
            guard let row = batch.entities.idIndex[publisher] else { return false }
            entity = row
        }
        _ = batch.documents.add(id: id, title: title, publisher: entity, published: published, text: text)
        return true
    }
}
