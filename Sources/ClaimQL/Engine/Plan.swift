/// The rows flowing between clauses.
enum Stream {
    case nodes([Int32])
    case groups(keys: [[Cell]], members: [[Int32]])
    case table([[Cell]])

    var count: Int {
        switch self {
        case .nodes(let r): return r.count
        case .groups(let k, _): return k.count
        case .table(let r): return r.count
        }
    }
}

/// Errors raised while a query runs (limits, cancellation).
struct RunError: Error {
    let message: String
    let range: SourceRange
    let isLimit: Bool

    static func tooManyRows(_ n: Int, _ limit: Int, _ range: SourceRange) -> RunError {
        RunError(message: "the result has \(n) rows, more than the limit of \(limit)", range: range, isLimit: true)
    }

    /// Rows still being made (pairs of claims) went past the row limit: stop before
    /// they take the memory.
    static func growing(_ limit: Int, _ range: SourceRange) -> RunError {
        RunError(message: "the query makes more than \(limit) rows, the row limit", range: range, isLimit: true)
    }
}

/// A compiled query: the first step produces the starting rows, each later step is one
/// clause. Built by `QueryCompiler`, run any number of times against the same graph.
struct QueryPlan {
    typealias Step = (inout Stream, Frame) throws -> Void
    let collection: Collection
    let initial: (Frame) -> [Int32]
    let steps: [Step]
    let shape: Shape
    let isCount: Bool
    let range: SourceRange
    let warnings: [Diagnostic]
    /// How the planner chose the starting rows (for `.explain`-style output and tests).
    let access: String

    func run(_ frame: Frame) throws(RunError) -> Stream {
        var stream = Stream.nodes(initial(frame))
        // Steps throw only RunError; typed throws on stored closures crash Swift 6.3's SILGen.
        do {
            for step in steps { try step(&stream, frame) }
            if let error = frame.hostError { throw error }
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError(message: "\(error)", range: range, isLimit: false)
        }
        if stream.count > frame.budget.maxRows && !isCount {
            throw RunError.tooManyRows(stream.count, frame.budget.maxRows, range)
        }
        return stream
    }
}

extension RunBudget {
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
        case (.claim(let x), .claim(let y)): return cmp(g.claims.ids[Int(x)], g.claims.ids[Int(y)])
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
