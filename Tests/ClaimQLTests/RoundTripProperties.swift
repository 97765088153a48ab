import PropertyBased
import Testing
@testable import ClaimQL

/// Property: printing a query and parsing the text again gives the same tree. The tree is
/// compared through `Dump`, a fully bracketed rendering written here (not the printer
/// under test), so a printer that drops a needed bracket cannot hide its own mistake.
struct RoundTripProperties {
    @Test func printThenParseGivesTheSameTree() async {
        await propertyCheck(count: 400, input: QueryGen.query) { q in
            let text = q.description
            let parsed = Parser.parse(SourceFile(name: "<property>", text: text))
            #expect(parsed.diagnostics.isEmpty, "\(text)\n\(parsed.diagnostics.map { $0.message })")
            guard parsed.script.statements.count == 1, case .query(let back) = parsed.script.statements[0] else {
                Issue.record("not one query: \(text)")
                return
            }
            #expect(Dump.query(back) == Dump.query(q), "\(text)")
            #expect(back.description == text)
        }
    }
}

/// Random syntax trees (ranges are all empty: only the shape matters).
enum QueryGen {
    typealias RNG = any SeededRandomNumberGenerator
    static let r = SourceRange.none

    static func pick<T>(_ xs: [T], _ rng: inout RNG) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    static func chance(_ p: Double, _ rng: inout RNG) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    static func name(_ s: String) -> Name { Name(text: s, range: r) }
    static func e(_ k: Expr.Kind) -> Expr { Expr(kind: k, range: r) }

    static let fields = ["qty", "source", "unit", "date", "x_1", "Name", "distinct", "claim", "latest"]
    static let afterDot = ["country", "name", "where", "order", "claims", "id"]
    static let texts = ["", "Shin", "a\"b", "back\\slash", "line\nbreak", "tab\there", "é日本", "\u{1}", "--", "$x"]
    static let numbers: [Double] = [0, 1, 42, 2.5, 0.125, 1_000_000, 1e20, 123456789012]

    static func leaf(_ rng: inout RNG) -> Expr {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: return e(.number(pick(numbers, &rng)))
        case 1: return e(.string(pick(texts, &rng)))
        case 2: return e(.date(Day(daysSinceEpoch: Int32.random(in: -40000...40000, using: &rng))))
        case 3: return e(.bool(chance(0.5, &rng)))
        case 4: return e(.null)
        case 5: return e(.parameter(pick(["p", "limit_1", "x"], &rng)))
        default:
            // The first name of a path is a name or a keyword that can name a field.
            var names = [name(pick(fields, &rng))]
            while chance(0.3, &rng) { names.append(name(pick(afterDot, &rng))) }
            return e(.path(names))
        }
    }

    /// A value-level expression (what may stand on either side of a comparison).
    static func value(_ depth: Int, _ rng: inout RNG) -> Expr {
        if depth <= 0 || chance(0.4, &rng) { return leaf(&rng) }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return e(.binary(pick([.add, .sub, .mul, .div], &rng), value(depth - 1, &rng), value(depth - 1, &rng)))
        case 1: return e(.negate(value(depth - 1, &rng)))
        case 2: return e(.call(name(pick(["year", "lower", "coalesce", "count", "convert"], &rng)),
                               (0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth - 1, &rng) }))
        default: return e(.list((0..<Int.random(in: 0...3, using: &rng)).map { _ in leaf(&rng) }))
        }
    }

    static func comparison(_ depth: Int, _ rng: inout RNG) -> Expr {
        let a = value(depth - 1, &rng), b = value(depth - 1, &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return e(.between(a, b, value(depth - 1, &rng), negated: chance(0.5, &rng)))
        case 1: return e(.inList(a, b, negated: chance(0.5, &rng)))
        case 2: return e(.isNull(a, negated: chance(0.5, &rng)))
        default: return e(.binary(pick([.eq, .ne, .lt, .le, .gt, .ge, .contains, .matches], &rng), a, b))
        }
    }

    static func condition(_ depth: Int, _ rng: inout RNG) -> Expr {
        if depth <= 0 || chance(0.3, &rng) { return chance(0.8, &rng) ? comparison(depth, &rng) : value(depth, &rng) }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return e(.not(condition(depth - 1, &rng)))
        case 1: return e(.modal(pick([.certainly, .possibly], &rng), comparison(depth - 1, &rng)))
        default: return e(.binary(pick([.and, .or], &rng), condition(depth - 1, &rng), condition(depth - 1, &rng)))
        }
    }

    static func clause(_ rng: inout RNG) -> Clause {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return .groupBy([value(2, &rng)], r)
        case 1: return .select((0..<Int.random(in: 1...3, using: &rng)).map { _ in
            SelectItem(expr: value(2, &rng), alias: chance(0.3, &rng) ? name("n") : nil) }, r)
        case 2: return .orderBy([OrderKey(expr: value(2, &rng), descending: chance(0.5, &rng))], r)
        case 3: return .limit(e(.number(pick([0, 5, 100], &rng))), r)
        case 4: return .offset(e(.parameter("off")), r)
        case 5: return .distinct(r)
        case 6: return .latest([value(1, &rng)], r)
        case 7: return .evidence(r)
        default: return .where(condition(4, &rng))
        }
    }

    static let query = Generator<Query, Shrink.None<Query>> { rng in
        let source: Query.Source = pick([
            .collection(.claims, r), .collection(.entities, r), .collection(.documents, r),
            .pairs(.conflicts, r), .pairs(.timeline, r), .binding(name("big")),
        ], &rng)
        let clauses = (0..<Int.random(in: 0...4, using: &rng)).map { _ in clause(&rng) }
        return Query(count: chance(0.2, &rng) ? r : nil, source: source, clauses: clauses, range: r)
    }
}

/// A fully bracketed rendering of a tree, independent of the printer.
enum Dump {
    static func query(_ q: Query) -> String {
        var s = q.count == nil ? "" : "count "
        switch q.source {
        case .collection(let c, _): s += c.rawValue
        case .binding(let n): s += "@" + n.text
        case .pairs(let k, _): s += k.rawValue
        }
        for c in q.clauses { s += " | " + clause(c) }
        return s
    }

    static func clause(_ c: Clause) -> String {
        switch c {
        case .where(let x): return "where " + expr(x)
        case .groupBy(let k, _): return "group " + k.map(expr).joined(separator: ",")
        case .select(let items, _): return "select " + items.map { expr($0.expr) + ($0.alias.map { " as " + $0.text } ?? "") }.joined(separator: ",")
        case .orderBy(let k, _): return "order " + k.map { expr($0.expr) + ($0.descending ? " desc" : "") }.joined(separator: ",")
        case .limit(let x, _): return "limit " + expr(x)
        case .offset(let x, _): return "offset " + expr(x)
        case .distinct: return "distinct"
        case .latest(let k, _): return "latest " + k.map(expr).joined(separator: ",")
        case .evidence: return "evidence"
        }
    }

    static func expr(_ x: Expr) -> String {
        switch x.kind {
        case .string(let s): return "str(\(s.unicodeScalars.map { String($0.value) }.joined(separator: ".")))"
        case .number(let d): return "num(\(d))"
        case .date(let d): return "date(\(d.daysSinceEpoch))"
        case .bool(let b): return "bool(\(b))"
        case .null: return "null"
        case .path(let p): return "path(" + p.map(\.text).joined(separator: "/") + ")"
        case .parameter(let p): return "param(\(p))"
        case .list(let items): return "list(" + items.map(expr).joined(separator: ",") + ")"
        case .call(let n, let args): return "call(\(n.text)," + args.map(expr).joined(separator: ",") + ")"
        case .not(let a): return "not(\(expr(a)))"
        case .negate(let a): return "neg(\(expr(a)))"
        case .binary(let op, let a, let b): return "\(op)(\(expr(a)),\(expr(b)))"
        case .between(let a, let b, let c, let n): return "between\(n ? "!" : "")(\(expr(a)),\(expr(b)),\(expr(c)))"
        case .inList(let a, let b, let n): return "in\(n ? "!" : "")(\(expr(a)),\(expr(b)))"
        case .isNull(let a, let n): return "isnull\(n ? "!" : "")(\(expr(a)))"
        case .modal(let m, let a): return "\(m)(\(expr(a)))"
        }
    }
}
