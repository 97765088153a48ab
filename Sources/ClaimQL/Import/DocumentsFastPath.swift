import Foundation

/// The fast path for documents.jsonl, like the claims' (`ClaimsFastPath`): one pass over a
/// line that knows the schema (`id`, `publisher`, `title`, `published`, `text`) and adds
/// the document straight to the batch, with no JSON tree, no draft and no copy of the line
/// kept for messages. It declines anything that could need a message or that it does not
/// expect (an extra key, a wrong type, a bad date or UTF-8, a repeated id, a publisher not
/// loaded yet), and the general reader then reads the line as it always did. Parsing into
/// a JSON tree and a draft was two thirds of loading documents.
struct DocumentsFastPath {
    private static let keys = FastLine.Keys(["id", "publisher", "title", "published", "text"])
    /// Decoded text of a string that had escapes.
    private var scratch: [UInt8] = []

    /// Adds the document on `b[start..<end]` to `batch`; false (and `batch` unchanged) if
    /// the general reader must read the line.
    mutating func importLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into batch: inout GraphBatch) -> Bool {
        var line = FastLine(b, start, end)
        guard line.take(UInt8(ascii: "{")) else { return false }
        var id: String? = nil, title: String? = nil, publisher: String? = nil, text: String? = nil
        var published = ClaimTable.missingDate
        var seen: UInt8 = 0
        var more = true
        while more {
            guard let field = line.field(DocumentsFastPath.keys, &seen) else { return false }
            if !line.null() {
                guard let value = line.string(&scratch) else { return false }
                switch field {
                case 0: id = value
                case 1: publisher = value
                case 2: title = value
                case 3:
                    guard let day = Day.parse(Array(value.utf8)[...]) else { return false }
                    published = day.daysSinceEpoch
                default: text = value
                }
            } else if field == 0 {
                return false
            }
            guard let next = line.next() else { return false }
            more = next
        }
        guard line.atEnd(), let id, !id.isEmpty, batch.documents.idIndex[id] == nil else { return false }
        var entity: Int32 = -1
        if let publisher {
            guard let row = batch.entities.idIndex[publisher] else { return false }
            entity = row
        }
        _ = batch.documents.add(id: id, title: title, publisher: entity, published: published, text: text)
        return true
    }
}
