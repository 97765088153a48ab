/// One run of a physical plan: its limits, its parameter values, what was derived from
/// them when the run started (entity sets, text searches), and the first error a host
/// function or a regular expression raised. Made for each run, never shared between
/// threads, and never used to pass rows: each operator hands its output to the next.
final class RunContext {
    let budget: RunBudget
    let params: [Cell]
    /// Values computed from the parameters before the first row (see `Lowering.derive`).
    var derived: [Derived] = []
    /// The first error a host function threw; the run stops at the next check.
    var hostError: RunError?
    /// Warnings found while the run derived its values (a bound name that matches no entity).
    var warnings: [Diagnostic] = []
    /// Rows the last step counted without making them (pairs read by `count`).
    var counted: Int?

    init(budget: RunBudget, params: [Cell]) {
        self.budget = budget
        self.params = params
    }

    /// Called every 256 rows of work and at the end of each operator.
    func check(_ range: SourceRange) throws(RunError) {
        if let hostError { throw hostError }
        try budget.check(range)
    }
}

/// A value computed once per run from parameters, read by the kernels that need it.
enum Derived {
    case number(Double)
    case entities([Bool])
    case cells(Set<Cell>, [Cell])
    case search(TextSearch)
    case regex(RegexBox)
    case keys([Int32])
}

/// What an expression reads when it is evaluated: the run, and the table rows of the
/// operator evaluating it (empty for rows of nodes). Each operator makes its own from its
/// input: no operator reads another's rows through shared state.
final class EvalInput {
    let run: RunContext
    let table: [[Cell]]

    init(_ run: RunContext, table: [[Cell]] = []) {
        self.run = run
        self.table = table
    }
}

typealias Eval = (EvalInput, Int32) -> Cell
typealias Test = (EvalInput, Int32) -> Tri

/// The rows flowing from one operator to the next: node rows, or a table.
enum Relation {
    case nodes([Int32])
    case table([[Cell]])

    var count: Int {
        switch self {
        case .nodes(let r): return r.count
        case .table(let r): return r.count
        }
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

/// Work limits for one run: checked every few hundred rows, so an untrusted query cannot
/// run without bound.
struct RunBudget: Sendable {
    var maxRows: Int = Int.max
    var deadline: ContinuousClock.Instant? = nil
    var isCancelled: @Sendable () -> Bool = { false }

    /// Why the run must stop now (cancelled, out of time), or nil.
    func stopReason() -> String? {
        if isCancelled() { return "the query was cancelled" }
        if let deadline, ContinuousClock.now > deadline { return "the query ran past its time limit" }
        return nil
    }

    /// Called every 256 rows of work: often enough that Ctrl-C and time limits act within
    /// moments even when each row is expensive (a slow regular expression).
    func check(_ range: SourceRange) throws(RunError) {
        if let why = stopReason() { throw RunError(message: why, range: range, isLimit: true) }
    }
}

/// Errors raised while a query runs (limits, cancellation, a failing host function).
struct RunError: Error {
    let message: String
    let range: SourceRange
    let isLimit: Bool
    /// The text `range` points into, when it is not the query's own (a `let` binding's).
    var file: SourceFile? = nil

    static func tooManyRows(_ n: Int, _ limit: Int, _ range: SourceRange) -> RunError {
        RunError(message: "the result has \(n) rows, more than the limit of \(limit)", range: range, isLimit: true)
    }

    /// Rows still being made (pairs of claims) went past the row limit: stop before
    /// they take the memory.
    static func growing(_ limit: Int, _ range: SourceRange) -> RunError {
        RunError(message: "the query makes more than \(limit) rows, the row limit", range: range, isLimit: true)
    }
}

/// Sort order for results: numbers, text, dates as usual; entities by name, documents and
/// claims by id; missing values last whatever the direction.
enum SortOrder {
    static func compare(_ a: Cell, _ b: Cell, _ g: FactGraph) -> Int {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x == y ? 0 : 1 }
        switch (a, b) {
        case (.number(let x), .number(let y)): return cmp(x, y)
        case (.string(let x), .string(let y)): return cmp(x, y)
        case (.date(let x), .date(let y)): return cmp(x, y)
        case (.bool(let x), .bool(let y)): return cmp(x ? 1 : 0, y ? 1 : 0)
        case (.entity(let x), .entity(let y)):
            let o = cmp(g.entities.names[Int(x)], g.entities.names[Int(y)])
            return o != 0 ? o : cmp(g.entities.ids[Int(x)], g.entities.ids[Int(y)])
        case (.document(let x), .document(let y)): return cmp(g.documents.ids[Int(x)], g.documents.ids[Int(y)])
        case (.claim(let x), .claim(let y)): return g.claims.ids.compare(Int(x), Int(y))
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) { let o = compare(p, q, g); if o != 0 { return o } }
            return cmp(x.count, y.count)
        default: return cmp(rank(a), rank(b))
        }
    }

    private static func rank(_ c: Cell) -> Int {
        switch c {
        case .bool: return 0
        case .number: return 1
        case .date: return 2
        case .string: return 3
        case .entity: return 4
        case .document: return 5
        case .claim: return 6
        case .list: return 7
        case .null: return 8
        }
    }
}
