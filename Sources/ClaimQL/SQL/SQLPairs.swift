/// `conflicts`, `revisions` and `timeline` in SQL, with the meaning `Execute/Pairs.swift`
/// gives them: claims about one thing (subject, unit, predicate family), the first of each
/// repeated statement only, with a figure; pairs in topic order (where a topic first
/// appears), then in the order of their claims.
extension SQLLowering {
    mutating func pairs(_ kind: PairKind, _ k: Int) {
        let tol = parameter(.tolerance)
        let approx = "d.qualifier = 'approx'"
        // The claims that can pair, with their intervals (null = an open end).
        add("topics_\(k)", """
            SELECT d.*, MIN(d.pos) OVER (PARTITION BY d.subject, d.unit, d.predicate_family) AS topic_pos,
                (CASE WHEN \(approx) THEN d.qty - abs(d.qty) * \(tol) ELSE d.lo END) AS ilo,
                (CASE WHEN \(approx) THEN d.qty + abs(d.qty) * \(tol) ELSE d.hi END) AS ihi
              FROM \(firstOfEach("n.statement")) AND d.subject IS NOT NULL AND d.unit IS NOT NULL AND d.qty IS NOT NULL
            """)
        let topics = relation
        let sameTopic = "a.subject = b.subject AND a.unit = b.unit AND a.predicate_family = b.predicate_family"
        switch kind {
        case .conflicts:
            let label = "CASE WHEN a.speaker IS NOT NULL AND a.speaker = b.speaker THEN 'within a source' ELSE 'between sources' END"
            let why = "a.figure || ' and ' || b.figure || ' ' || a.unit || ' cannot both hold'"
            add("conflicts_\(k)", pairColumns(label, why) + """
                , ROW_NUMBER() OVER (ORDER BY a.topic_pos, a.pos, b.pos) AS pos
                  FROM \(topics) a JOIN \(topics) b ON \(sameTopic) AND a.pos < b.pos
                  WHERE \(disjoint("a", "b"))
                """)
        case .revisions:
            // Each pair once, the earlier claim as `a` (the dates differ).
            let label = "CASE WHEN \(disjoint("a", "b")) THEN 'revision (contradicts the earlier figure)' ELSE 'revision' END"
            let why = "\(scalarRead("name", "entities", "a.speaker")) || ' went from ' || a.figure || ' (' || CAST(a.\(dialect.ident("date")) AS \(dialect.textType))"
                + " || ') to ' || b.figure || ' (' || CAST(b.\(dialect.ident("date")) AS \(dialect.textType)) || ') ' || a.unit"
            add("revisions_\(k)", pairColumns(label, why) + """
                , ROW_NUMBER() OVER (ORDER BY a.topic_pos, LEAST(a.pos, b.pos), GREATEST(a.pos, b.pos)) AS pos
                  FROM \(topics) a JOIN \(topics) b ON \(sameTopic) AND a.speaker = b.speaker
                  WHERE a.\(dialect.ident("date")) < b.\(dialect.ident("date")) AND NOT \(sameInterval("a", "b"))
                """)
        case .timeline:
            timeline(topics, k)
        }
        listColumns = [:]
        tableColumns = SQLLowering.columnNames((kind == .timeline ? PairColumns.timeline : PairColumns.pairs).map(\.name))
    }

    private func pairColumns(_ label: String, _ why: String) -> String {
        let date = dialect.ident("date")
        return "SELECT \(label) AS kind, a.subject AS subject, a.unit AS unit, a.ord AS a, a.source AS a_source, a.figure AS a_figure, "
            + "a.\(date) AS a_date, b.ord AS b, b.source AS b_source, b.figure AS b_figure, b.\(date) AS b_date, \(why) AS why"
    }

    /// `Pairs.disjoint`: one interval ends before the other starts.
    private func disjoint(_ a: String, _ b: String) -> String {
        func before(_ x: String, _ y: String) -> String {
            "(\(x).ihi IS NOT NULL AND \(y).ilo IS NOT NULL AND (\(x).ihi < \(y).ilo OR (\(x).ihi = \(y).ilo AND (\(x).hi_open OR \(y).lo_open))))"
        }
        return "(\(before(a, b)) OR \(before(b, a)))"
    }

    private func sameInterval(_ a: String, _ b: String) -> String {
        "(\(a).ilo IS NOT DISTINCT FROM \(b).ilo AND \(a).lo_open = \(b).lo_open AND \(a).ihi IS NOT DISTINCT FROM \(b).ihi AND \(a).hi_open = \(b).hi_open)"
    }

    /// Per topic, per speaker (by name; none last), claims by date (undated last): the
    /// claim each supersedes is the last one of the latest earlier date, when its figure
    /// differs.
    private mutating func timeline(_ topics: String, _ k: Int) {
        let date = dialect.ident("date")
        let run = "c.subject, c.unit, c.predicate_family, c.speaker"
        add("runs_\(k)", """
            SELECT c.*, DENSE_RANK() OVER (PARTITION BY \(run) ORDER BY c.\(date)) AS date_rank,
                MAX(c.\(date)) OVER (PARTITION BY \(run)) AS last_date
              FROM \(topics) c
            """)
        let runs = relation
        add("last_of_date_\(k)", """
            SELECT c.subject, c.unit, c.predicate_family, c.speaker, c.date_rank, MAX(c.ord) AS last_ord
              FROM \(runs) c WHERE c.\(date) IS NOT NULL GROUP BY \(run), c.date_rank
            """)
        let lastOfDate = relation
        add("timeline_\(k)", """
            SELECT c.subject AS subject, c.predicate AS predicate, c.unit AS unit, c.speaker AS source, c.\(date) AS \(date),
                c.figure AS figure, c.ord AS claim,
                (CASE WHEN c.\(date) IS NOT NULL AND p.ord IS NOT NULL AND NOT \(sameInterval("p", "c")) THEN p.ord END) AS supersedes,
                (c.last_date IS NULL OR COALESCE(c.\(date) = c.last_date, FALSE)) AS latest,
                ROW_NUMBER() OVER (ORDER BY c.topic_pos, (CASE WHEN c.speaker IS NULL THEN 1 ELSE 0 END),
                    \(scalarRead("name", "entities", "c.speaker")), \(scalarRead("id", "entities", "c.speaker")),
                    c.\(date) NULLS LAST, c.ord) AS pos
              FROM \(runs) c
              LEFT JOIN \(lastOfDate) l ON l.subject = c.subject AND l.unit = c.unit AND l.predicate_family = c.predicate_family
                AND l.speaker = c.speaker AND l.date_rank = c.date_rank - 1 AND c.\(date) IS NOT NULL
              LEFT JOIN \(topics) p ON p.ord = l.last_ord
            """)
    }
}
