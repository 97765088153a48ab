/// A query as a pipeline of operators, each taking the rows the one before produced: a
/// scan of a collection (with the access path the planner chose), then one operator per
/// clause. ClaimQL's clauses apply in written order, so every plan is a line; this is
/// PRQL's relational query, or DataFusion's `LogicalPlan` with one input per node. Every
/// back end lowers this type, and `explain` prints it.
struct LogicalPlan: Sendable {
    var scan: Scan
    var steps: [Step]
    /// `count QUERY`: the number of rows, not the rows.
    var isCount: Bool
    /// What the last step produces.
    var output: Scope
    var parameters: Parameters
    var warnings: [Diagnostic]
    /// The whole query, for errors that belong to no one clause.
    let range: SourceRange
    let file: SourceFile

    struct Scan: Sendable {
        let collection: Collection
        var access: AccessPath
        /// The conjunct of the first filter that the access path already applies.
        var narrowedBy: SourceRange? = nil
    }

    /// One operator, with the clause it came from and the rows it reads.
    struct Step: Sendable {
        var op: Operator
        let range: SourceRange
        let file: SourceFile
        /// The scope of the rows coming in.
        let input: Scope
    }
}

/// The operators. Each names its expressions bound in the scope of its input.
enum Operator: Sendable {
    /// Keeps the rows for which the condition is true (three-valued).
    case filter(BoundExpr)
    /// Claims to pairs (`conflicts`, `revisions`) or timeline rows.
    case pairs(PairKind)
    /// One row per distinct key: the keys, then the aggregates (the first is `count()`).
    case group(keys: [BoundExpr], names: [String], aggregates: [Aggregate])
    /// Computes the columns of a table.
    case project([BoundExpr], names: [String])
    case sort([SortKey])
    case slice(Slice)
    /// Claims drop repeated statements, documents duplicates, tables repeated rows.
    case distinct
    /// Per key, the claims with the latest date.
    case latest([BoundExpr])
    /// Claims to their evidence rows, explaining the names the earlier filters matched.
    case evidence([Mention])
}

struct SortKey: Sendable {
    let expr: BoundExpr
    let descending: Bool
}

/// `limit N` or `offset N`; N is a whole number known before the rows are read.
struct Slice: Sendable {
    enum Count: Sendable {
        case literal(Int)
        case parameter(Int)
    }
    let isLimit: Bool
    let count: Count
}

/// A comparison of an entity with names that `evidence` explains: the entity expression
/// (over claims), the names, and whether it was `contains` (substring) or a name match.
struct Mention: Sendable {
    let entity: BoundExpr
    let names: EntityNames
    let isContains: Bool
}

/// How a scan finds its rows (SQLite's access path, chosen per table by `where.c`).
enum AccessPath: Sendable {
    /// Every row, in order.
    case all
    /// Claims of the entities some names reach, from the source or subject postings.
    case entities(ClaimIndex, EntityNames)
    /// Claims holding one of some keys, from the predicate, unit, document or id index.
    case keys(ClaimIndex, IndexKeys)
    /// A condition on `source.<field>` decided once per entity: the claims of the
    /// entities it holds for, and the claims with no source (the filter decides those).
    case sources(BoundExpr)
}

enum ClaimIndex: String, Sendable {
    case source, subject, predicate, unit, doc, id
}

enum IndexKeys: Sendable {
    case literal([String])
    /// A parameter holding a key or a list of keys.
    case parameter(Int)
}

extension Operator {
    var name: String {
        switch self {
        case .filter: return "Filter"
        case .pairs(let k): return k == .timeline ? "Timeline" : "Pairs"
        case .group: return "Group"
        case .project: return "Project"
        case .sort: return "Sort"
        case .slice(let s): return s.isLimit ? "Limit" : "Offset"
        case .distinct: return "Distinct"
        case .latest: return "Latest"
        case .evidence: return "Evidence"
        }
    }
}
