/// How a timeline chart is drawn: `--format svg` and `--chart-scale` on the command line,
/// `.chart` in the REPL, `chart` options of a server request.
public struct ChartOptions: Sendable, Equatable {
    public enum Scale: String, Sendable, CaseIterable {
        /// Log for a panel whose figures span three orders of magnitude or more, else linear.
        case auto
        case linear
        case log
    }

    public var scale: Scale
    /// The half-width of an "about" figure's band, as for `certainly`/`possibly`.
    public var approxTolerance: Double
    /// A heading above the panels.
    public var title: String?
    /// In pixels (the height follows from the number of panels).
    public var width: Int

    public init(scale: Scale = .auto, approxTolerance: Double = 0.1, title: String? = nil, width: Int = 960) {
        self.scale = scale
        self.approxTolerance = approxTolerance
        self.title = title
        self.width = max(480, width)
    }
}

/// A timeline of claims as SVG: date across, figure up, one panel per unit, one colour per
/// source, each claim drawn as the interval its qualifier means (see `Interval`): a dot for
/// an exact figure, a band for "about", an arrow up for "at least"/"more than", a bar from
/// zero with a cap for "up to"/"at most", a bar between the bounds for a range.
/// Conflicting claims (as `conflicts` finds them) are joined by a dashed line. Every mark
/// carries a `<title>` (quote, source, document, date) and `data-claim` (its id), so a
/// browser shows the evidence on hover and a page can show it on click.
///
/// Any result that holds claims can be drawn: a `claims ...` query, or a table with claim
/// columns (`conflicts`, `revisions`, `timeline`, a `select` of `a`/`b`): each claim once.
public struct TimelineChart: Sendable {
    public var options: ChartOptions

    public init(_ options: ChartOptions = ChartOptions()) { self.options = options }

    /// The number of distinct claims `render` would draw from, dated or not.
    public static func claimCount(in result: ResultSet) -> Int { claims(in: result).count }

    public func render(_ result: ResultSet) -> String {
        ChartDrawing(options: options, graph: result.graph, claims: TimelineChart.claims(in: result)).svg()
    }

    static func claims(in result: ResultSet) -> [Int32] {
        if case .nodes(.claims, let rows, _) = result.storage { return rows }
        var seen = Set<Int32>()
        return (0..<result.count).flatMap { result.claimRows(row: $0) }.filter { seen.insert($0).inserted }
    }
}
