import Foundation

extension ExprCompiler {
    mutating func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ range: SourceRange) throws(CompileError) -> Compiled {
        switch op {
        case .and:
            let a = try compile(l).asTest, b = try compile(r).asTest
            return .boolean { f, i in a(f, i) && b(f, i) }
        case .or:
            let a = try compile(l).asTest, b = try compile(r).asTest
            return .boolean { f, i in a(f, i) || b(f, i) }
        case .add, .sub, .mul, .div:
            let a = try compile(l), b = try compile(r)
            for (side, c) in [(l, a), (r, b)] where ![.number, .date, .any, .null].contains(c.type) {
                throw fail("arithmetic needs numbers or dates, not a \(c.type.name)", at: side.range)
            }
            return arithmetic(op, a, b, range)
        case .contains: return try contains(l, r)
        case .matches: return try matches(l, r)
        case .eq, .ne, .lt, .le, .gt, .ge: return try comparison(op, l, r)
        }
    }

    func arithmetic(_ op: BinaryOp, _ a: Compiled, _ b: Compiled, _ range: SourceRange) -> Compiled {
        let ea = a.eval, eb = b.eval
        let type: VType = (a.type == .date) != (b.type == .date) && op != .mul && op != .div ? .date : .number
        return Compiled(type) { f, i in
            switch (ea(f, i), eb(f, i)) {
            case (.number(let x), .number(let y)):
                let v: Double
                switch op {
                case .add: v = x + y
                case .sub: v = x - y
                case .mul: v = x * y
                default: v = y == 0 ? .nan : x / y
                }
                return v.isFinite ? .number(v) : .null
            case (.date(let d), .number(let n)) where op == .add || op == .sub:
                let v = Double(d) + (op == .add ? n : -n)
                return abs(v) < 3e6 ? .date(Int32(v)) : .null
            case (.number(let n), .date(let d)) where op == .add:
                let v = Double(d) + n
                return abs(v) < 3e6 ? .date(Int32(v)) : .null
            case (.date(let x), .date(let y)) where op == .sub: return .number(Double(x) - Double(y))
            default: return .null
            }
        }
    }

    // MARK: comparisons

    private mutating func comparison(_ op: BinaryOp, _ l: Expr, _ r: Expr) throws(CompileError) -> Compiled {
        let a = try compile(l), b = try compile(r)
        // An entity compared with text matches by id, name or alias (normalised).
        if a.type.element == .entity, let s = b.constant, case .string = s, op == .eq || op == .ne {
            let test = try entityMatch(a, [s], r)
            return op == .eq ? .boolean(test) : .boolean { f, i in !test(f, i) }
        }
        if b.type.element == .entity, let s = a.constant, case .string = s, op == .eq || op == .ne {
            let test = try entityMatch(b, [s], l)
            return op == .eq ? .boolean(test) : .boolean { f, i in !test(f, i) }
        }
        try checkComparable(a, b, l, r, op)
        // Fast paths: a number or date column against a constant, no Cell per row.
        if case .nodes(.claims) = shape, case .path(let p) = l.kind, p.count == 1 {
            if case .number(let k)? = b.constant, p[0].text == "qty" || p[0].text == "qty_hi" {
                let col = p[0].text == "qty" ? graph.claims.qty : graph.claims.qtyHi
                return .boolean(ExprCompiler.numberTest(op, col, k))
            }
            if case .date(let d)? = b.constant, p[0].text == "date" {
                return .boolean(ExprCompiler.dateTest(op, graph.claims.dates, d))
            }
            // Interned text against a constant: compare codes. A string the pool lacks is
            // held by no claim.
            if case .string(let text)? = b.constant, op == .eq || op == .ne,
               let col = ["predicate": graph.claims.predicates, "unit": graph.claims.units,
                          "object": graph.claims.objects][p[0].text] {
                let code = graph.pool.code(of: text) ?? Int32.min
                let equal = op == .eq
                return .boolean { _, i in
                    let v = col[Int(i)]
                    return v < 0 ? .u : Tri((v == code) == equal)
                }
            }
        }
        let ea = a.eval, eb = b.eval
        let graph = self.graph
        return .boolean { f, i in
            ExprCompiler.compare(ea(f, i), eb(f, i), graph) { ExprCompiler.holds(op, $0) }
        }
    }

    static func numberTest(_ op: BinaryOp, _ col: [Double], _ k: Double) -> Test {
        switch op {
        case .gt: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v > k) }
        case .ge: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v >= k) }
        case .lt: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v < k) }
        case .le: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v <= k) }
        case .eq: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v == k) }
        default: return { _, i in let v = col[Int(i)]; return v.isNaN ? .u : Tri(v != k) }
        }
    }

    static func dateTest(_ op: BinaryOp, _ col: [Int32], _ k: Int32) -> Test {
        let missing = ClaimTable.missingDate
        switch op {
        case .gt: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v > k) }
        case .ge: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v >= k) }
        case .lt: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v < k) }
        case .le: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v <= k) }
        case .eq: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v == k) }
        default: return { _, i in let v = col[Int(i)]; return v == missing ? .u : Tri(v != k) }
        }
    }

    static func holds(_ op: BinaryOp, _ order: Int) -> Bool {
        switch op {
        case .eq: return order == 0
        case .ne: return order != 0
        case .lt: return order < 0
        case .le: return order <= 0
        case .gt: return order > 0
        default: return order >= 0
        }
    }

    private func checkComparable(_ a: Compiled, _ b: Compiled, _ l: Expr, _ r: Expr, _ op: BinaryOp) throws(CompileError) {
        let ta = a.type.element, tb = b.type.element
        if ta == .any || tb == .any || ta == .null || tb == .null || ta == tb { return }
        // Documents and claims compare with text by id.
        if (ta == .document || ta == .claim) && tb == .string && (op == .eq || op == .ne) { return }
        if (tb == .document || tb == .claim) && ta == .string && (op == .eq || op == .ne) { return }
        var hint: String? = nil
        if ta == .date, case .string(let s)? = b.constant, Day(iso: s) != nil {
            hint = "write dates without quotes: \(s)"
        } else if tb == .date, case .string(let s)? = a.constant, Day(iso: s) != nil {
            hint = "write dates without quotes: \(s)"
        } else if ta == .number, case .string(let s)? = b.constant, Double(s) != nil {
            hint = "write numbers without quotes: \(s)"
        } else if ta == .entity || tb == .entity {
            hint = "an entity compares with = or != against a name, id or alias in double quotes"
        }
        throw fail("cannot compare \(text(l.range)) (\(a.type.name)) with \(text(r.range)) (\(b.type.name))",
                   at: l.range.to(r.range), hint: hint)
    }

    /// Orders two cells of the same kind; nil when either is missing or they don't compare.
    /// Lists compare existentially: the result holds if it holds for some element.
    static func compare(_ a: Cell, _ b: Cell, _ g: FactGraph, _ accept: (Int) -> Bool) -> Tri {
        if case .list(let items) = a {
            if items.isEmpty { return .u }
            var result = Tri.f
            for x in items { result = result || compare(x, b, g, accept); if result == .t { return .t } }
            return result
        }
        if case .list(let items) = b {
            if items.isEmpty { return .u }
            var result = Tri.f
            for y in items { result = result || compare(a, y, g, accept); if result == .t { return .t } }
            return result
        }
        guard let o = order(a, b, g) else { return .u }
        return Tri(accept(o))
    }

    static func order(_ a: Cell, _ b: Cell, _ g: FactGraph) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x == y ? 0 : 1 }
        switch (a, b) {
        case (.number(let x), .number(let y)): return cmp(x, y)
        case (.string(let x), .string(let y)): return cmp(x, y)
        case (.date(let x), .date(let y)): return cmp(x, y)
        case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
        case (.entity(let x), .entity(let y)), (.document(let x), .document(let y)), (.claim(let x), .claim(let y)):
            return cmp(x, y)
        case (.entity(let e), .string(let s)): return g.index.entities(named: s).contains(e) ? 0 : 1
        case (.string(let s), .entity(let e)): return g.index.entities(named: s).contains(e) ? 0 : 1
        case (.document(let d), .string(let s)): return g.documents.ids[Int(d)] == s ? 0 : 1
        case (.claim(let c), .string(let s)): return g.claims.ids[Int(c)] == s ? 0 : 1
        default: return nil
        }
    }

    /// The entities a list of names reaches, as a bitmap; warns about names that reach none.
    mutating func entityBitmap(_ names: [Cell], _ at: Expr) -> [Bool] {
        var bitmap = [Bool](repeating: false, count: graph.entities.count)
        for case .string(let s) in names {
            let rows = graph.index.entities(named: s)
            if rows.isEmpty {
                let all = graph.entities.names + graph.entities.aliases.joined()
                let hint = all.count <= 200_000 ? Spelling.closest(to: s, in: all).map { "did you mean \"\($0)\"?" } : nil
                warnings.append(Diagnostic(.warning, "\"\(s)\" matches no entity's name, alias or id",
                                           at: at.range, hint: hint).in(file))
            }
            for r in rows { bitmap[Int(r)] = true }
        }
        return bitmap
    }

    mutating func entityMatch(_ value: Compiled, _ names: [Cell], _ at: Expr) throws(CompileError) -> Test {
        let bitmap = entityBitmap(names, at)
        let eval = value.eval
        return { f, i in
            switch eval(f, i) {
            case .entity(let e): return Tri(bitmap[Int(e)])
            case .list(let items):
                var sawEntity = false
                for case .entity(let e) in items {
                    sawEntity = true
                    if bitmap[Int(e)] { return .t }
                }
                return sawEntity ? .f : .u
            default: return .u
            }
        }
    }

    mutating func membership(_ x: Expr, _ list: Expr, _ range: SourceRange) throws(CompileError) -> Test {
        let value = try compile(x), set = try compile(list)
        guard case .list(var items)? = set.constant else {
            throw fail("`in` needs a list such as [\"shipped\", \"delivered\"]", at: list.range)
        }
        // Documents compare with text by id, as with `=`: ids no document has match none.
        if value.type.element == .document, items.allSatisfy({ if case .string = $0 { true } else { false } }) {
            let ids = self.graph.documents.idIndex
            items = items.compactMap { item -> Cell? in
                guard case .string(let id) = item, let row = ids[id] else { return nil }
                return .document(row)
            }
        }
        if value.type.element == .entity {
            for item in items {
                guard case .string = item else {
                    throw fail("an entity is matched against names in double quotes", at: list.range)
                }
            }
            return try entityMatch(value, items, list)
        }
        for item in items {
            let t = ExprCompiler.type(of: item)
            guard t == value.type.element || t == .null || value.type == .any || value.type == .null else {
                throw fail("cannot look for a \(value.type.name) in a list of \(t.name)s", at: x.range.to(list.range))
            }
        }
        let eval = value.eval
        let graph = self.graph
        let hashable = Set(items)
        return { f, i in
            let v = eval(f, i)
            if v.isNull { return .u }
            if case .list = v {
                var r = Tri.f
                for item in items { r = r || ExprCompiler.compare(v, item, graph) { $0 == 0 } }
                return r
            }
            return Tri(hashable.contains(v))
        }
    }

    // MARK: text

    private mutating func contains(_ l: Expr, _ r: Expr) throws(CompileError) -> Compiled {
        let a = try compile(l), b = try compile(r)
        guard case .string(let needle)? = b.constant else {
            throw fail("`contains` needs text in double quotes on its right", at: r.range)
        }
        guard [.string, .entity, .any, .null].contains(a.type.element) else {
            throw fail("`contains` searches text, not a \(a.type.name)", at: l.range)
        }
        let search = TextSearch(needle)
        // Fast path: quotes are searched in place, without making a string per claim.
        if case .nodes(.claims) = shape, case .path(let p) = l.kind, p.count == 1, p[0].text == "quote" {
            let quotes = graph.claims.quotes
            return .boolean { _, i in quotes.isMissing(i) ? .u : Tri(search.found(in: quotes.utf8(i))) }
        }
        let eval = a.eval, graph = self.graph
        return .boolean { f, i in ExprCompiler.textTest(eval(f, i), graph) { search.found(in: $0) } }
    }

    /// Applies a text test to a string, an entity (its name and aliases) or a list.
    static func textTest(_ v: Cell, _ g: FactGraph, _ test: (String) -> Bool) -> Tri {
        switch v {
        case .string(let s): return Tri(test(s))
        case .entity(let e):
            return Tri(test(g.entities.names[Int(e)]) || g.entities.aliases[Int(e)].contains(where: test))
        case .list(let items):
            if items.isEmpty { return .u }
            var r = Tri.f
            for x in items { r = r || textTest(x, g, test); if r == .t { return .t } }
            return r
        default: return .u
        }
    }

    private mutating func matches(_ l: Expr, _ r: Expr) throws(CompileError) -> Compiled {
        let a = try compile(l), b = try compile(r)
        guard case .string(let pattern)? = b.constant else {
            throw fail("`matches` needs a regular expression in double quotes on its right", at: r.range)
        }
        guard [.string, .entity, .any, .null].contains(a.type.element) else {
            throw fail("`matches` searches text, not a \(a.type.name)", at: l.range)
        }
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw fail("invalid regular expression", at: r.range, hint: "the syntax is ICU's (like Perl's)")
        }
        let eval = a.eval, graph = self.graph
        let box = RegexBox(regex)
        let where_ = r.range
        return .boolean { f, i in
            if f.hostError != nil { return .u }   // stopped: the run ends at its next check
            let result = ExprCompiler.textTest(eval(f, i), graph) { text in
                switch box.search(text, f.budget) {
                case .found: return true
                case .notFound: return false
                case .stopped(let why):
                    if f.hostError == nil { f.hostError = RunError(message: why, range: where_, isLimit: true) }
                    return false
                }
            }
            return f.hostError == nil ? result : .u
        }
    }
}

/// NSRegularExpression is thread-safe for matching; this wrapper says so to the compiler.
///
/// ICU matches by backtracking, so a pattern such as `(a+)+$` can take exponential time on
/// a short text, and NSRegularExpression sets no time limit of its own. Matching asks ICU
/// for progress reports (every ~10,000 backtracking steps and at each start position)
/// and stops when the run is cancelled or past its time limit, or when one text has taken
/// `maxSecondsPerText`, whatever the limits: no claim's text needs that long, and a
/// runaway pattern must not hang a session that set no time limit.
final class RegexBox: @unchecked Sendable {
    enum Outcome { case found, notFound, stopped(String) }
    let regex: NSRegularExpression
    static let maxSecondsPerText: Duration = .seconds(2)
    init(_ regex: NSRegularExpression) { self.regex = regex }

    func search(_ s: String, _ budget: RunBudget) -> Outcome {
        var found = false
        var reports = 0
        var stopped: String? = nil
        let start = ContinuousClock.now
        regex.enumerateMatches(in: s, options: [.reportProgress, .reportCompletion],
                               range: NSRange(s.startIndex..., in: s)) { match, flags, stop in
            if match != nil { found = true; stop.pointee = true; return }
            // ICU gave up (its backtracking stack is full): an error, never "no match".
            if flags.contains(.internalError) {
                stopped = "the regular expression backtracks too deeply on this text; simplify nested repetition such as (a+)+"
                return
            }
            reports += 1
            guard reports & 0x3F == 0 else { return }
            if let why = budget.stopReason() {
                stopped = why
            } else if ContinuousClock.now - start > RegexBox.maxSecondsPerText {
                stopped = "the regular expression took over 2 seconds on one text (catastrophic backtracking?); "
                    + "simplify nested repetition such as (a+)+"
            }
            if stopped != nil { stop.pointee = true }
        }
        if let stopped { return .stopped(stopped) }
        return found ? .found : .notFound
    }
}

/// Case-insensitive substring search. ASCII needles (the usual case) are matched on bytes,
/// eight at a time: a word-wide compare finds the positions of the needle's rarest letter
/// (in either case), and only those are checked in full. Other needles fall back to
/// lowercased strings.
struct TextSearch: Sendable {
    private let needle: [UInt8]
    private let lowered: String
    private let ascii: Bool
    /// Index in the needle of its rarest byte, and that byte lowercased.
    private let anchor: Int
    private let anchorByte: UInt8
    private let anchorIsLetter: Bool

    /// English letters from most to least frequent: the later, the better an anchor.
    private static let frequency = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)

    init(_ s: String) {
        lowered = s.lowercased()
        ascii = s.utf8.allSatisfy { $0 < 0x80 }
        needle = Array(lowered.utf8)
        var best = 0, bestRank = -1
        for (i, c) in needle.enumerated() {
            let rank = TextSearch.frequency.firstIndex(of: c) ?? (c == 0x20 ? -1 : 100)
            if rank > bestRank { best = i; bestRank = rank }
        }
        anchor = best
        anchorByte = needle.isEmpty ? 0 : needle[best]
        anchorIsLetter = anchorByte >= 0x61 && anchorByte <= 0x7A
    }

    func found(in s: String) -> Bool {
        if ascii {
            var s = s
            return s.withUTF8 { found(in: $0) }
        }
        return s.lowercased().contains(lowered)
    }

    func found(in bytes: ArraySlice<UInt8>) -> Bool {
        if !ascii { return found(in: String(decoding: bytes, as: UTF8.self)) }
        return bytes.withUnsafeBufferPointer { found(in: $0) }
    }

    private func matches(_ hay: UnsafePointer<UInt8>, at start: Int) -> Bool {
        for j in 0..<needle.count {
            var h = hay[start + j]
            if h >= 65 && h <= 90 { h += 32 }
            if h != needle[j] { return false }
        }
        return true
    }

    func found(in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count
        if n == 0 { return true }
        guard hay.count >= n, let base = hay.baseAddress else { return false }
        // Anchor positions i run from `anchor` to `last`; the needle starts at i - anchor.
        var i = anchor
        let last = hay.count - n + anchor
        let pattern = UInt64(anchorByte) &* 0x0101_0101_0101_0101
        let fold: UInt64 = anchorIsLetter ? 0x2020_2020_2020_2020 : 0
        while i + 8 <= last + 1 {
            let x = (UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) | fold) ^ pattern
            var hits = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            while hits != 0 {
                let k = hits.trailingZeroBitCount >> 3
                if matches(base, at: i + k - anchor) { return true }
                hits &= hits &- 1
            }
            i += 8
        }
        while i <= last {
            var c = base[i]
            if anchorIsLetter && c >= 65 && c <= 90 { c += 32 }
            if c == anchorByte && matches(base, at: i - anchor) { return true }
            i += 1
        }
        return false
    }
}
