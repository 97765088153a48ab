import Foundation

/// A scalar function callable from queries: built-in or registered by the host.
struct ScalarFunction: Sendable {
    let arity: ClosedRange<Int>
    /// The result type from the argument types (checked at compile time).
    let returns: @Sendable ([VType]) -> VType
    let call: @Sendable ([Cell]) -> Cell

    init(arity: ClosedRange<Int>, returns: @escaping @Sendable ([VType]) -> VType, call: @escaping @Sendable ([Cell]) -> Cell) {
        self.arity = arity
        self.returns = returns
        self.call = call
        self.host = nil
    }

    /// A host function sees public `Value`s (entities with their names) and may throw.
    let host: (@Sendable ([Value]) throws -> Value)?

    init(arity: ClosedRange<Int>, host: @escaping @Sendable ([Value]) throws -> Value) {
        self.arity = arity
        self.returns = { _ in .any }
        self.call = { _ in .null }
        self.host = host
    }
}

/// The functions a query can call. Built-ins first; hosts add their own through the
/// public API. Aggregates (count, sum, min, max, avg) are handled by the compiler.
struct FunctionTable: Sendable {
    var scalars: [String: ScalarFunction]
    static let aggregates: Set<String> = ["count", "sum", "min", "max", "avg"]

    static let builtins: FunctionTable = {
        func num(_ f: @escaping @Sendable (Double) -> Double) -> ScalarFunction {
            ScalarFunction(arity: 1...1, returns: { _ in .number }) { args in
                if case .number(let d) = args[0] { let v = f(d); return v.isFinite ? .number(v) : .null }
                return .null
            }
        }
        func dayPart(_ part: @escaping @Sendable (Day) -> Int) -> ScalarFunction {
            ScalarFunction(arity: 1...1, returns: { _ in .number }) { args in
                if case .date(let d) = args[0] { return .number(Double(part(Day(daysSinceEpoch: d)))) }
                return .null
            }
        }
        func text(_ f: @escaping @Sendable (String) -> Cell, _ type: VType) -> ScalarFunction {
            ScalarFunction(arity: 1...1, returns: { _ in type }) { args in
                if case .string(let s) = args[0] { return f(s) }
                return .null
            }
        }
        return FunctionTable(scalars: [
            "abs": num { abs($0) },
            "round": num { $0.rounded() },
            "floor": num { $0.rounded(.down) },
            "ceil": num { $0.rounded(.up) },
            "year": dayPart { $0.components.year },
            "month": dayPart { $0.components.month },
            "day": dayPart { $0.components.day },
            "lower": text({ .string($0.lowercased()) }, .string),
            "upper": text({ .string($0.uppercased()) }, .string),
            "length": text({ .number(Double($0.count)) }, .number),
            // Explicit unit conversion within a family (see UnitFamily): null across families.
            "convert": ScalarFunction(arity: 3...3, returns: { _ in .number }) { args in
                guard case .number(let v) = args[0], case .string(let from) = args[1], case .string(let to) = args[2],
                      let x = UnitFamily.convert(v, from: from, to: to) else { return .null }
                return .number(x)
            },
            "coalesce": ScalarFunction(arity: 1...16, returns: { $0.first { $0 != .null } ?? .null }) { args in
                args.first { !$0.isNull } ?? .null
            },
        ])
    }()

    var allNames: [String] { Array(scalars.keys) + FunctionTable.aggregates }
}

extension ExprCompiler {
    mutating func call(_ name: Name, _ args: [Expr], _ e: Expr) throws(CompileError) -> Compiled {
        let fn = name.text.lowercased()
        // After `select`, a bare `count` names the column `count` (written calls are
        // matched by `namedColumn` before this).
        if case .table(let columns) = shape, args.isEmpty, let k = columns.firstIndex(where: { $0.name == fn }) {
            return Compiled(columns[k].type) { f, i in f.rows[Int(i)][k] }
        }
        if FunctionTable.aggregates.contains(fn) { return try aggregate(fn, name, args, e) }
        guard let f = functions.scalars[fn] else {
            let hint = Spelling.closest(to: fn, in: functions.allNames).map { "did you mean `\($0)`?" }
            throw fail("unknown function `\(name.text)`", at: name.range, hint: hint)
        }
        guard f.arity.contains(args.count) else {
            let want = f.arity.count == 1 ? "\(f.arity.lowerBound)" : "\(f.arity.lowerBound) to \(f.arity.upperBound)"
            throw fail("`\(fn)` takes \(want) argument\(f.arity.upperBound == 1 ? "" : "s"), not \(args.count)", at: e.range)
        }
        var compiled: [Compiled] = []
        for a in args { compiled.append(try compile(a)) }
        let evals = compiled.map(\.eval)
        if let host = f.host {
            // Host functions run per row (never folded: they may not be pure) and their
            // errors stop the run at the next check.
            let graph = self.graph, range = e.range, name = fn
            return Compiled(.any) { frame, i in
                do {
                    return try host(evals.map { Value($0(frame, i), graph) }).cell
                } catch {
                    if frame.hostError == nil {
                        frame.hostError = RunError(message: "function `\(name)` failed: \(error)", range: range, isLimit: false)
                    }
                    return .null
                }
            }
        }
        let call = f.call
        let type = f.returns(compiled.map(\.type))
        if compiled.allSatisfy({ $0.constant != nil }) {
            return .const(call(compiled.map { $0.constant! }), type)
        }
        return Compiled(type) { frame, i in call(evals.map { $0(frame, i) }) }
    }

    private mutating func aggregate(_ fn: String, _ name: Name, _ args: [Expr], _ e: Expr) throws(CompileError) -> Compiled {
        guard case .groups(let collection, _) = shape else {
            throw fail("`\(fn)` is an aggregate: use it after `group by` or in `select`", at: e.range,
                       hint: "for example: claims group by source select source, \(fn)(\(fn == "count" ? "" : "qty"))")
        }
        guard !inAggregate else { throw fail("aggregates cannot be nested", at: e.range) }
        if fn == "count" && args.isEmpty {
            return Compiled(.number) { f, i in .number(Double(f.groupMembers[Int(i)].count)) }
        }
        guard args.count == 1 else { throw fail("`\(fn)` takes one argument", at: e.range) }
        var inner = self
        inner.shape = .nodes(collection)
        inner.inAggregate = true
        let arg = try inner.compile(args[0])
        warnings += inner.warnings.dropFirst(warnings.count)
        if (fn == "sum" || fn == "avg") && ![.number, .any, .null].contains(arg.type) {
            throw fail("`\(fn)` adds numbers, not a \(arg.type.name)", at: args[0].range)
        }
        let eval = arg.eval, graph = self.graph
        // Kernels over a number column: no Cell per row.
        if case .path(let p) = args[0].kind, p.count == 1, collection == .claims, p[0].text == "qty" || p[0].text == "qty_hi" {
            let col = p[0].text == "qty" ? graph.claims.qty : graph.claims.qtyHi
            switch fn {
            case "max", "min":
                let wantMax = fn == "max"
                return Compiled(.number) { f, i in
                    var best = Double.nan
                    for row in f.groupMembers[Int(i)] {
                        let v = col[Int(row)]
                        if v.isNaN { continue }
                        if best.isNaN || (wantMax ? v > best : v < best) { best = v }
                    }
                    return best.isNaN ? .null : .number(best)
                }
            case "sum", "avg":
                let average = fn == "avg"
                return Compiled(.number) { f, i in
                    var total = 0.0, n = 0
                    for row in f.groupMembers[Int(i)] {
                        let v = col[Int(row)]
                        if !v.isNaN { total += v; n += 1 }
                    }
                    return n == 0 ? .null : .number(average ? total / Double(n) : total)
                }
            default: // count(qty)
                return Compiled(.number) { f, i in
                    .number(Double(f.groupMembers[Int(i)].reduce(0) { $0 + (col[Int($1)].isNaN ? 0 : 1) }))
                }
            }
        }
        switch fn {
        case "count":
            return Compiled(.number) { f, i in
                .number(Double(f.groupMembers[Int(i)].reduce(0) { $0 + (eval(f, $1).isNull ? 0 : 1) }))
            }
        case "sum", "avg":
            let average = fn == "avg"
            return Compiled(.number) { f, i in
                var total = 0.0, n = 0
                for row in f.groupMembers[Int(i)] {
                    if case .number(let d) = eval(f, row) { total += d; n += 1 }
                }
                return n == 0 ? .null : .number(average ? total / Double(n) : total)
            }
        default:
            let wantMax = fn == "max"
            return Compiled(arg.type) { f, i in
                var best: Cell = .null
                for row in f.groupMembers[Int(i)] {
                    let v = eval(f, row)
                    if v.isNull { continue }
                    if best.isNull { best = v; continue }
                    if let o = ExprCompiler.order(v, best, graph), wantMax ? o > 0 : o < 0 { best = v }
                }
                return best
            }
        }
    }
}
