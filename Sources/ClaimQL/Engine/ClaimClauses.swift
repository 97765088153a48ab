/// The clauses that know what claims are: `distinct`, `latest by` and `evidence`.
extension QueryCompiler {
    /// `distinct`: claims drop repeats of a statement already in the rows (the first stays),
    /// documents drop duplicates of a document already in the rows, other rows drop
    /// repeated rows. Groups are distinct already.
    func addDistinct(_ steps: inout [QueryPlan.Step], _ ec: ExprCompiler, _ range: SourceRange) {
        let g = graph
        switch ec.shape {
        case .nodes(.claims):
            steps.append { (s: inout Stream, f: Frame) throws in
                guard case .nodes(let rows) = s else { return }
                try f.check(range)
                let original = g.duplicates.original
                var seen = Set<Int32>()
                s = .nodes(rows.filter { seen.insert(original[Int($0)]).inserted })
            }
        case .nodes(.documents):
            steps.append { (s: inout Stream, f: Frame) throws in
                guard case .nodes(let rows) = s else { return }
                try f.check(range)
                let original = g.duplicates.documentOriginal
                let present = Set(rows)
                s = .nodes(rows.filter { original[Int($0)] < 0 || !present.contains(original[Int($0)]) })
            }
        case .nodes(.entities), .groups:
            break
        case .table:
            steps.append { (s: inout Stream, f: Frame) throws in
                guard case .table(let rows) = s else { return }
                try f.check(range)
                var seen = Set<[Cell]>()
                s = .table(rows.filter { seen.insert($0).inserted })
            }
        }
    }

    /// `latest by k, ...`: for each key, the claims with the latest date (all of them if
    /// several share it; undated claims only when none in the group has a date). Rows
    /// keep their order.
    func addLatest(_ keys: [Expr], _ steps: inout [QueryPlan.Step], _ ec: inout ExprCompiler,
                   _ range: SourceRange) throws(CompileError) {
        guard case .nodes(.claims) = ec.shape else {
            throw ec.fail("`latest by` picks claims by their date: use it on claims, before `select` or `group by`",
                          at: range)
        }
        var evals: [Eval] = []
        for k in keys { evals.append(try ec.compile(k).eval) }
        let dates = graph.claims.dates
        steps.append { (s: inout Stream, f: Frame) throws in
            guard case .nodes(let rows) = s else { return }
            var best: [[Cell]: Int32] = [:]
            var keyOf: [[Cell]] = []
            keyOf.reserveCapacity(rows.count)
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try f.check(range) }
                let k = evals.map { $0(f, r) }
                keyOf.append(k)
                let d = dates[Int(r)]
                if let b = best[k], b >= d { continue }
                best[k] = d
            }
            s = .nodes(rows.indices.filter { best[keyOf[$0]] == dates[Int(rows[$0])] }.map { rows[$0] })
        }
    }

    /// `evidence`: each claim with where it was said, and which name or alias made it
    /// match the query's `where` clauses so far.
    func addEvidence(_ wheres: [Expr], _ steps: inout [QueryPlan.Step], _ ec: inout ExprCompiler,
                     _ range: SourceRange) throws(CompileError) {
        guard case .nodes(.claims) = ec.shape else {
            throw ec.fail("`evidence` shows where claims come from: use it on claims, before `select` or `group by`",
                          at: range)
        }
        var mentions: [(label: String, eval: Eval, names: [Evidence.Written], contains: Bool)] = []
        for w in wheres {
            for m in Evidence.mentions(in: w) {
                let compiled = try ec.compile(m.path)
                guard compiled.type.element == .entity else { continue }
                mentions.append((m.path.description, compiled.eval, m.names.map(Evidence.Written.init), m.contains))
            }
        }
        let g = graph
        steps.append { (s: inout Stream, f: Frame) throws in
            guard case .nodes(let rows) = s else { return }
            if rows.count > f.budget.maxRows { throw RunError.tooManyRows(rows.count, f.budget.maxRows, range) }
            let duplicates = g.duplicates
            var out: [[Cell]] = []
            out.reserveCapacity(rows.count)
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try f.check(range) }
                var matched: [String] = []
                for m in mentions {
                    matched += Evidence.explain(m.label, m.eval(f, r), m.names, m.contains, g)
                }
                out.append(Evidence.row(g, duplicates, r, matched))
            }
            s = .table(out)
        }
        ec.shape = .table(Evidence.columns)
    }
}

enum Evidence {
    static let columns: [(name: String, type: VType)] = [
        ("claim", .claim), ("figure", .string), ("source", .entity), ("doc", .document), ("publisher", .entity),
        ("date", .date), ("quote", .string), ("also_in", .list(.document)), ("matched", .string),
    ]

    /// Other documents listed in `also_in`, at most: a statement repeated in thousands of
    /// documents must not make each of its rows thousands of cells.
    static let maxAlsoIn = 20

    static func row(_ g: FactGraph, _ d: Duplicates, _ r: Int32, _ matched: [String]) -> [Cell] {
        let c = g.claims, i = Int(r)
        let doc = c.docs[i]
        let publisher = doc >= 0 ? g.documents.publishers[Int(doc)] : -1
        // The same statement carried by other documents (a duplicated article).
        var others: [Cell] = []
        var seen: Set<Int32> = [doc]
        for other in d.copies(of: r) where other != r {
            let o = c.docs[Int(other)]
            if o >= 0, seen.insert(o).inserted {
                others.append(.document(o))
                if others.count == maxAlsoIn { break }
            }
        }
        return [.claim(r), c.qty[i].isNaN ? .null : .string(Pairs.figure(g, r)), FieldAccess.ref(c.sources[i], Cell.entity),
                FieldAccess.ref(doc, Cell.document), FieldAccess.ref(publisher, Cell.entity),
                FieldAccess.date(c.dates[i]), c.quotes[r].map(Cell.string) ?? .null,
                others.isEmpty ? .null : .list(others),
                matched.isEmpty ? .null : .string(matched.joined(separator: "; "))]
    }

    /// Comparisons of a path with names in a `where` expression, outside `not`:
    /// `source = "Shin Wonsik"`, `source.country in ["US", "DPRK"]`, `source contains "shin"`.
    static func mentions(in e: Expr) -> [(path: Expr, names: [String], contains: Bool)] {
        func strings(_ e: Expr) -> [String]? {
            switch e.kind {
            case .string(let s): return [s]
            case .list(let items):
                let all = items.compactMap { if case .string(let s) = $0.kind { return s } else { return nil } }
                return all.count == items.count ? all : nil
            default: return nil
            }
        }
        switch e.kind {
        case .binary(.and, let a, let b), .binary(.or, let a, let b):
            return mentions(in: a) + mentions(in: b)
        case .binary(.eq, let a, let b):
            if case .path = a.kind, let s = strings(b) { return [(a, s, false)] }
            if case .path = b.kind, let s = strings(a) { return [(b, s, false)] }
            return []
        case .inList(let a, let list, negated: false):
            if case .path = a.kind, let s = strings(list) { return [(a, s, false)] }
            return []
        case .binary(.contains, let a, let b):
            if case .path = a.kind, let s = strings(b) { return [(a, s, true)] }
            return []
        default:
            return []
        }
    }

    /// "source matched alias 'Shin Wonsik' of Shin Won-sik": for each entity in `value`,
    /// which of its names (id, name, aliases) the query's text reached, by the same rule
    /// the comparison used (NameKey equality; case-insensitive substring for `contains`).
    /// A name as the query wrote it, with its matching forms prepared once per query.
    struct Written {
        let text: String
        let lowered: String
        let key: String
        let search: TextSearch
        init(_ text: String) {
            self.text = text
            lowered = text.lowercased()
            key = NameKey.of(text)
            search = TextSearch(text)
        }
    }

    static func explain(_ label: String, _ value: Cell, _ names: [Written], _ contains: Bool, _ g: FactGraph) -> [String] {
        var entities: [Int32] = []
        switch value {
        case .entity(let e): entities = [e]
        case .list(let items): for case .entity(let e) in items { entities.append(e) }
        default: return []
        }
        var out: [String] = []
        for e in entities {
            let name = g.entities.names[Int(e)], id = g.entities.ids[Int(e)], aliases = g.entities.aliases[Int(e)]
            for written in names {
                let text = written.text
                if contains {
                    let needle = written.search
                    if needle.found(in: name) {
                        out.append("\(label) contains '\(text)' in name '\(name)'")
                    } else if let a = aliases.first(where: { needle.found(in: $0) }) {
                        out.append("\(label) contains '\(text)' in alias '\(a)' of \(name)")
                    }
                    continue
                }
                // The name written as the query wrote it (ignoring case) explains best;
                // then the normalised match the comparison actually used.
                let lowered = written.lowered, key = written.key
                if let how = describe(name, id, aliases, { $0.lowercased() == lowered }) {
                    out.append("\(label) matched \(how)")
                } else {
                    if let how = describe(name, id, aliases, { NameKey.of($0) == key }) {
                        out.append("\(label) matched \(how) (written \"\(text)\")")
                    }
                }
            }
        }
        return out
    }

    private static func describe(_ name: String, _ id: String, _ aliases: [String], _ same: (String) -> Bool) -> String? {
        if same(name) { return "name '\(name)'" }
        if let a = aliases.first(where: same) { return "alias '\(a)' of \(name)" }
        if same(id) { return "id '\(id)' of \(name)" }
        return nil
    }
}
