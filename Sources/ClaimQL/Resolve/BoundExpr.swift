/// An expression after name resolution and type checking: every name is a `Field`, a
/// column of the input, a parameter slot or a function; every comparison of an entity with
/// names is an `entityMatch` over the entities those names reach. Back ends lower these;
/// none of them sees a name again.
struct BoundExpr: Sendable {
    indirect enum Kind: Sendable {
        case literal(Cell)
        /// `$name`: the value bound for slot N when the query runs.
        case parameter(Int)
        /// A field of the row's node (the rows are claims, entities or documents).
        case field(Field)
        /// A path step: the field of the node(s) `base` yields (`source.country`).
        case follow(BoundExpr, Field)
        /// Column N of the input table (after `group by`, `select`, pairs, `evidence`).
        case column(Int)
        /// A list of constants or parameters: `[...]`.
        case list([BoundExpr])
        case call(ScalarCall, [BoundExpr])
        case not(BoundExpr)
        case and(BoundExpr, BoundExpr)
        case or(BoundExpr, BoundExpr)
        case compare(CompareOp, BoundExpr, BoundExpr)
        case arithmetic(ArithmeticOp, BoundExpr, BoundExpr)
        /// An entity (or entities) compared by name, alias or id with `=` or `in`.
        case entityMatch(BoundExpr, EntityNames)
        /// `x in [...]` for anything but entities.
        case inList(BoundExpr, BoundExpr)
        /// Case-insensitive substring; the needle is a constant or a parameter.
        case contains(BoundExpr, BoundExpr)
        /// ICU regular expression search; the pattern is a constant or a parameter.
        case matches(BoundExpr, BoundExpr)
        case isNull(BoundExpr)
        /// `certainly` / `possibly`: the claim's qty interval against constants.
        case modal(Modality, ModalTest)
    }

    let kind: Kind
    let type: VType
    let range: SourceRange

    init(_ kind: Kind, _ type: VType, _ range: SourceRange) {
        self.kind = kind
        self.type = type
        self.range = range
    }

    var literal: Cell? { if case .literal(let c) = kind { return c }; return nil }

    /// Known before the query runs: a literal, a parameter, or a list of them.
    var isRunConstant: Bool {
        switch kind {
        case .literal, .parameter: return true
        case .list(let items): return items.allSatisfy(\.isRunConstant)
        case .field, .follow, .column, .call, .not, .and, .or, .compare, .arithmetic, .entityMatch, .inList,
             .contains, .matches, .isNull, .modal:
            return false
        }
    }
}

enum CompareOp: String, Sendable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="

    init?(_ op: BinaryOp) {
        switch op {
        case .eq: self = .eq
        case .ne: self = .ne
        case .lt: self = .lt
        case .le: self = .le
        case .gt: self = .gt
        case .ge: self = .ge
        default: return nil
        }
    }

    func holds(_ order: Int) -> Bool {
        switch self {
        case .eq: return order == 0
        case .ne: return order != 0
        case .lt: return order < 0
        case .le: return order <= 0
        case .gt: return order > 0
        case .ge: return order >= 0
        }
    }
}

enum ArithmeticOp: String, Sendable { case add = "+", sub = "-", mul = "*", div = "/" }

/// The names an entity comparison was written with, and the entities they reach.
struct EntityNames: Sendable {
    enum Written: Sendable {
        /// Names in the query text; `entities` holds every entity they reach.
        case names([String], entities: [Int32])
        /// A parameter (a name or a list of names), looked up when the query runs.
        case parameter(Int)
    }
    let written: Written
    /// The left side as written (`source.country`), for `evidence`.
    let label: String
}

/// The comparison inside `certainly` / `possibly`: qty against one bound or two.
enum ModalTest: Sendable {
    case compare(CompareOp, BoundExpr)
    case between(BoundExpr, BoundExpr, negated: Bool)
}

/// A resolved scalar function: built-in or registered by the host.
struct ScalarCall: Sendable {
    let name: String
    let function: ScalarFunction
}

/// An aggregate over the rows of a group, computed by the group operator.
struct Aggregate: Sendable {
    enum Function: String, Sendable { case count, sum, avg, min, max }
    let function: Function
    /// nil for `count()`; otherwise evaluated over each member node.
    let argument: BoundExpr?
    /// As written (`max(qty)`): two aggregates with the same text are one column.
    let text: String
    let type: VType
}

extension BoundExpr {
    /// Calls `visit` on this expression and every expression below it.
    func walk(_ visit: (BoundExpr) -> Void) {
        visit(self)
        switch kind {
        case .literal, .parameter, .field, .column: break
        case .follow(let x, _), .not(let x), .isNull(let x): x.walk(visit)
        case .list(let items), .call(_, let items): items.forEach { $0.walk(visit) }
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
             .inList(let a, let b), .contains(let a, let b), .matches(let a, let b):
            a.walk(visit); b.walk(visit)
        case .entityMatch(let x, _): x.walk(visit)
        case .modal(_, let test):
            switch test {
            case .compare(_, let x): x.walk(visit)
            case .between(let a, let b, _): a.walk(visit); b.walk(visit)
            }
        }
    }

    /// The same expression with every node rewritten by `f` (bottom-up); `f` returns nil
    /// to keep a node, and the whole rewrite is nil when any `f` call throws it away.
    func rewritten(_ f: (BoundExpr) -> Rewrite) -> BoundExpr? {
        func go(_ e: BoundExpr) -> BoundExpr? {
            switch f(e) {
            case .replace(let r): return r
            case .fail: return nil
            case .keep: break
            }
            let kind: Kind
            switch e.kind {
            case .literal, .parameter, .field, .column: return e
            case .follow(let x, let field): guard let a = go(x) else { return nil }; kind = .follow(a, field)
            case .not(let x): guard let a = go(x) else { return nil }; kind = .not(a)
            case .isNull(let x): guard let a = go(x) else { return nil }; kind = .isNull(a)
            case .list(let items):
                var out: [BoundExpr] = []
                for i in items { guard let a = go(i) else { return nil }; out.append(a) }
                kind = .list(out)
            case .call(let fn, let items):
                var out: [BoundExpr] = []
                for i in items { guard let a = go(i) else { return nil }; out.append(a) }
                kind = .call(fn, out)
            case .and(let a, let b): guard let x = go(a), let y = go(b) else { return nil }; kind = .and(x, y)
            case .or(let a, let b): guard let x = go(a), let y = go(b) else { return nil }; kind = .or(x, y)
            case .compare(let op, let a, let b):
                guard let x = go(a), let y = go(b) else { return nil }; kind = .compare(op, x, y)
            case .arithmetic(let op, let a, let b):
                guard let x = go(a), let y = go(b) else { return nil }; kind = .arithmetic(op, x, y)
            case .inList(let a, let b): guard let x = go(a), let y = go(b) else { return nil }; kind = .inList(x, y)
            case .contains(let a, let b): guard let x = go(a), let y = go(b) else { return nil }; kind = .contains(x, y)
            case .matches(let a, let b): guard let x = go(a), let y = go(b) else { return nil }; kind = .matches(x, y)
            case .entityMatch(let x, let names): guard let a = go(x) else { return nil }; kind = .entityMatch(a, names)
            case .modal(let m, let test):
                switch test {
                case .compare(let op, let x): guard let a = go(x) else { return nil }; kind = .modal(m, .compare(op, a))
                case .between(let a, let b, let n):
                    guard let x = go(a), let y = go(b) else { return nil }
                    kind = .modal(m, .between(x, y, negated: n))
                }
            }
            return BoundExpr(kind, e.type, e.range)
        }
        return go(self)
    }

    enum Rewrite { case keep, replace(BoundExpr), fail }

    /// The conjuncts of an `and` chain.
    var conjuncts: [BoundExpr] {
        if case .and(let a, let b) = kind { return a.conjuncts + b.conjuncts }
        return [self]
    }
}
