/// The one error type of ClaimQL: what went wrong, where, rendered exactly as the CLI
/// renders it.
public struct ClaimQLError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The text does not parse.
        case syntax
        /// It parses, but names something unknown or mixes types.
        case semantic
        /// Data (JSONL or declarations) is malformed or refers to unknown ids.
        case data
        /// A file or folder to load does not exist or cannot be read.
        case missingFile
        /// A limit set by the embedder was crossed, or the query was cancelled.
        case limit
        /// Something failed while running.
        case runtime
    }

    public let kind: Kind
    public let diagnostics: [Diagnostic]

    init(_ kind: Kind, _ diagnostics: [Diagnostic]) {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    /// An error with no place in a text: for hosts and `SQLRunner`s reporting a failure
    /// of their own (a lost connection, a server's error).
    public init(_ kind: Kind, message: String) {
        self.init(kind, [Diagnostic(.error, message, at: .none)])
    }

    /// `file:line:col: error: message`, the source line and a caret, for every diagnostic.
    public func rendered(color: Bool = false) -> String {
        diagnostics.map { $0.rendered(color: color) }.joined()
    }

    public var description: String { rendered() }

    /// The conventional exit status for this error: 65 bad input, 66 missing file, 70 failure.
    public var exitCode: Int32 {
        switch kind {
        case .syntax, .semantic, .data: return 65
        case .missingFile: return 66
        case .limit, .runtime: return 70
        }
    }
}
