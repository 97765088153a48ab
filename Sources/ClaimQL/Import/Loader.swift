import Foundation

/// Loads files into a batch: a folder of JSON Lines (entities.jsonl, documents.jsonl,
/// claims.jsonl), one such file, or a `.cq` file of declarations (which may `load` more).
/// Each file's front end parses it into drafts for the one `BatchBuilder`. Nothing touches
/// the graph here; the caller commits the batch if no error was found.
struct Loader {
    static let maxNesting = 16

    var builder: BatchBuilder
    /// Problems with the files themselves (missing, unreadable, loading themselves) and
    /// what the front ends found; the builder keeps its own.
    private var ownDiagnostics: [Diagnostic] = []
    var missingFile = false
    /// Bytes read at a time from a JSON Lines file (small in tests, to cut lines anywhere).
    var chunkSize = 8 << 20
    private var openFiles: [String] = []

    init(_ graph: FactGraph) { builder = BatchBuilder(GraphBatch(graph)) }

    var batch: GraphBatch { builder.batch }
    var diagnostics: [Diagnostic] { ownDiagnostics + builder.diagnostics }

    mutating func report(_ more: [Diagnostic]) { ownDiagnostics += more }

    /// Where a `load` was written, for errors about its path.
    struct Origin { let file: SourceFile; let range: SourceRange }

    private mutating func error(_ message: String, _ origin: Origin?, hint: String? = nil) {
        var d = Diagnostic.error(message, at: origin?.range ?? .none, hint: hint)
        if let origin { d = d.in(origin.file) }
        ownDiagnostics.append(d)
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
        guard !openFiles.contains(canonical) else {
            error("`\(path)` loads itself (through \(openFiles.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " -> ")))", origin)
            return
        }
        guard openFiles.count < Loader.maxNesting else {
            error("loads nest more than \(Loader.maxNesting) files deep", origin)
            return
        }
        if !isDirectory.boolValue, ClaimGraph.isSnapshot(path: path) {
            error("\(path) is a snapshot, a whole graph: open it with --data or .open, not with `load`", origin)
            return
        }
        openFiles.append(canonical)
        defer { openFiles.removeLast() }
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
        guard let bytes = Loader.readFile(path) else {
            missingFile = true
            error("cannot read \(path)", origin)
            return nil
        }
        return bytes
    }

    /// A whole file's bytes, or nil when it cannot be opened or read. Plain POSIX reads:
    /// FileManager.contents(atPath:) leaks a buffer on empty files (seen under the fuzzers'
    /// LeakSanitizer, swift-corelibs-foundation 6.3).
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        // Regular files, and pipes or devices read to their end (`claimql <(gen)`); not folders.
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Reads a JSON Lines file through a read-only memory map, a window at a time: pages
    /// behind the window are dropped (MADV_DONTNEED), so a large file is never resident
    /// whole, and no byte is copied before it is parsed.
    private mutating func loadJSONL(_ path: String, _ kind: JSONLImporter.Kind, _ origin: Origin?) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            missingFile = true
            error("cannot read \(path)", origin)
            return
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { error("cannot read \(path)", origin); return }
        let size = Int(info.st_size)
        var importer = JSONLImporter(builder)
        // Room for what the file will add (lines run ~130-350 bytes), so the columns and id
        // dictionaries do not grow and rehash along the way.
        switch kind {
        case .claims: importer.builder.batch.claims.reserve(size / 300)
        case .entities: importer.builder.batch.entities.idIndex.reserveCapacity(importer.builder.batch.entities.count + size / 100)
        case .documents: importer.builder.batch.documents.idIndex.reserveCapacity(importer.builder.batch.documents.count + size / 100)
        }
        if size > 0 {
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
                error("cannot map \(path) into memory", origin)
                return
            }
            defer { munmap(base, size) }
            madvise(base, size, MADV_SEQUENTIAL)
            let all = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
            let from = all.starts(with: [UInt8(0xEF), 0xBB, 0xBF]) ? 3 : 0
            var line = 1
            var released = 0
            let chunkSize = self.chunkSize
            // A claims file of two windows or more is read on two cores (`ClaimsLane`),
            // into a batch that holds no claims yet (the lane's merge appends after them).
            let windows = LaneWindows.cut(all, from: from, length: chunkSize)
            let lane = kind == .claims && importer.usesFastPath && importer.builder.batch.claims.count == 0
                && windows.count >= 2
                ? ClaimsLane(importer.builder.batch, all, windows: stride(from: 1, to: windows.count, by: 2).map { windows[$0] })
                : nil
            for (k, window) in windows.enumerated() where !importer.tooManyErrors {
                // The lane's windows join as it read them; the others, and any lane window it
                // could not take whole, go through the usual importer.
                var merged = false
                if let lane, k % 2 == 1 {
                    let part = lane.take(k / 2)
                    merged = lane.merge(part, into: &importer.builder.batch)
                    if merged { line += part.lines }
                }
                if !merged {
                    line += importer.importLines(name: path, UnsafeBufferPointer(rebasing: all[..<window.upperBound]),
                                                 from: window.lowerBound, firstLine: line, kind: kind)
                }
                // From the last page boundary dropped up to this window's end: a page the
                // window ends in the middle of goes with the next window.
                MappedPages.drop(UnsafeRawBufferPointer(all), released..<window.upperBound)
                released = window.upperBound / MappedPages.size * MappedPages.size
            }
            lane?.finish()
        }
        importer.finish(name: path)
        builder = importer.builder
        ownDiagnostics += importer.diagnostics
    }

    /// A declarations file: parsed whole, its `load`s followed first, then its declarations.
    mutating func loadDeclarations(_ file: SourceFile) {
        let parsed = Parser.parse(file)
        if !parsed.diagnostics.isEmpty {
            ownDiagnostics += parsed.diagnostics.map { $0.in(file) }
            return
        }
        for s in parsed.script.statements where !s.isData {
            ownDiagnostics.append(Diagnostic.error("a data file holds declarations and `load` statements, not queries",
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
        var frontEnd = DeclarationFrontEnd(file: file)
        frontEnd.add(statements, to: &builder)
        ownDiagnostics += frontEnd.diagnostics
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

