import Synchronization

/// An in-memory fact graph of entities, documents and claims.
///
/// Safe to share between threads. Queries read an immutable snapshot taken when they
/// start; a load builds its additions aside and swaps them in at the end in one step, so a
/// query never sees half a load, and a load that fails changes nothing.
public final class ClaimGraph: Sendable {
    let state = Mutex(FactGraph())
    /// Loads are serialised so two of them cannot both build on the same snapshot.
    let loading = Mutex(())

    public init() {}

    var snapshot: FactGraph { state.withLock { $0 } }

    /// Loads a `.cq` file of declarations, a JSON Lines file (named entities*, documents*
    /// or claims*), or a folder holding entities.jsonl, documents.jsonl and claims.jsonl.
    /// A snapshot (`.claimdb`) opens only into an empty graph.
    public func load(path: String) throws(ClaimQLError) {
        if ClaimGraph.isSnapshot(path: path) { return try loadSnapshot(path) }
        try update { loader in loader.load(path: path, origin: nil) }
    }

    /// Loads ClaimQL declarations (`entity`, `document`, `claim`, `load`) from text. With
    /// `allowFileAccess` false (text from an untrusted client), a `load` statement is a
    /// `.limit` error pointing at its path, and nothing is loaded.
    public func load(source: String, name: String = "<source>", allowFileAccess: Bool = true) throws(ClaimQLError) {
        let file = SourceFile(name: name, text: source)
        if !allowFileAccess {
            for case .load(_, let pathRange, _) in Parser.parse(file).script.statements {
                throw ClaimQLError(.limit, [Diagnostic.error("`load` is not allowed here: file access is disabled",
                                                            at: pathRange).in(file)])
            }
        }
        try update { loader in loader.loadDeclarations(file) }
    }

    /// What a JSON Lines text holds: one object per line in the interchange schema.
    public enum JSONLinesKind: String, Sendable { case entities, documents, claims }

    /// Loads JSON Lines from text (`name` is what error messages call it).
    public func load(jsonLines text: String, kind: JSONLinesKind, name: String = "<jsonl>") throws(ClaimQLError) {
        try update { loader in
            var importer = JSONLImporter(loader.builder)
            importer.importFile(name: name, bytes: Array(text.utf8), kind: JSONLImporter.Kind(rawValue: kind.rawValue)!)
            loader.builder = importer.builder
            loader.report(importer.diagnostics)
        }
    }

    /// Runs `body` on a loader over the current graph and commits what it built, or throws
    /// its diagnostics and commits nothing.
    func update(_ body: (inout Loader) -> Void) throws(ClaimQLError) {
        let result: ClaimQLError? = loading.withLock { _ in
            var loader = Loader(snapshot)
            body(&loader)
            if let error = loader.error { return error }
            let batch = loader.batch
            state.withLock { $0.commit(batch) }
            return nil
        }
        if let result { throw result }
    }

    /// Writes entities.jsonl, documents.jsonl and claims.jsonl into `folder`: loading
    /// them gives the same graph back.
    public func exportJSONL(to folder: String) throws(ClaimQLError) {
        try JSONLExport.write(snapshot, to: folder)
    }

    /// Counts of what the graph holds.
    public var counts: (entities: Int, documents: Int, claims: Int) {
        let g = snapshot
        return (g.entities.count, g.documents.count, g.claims.count)
    }
}

/// A point in the graph's history: how many entities, documents and claims it held. The
/// graph only grows, so what was added between two marks is a span of rows.
public struct GraphMark: Sendable, Equatable {
    public let entities: Int
    public let documents: Int
    public let claims: Int
}

extension ClaimGraph {
    /// Where the graph is now; what is added later comes after this mark.
    public var mark: GraphMark {
        let g = snapshot
        return GraphMark(entities: g.entities.count, documents: g.documents.count, claims: g.claims.count)
    }

    /// The graph as ClaimQL declarations that load back to the same data: all of it, or
    /// only what was added between each pair of marks (the REPL's `.save` writes what a
    /// session declared, leaving out what it loaded from files).
    public func declarations(between spans: [(from: GraphMark, to: GraphMark)]? = nil) -> String {
        let g = snapshot
        guard let spans else { return DeclarationExport.write(g, DeclarationExport.all(g)) }
        func clamp(_ a: Int, _ b: Int, _ n: Int) -> Range<Int> { min(a, n)..<min(max(a, b), n) }
        let rows = DeclarationExport.Rows(
            entities: spans.map { clamp($0.from.entities, $0.to.entities, g.entities.count) },
            documents: spans.map { clamp($0.from.documents, $0.to.documents, g.documents.count) },
            claims: spans.map { clamp($0.from.claims, $0.to.claims, g.claims.count) })
        return DeclarationExport.write(g, rows)
    }
}
