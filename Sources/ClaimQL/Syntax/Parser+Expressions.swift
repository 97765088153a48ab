// Expressions, by precedence from loosest to tightest:
//   or < and < not < comparison (= != < <= > >= between in contains matches is) < + - < * / < unary - < primary
extension Parser {
    mutating func expression() throws(SyntaxError) -> Expr {
        let start = current.range
        try enterNesting(at: start)
        defer { depth -= 1 }
        let e = try orExpression()
        // Comparisons, `not`, calls and lists add levels too; the chains are checked as
        // they grow, everything else here.
        try checkHeight(e, at: start)
        return e
    }

    /// Every recursive rule goes through here, so no input can overflow the stack; the
    /// caller decrements `depth` with `defer` after a successful call.
    mutating func enterNesting(at range: SourceRange, _ what: String = "expression") throws(SyntaxError) {
        depth += 1
        guard depth <= Parser.maxDepth else {
            depth -= 1
            diagnostics.append(.error("\(what) nests more than \(Parser.maxDepth) levels deep", at: range))
            throw SyntaxError()
        }
    }

    /// Each operator of a chain (`a or b or c`, `1 + 2 + 3`) adds a level to the tree that
    /// the compiler and the running query recurse through, and chains nest in brackets, so
    /// the tree's real height is checked as it grows (SQLite's expression depth limit
    /// counts the same way).
    private mutating func checkHeight(_ e: Expr, at range: SourceRange) throws(SyntaxError) {
        guard e.height > Parser.maxDepth else { return }
        diagnostics.append(.error("expression nests more than \(Parser.maxDepth) levels deep", at: range,
                                  hint: "a chain of operators counts too; for many alternatives, write `x in [a, b, c, ...]`"))
        throw SyntaxError()
    }

    private mutating func orExpression() throws(SyntaxError) -> Expr {
        var left = try andExpression()
        while check(.or) {
            let op = advance().range
            let right = try andExpression()
            left = Expr(kind: .binary(.or, left, right), range: left.range.to(right.range))
            try checkHeight(left, at: op)
        }
        return left
    }

    private mutating func andExpression() throws(SyntaxError) -> Expr {
        var left = try notExpression()
        while check(.and) {
            let op = advance().range
            let right = try notExpression()
            left = Expr(kind: .binary(.and, left, right), range: left.range.to(right.range))
            try checkHeight(left, at: op)
        }
        return left
    }

    private mutating func notExpression() throws(SyntaxError) -> Expr {
        if check(.not) {
            let start = advance().range
            try enterNesting(at: start)
            defer { depth -= 1 }
            let operand = try notExpression()
            return Expr(kind: .not(operand), range: start.to(operand.range))
        }
        if check(.certainly) || check(.possibly) {
            let t = advance()
            let modality: Modality = t.kind == .keyword(.certainly) ? .certainly : .possibly
            let operand = try comparison()
            return Expr(kind: .modal(modality, operand), range: t.range.to(operand.range))
        }
        return try comparison()
    }

    private mutating func comparison() throws(SyntaxError) -> Expr {
        let left = try additive()
        let op: BinaryOp?
        switch current.kind {
        case .eq: op = .eq
        case .ne: op = .ne
        case .lt: op = .lt
        case .le: op = .le
        case .gt: op = .gt
        case .ge: op = .ge
        case .keyword(.contains): op = .contains
        case .keyword(.matches): op = .matches
        default: op = nil
        }
        if let op {
            advance()
            let right = try additive()
            return Expr(kind: .binary(op, left, right), range: left.range.to(right.range))
        }
        if match(.is) {
            let negated = match(.not)
            _ = try expect(.null, "`null` after `is`")
            return Expr(kind: .isNull(left, negated: negated), range: left.range.to(previous.range))
        }
        // `not between`, `not in`, `not contains`, `not matches`
        var negated = false
        if check(.not), let next = tokens.dropFirst(index + 1).first,
           [TokenKind.keyword(.between), .keyword(.in), .keyword(.contains), .keyword(.matches)].contains(next.kind) {
            advance()
            negated = true
        }
        if match(.between) {
            let low = try additive()
            _ = try expect(.and, "`and` between the bounds of `between`")
            let high = try additive()
            return Expr(kind: .between(left, low, high, negated: negated), range: left.range.to(high.range))
        }
        if match(.in) {
            let list = try additive()
            return Expr(kind: .inList(left, list, negated: negated), range: left.range.to(list.range))
        }
        if negated, let op: BinaryOp = match(.contains) ? .contains : match(.matches) ? .matches : nil {
            let right = try additive()
            let e = Expr(kind: .binary(op, left, right), range: left.range.to(right.range))
            return Expr(kind: .not(e), range: e.range)
        }
        return left
    }

    private mutating func additive() throws(SyntaxError) -> Expr {
        var left = try multiplicative()
        while check(.plus) || check(.minus) {
            let t = advance()
            let op: BinaryOp = t.kind == .plus ? .add : .sub
            let right = try multiplicative()
            left = Expr(kind: .binary(op, left, right), range: left.range.to(right.range))
            try checkHeight(left, at: t.range)
        }
        return left
    }

    private mutating func multiplicative() throws(SyntaxError) -> Expr {
        var left = try unary()
        while check(.star) || check(.slash) {
            let t = advance()
            let op: BinaryOp = t.kind == .star ? .mul : .div
            let right = try unary()
            left = Expr(kind: .binary(op, left, right), range: left.range.to(right.range))
            try checkHeight(left, at: t.range)
        }
        return left
    }

    private mutating func unary() throws(SyntaxError) -> Expr {
        if check(.minus) {
            let start = advance().range
            try enterNesting(at: start)
            defer { depth -= 1 }
            let operand = try unary()
            return Expr(kind: .negate(operand), range: start.to(operand.range))
        }
        return try primary()
    }

    private mutating func primary() throws(SyntaxError) -> Expr {
        let t = current
        switch t.kind {
        case .number:
            advance()
            return Expr(kind: .number(try numberValue(t)), range: t.range)
        case .string:
            advance()
            return Expr(kind: .string(Literals.string(file.bytes[t.range.start..<t.range.end])), range: t.range)
        case .date:
            advance()
            return Expr(kind: .date(try dateValue(t)), range: t.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(kind: .bool(t.kind == .keyword(.true)), range: t.range)
        case .keyword(.null):
            advance()
            return Expr(kind: .null, range: t.range)
        case .parameter:
            advance()
            return Expr(kind: .parameter(String(text(t).dropFirst())), range: t.range)
        case .lparen:
            advance()
            let inner = try expression()
            _ = try expect(.rparen, "`)`")
            return Expr(kind: inner.kind, range: t.range.to(previous.range))
        case .lbracket:
            advance()
            var items: [Expr] = []
            if !check(.rbracket) {
                repeat { items.append(try expression()) } while match(.comma) && !check(.rbracket)
            }
            _ = try expect(.rbracket, "`,` or `]`")
            return Expr(kind: .list(items), range: t.range.to(previous.range))
        case .keyword(.count):
            // `count` and `count()` are the counting aggregate inside group queries.
            advance()
            let n = Name(text: "count", range: t.range)
            if match(.lparen) {
                var args: [Expr] = []
                if !check(.rparen) {
                    repeat { args.append(try expression()) } while match(.comma)
                }
                _ = try expect(.rparen, "`)`")
                return Expr(kind: .call(n, args), range: t.range.to(previous.range))
            }
            return Expr(kind: .call(n, []), range: t.range)
        case .keyword(let k) where Keyword.fieldNames.contains(k):
            // `claim`, `latest`, ...: keywords elsewhere, but no value can start with them,
            // so here they name fields and columns (`timeline where latest select claim`).
            advance()
            var names = [Name(text: text(t), range: t.range)]
            while match(.dot) {
                names.append(try name("a field name after `.`", allowKeywords: true))
            }
            return Expr(kind: .path(names), range: t.range.to(previous.range))
        case .identifier:
            advance()
            let first = Name(text: text(t), range: t.range)
            if match(.lparen) {
                var args: [Expr] = []
                if !check(.rparen) {
                    repeat { args.append(try expression()) } while match(.comma)
                }
                _ = try expect(.rparen, "`,` or `)`")
                return Expr(kind: .call(first, args), range: t.range.to(previous.range))
            }
            var names = [first]
            while match(.dot) {
                names.append(try name("a field name after `.`", allowKeywords: true))
            }
            return Expr(kind: .path(names), range: t.range.to(previous.range))
        default:
            throw fail("a value, a field or `(`")
        }
    }

    mutating func numberValue(_ t: Token) throws(SyntaxError) -> Double {
        do {
            return try Literals.number(file.bytes[t.range.start..<t.range.end])
        } catch {
            diagnostics.append(.error("number `\(text(t))` is out of range", at: t.range,
                                      hint: "numbers must be finite and at most about 1.8e308"))
            throw SyntaxError()
        }
    }

    mutating func dateValue(_ t: Token) throws(SyntaxError) -> Day {
        guard let d = Day.parse(file.bytes[t.range.start..<t.range.end]) else {
            diagnostics.append(.error("`\(text(t))` is not a valid date", at: t.range,
                                      hint: "dates are YYYY-MM-DD with a real month (01-12) and day"))
            throw SyntaxError()
        }
        return d
    }
}
