/// Per-run state that compiled expressions read: the current groups or table rows, and
/// the run's limits. Created for each run, never shared between threads.
final class Frame {
    var groupKeys: [[Cell]] = []
    var groupMembers: [[Int32]] = []
    var rows: [[Cell]] = []
    var budget: RunBudget
    /// The first error a host function threw; the run stops at the next check.
    var hostError: RunError?

    init(budget: RunBudget) { self.budget = budget }

    /// Called every 256 rows of work and at the end of a run.
    func check(_ range: SourceRange) throws(RunError) {
        if let hostError { throw hostError }
        try budget.check(range)
    }
}

/// Three-valued logic: SQL's true, false and unknown (a comparison with a missing value).
enum Tri: Sendable {
    case t, f, u

    init(_ b: Bool) { self = b ? .t : .f }

    static prefix func ! (x: Tri) -> Tri {
        switch x { case .t: return .f; case .f: return .t; case .u: return .u }
    }
    static func && (a: Tri, b: @autoclosure () -> Tri) -> Tri {
        if a == .f { return .f }
        let r = b()
        if r == .f { return .f }
        return a == .t && r == .t ? .t : .u
    }
    static func || (a: Tri, b: @autoclosure () -> Tri) -> Tri {
        if a == .t { return .t }
        let r = b()
        if r == .t { return .t }
        return a == .f && r == .f ? .f : .u
    }

    var cell: Cell { switch self { case .t: return .bool(true); case .f: return .bool(false); case .u: return .null } }

    init(_ c: Cell) {
        switch c {
        case .bool(let b): self = b ? .t : .f
        default: self = .u
        }
    }
}

typealias Eval = (Frame, Int32) -> Cell
typealias Test = (Frame, Int32) -> Tri

/// An expression ready to run, with its static type.
struct Compiled {
    let type: VType
    let eval: Eval
    /// Set when the value does not depend on the row (literals, parameters, folded calls).
    let constant: Cell?
    /// Set for boolean expressions: a direct three-valued test, faster than `eval`.
    let test: Test?

    init(_ type: VType, constant: Cell? = nil, test: Test? = nil, _ eval: @escaping Eval) {
        self.type = type
        self.eval = eval
        self.constant = constant
        self.test = test
    }

    static func const(_ c: Cell, _ type: VType) -> Compiled {
        Compiled(type, constant: c) { _, _ in c }
    }

    static func boolean(_ test: @escaping Test) -> Compiled {
        Compiled(.bool, test: test) { f, i in test(f, i).cell }
    }

    var asTest: Test {
        if let test { return test }
        let eval = self.eval
        return { f, i in Tri(eval(f, i)) }
    }
}

/// Work limits for one run: checked every few thousand rows, so an untrusted query
/// cannot run without bound.
struct RunBudget: Sendable {
    var maxRows: Int = Int.max
    var deadline: ContinuousClock.Instant? = nil
    var isCancelled: @Sendable () -> Bool = { false }
}
