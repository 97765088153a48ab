import ClaimQL
import Foundation

/// `claimql lsp`: the Language Server Protocol over stdio, a thin layer over the library's
/// `ScriptAnalyzer` (diagnostics, completion, hover, definitions, references, symbols) and
/// `Formatter`. One thread: each message is handled before the next is read, and every
/// change re-analyses the file (loaded data sets are cached by the analyzer).
///
/// A request the server cannot answer gets a JSON-RPC error, never a crash: a bad file is
/// only diagnostics, a bad message is a parse error, an unknown method is "method not found".
public final class LanguageServer {
    private var transport: Transport
    private let analyzer = ScriptAnalyzer()
    private var documents: [String: TextDocument] = [:]
    private var analyses: [String: ScriptAnalysis] = [:]
    private var encoding = TextDocument.Encoding.utf16
    private var shutdownRequested = false

    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        transport = Transport(input: input, output: output)
    }

    /// Serves until `exit` (or the input closes); returns the exit status the protocol
    /// asks for: 0 after `shutdown`, 1 otherwise.
    public func run() -> Int32 {
        while true {
            switch transport.read() {
            case .end:
                return shutdownRequested ? 0 : 1
            case .malformed(let reason):
                transport.send(["id": NSNull(), "error": ["code": -32700, "message": "parse error: \(reason)"]])
            case .message(let message):
                if message["method"] as? String == "exit" { return shutdownRequested ? 0 : 1 }
                handle(message)
            }
        }
    }

    // MARK: dispatch

    struct RequestError: Error {
        let code: Int
        let message: String
        static func invalidParams(_ m: String) -> RequestError { RequestError(code: -32602, message: m) }
    }

    private func handle(_ message: [String: Any]) {
        guard let method = message["method"] as? String else { return }   // a response to us: none expected
        let params = message["params"] as? [String: Any] ?? [:]
        let id = message["id"]
        guard let id else {
            notification(method, params)
            return
        }
        do {
            let result = try request(method, params)
            transport.send(["id": id, "result": result])
        } catch let error as RequestError {
            transport.send(["id": id, "error": ["code": error.code, "message": error.message]])
        } catch {
            transport.send(["id": id, "error": ["code": -32603, "message": "\(error)"]])
        }
    }

    private func notification(_ method: String, _ params: [String: Any]) {
        switch method {
        case "textDocument/didOpen":
            guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
                  let text = doc["text"] as? String else { return }
            documents[uri] = TextDocument(text: text, version: int(doc["version"]))
            analyse(uri)
        case "textDocument/didChange":
            guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String,
                  var document = documents[uri], let changes = params["contentChanges"] as? [[String: Any]] else { return }
            for change in changes { document.apply(change, encoding) }
            document.version = int(doc["version"])
            documents[uri] = document
            analyse(uri)
        case "textDocument/didSave":
            // A saved data file may change what other open scripts load: check them all.
            for uri in documents.keys { analyse(uri) }
        case "textDocument/didClose":
            guard let doc = params["textDocument"] as? [String: Any], let uri = doc["uri"] as? String else { return }
            documents[uri] = nil
            analyses[uri] = nil
            transport.send(["method": "textDocument/publishDiagnostics", "params": ["uri": uri, "diagnostics": [Any]()]])
        default:
            break   // initialized, $/cancelRequest, workspace notifications: nothing to do
        }
    }

    private func request(_ method: String, _ params: [String: Any]) throws -> Any {
        switch method {
        case "initialize": return initialize(params)
        case "shutdown":
            shutdownRequested = true
            return NSNull()
        case "textDocument/completion": return try completion(params)
        case "textDocument/hover": return try hover(params)
        case "textDocument/definition": return try definition(params)
        case "textDocument/references": return try references(params)
        case "textDocument/documentSymbol": return try symbols(params)
        case "textDocument/formatting": return try formatting(params)
        default: throw RequestError(code: -32601, message: "method not found: \(method)")
        }
    }

    private func initialize(_ params: [String: Any]) -> [String: Any] {
        let general = (params["capabilities"] as? [String: Any])?["general"] as? [String: Any]
        if let offered = general?["positionEncodings"] as? [String], offered.contains("utf-8") { encoding = .utf8 }
        return [
            "capabilities": [
                "positionEncoding": encoding.rawValue,
                "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
                "completionProvider": ["triggerCharacters": [".", "\"", ":"]],
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "documentSymbolProvider": true,
                "documentFormattingProvider": true,
            ] as [String: Any],
            "serverInfo": ["name": "claimql"],
        ]
    }

    // MARK: analysis

    /// The file's path for a `file:` URI (the name diagnostics and `load` paths use).
    private func path(of uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.path }
        return uri
    }

    private func analyse(_ uri: String) {
        guard let document = documents[uri] else { return }
        let path = path(of: uri)
        let folder = path.contains("/") ? URL(fileURLWithPath: path).deletingLastPathComponent().path : nil
        let analysis = analyzer.analyze(document.text, name: path, baseDirectory: folder)
        analyses[uri] = analysis
        let diagnostics: [[String: Any]] = analysis.diagnostics.filter { $0.fileName == path }.map { d in
            var message = d.message
            if let hint = d.hint { message += " (\(hint))" }
            var out: [String: Any] = [
                "range": document.range(d.range, encoding),
                "severity": d.severity == .error ? 1 : d.severity == .warning ? 2 : 3,
                "source": "claimql",
                "message": message,
            ]
            let related: [[String: Any]] = d.notes.compactMap { note in
                guard let r = note.range else { return nil }
                return ["location": ["uri": uri, "range": document.range(r, encoding)], "message": note.message]
            }
            if !related.isEmpty { out["relatedInformation"] = related }
            return out
        }
        transport.send(["method": "textDocument/publishDiagnostics",
                        "params": ["uri": uri, "version": document.version, "diagnostics": diagnostics] as [String: Any]])
    }

    /// The open document and its analysis, and the byte offset of the request's position.
    private func locate(_ params: [String: Any]) throws -> (String, TextDocument, ScriptAnalysis, Int) {
        guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else {
            throw RequestError.invalidParams("textDocument.uri is missing")
        }
        guard let document = documents[uri], let analysis = analyses[uri] else {
            throw RequestError.invalidParams("\(uri) is not open")
        }
        let position = params["position"] as? [String: Any] ?? [:]
        let offset = document.offset(line: int(position["line"]), character: int(position["character"]), encoding)
        return (uri, document, analysis, offset)
    }

    // MARK: requests

    private static let keywords = Set(Session.keywords)

    private func completion(_ params: [String: Any]) throws -> Any {
        let (_, document, analysis, offset) = try locate(params)
        let c = analysis.completions(at: offset)
        let range = document.range(SourceRange(c.start, offset), encoding)
        // In a string, the closing quote comes with the name unless the line has one after
        // the cursor already (completing inside `"Shin W|onsik"`).
        let rest = document.bytes[offset...].prefix { $0 != UInt8(ascii: "\n") }
        let closeQuote = c.inString && !rest.contains(UInt8(ascii: "\""))
        let items: [[String: Any]] = c.candidates.map { word in
            let kind = c.inString ? 12 : LanguageServer.keywords.contains(word) ? 14 : 5
            return ["label": word, "kind": kind,
                    "textEdit": ["range": range, "newText": word + (closeQuote ? "\"" : "")]]
        }
        return ["isIncomplete": false, "items": items]
    }

    private func hover(_ params: [String: Any]) throws -> Any {
        let (_, document, analysis, offset) = try locate(params)
        guard let h = analysis.hover(at: offset) else { return NSNull() }
        return ["contents": ["kind": "markdown", "value": h.markdown], "range": document.range(h.range, encoding)]
    }

    private func definition(_ params: [String: Any]) throws -> Any {
        let (uri, document, analysis, offset) = try locate(params)
        guard let r = analysis.definition(at: offset) else { return NSNull() }
        return ["uri": uri, "range": document.range(r, encoding)]
    }

    private func references(_ params: [String: Any]) throws -> Any {
        let (uri, document, analysis, offset) = try locate(params)
        let include = ((params["context"] as? [String: Any])?["includeDeclaration"] as? Bool) ?? true
        return analysis.references(at: offset, includeDeclaration: include).map { r in
            ["uri": uri, "range": document.range(r, encoding)] as [String: Any]
        }
    }

    private func symbols(_ params: [String: Any]) throws -> Any {
        let (_, document, analysis, _) = try locate(params)
        return analysis.symbols.map { s -> [String: Any] in
            // LSP SymbolKind: Object for entities, File for documents, Event for claims,
            // Variable for `let` names.
            let kind = switch s.kind {
            case .entity: 19
            case .document: 1
            case .claim: 24
            case .binding: 13
            }
            return ["name": s.name, "detail": s.detail, "kind": kind,
                    "range": document.range(s.range, encoding), "selectionRange": document.range(s.selectionRange, encoding)]
        }
    }

    private func formatting(_ params: [String: Any]) throws -> Any {
        let (uri, document, _, _) = try locate(params)
        let formatted: String
        do { formatted = try Formatter.format(document.text, name: path(of: uri)) } catch {
            // LSP's RequestFailed: the file does not parse, so it is not reformatted.
            throw RequestError(code: -32803, message: "not formatted: \(error.diagnostics.first?.message ?? "syntax error")")
        }
        if formatted == document.text { return [Any]() }
        let whole = ["start": ["line": 0, "character": 0], "end": document.position(document.bytes.count, encoding)] as [String: Any]
        return [["range": whole, "newText": formatted]]
    }
}
