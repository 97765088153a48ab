/// `explain QUERY`: the plan as a table, one row per operator from the result down to the
/// scan (indented like DataFusion's `display_indent`), with the estimated rows; with
/// `explain analyze`, the actual rows and milliseconds of each operator as it ran.
enum Explain {
    /// What one run measured: rows out of and time in the scan (index 0) and each step.
    struct Analysis: Sendable {
        var rows: [Int]
        var milliseconds: [Double]
    }

    static func columns(analyze: Bool) -> [String] {
        analyze ? ["plan", "est_rows", "rows", "ms"] : ["plan", "est_rows"]
    }

    /// The rows of the explain table. `notes[k]` says how the back end runs step k
    /// (k = 0 is the scan), shown in brackets after the operator.
    static func rows(_ plan: LogicalPlan, _ g: FactGraph, notes: [String?], analysis: Analysis?) -> [[Cell]] {
        var lines: [(text: String, estimate: Double)] = []
        var estimate = Estimates.rows(of: plan.scan.access, g)
        if plan.scan.collection != .claims {
            estimate = Double(plan.scan.collection == .entities ? g.entities.count : g.documents.count)
        }
        lines.append((scanText(plan), estimate))
        for (k, step) in plan.steps.enumerated() {
            estimate = stepEstimate(step, k, plan, estimate, g)
            lines.append((text(step, plan.parameters.names), estimate))
        }
        var out: [[Cell]] = []
        let depth = lines.count - 1 + (plan.isCount ? 1 : 0)
        if plan.isCount {
            var row: [Cell] = [.string("Count"), .number(1)]
            if let analysis {
                row += [.number(1), .number(analysis.milliseconds.last ?? 0)]
            }
            out.append(row)
        }
        for (k, line) in lines.enumerated().reversed() {
            let indent = String(repeating: "  ", count: depth - k)
            let note = k < notes.count ? notes[k].map { " [\($0)]" } ?? "" : ""
            // Whole rows: a fraction of a row is at least one (0 only when nothing can come).
            var row: [Cell] = [.string(indent + line.text + note), .number(line.estimate.rounded(.up))]
            if let analysis {
                row += [.number(Double(analysis.rows[k])), .number((analysis.milliseconds[k] * 1000).rounded() / 1000)]
            }
            out.append(row)
        }
        return out
    }

    private static func stepEstimate(_ step: LogicalPlan.Step, _ k: Int, _ plan: LogicalPlan, _ input: Double,
                                     _ g: FactGraph) -> Double {
        switch step.op {
        case .filter(let e):
            var s = 1.0
            let leading = plan.steps[...k].allSatisfy { if case .filter = $0.op { true } else { false } }
            for c in e.conjuncts where !(leading && c.range == plan.scan.narrowedBy) { s *= Estimates.selectivity(c, g) }
            return input * s
        case .group(let keys, _, _):
            if keys.isEmpty { return min(input, 1) }
            if keys.count == 1, case .field(let f) = keys[0].kind {
                switch f {
                case .claim(.source), .claim(.subject): return min(input, Double(g.entities.count))
                case .claim(.doc): return min(input, Double(g.documents.count))
                default: break
                }
            }
            return max(min(input, 1), input / 10)
        case .slice(let s):
            guard case .literal(let n) = s.count else { return input }
            return s.isLimit ? min(input, Double(n)) : max(0, input - Double(n))
        case .latest, .distinct: return input / 2
        case .pairs, .project, .sort, .evidence: return input
        }
    }

    static func scanText(_ plan: LogicalPlan) -> String {
        let name = plan.scan.collection.rawValue
        let file = plan.steps.first?.file ?? plan.file
        switch plan.scan.access {
        case .all: return "Scan \(name)"
        case .entities(let index, let names):
            return "Scan \(name) via \(index.rawValue) index: \(describe(names, plan.parameters.names))"
        case .keys(let index, let keys):
            switch keys {
            case .literal(let values): return "Scan \(name) via \(index.rawValue) index: " + values.map(Expr.quote).joined(separator: ", ")
            case .parameter(let slot): return "Scan \(name) via \(index.rawValue) index: $\(plan.parameters.names[slot])"
            }
        case .sources(let condition):
            return "Scan \(name) of the sources where \(file.slice(condition.range))"
        }
    }

    private static func describe(_ names: EntityNames, _ parameters: [String]) -> String {
        switch names.written {
        case .names(let written, let entities):
            let list = written.map(Expr.quote).joined(separator: ", ")
            return "\(list) (\(entities.count) entit\(entities.count == 1 ? "y" : "ies"))"
        case .parameter(let slot):
            return "$" + parameters[slot]
        }
    }

    static func text(_ step: LogicalPlan.Step, _ parameters: [String]) -> String {
        let f = step.file
        switch step.op {
        case .filter(let e): return "Filter: " + f.slice(e.range)
        case .pairs(let kind): return kind == .timeline ? "Timeline" : "Pairs: \(kind.rawValue)"
        case .group(let keys, let names, let aggregates):
            let aggs = aggregates.map(\.text).joined(separator: ", ")
            return keys.isEmpty ? "Aggregate: \(aggs)" : "Group by: \(names.joined(separator: ", ")); aggregates: \(aggs)"
        case .project(_, let names): return "Project: " + names.joined(separator: ", ")
        case .sort(let keys): return "Sort: " + keys.map { f.slice($0.expr.range) + ($0.descending ? " desc" : "") }.joined(separator: ", ")
        case .slice(let s):
            let n: String
            switch s.count {
            case .literal(let k): n = String(k)
            case .parameter(let slot): n = "$" + parameters[slot]
            }
            return (s.isLimit ? "Limit: " : "Offset: ") + n
        case .distinct: return "Distinct"
        case .latest(let keys): return "Latest by: " + keys.map { f.slice($0.range) }.joined(separator: ", ")
        case .evidence: return "Evidence"
        }
    }
}
