/// Runs scripts: the statements of one source file, with `let` bindings that persist
/// across runs (the REPL keeps one session for its lifetime).
///
/// A file runs in three phases: it is parsed whole (a syntax error anywhere runs nothing);
/// its data statements (`load`, `entity`, `document`, `claim`) are applied as one atomic
/// batch; its queries are compiled in order (all errors reported) and only then run.
struct ScriptRunner {
    struct Binding { let collection: Collection; let pairs: PairKind?; let clauses: [(Clause, SourceFile)] }

    /// What a query reads: a collection, or rows derived from claims (`conflicts`, `revisions`, `timeline`).
    struct Expanded {
        let collection: Collection
        let pairs: PairKind?
        let clauses: [(Clause, SourceFile)]
    }

    var bindings: [String: Binding] = [:]

    /// Expands a query's source through `let` bindings into collection + clauses.
    func expand(_ q: Query, _ file: SourceFile) throws(CompileError) -> Expanded {
        let own = q.clauses.map { ($0, file) }
        switch q.source {
        case .collection(let c, _): return Expanded(collection: c, pairs: nil, clauses: own)
        case .pairs(let kind, _): return Expanded(collection: .claims, pairs: kind, clauses: own)
        case .binding(let name):
            guard let b = bindings[name.text] else {
                let candidates = Collection.allCases.map(\.rawValue) + ["conflicts", "revisions", "timeline"] + bindings.keys
                var hint = Spelling.closest(to: name.text, in: candidates).map { "did you mean `\($0)`?" }
                if hint == nil, Keyword.table[name.text.lowercased()] == nil {
                    hint = "a query starts with `claims`, `entities`, `documents` or a name bound with `let`"
                }
                throw CompileError(diagnostic: Diagnostic.error("unknown collection or name `\(name.text)`",
                                                                at: name.range, hint: hint).in(file))
            }
            return Expanded(collection: b.collection, pairs: b.pairs, clauses: b.clauses + own)
        }
    }
}
