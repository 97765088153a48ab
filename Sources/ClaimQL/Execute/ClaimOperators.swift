import Foundation

/// The operators that know what claims are: `distinct`, `latest by` and `evidence`.
enum ClaimOperators {
    /// `distinct`: claims drop repeats of a statement already in the rows (the first stays),
    /// documents drop duplicates of a document already in the rows, tables drop repeated
    /// rows. Entities and groups are distinct already.
    static func distinct(_ input: Scope, _ g: FactGraph, _ range: SourceRange) -> PhysicalPlan.Step {
        switch input {
        case .nodes(.claim):
            return { relation, ctx in
                guard case .nodes(let rows) = relation else { return }
                try ctx.check(range)
                let original = g.duplicates.original
                var seen = Set<Int32>()
                relation = .nodes(rows.filter { seen.insert(original[Int($0)]).inserted })
            }
        case .nodes(.document):
            return { relation, ctx in
                guard case .nodes(let rows) = relation else { return }
                try ctx.check(range)
                let original = g.duplicates.documentOriginal
                let present = Set(rows)
                relation = .nodes(rows.filter { original[Int($0)] < 0 || !present.contains(original[Int($0)]) })
            }
        case .nodes(.entity), .table(_, grouped: .some):
            return { _, _ in }
        case .table(_, grouped: nil):
            return { relation, ctx in
                guard case .table(let rows) = relation else { return }
                try ctx.check(range)
                var seen = Set<[Cell]>()
                relation = .table(rows.filter { seen.insert($0).inserted })
            }
        }
    }

    /// `latest by k, ...`: for each key, the claims with the latest date (all of them if
    /// several share it; undated claims only when none in the group has a date). Rows keep
    /// their order.
    static func latest(_ keys: [Eval], _ g: FactGraph, _ range: SourceRange) -> PhysicalPlan.Step {
        let dates = g.claims.dates
        return { relation, ctx in
            guard case .nodes(let rows) = relation else { return }
            let input = EvalInput(ctx)
            var best: [[Cell]: Int32] = [:]
            var keyOf: [[Cell]] = []
            keyOf.reserveCapacity(rows.count)
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try ctx.check(range) }
                let k = keys.map { $0(input, r) }
                keyOf.append(k)
                let d = dates[Int(r)]
                if let b = best[k], b >= d { continue }
                best[k] = d
            }
            relation = .nodes(rows.indices.filter { best[keyOf[$0]] == dates[Int(rows[$0])] }.map { rows[$0] })
        }
    }

    /// `evidence`: each claim with where it was said, and which name or alias made it match
    /// the query's `where` clauses so far.
    static func evidence(_ mentions: [Mention], _ x: ExprLowering, _ g: FactGraph, _ range: SourceRange) -> PhysicalPlan.Step {
        let lowered = mentions.map { m in (m, x.eval(m.entity), x.runValue(BoundExpr(written(m.names), .any, range))) }
        return { relation, ctx in
            guard case .nodes(let rows) = relation else { return }
            if rows.count > ctx.budget.maxRows { throw RunError.tooManyRows(rows.count, ctx.budget.maxRows, range) }
            let input = EvalInput(ctx)
            // The names as written (or bound), with their matching forms prepared once.
            let prepared = lowered.map { (m, eval, names) in (m, eval, Evidence.names(names(ctx)).map(Evidence.Written.init)) }
            let duplicates = g.duplicates
            var out: [[Cell]] = []
            out.reserveCapacity(rows.count)
            for (n, r) in rows.enumerated() {
                if n & 0xFF == 0xFF { try ctx.check(range) }
                var matched: [String] = []
                for (m, eval, names) in prepared {
                    matched += Evidence.explain(m.names.label, eval(input, r), names, m.isContains, g)
                }
                out.append(Evidence.row(g, duplicates, r, matched))
            }
            relation = .table(out)
        }
    }

    /// The names of a mention as an expression: written names, or the parameter.
    private static func written(_ names: EntityNames) -> BoundExpr.Kind {
        switch names.written {
        case .names(let list, _): return .literal(.list(list.map(Cell.string)))
        case .parameter(let slot): return .parameter(slot)
        }
    }
}

enum Evidence {
    /// Other documents listed in `also_in`, at most: a statement repeated in thousands of
    /// documents must not make each of its rows thousands of cells.
    static let maxAlsoIn = 20

    static func names(_ v: Cell) -> [String] {
        switch v {
        case .string(let s): return [s]
        case .list(let items): return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        default: return []
        }
    }

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
        return [.claim(r), c.qty[i].isNaN ? .null : .string(Figures.figure(g, r)), FieldReader.ref(c.sources[i], Cell.entity),
                FieldReader.ref(doc, Cell.document), FieldReader.ref(publisher, Cell.entity),
                FieldReader.date(c.dates[i]), c.quotes[r].map(Cell.string) ?? .null,
                others.isEmpty ? .null : .list(others),
                matched.isEmpty ? .null : .string(matched.joined(separator: "; ")),
                context(g, r).map(Cell.string) ?? .null]
    }

    /// The sentence around a claim's quote, when its document kept its text: found at the
    /// claim's `span` (drafts from `claimql extract`), else where the quote first occurs.
    static func context(_ g: FactGraph, _ r: Int32) -> String? {
        let doc = g.claims.docs[Int(r)]
        guard doc >= 0, let text = g.documents.texts[doc] else { return nil }
        let scalars = Array(text.unicodeScalars)
        var start: Int? = nil, end: Int? = nil
        if case .list(let span)? = g.claims.attributes.columnIfPresent("span")?[r], span.count == 2,
           case .number(let a) = span[0], case .number(let b) = span[1], a >= 0, b <= Double(scalars.count), a <= b {
            start = Int(a); end = Int(b)
        } else if let quote = g.claims.quotes[r], let range = text.range(of: quote) {
            start = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
            end = start! + quote.unicodeScalars.count
        }
        guard var a = start, var b = end else { return nil }
        /// A sentence ends at scalar i: a line break, or a stop (with a closing quote after
        /// it, if any) followed by a space or the end.
        func ends(_ i: Int) -> Bool {
            let c = scalars[i]
            if c == "\n" { return true }
            let closers: Set<Unicode.Scalar> = ["\"", "\u{201D}", "'", "\u{2019}", ")"]
            let stop = c == "." || c == "!" || c == "?" || (closers.contains(c) && i > 0 && ".!?".unicodeScalars.contains(scalars[i - 1]))
            guard stop else { return false }
            if i + 1 >= scalars.count { return true }
            let next = scalars[i + 1]
            return next == " " || next == "\n"
        }
        while a > 0, !ends(a - 1), b - a < 2000 { a -= 1 }
        while b < scalars.count, b == 0 || !ends(b - 1), b - a < 2000 { b += 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[a..<b])
        return String(out).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A name as the query wrote it, with its matching forms prepared once per run.
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

    /// "source matched alias 'Shin Wonsik' of Shin Won-sik": for each entity in `value`,
    /// which of its names (id, name, aliases) the query's text reached, by the same rule
    /// the comparison used (NameKey equality; case-insensitive substring for `contains`).
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
                } else if let how = describe(name, id, aliases, { NameKey.of($0) == key }) {
                    out.append("\(label) matched \(how) (written \"\(text)\")")
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
