/// The columns of the operators that make tables of their own kind.
enum PairColumns {
    /// `conflicts` and `revisions`: one row per pair of claims.
    static let pairs: [Column] = [
        Column(name: "kind", type: .string), Column(name: "subject", type: .entity), Column(name: "unit", type: .string),
        Column(name: "a", type: .claim), Column(name: "a_source", type: .entity), Column(name: "a_figure", type: .string),
        Column(name: "a_date", type: .date),
        Column(name: "b", type: .claim), Column(name: "b_source", type: .entity), Column(name: "b_figure", type: .string),
        Column(name: "b_date", type: .date),
        Column(name: "why", type: .string),
    ]

    /// `timeline`: one row per claim about a thing, per speaker in date order.
    static let timeline: [Column] = [
        Column(name: "subject", type: .entity), Column(name: "predicate", type: .string), Column(name: "unit", type: .string),
        Column(name: "source", type: .entity), Column(name: "date", type: .date), Column(name: "figure", type: .string),
        Column(name: "claim", type: .claim), Column(name: "supersedes", type: .claim), Column(name: "latest", type: .bool),
    ]
}

enum EvidenceColumns {
    /// `evidence`: one row per claim.
    static let all: [Column] = [
        Column(name: "claim", type: .claim), Column(name: "figure", type: .string), Column(name: "source", type: .entity),
        Column(name: "doc", type: .document), Column(name: "publisher", type: .entity), Column(name: "date", type: .date),
        Column(name: "quote", type: .string), Column(name: "also_in", type: .list(.document)),
        Column(name: "matched", type: .string), Column(name: "context", type: .string),
    ]
}
