/// One message about a place in the source: the single diagnostic type of ClaimQL.
/// Syntax errors, resolution errors, load errors and runtime errors all use it, and
/// `DiagnosticRenderer` is the only thing that turns it into text.
public struct Diagnostic: Sendable {
    public enum Severity: String, Sendable { case error, warning, note }

    public struct Note: Sendable {
        public let message: String
        /// When set, the note points at its own place in the same file.
        public let range: SourceRange?
        init(_ message: String, at range: SourceRange? = nil) { self.message = message; self.range = range }
    }

    public let severity: Severity
    public let message: String
    /// The UTF-8 byte range of the culprit in the text it was found in (`SourceRange.none`
    /// at offset 0 when it belongs to no text, such as a missing file).
    public let range: SourceRange
    public let notes: [Note]
    /// A suggestion shown after the caret, such as "did you mean `source`?".
    public let hint: String?
    /// The file the range points into; set when the diagnostic leaves its stage.
    var file: SourceFile?

    /// The name of the file (or "<-e>", "<input>", ...) the diagnostic points into.
    public var fileName: String? { file?.name }

    /// 1-based line and column of the culprit (column in characters); nil without a file.
    public var location: (line: Int, column: Int)? { file.map { $0.location(of: range.start) } }

    /// 1-based line and column just past the culprit; nil without a file.
    public var endLocation: (line: Int, column: Int)? { file.map { $0.location(of: range.end) } }

    /// `file:line:col: error: message`, the source line, a caret under the culprit, notes
    /// and hint: exactly what the command line prints.
    public func rendered(color: Bool = false) -> String { DiagnosticRenderer.render(self, color: color) }

    init(_ severity: Severity = .error, _ message: String, at range: SourceRange,
         notes: [Note] = [], hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.hint = hint
    }

    static func error(_ message: String, at range: SourceRange, hint: String? = nil,
                      notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, notes: notes, hint: hint)
    }

    func `in`(_ file: SourceFile) -> Diagnostic {
        var d = self
        d.file = file
        return d
    }
}

