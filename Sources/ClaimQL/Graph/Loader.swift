import Foundation

/// Loads files into a batch: a folder of JSON Lines (entities.jsonl, documents.jsonl,
/// claims.jsonl), one such file, or a `.cq` file of declarations (which may `load` more).
/// Nothing touches the graph here; the caller commits the batch if no error was found.
struct Loader {
    static let maxNesting = 16

    var batch: GraphBatch
    var diagnostics: [Diagnostic] = []
    var missingFile = false
    /// Bytes read at a time from a JSON Lines file (small in tests, to cut lines anywhere).
    var chunkSize = 8 << 20
    private var open: [String] = []

    init(_ graph: FactGraph) { batch = GraphBatch(graph) }

    /// Where a `load` was written, for errors about its path.
    struct Origin { let file: SourceFile; let range: SourceRange }

    private mutating func error(_ message: String, _ origin: Origin?, hint: String? = nil) {
        var d = Diagnostic.error(message, at: origin?.range ?? .none, hint: hint)
        if let origin { d = d.in(origin.file) }
        diagnostics.append(d)
    }

    static func resolve(_ path: String, relativeTo base: String?) -> String {
        if path.hasPrefix("/") || base == nil { return path }
        return (base!.hasSuffix("/") ? base! : base! + "/") + path
    }

    mutating func load(path: String, origin: Origin?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            missingFile = true
            error("no such file or folder: \(path)", origin)
            return
        }
        let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard !open.contains(canonical) else {
            error("`\(path)` loads itself (through \(open.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " -> ")))", origin)
            return
        }
        guard open.count < Loader.maxNesting else {
            error("loads nest more than \(Loader.maxNesting) files deep", origin)
            return
        }
        open.append(canonical)
        defer { open.removeLast() }
        if isDirectory.boolValue {
            var found = false
            for kind in [JSONLImporter.Kind.entities, .documents, .claims] {
                // Joined as text, not through URL, so messages name the path as the user wrote it.
                let file = (path.hasSuffix("/") ? path : path + "/") + "\(kind.rawValue).jsonl"
                if FileManager.default.fileExists(atPath: file) {
                    found = true
                    loadJSONL(file, kind, origin)
                }
            }
            if !found {
                error("folder \(path) holds none of entities.jsonl, documents.jsonl, claims.jsonl", origin)
            }
            return
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        if name.hasSuffix(".cq") {
            guard let bytes = read(path, origin) else { return }
            loadDeclarations(SourceFile(name: path, bytes: bytes))
            return
        }
        for kind in [JSONLImporter.Kind.entities, .documents, .claims] where name.hasPrefix(kind.rawValue) {
            loadJSONL(path, kind, origin)
            return
        }
        error("cannot tell what \(name) holds", origin,
              hint: "load a .cq file, a folder, or a .jsonl file named entities*, documents* or claims*")
    }

    private mutating func read(_ path: String, _ origin: Origin?) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else {
            missingFile = true
            error("cannot read \(path)", origin)
            return nil
        }
        return [UInt8](data)
    }

    /// Streams a JSON Lines file in chunks, so a large file is never held whole in memory.
    private mutating func loadJSONL(_ path: String, _ kind: JSONLImporter.Kind, _ origin: Origin?) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            missingFile = true
            error("cannot read \(path)", origin)
            return
        }
        defer { try? handle.close() }
        var importer = JSONLImporter(batch)
        if kind == .claims, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int {
            importer.batch.claims.reserve(size / 300)
        }
        var pending: [UInt8] = []
        var line = 1
        var first = true
        while !importer.tooManyErrors {
            let data: Data
            do { data = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                self.error("cannot read \(path): \(error.localizedDescription)", origin)
                break
            }
            let atEnd = data.isEmpty
            pending.append(contentsOf: data)
            var from = 0
            if first && pending.starts(with: [0xEF, 0xBB, 0xBF]) { from = 3 }
            first = false
            // Complete lines only, unless this is the end of the file.
            var cut = pending.count
            if !atEnd {
                guard let lastNewline = pending.lastIndex(of: 0x0A) else { continue }
                cut = lastNewline + 1
            }
            pending.withUnsafeBufferPointer { buffer in
                line += importer.importLines(name: path, UnsafeBufferPointer(rebasing: buffer[..<cut]), from: from,
                                             firstLine: line, kind: kind)
            }
            pending.removeFirst(cut)
            if atEnd { break }
        }
        importer.finish(name: path)
        batch = importer.batch
        diagnostics += importer.diagnostics
    }

    /// A declarations file: parsed whole, its `load`s followed first, then its declarations.
    mutating func loadDeclarations(_ file: SourceFile) {
        let parsed = Parser.parse(file)
        if !parsed.diagnostics.isEmpty {
            diagnostics += parsed.diagnostics.map { $0.in(file) }
            return
        }
        for s in parsed.script.statements where !s.isData {
            diagnostics.append(Diagnostic.error("a data file holds declarations and `load` statements, not queries",
                                                at: s.range, hint: "run queries as a script: claimql --data DATA SCRIPT.cq").in(file))
            return
        }
        apply(parsed.script.statements, file: file, baseDirectory: Loader.directory(of: file.name))
    }

    /// The data statements of one file, as one unit.
    mutating func apply(_ statements: [Statement], file: SourceFile, baseDirectory: String?) {
        for s in statements {
            if case .load(let path, let pathRange, _) = s {
                load(path: Loader.resolve(path, relativeTo: baseDirectory), origin: Origin(file: file, range: pathRange))
            }
        }
        var importer = DeclarationImporter(batch, file: file)
        importer.importDeclarations(statements)
        batch = importer.batch
        diagnostics += importer.diagnostics
    }

    static func directory(of path: String) -> String? {
        guard path.contains("/") else { return nil }
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    var error: ClaimQLError? {
        guard !diagnostics.isEmpty else { return nil }
        return ClaimQLError(missingFile ? .missingFile : .data, diagnostics)
    }
}
