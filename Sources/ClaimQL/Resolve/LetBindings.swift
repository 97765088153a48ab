/// The `let` names of a session: each stands for a query (its source and clauses, with
/// the text they were written in), expanded where a later query starts from the name.
/// A name is a view, run again at each use, not a snapshot of rows.
struct LetBindings: Sendable {
    struct Binding: Sendable {
        let collection: Collection
        let pairs: PairKind?
        let clauses: [(Clause, SourceFile)]
    }

    var bindings: [String: Binding] = [:]

    /// A query's source expanded through `let` names into a collection and clauses.
    func expand(_ q: Query, _ file: SourceFile) throws(ResolveError) -> Resolver.Input {
        let own = q.clauses.map { ($0, file) }
        func input(_ c: Collection, _ pairs: PairKind?, _ clauses: [(Clause, SourceFile)]) -> Resolver.Input {
            Resolver.Input(collection: c, pairs: pairs, clauses: clauses, isCount: q.count != nil, range: q.range, file: file)
        }
        switch q.source {
        case .collection(let c, _): return input(c, nil, own)
        case .pairs(let kind, _): return input(.claims, kind, own)
        case .binding(let name):
            guard let b = bindings[name.text] else {
                let candidates = Collection.allCases.map(\.rawValue) + ["conflicts", "revisions", "timeline"] + bindings.keys
                var hint = Spelling.closest(to: name.text, in: candidates).map { "did you mean `\($0)`?" }
                if hint == nil, Keyword.table[name.text.lowercased()] == nil {
                    hint = "a query starts with `claims`, `entities`, `documents` or a name bound with `let`"
                }
                throw ResolveError(diagnostic: Diagnostic.error("unknown collection or name `\(name.text)`",
                                                                at: name.range, hint: hint).in(file))
            }
            return input(b.collection, b.pairs, b.clauses + own)
        }
    }
}
