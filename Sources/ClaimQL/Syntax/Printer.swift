/// Prints syntax back as canonical ClaimQL text. Used for column names (`max(qty)`), for
/// messages, and by the round-trip property test (print, parse again, same tree).
extension Expr: CustomStringConvertible {
    var description: String { print(0) }

    private func print(_ parentPrecedence: Int) -> String {
        let (text, precedence) = render()
        return precedence < parentPrecedence ? "(\(text))" : text
    }

    /// Precedence levels: or 1, and 2, not 3, comparison 4, + - 5, * / 6, unary - 7, atom 8.
    private func render() -> (String, Int) {
        switch kind {
        case .string(let s): return (Expr.quote(s), 8)
        case .number(let d): return (Expr.number(d), 8)
        case .date(let d): return (d.description, 8)
        case .bool(let b): return (b ? "true" : "false", 8)
        case .null: return ("null", 8)
        case .path(let names): return (names.map { Lexer.name($0.text) }.joined(separator: "."), 8)
        case .parameter(let p): return ("$" + p, 8)
        case .list(let items): return ("[" + items.map { $0.print(0) }.joined(separator: ", ") + "]", 8)
        case .call(let n, let args): return ("\(n.text)(" + args.map { $0.print(0) }.joined(separator: ", ") + ")", 8)
        case .not(let x): return ("not " + x.print(3), 3)
        case .negate(let x):
            // `--` starts a comment: a negated negation prints as `- -x`.
            let inner = x.print(7)
            return ((inner.hasPrefix("-") ? "- " : "-") + inner, 7)
        case .binary(let op, let a, let b):
            let p: Int
            switch op {
            case .or: p = 1
            case .and: p = 2
            case .add, .sub: p = 5
            case .mul, .div: p = 6
            default: p = 4
            }
            // Left-associative: the right operand needs brackets at equal precedence.
            return ("\(a.print(p)) \(op.rawValue) \(b.print(p + 1))", p)
        case .between(let x, let lo, let hi, let negated):
            return ("\(x.print(5))\(negated ? " not" : "") between \(lo.print(5)) and \(hi.print(5))", 4)
        case .inList(let x, let list, let negated):
            return ("\(x.print(5))\(negated ? " not" : "") in \(list.print(5))", 4)
        case .isNull(let x, let negated):
            return ("\(x.print(5)) is \(negated ? "not " : "")null", 4)
        case .modal(let m, let x):
            return ("\(m.rawValue) \(x.print(4))", 3)
        }
    }

    static func quote(_ s: String) -> String { Escapes.quote(s) }

    /// Shortest text that reads back as the same number (integers without a fraction).
    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }
}

extension Clause: CustomStringConvertible {
    var description: String {
        switch self {
        case .where(let e): return "where \(e)"
        case .groupBy(let keys, _): return "group by " + keys.map(\.description).joined(separator: ", ")
        case .select(let items, _):
            return "select " + items.map { $0.expr.description + ($0.alias.map { " as \(Lexer.name($0.text))" } ?? "") }.joined(separator: ", ")
        case .orderBy(let keys, _):
            return "order by " + keys.map { $0.expr.description + ($0.descending ? " desc" : "") }.joined(separator: ", ")
        case .limit(let e, _): return "limit \(e)"
        case .offset(let e, _): return "offset \(e)"
        case .distinct: return "distinct"
        case .evidence: return "evidence"
        case .latest(let keys, _): return "latest by " + keys.map(\.description).joined(separator: ", ")
        }
    }
}

extension Query: CustomStringConvertible {
    var description: String {
        var parts: [String] = []
        if let explain { parts.append(explain.analyze ? "explain analyze" : "explain") }
        if count != nil { parts.append("count") }
        switch source {
        case .collection(let c, _): parts.append(c.rawValue)
        case .binding(let n): parts.append(Lexer.name(n.text))
        case .pairs(let k, _): parts.append(k.rawValue)
        }
        parts += clauses.map(\.description)
        return parts.joined(separator: " ")
    }
}
