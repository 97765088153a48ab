import Foundation

extension Binder {
    mutating func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        switch op {
        case .and: return BoundExpr(.and(try bind(l), try bind(r)), .bool, range)
        case .or: return BoundExpr(.or(try bind(l), try bind(r)), .bool, range)
        case .add, .sub, .mul, .div:
            let a = try bind(l), b = try bind(r)
            for (side, x) in [(l, a), (r, b)] where ![.number, .date, .any, .null].contains(x.type) {
                throw fail("arithmetic needs numbers or dates, not a \(x.type.name)", at: side.range)
            }
            return arithmetic(ArithmeticOp(rawValue: op.rawValue)!, a, b, range)
        case .contains: return try contains(l, r, range)
        case .matches: return try matches(l, r, range)
        case .eq, .ne, .lt, .le, .gt, .ge: return try comparison(CompareOp(op)!, l, r, range)
        }
    }

    func arithmetic(_ op: ArithmeticOp, _ a: BoundExpr, _ b: BoundExpr, _ range: SourceRange) -> BoundExpr {
        // A date plus or minus days is a date; anything else (date - date too) a number.
        let type: VType = (a.type == .date) != (b.type == .date) && op != .mul && op != .div ? .date : .number
        return BoundExpr(.arithmetic(op, a, b), type, range)
    }

    // MARK: comparisons

    private mutating func comparison(_ op: CompareOp, _ l: Expr, _ r: Expr, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        let a = try bind(l), b = try bind(r)
        // An entity compared with text matches by id, name or alias (normalised).
        if op == .eq || op == .ne {
            for (entity, entityExpr, text, textExpr) in [(a, l, b, r), (b, r, a, l)] where entity.type.element == .entity {
                guard let names = try entityNames(text, label: entityExpr.description, at: textExpr, list: false) else { continue }
                let match = BoundExpr(.entityMatch(entity, names), .bool, range)
                return op == .eq ? match : BoundExpr(.not(match), .bool, range)
            }
        }
        if let problem = Binder.incomparable(a.type, a.literal, b.type, b.literal, op) {
            throw fail("cannot compare \(text(l.range)) (\(a.type.name)) with \(text(r.range)) (\(b.type.name))",
                       at: l.range.to(r.range), hint: problem.hint)
        }
        // A parameter's type is known when the query runs: check it then, with the same message.
        let leftText = text(l.range), rightText = text(r.range), at = l.range.to(r.range)
        for (param, other, paramIsLeft) in [(a, b, true), (b, a, false)] {
            guard case .parameter(let slot) = param.kind else { continue }
            let otherType = other.type, otherLiteral = other.literal
            parameters.check(slot, at: at, in: file) { value in
                let t = VType.of(value)
                let found = paramIsLeft ? Binder.incomparable(t, value, otherType, otherLiteral, op)
                                        : Binder.incomparable(otherType, otherLiteral, t, value, op)
                guard let found else { return nil }
                let (lt, rt) = paramIsLeft ? (t, otherType) : (otherType, t)
                return ("cannot compare \(leftText) (\(lt.name)) with \(rightText) (\(rt.name))", found.hint)
            }
        }
        return BoundExpr(.compare(op, a, b), .bool, range)
    }

    /// Why two types cannot be compared (with a hint), or nil when they can.
    static func incomparable(_ ta: VType, _ ca: Cell?, _ tb: VType, _ cb: Cell?, _ op: CompareOp) -> (message: String, hint: String?)? {
        let a = ta.element, b = tb.element
        if a == .any || b == .any || a == .null || b == .null || a == b { return nil }
        // Documents and claims compare with text by id.
        if (a == .document || a == .claim) && b == .string && (op == .eq || op == .ne) { return nil }
        if (b == .document || b == .claim) && a == .string && (op == .eq || op == .ne) { return nil }
        var hint: String? = nil
        if a == .date, case .string(let s)? = cb, Day(iso: s) != nil {
            hint = "write dates without quotes: \(s)"
        } else if b == .date, case .string(let s)? = ca, Day(iso: s) != nil {
            hint = "write dates without quotes: \(s)"
        } else if a == .number, case .string(let s)? = cb, Double(s) != nil {
            hint = "write numbers without quotes: \(s)"
        } else if a == .entity || b == .entity {
            hint = "an entity compares with = or != against a name, id or alias in double quotes"
        }
        return ("incomparable", hint)
    }

    /// The names an entity is compared with, when `text` is a constant string (or a list of
    /// them, for `in`) or a parameter; nil when it is something else.
    mutating func entityNames(_ text: BoundExpr, label: String, at: Expr, list: Bool) throws(ResolveError) -> EntityNames? {
        switch text.kind {
        case .literal(.string(let s)) where !list:
            return EntityNames(written: .names([s], entities: reach([s], at)), label: label)
        case .literal(.list(let items)) where list:
            var names: [String] = []
            for case .string(let s) in items { names.append(s) }
            guard names.count == items.count else {
                throw fail("an entity is matched against names in double quotes", at: at.range)
            }
            return EntityNames(written: .names(names, entities: reach(names, at)), label: label)
        case .parameter(let slot):
            parameters.check(slot, at: at.range, in: file) { value in
                let ok: Bool
                if value.isNull {
                    ok = true   // matches no entity: every comparison is unknown, as with null
                } else if list, case .list(let items) = value {
                    ok = items.allSatisfy { if case .string = $0 { true } else { false } }
                } else if case .string = value { ok = !list } else { ok = false }
                return ok ? nil : (list ? "an entity is matched against a list of names, not a \(value.typeName)"
                                        : "an entity is matched against a name, not a \(value.typeName)",
                                   "bind a name, alias or id as text")
            }
            return EntityNames(written: .parameter(slot), label: label)
        default:
            return nil
        }
    }

    /// The entities some names reach, by NameKey; warns about names that reach none.
    mutating func reach(_ names: [String], _ at: Expr) -> [Int32] {
        var out = Set<Int32>()
        for s in names {
            let rows = graph.index.entities(named: s)
            if rows.isEmpty { warnings.append(Binder.noMatchWarning(s, graph, at.range).in(file)) }
            out.formUnion(rows)
        }
        return out.sorted()
    }

    static func noMatchWarning(_ s: String, _ graph: FactGraph, _ range: SourceRange) -> Diagnostic {
        let all = graph.entities.names + graph.entities.aliases.joined()
        let hint = all.count <= 200_000 ? Spelling.closest(to: s, in: all).map { "did you mean \"\($0)\"?" } : nil
        return Diagnostic(.warning, "\"\(s)\" matches no entity's name, alias or id", at: range, hint: hint)
    }

    mutating func membership(_ x: Expr, _ list: Expr, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        let value = try bind(x), set = try bind(list)
        switch set.kind {
        case .literal(.list), .list, .parameter: break
        default: throw fail("`in` needs a list such as [\"shipped\", \"delivered\"]", at: list.range)
        }
        if value.type.element == .entity {
            if let names = try entityNames(set, label: x.description, at: list, list: true) {
                return BoundExpr(.entityMatch(value, names), .bool, range)
            }
            throw fail("an entity is matched against names in double quotes", at: list.range)
        }
        let valueType = value.type, message = "cannot look for a \(value.type.name) in a list of"
        @Sendable func wrong(_ item: Cell) -> Bool {
            let t = VType.of(item)
            if valueType == .any || valueType == .null || t == .null { return false }
            // Documents are looked up by id.
            if valueType.element == .document, t == .string { return false }
            return t != valueType.element
        }
        if case .literal(.list(let items)) = set.kind, let bad = items.first(where: wrong) {
            throw fail("\(message) \(VType.of(bad).name)s", at: x.range.to(list.range))
        }
        if case .parameter(let slot) = set.kind {
            parameters.check(slot, at: x.range.to(list.range), in: file) { v in
                guard case .list(let items) = v else {
                    return ("`in` needs a list such as [\"shipped\", \"delivered\"], not a \(v.typeName)", nil)
                }
                return items.first(where: wrong).map { ("\(message) \(VType.of($0).name)s", nil) }
            }
        }
        return BoundExpr(.inList(value, set), .bool, range)
    }

    // MARK: text

    /// The text operand of `contains` / `matches`: a string constant or a parameter.
    private mutating func textOperand(_ r: Expr, _ what: String) throws(ResolveError) -> BoundExpr {
        let b = try bind(r)
        switch b.kind {
        case .literal(.string): return b
        case .parameter(let slot):
            parameters.check(slot, at: r.range, in: file) { v in
                if case .string = v { return nil }
                return ("`\(what)` needs text, not a \(v.typeName)", nil)
            }
            return b
        default:
            let needs = what == "contains" ? "text in double quotes" : "a regular expression in double quotes"
            throw fail("`\(what)` needs \(needs) on its right", at: r.range)
        }
    }

    private mutating func contains(_ l: Expr, _ r: Expr, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        let a = try bind(l), b = try textOperand(r, "contains")
        guard [.string, .entity, .any, .null].contains(a.type.element) else {
            throw fail("`contains` searches text, not a \(a.type.name)", at: l.range)
        }
        return BoundExpr(.contains(a, b), .bool, range)
    }

    private mutating func matches(_ l: Expr, _ r: Expr, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        let a = try bind(l), b = try textOperand(r, "matches")
        guard [.string, .entity, .any, .null].contains(a.type.element) else {
            throw fail("`matches` searches text, not a \(a.type.name)", at: l.range)
        }
        let invalid = ("invalid regular expression", "the syntax is ICU's (like Perl's)")
        switch b.kind {
        case .literal(.string(let pattern)):
            if RegexBox.compile(pattern) == nil { throw fail(invalid.0, at: r.range, hint: invalid.1) }
        case .parameter(let slot):
            parameters.check(slot, at: r.range, in: file) { v in
                if case .string(let pattern) = v, RegexBox.compile(pattern) == nil { return invalid }
                return nil
            }
        default: break
        }
        return BoundExpr(.matches(a, b), .bool, range)
    }

    // MARK: certainly / possibly

    /// `certainly qty > 3M`, `possibly qty between 1M and 5M`: comparisons of `qty` (on
    /// claims) with constants or parameters, decided over the claim's interval.
    mutating func modal(_ m: Modality, _ e: Expr, _ range: SourceRange) throws(ResolveError) -> BoundExpr {
        func isQty(_ x: Expr) -> Bool {
            if case .path(let p) = x.kind, p.count == 1, p[0].text == "qty" { return true }
            return false
        }
        let hint = "write `\(m.rawValue) qty > 3M` or `\(m.rawValue) qty between 1M and 5M`"
        guard case .nodes(.claim) = scope else {
            throw fail("`\(m.rawValue)` applies to claims (their qty and qualifier)", at: range, hint: hint)
        }
        func number(_ x: Expr) throws(ResolveError) -> BoundExpr {
            let b = try bind(x)
            switch b.kind {
            case .literal(.number): return b
            case .parameter(let slot):
                parameters.check(slot, at: x.range, in: file) { v in
                    if case .number = v { return nil }
                    return ("`\(m.rawValue)` compares qty with a number, not a \(v.typeName)", hint)
                }
                return b
            default: throw fail("`\(m.rawValue)` compares qty with a number", at: x.range, hint: hint)
            }
        }
        switch e.kind {
        case .binary(let op, let l, let r) where [.gt, .ge, .lt, .le, .eq, .ne].contains(op) && isQty(l):
            return BoundExpr(.modal(m, .compare(CompareOp(op)!, try number(r))), .bool, range)
        case .between(let x, let lo, let hi, let negated) where isQty(x):
            return BoundExpr(.modal(m, .between(try number(lo), try number(hi), negated: negated)), .bool, range)
        default:
            throw fail("`\(m.rawValue)` applies to a comparison of qty", at: e.range, hint: hint)
        }
    }
}
