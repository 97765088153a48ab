// The syntax tree. Every node carries the source range it was parsed from, so any later
// stage (resolver, planner, runtime) can point at the exact culprit.

struct Name: Sendable, Hashable {
    let text: String
    let range: SourceRange
}

struct Script: Sendable {
    var statements: [Statement]
}

enum Statement: Sendable {
    case query(Query)
    case `let`(name: Name, query: Query, range: SourceRange)
    case load(path: String, pathRange: SourceRange, range: SourceRange)
    case entity(EntityDecl)
    case document(DocumentDecl)
    case claim(ClaimDecl)

    var range: SourceRange {
        switch self {
        case .query(let q): return q.range
        case .let(_, _, let r), .load(_, _, let r): return r
        case .entity(let d): return d.range
        case .document(let d): return d.range
        case .claim(let d): return d.range
        }
    }

    var isData: Bool {
        switch self {
        case .load, .entity, .document, .claim: return true
        case .query, .let: return false
        }
    }
}

/// `[count] SOURCE clause*`. SOURCE is a collection keyword or a `let`-bound name.
struct Query: Sendable {
    enum Source: Sendable {
        case collection(Collection, SourceRange)
        case binding(Name)
        /// `conflicts` / `revisions` / `timeline`: rows derived from claims (their
        /// leading `where` clauses choose the claims).
        case pairs(PairKind, SourceRange)
    }
    /// `explain` (or `explain analyze`) before the query: show the plan, not the rows.
    var explain: ExplainMode?
    var count: SourceRange?
    var source: Source
    var clauses: [Clause]
    var range: SourceRange
}

enum PairKind: String, Sendable { case conflicts, revisions, timeline }

/// `explain QUERY` prints the plan; `explain analyze QUERY` also runs it and shows the
/// rows and time of each operator.
struct ExplainMode: Sendable {
    let analyze: Bool
    let range: SourceRange
}

enum Collection: String, Sendable, CaseIterable {
    case claims, entities, documents
}

enum Clause: Sendable {
    case `where`(Expr)
    case orderBy([OrderKey], SourceRange)
    case limit(Expr, SourceRange)
    case offset(Expr, SourceRange)
    case select([SelectItem], SourceRange)
    case groupBy([Expr], SourceRange)
    /// Claims: drop repeats of an earlier claim (same statement in another document);
    /// documents: drop duplicate documents; other rows: drop repeated rows.
    case distinct(SourceRange)
    /// `latest by k, ...`: per key, the claims with the latest date.
    case latest([Expr], SourceRange)
    /// Each claim with its evidence: document, publisher, date, quote, what matched.
    case evidence(SourceRange)
}

struct OrderKey: Sendable {
    let expr: Expr
    let descending: Bool
}

struct SelectItem: Sendable {
    let expr: Expr
    let alias: Name?
}

struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case string(String)
        case number(Double)
        case date(Day)
        case bool(Bool)
        case null
        /// `source.country.name`: one or more names.
        case path([Name])
        case parameter(String)
        case list([Expr])
        case call(Name, [Expr])
        case not(Expr)
        case negate(Expr)
        case binary(BinaryOp, Expr, Expr)
        case between(Expr, Expr, Expr, negated: Bool)
        case inList(Expr, Expr, negated: Bool)
        case isNull(Expr, negated: Bool)
        /// `certainly <comparison>` / `possibly <comparison>` over the interval a claim's
        /// qualifier implies.
        case modal(Modality, Expr)
    }
    let kind: Kind
    let range: SourceRange
    /// Levels of the tree below and including this node: what the compiler and a running
    /// query recurse through (the parser keeps it within `Parser.maxDepth`).
    let height: Int

    init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
        var below = 0
        switch kind {
        case .string, .number, .date, .bool, .null, .path, .parameter: break
        case .list(let items): below = items.map(\.height).max() ?? 0
        case .call(_, let args): below = args.map(\.height).max() ?? 0
        case .not(let x), .negate(let x), .isNull(let x, _), .modal(_, let x): below = x.height
        case .binary(_, let a, let b), .inList(let a, let b, _): below = max(a.height, b.height)
        case .between(let a, let b, let c, _): below = max(a.height, b.height, c.height)
        }
        height = below + 1
    }
}

enum Modality: String, Sendable { case certainly, possibly }

enum BinaryOp: String, Sendable {
    case and, or
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case contains, matches
    case add = "+", sub = "-", mul = "*", div = "/"
}

// MARK: declarations

/// A literal value on the right of `key:` in a declaration block.
struct DeclValue: Sendable {
    indirect enum Kind: Sendable {
        case string(String)
        case number(Double)
        case range(Double, Double)
        case date(Day)
        case bool(Bool)
        /// A bare identifier: a reference to a declared id (or a qualifier word).
        case reference(String)
        case list([DeclValue])
    }
    let kind: Kind
    let range: SourceRange
}

struct DeclField: Sendable {
    let key: Name
    let value: DeclValue
}

struct EntityDecl: Sendable {
    let id: Name
    /// Empty for `entity ID: "NAME"`, an entity whose kind is not known.
    let kind: Name
    let name: String
    let fields: [DeclField]
    let range: SourceRange
}

struct DocumentDecl: Sendable {
    let id: Name
    /// Nil for `document ID { ... }`, a document whose title is not known.
    let title: String?
    let fields: [DeclField]
    let range: SourceRange
}

struct ClaimDecl: Sendable {
    let id: Name
    let subject: Name?
    let predicate: Name?
    let object: String?
    let objectRange: SourceRange?
    let fields: [DeclField]
    let range: SourceRange
}
