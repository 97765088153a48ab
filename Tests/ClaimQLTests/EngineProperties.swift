import Foundation
import PropertyBased
import Testing
@testable import ClaimQL

/// Property: on random graphs and random `where` conditions, the engine returns exactly
/// the claims a small reference evaluator accepts. The reference works on plain Swift
/// values with the rules written out directly (three-valued logic, names matched by
/// id, name or alias after normalising, the intervals qualifiers imply), with none of
/// the engine's indexes, plans, column fast paths or bitmaps.
struct EngineProperties {
    /// The world's graph, or nil (recorded as a failure) if its declarations do not load.
    static func load(_ world: World) -> ClaimGraph? {
        let graph = ClaimGraph()
        do { try graph.load(source: world.declarations, name: "<world>") } catch {
            Issue.record("world did not load: \(error)\n\(world.declarations)")
            return nil
        }
        return graph
    }

    @Test func engineAgreesWithTheReferenceEvaluator() async throws {
        await propertyCheck(count: 150, input: RefGen.world) { world in
            guard let graph = EngineProperties.load(world) else { return }
            let engine = Engine(graph: graph)
            for cond in world.conditions {
                let query = "claims where " + cond.text
                let got: Set<String>
                do {
                    let r = try engine.prepare(query).run()
                    got = Set((0..<r.count).compactMap { r.nodeID(row: $0) })
                } catch {
                    Issue.record("\(query): \(error)")
                    continue
                }
                let want = Set(world.claims.filter { cond.eval($0, world) == .t }.map(\.id))
                #expect(got == want, "\(query)\n\(world.declarations)")
            }
        }
    }

    @Test func loadExportLoadRoundTrips() async throws {
        await propertyCheck(count: 60, input: RefGen.world) { world in
            guard let a = EngineProperties.load(world) else { return }
            let dir1 = NSTemporaryDirectory() + "claimql-rt-\(UUID())", dir2 = dir1 + "-2"
            defer { try? FileManager.default.removeItem(atPath: dir1); try? FileManager.default.removeItem(atPath: dir2) }
            do {
                try a.exportJSONL(to: dir1)
                let b = ClaimGraph()
                try b.load(path: dir1)
                try b.exportJSONL(to: dir2)
                #expect(b.counts == a.counts)
                for f in ["entities.jsonl", "documents.jsonl", "claims.jsonl"] {
                    #expect(FileManager.default.contents(atPath: dir1 + "/" + f) == FileManager.default.contents(atPath: dir2 + "/" + f), "\(f)")
                }
            } catch {
                Issue.record("round trip failed: \(error)")
            }
        }
    }
}

/// The reference model: three-valued truth as Bool? (nil = unknown).
enum Truth: Equatable {
    case t, f, u
    init(_ b: Bool?) { self = b.map { $0 ? .t : .f } ?? .u }
    static prefix func ! (x: Truth) -> Truth { x == .t ? .f : x == .f ? .t : .u }
    static func && (a: Truth, b: Truth) -> Truth { a == .f || b == .f ? .f : a == .t && b == .t ? .t : .u }
    static func || (a: Truth, b: Truth) -> Truth { a == .t || b == .t ? .t : a == .f && b == .f ? .f : .u }
}

struct RefEntity: Sendable { let id: String; let name: String; let aliases: [String] }
struct RefClaim: Sendable {
    let id: String
    let qty: Double?
    let unit: String?
    let qualifier: String?
    let date: String?
    let source: Int?
}

struct RefCondition: Sendable {
    let text: String
    let eval: @Sendable (RefClaim, World) -> Truth
}

struct World: Sendable {
    let entities: [RefEntity]
    let claims: [RefClaim]
    let conditions: [RefCondition]

    var declarations: String {
        var out = ""
        for e in entities {
            let aliases = e.aliases.map { "\"\($0)\"" }.joined(separator: ", ")
            out += "entity \(e.id): person \"\(e.name)\"" + (e.aliases.isEmpty ? "" : " { aliases: [\(aliases)] }") + "\n"
        }
        for c in claims {
            var fields: [String] = []
            if let q = c.qty { fields.append("qty: \(Expr.number(q))") }
            if let u = c.unit { fields.append("unit: \"\(u)\"") }
            if let q = c.qualifier { fields.append("qualifier: \(q)") }
            if let d = c.date { fields.append("date: \(d)") }
            if let s = c.source { fields.append("source: \(entities[s].id)") }
            out += "claim \(c.id): \(entities[0].id) said \"x\" { \(fields.joined(separator: ", ")) }\n"
        }
        return out
    }

    /// The written rule for names: keep letters and digits, lowercased (ASCII names here).
    static func key(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    func names(_ entity: Int, match text: String) -> Bool {
        let e = entities[entity], k = World.key(text)
        return !k.isEmpty && ([e.id, e.name] + e.aliases).contains { World.key($0) == k }
    }
}

enum RefGen {
    typealias RNG = any SeededRandomNumberGenerator
    static func pick<T>(_ xs: [T], _ rng: inout RNG) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    static func chance(_ p: Double, _ rng: inout RNG) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    static let people: [(String, [String])] = [
        ("Shin Won-sik", ["Shin Wonsik", "Shin"]), ("John Kirby", ["Kirby"]), ("Kim Jong-un", []),
        ("Mark Milley", ["Milley", "General Milley"]), ("Chang Ho-jin", ["Chang"]),
    ]
    static let quantities: [Double] = [0, 1, 5, 900, 1000, 1100, 6700, 10_000, 3_000_000, 4_800_000]
    static let units = ["shells", "rounds", "containers"]
    static let qualifiers = ["exact", "approx", "at_least", "more_than", "at_most", "less_than", "up_to"]
    static let dates = ["2023-10-13", "2024-02-27", "2024-06-25"]
    static let ops = ["=", "!=", "<", "<=", ">", ">="]

    static func compare(_ op: String, _ a: Double, _ b: Double) -> Bool {
        switch op {
        case "=": return a == b
        case "!=": return a != b
        case "<": return a < b
        case "<=": return a <= b
        case ">": return a > b
        default: return a >= b
        }
    }

    /// The interval a qualifier implies, as (low, high, lowOpen, highOpen).
    static func interval(_ q: Double, _ qualifier: String?) -> (Double, Double, Bool, Bool) {
        switch qualifier {
        case "approx": return (q * 0.9, q * 1.1, false, false)
        case "at_least": return (q, .infinity, false, true)
        case "more_than": return (q, .infinity, true, true)
        case "at_most", "up_to": return (0, q, false, false)
        case "less_than": return q > 0 ? (0, q, false, true) : (-.infinity, q, true, true)
        default: return (q, q, false, false)
        }
    }

    /// Whether every (certainly) or some (possibly) value of the interval satisfies `op k`.
    static func modal(_ certainly: Bool, _ op: String, _ k: Double, _ i: (Double, Double, Bool, Bool)) -> Bool {
        let (lo, hi, lo_, hi_) = i
        // Values of the interval above, below or equal to k.
        let someAbove = hi > k, someBelow = lo < k
        let containsK = (lo < k || (lo == k && !lo_)) && (k < hi || (k == hi && !hi_))
        let allAbove = lo > k || (lo == k && lo_)
        let allBelow = hi < k || (hi == k && hi_)
        let point = lo == hi && !lo_ && !hi_
        switch (certainly, op) {
        case (true, ">"): return allAbove
        case (true, ">="): return lo >= k
        case (true, "<"): return allBelow
        case (true, "<="): return hi <= k
        case (true, "="): return point && lo == k
        case (true, _): return !containsK
        case (false, ">"): return someAbove
        case (false, ">="): return someAbove || containsK
        case (false, "<"): return someBelow
        case (false, "<="): return someBelow || containsK
        case (false, "="): return containsK
        case (false, _): return !(point && lo == k)
        }
    }

    static func atom(_ rng: inout RNG, _ world: [RefEntity]) -> RefCondition {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:
            let op = pick(ops, &rng), k = pick(quantities, &rng)
            return RefCondition(text: "qty \(op) \(Expr.number(k))") { c, _ in Truth(c.qty.map { compare(op, $0, k) }) }
        case 1:
            let op = pick(ops, &rng), d = pick(dates, &rng)
            return RefCondition(text: "date \(op) \(d)") { c, _ in
                Truth(c.date.map { compare(op, $0 < d ? 0 : $0 == d ? 1 : 2, 1) })
            }
        case 2:
            let u = pick(units, &rng)
            if chance(0.5, &rng) {
                return RefCondition(text: "unit = \"\(u)\"") { c, _ in Truth(c.unit.map { $0 == u }) }
            }
            let v = pick(units, &rng)
            return RefCondition(text: "unit in [\"\(u)\", \"\(v)\"]") { c, _ in Truth(c.unit.map { $0 == u || $0 == v }) }
        case 3:
            // A name, an alias or an id, in any case and spacing, or a name nobody has.
            let e = world[Int.random(in: 0..<world.count, using: &rng)]
            var written = pick([e.name, e.id] + e.aliases + ["Nobody"], &rng)
            if chance(0.3, &rng) { written = written.uppercased() }
            if chance(0.3, &rng) { written = written.replacingOccurrences(of: "-", with: " ") }
            let text = written
            let op = chance(0.8, &rng) ? "=" : "!="
            return RefCondition(text: "source \(op) \"\(text)\"") { c, w in
                guard let s = c.source else { return .u }
                return Truth(op == "=" ? w.names(s, match: text) : !w.names(s, match: text))
            }
        case 4:
            let field = pick(["qty", "unit", "date", "source"], &rng), negated = chance(0.5, &rng)
            return RefCondition(text: "\(field) is \(negated ? "not " : "")null") { c, _ in
                let missing: Bool
                switch field {
                case "qty": missing = c.qty == nil
                case "unit": missing = c.unit == nil
                case "date": missing = c.date == nil
                default: missing = c.source == nil
                }
                return Truth(negated ? !missing : missing)
            }
        case 5:
            let lo = pick(quantities, &rng), hi = pick(quantities, &rng)
            return RefCondition(text: "qty between \(Expr.number(lo)) and \(Expr.number(hi))") { c, _ in
                Truth(c.qty.map { $0 >= lo && $0 <= hi })
            }
        default:
            let certainly = chance(0.5, &rng), op = pick(ops, &rng), k = pick(quantities, &rng)
            return RefCondition(text: "\(certainly ? "certainly" : "possibly") qty \(op) \(Expr.number(k))") { c, _ in
                Truth(c.qty.map { modal(certainly, op, k, interval($0, c.qualifier)) })
            }
        }
    }

    static func condition(_ depth: Int, _ rng: inout RNG, _ world: [RefEntity]) -> RefCondition {
        if depth <= 0 || chance(0.35, &rng) { return atom(&rng, world) }
        let a = condition(depth - 1, &rng, world)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return RefCondition(text: "not (\(a.text))") { c, w in !a.eval(c, w) }
        case 1:
            let b = condition(depth - 1, &rng, world)
            return RefCondition(text: "(\(a.text)) and (\(b.text))") { c, w in a.eval(c, w) && b.eval(c, w) }
        default:
            let b = condition(depth - 1, &rng, world)
            return RefCondition(text: "(\(a.text)) or (\(b.text))") { c, w in a.eval(c, w) || b.eval(c, w) }
        }
    }

    static let world = Generator<World, Shrink.None<World>> { rng in
        var entities: [RefEntity] = []
        for (i, p) in people.enumerated() where i == 0 || chance(0.7, &rng) {
            entities.append(RefEntity(id: "p\(i)", name: p.0, aliases: p.1))
        }
        var claims: [RefClaim] = []
        for i in 0..<Int.random(in: 0...40, using: &rng) {
            let qty: Double? = chance(0.85, &rng) ? pick(quantities, &rng) : nil
            claims.append(RefClaim(
                id: "c\(i)", qty: qty,
                unit: chance(0.85, &rng) ? pick(units, &rng) : nil,
                qualifier: qty != nil && chance(0.7, &rng) ? pick(qualifiers, &rng) : nil,
                date: chance(0.8, &rng) ? pick(dates, &rng) : nil,
                source: chance(0.8, &rng) ? Int.random(in: 0..<entities.count, using: &rng) : nil))
        }
        let conditions = (0..<8).map { _ in condition(3, &rng, entities) }
        return World(entities: entities, claims: claims, conditions: conditions)
    }
}
