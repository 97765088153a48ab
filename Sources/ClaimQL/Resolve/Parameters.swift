/// The `$parameters` of a query as typed slots. A parameter's value arrives when the query
/// runs, so what the resolver would have checked for a literal in its place (comparable
/// types, text for `contains`, a list for `in`) is kept as a check run on the bound value,
/// with the message the literal would have got.
struct Parameters: Sendable {
    struct Slot: Sendable {
        let name: String
        /// Where it is first used, and in which text (a `let` binding may bring clauses
        /// from another statement).
        let range: SourceRange
        let file: SourceFile
    }

    struct Check: Sendable {
        let slot: Int
        let range: SourceRange
        let file: SourceFile
        /// nil when the value is fine; else the message and a hint.
        let problem: @Sendable (Cell) -> (String, String?)?
    }

    private(set) var slots: [Slot] = []
    private(set) var checks: [Check] = []

    var names: [String] { slots.map(\.name) }

    mutating func slot(for name: String, at range: SourceRange, in file: SourceFile) -> Int {
        if let k = slots.firstIndex(where: { $0.name == name }) { return k }
        slots.append(Slot(name: name, range: range, file: file))
        return slots.count - 1
    }

    mutating func check(_ slot: Int, at range: SourceRange, in file: SourceFile,
                        _ problem: @escaping @Sendable (Cell) -> (String, String?)?) {
        checks.append(Check(slot: slot, range: range, file: file, problem: problem))
    }

    /// The values for each slot, in slot order, or every problem with them: a missing value
    /// (with the closest bound name), then each failed check.
    func bind(_ values: [String: Cell]) -> Result<[Cell], ResolveErrors> {
        var out: [Cell] = []
        var problems: [Diagnostic] = []
        for s in slots {
            if let v = values[s.name] { out.append(v); continue }
            out.append(.null)
            let hint = values.isEmpty ? "bind it when running the prepared query"
                : Spelling.closest(to: s.name, in: values.keys).map { "did you mean `$\($0)`?" }
            problems.append(Diagnostic.error("no value bound for parameter `$\(s.name)`", at: s.range, hint: hint).in(s.file))
        }
        if problems.isEmpty {
            for c in checks {
                if let (message, hint) = c.problem(out[c.slot]) {
                    problems.append(Diagnostic.error(message, at: c.range, hint: hint).in(c.file))
                }
            }
        }
        return problems.isEmpty ? .success(out) : .failure(ResolveErrors(diagnostics: problems))
    }
}

struct ResolveErrors: Error { let diagnostics: [Diagnostic] }
