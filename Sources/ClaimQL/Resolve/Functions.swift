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
/// public API. Aggregates (count, sum, min, max, avg) are computed by the group operator
/// (`Aggregate`), not here.
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
