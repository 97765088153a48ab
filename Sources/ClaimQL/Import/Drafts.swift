/// What every way into the graph produces: drafts of entities, documents and claims, as
/// written, each carrying where it came from. Front ends (declarations, JSON Lines, Swift
/// records, and text extraction) only parse into drafts; `BatchBuilder` checks them and
/// builds the batch, with one set of messages (house style point 18).

/// Where a draft, or one of its fields, came from: what an error about it points at.
enum Origin: Sendable {
    case none
    /// A range in a source text: a declarations file, an article.
    case text(SourceFile, SourceRange)
    /// A byte in one line of a JSON Lines file. The line is kept as bytes; a source file
    /// is made from it only when a message needs it.
    case line(JSONLine, offset: Int)
    /// A field of the record at `index` given to `ClaimGraph.add`; rendered as a JSON
    /// line when a message needs it, so the message can point at the field.
    case record(RecordTexts, index: Int, field: String)

    /// A diagnostic pointing here.
    func diagnostic(_ message: String, hint: String? = nil) -> Diagnostic {
        switch self {
        case .none:
            return Diagnostic.error(message, at: .none, hint: hint)
        case .text(let file, let range):
            return Diagnostic.error(message, at: range, hint: hint).in(file)
        case .line(let line, let offset):
            let file = SourceFile(name: line.name, bytes: line.bytes, firstLine: line.number)
            return Diagnostic.error(message, at: SourceRange(offset, offset + 1), hint: hint).in(file)
        case .record(let texts, let index, let field):
            let (file, range) = texts.locate(index, field)
            return Diagnostic.error(message, at: range, hint: hint).in(file)
        }
    }
}

/// One line of a JSON Lines file, kept for messages.
final class JSONLine: Sendable {
    let name: String
    let bytes: [UInt8]
    let number: Int
    init(name: String, bytes: [UInt8], number: Int) {
        self.name = name
        self.bytes = bytes
        self.number = number
    }
}

/// A value with the place it was written.
struct Located<T: Sendable>: Sendable {
    var value: T
    var at: Origin
}

struct EntityDraft: Sendable {
    var id: Located<String>
    var name: String
    var kind: String
    var aliases: [String] = []
    /// Relation name and target id, per edge.
    var edges: [(relation: String, target: Located<String>)] = []
    var attributes: [(String, Cell)] = []
}

struct DocumentDraft: Sendable {
    var id: Located<String>
    var title: String?
    var publisher: Located<String>?
    var published: Int32 = ClaimTable.missingDate
    var attributes: [(String, Cell)] = []
    var text: String? = nil
}

struct ClaimDraft: Sendable {
    var id: Located<String>
    var subject: Located<String>? = nil
    var predicate: String? = nil
    var object: String? = nil
    var qty: Located<Double>? = nil
    var qtyHi: Located<Double>? = nil
    var unit: Located<String>? = nil
    /// The qualifier as written; the builder checks it is one of `Qualifier`'s words.
    var qualifier: Located<String>? = nil
    var date: Int32 = ClaimTable.missingDate
    var source: Located<String>? = nil
    var doc: Located<String>? = nil
    var quote: String? = nil
    var attributes: [(String, Cell)] = []
}
