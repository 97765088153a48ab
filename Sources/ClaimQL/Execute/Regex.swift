import Foundation

/// NSRegularExpression is thread-safe for matching; this wrapper says so to the compiler.
///
/// ICU matches by backtracking, so a pattern such as `(a+)+$` can take exponential time on
/// a short text, and NSRegularExpression sets no time limit of its own. Matching asks ICU
/// for progress reports (every ~10,000 backtracking steps and at each start position)
/// and stops when the run is cancelled or past its time limit, or when one text has taken
/// `maxSecondsPerText`, whatever the limits: no claim's text needs that long, and a
/// runaway pattern must not hang a session that set no time limit.
final class RegexBox: @unchecked Sendable {
    enum Outcome { case found, notFound, stopped(String) }
    let regex: NSRegularExpression
    static let maxSecondsPerText: Duration = .seconds(2)
    init(_ regex: NSRegularExpression) { self.regex = regex }

    /// The pattern compiled, or nil when it is not a valid ICU regular expression.
    static func compile(_ pattern: String) -> RegexBox? {
        (try? NSRegularExpression(pattern: pattern)).map(RegexBox.init)
    }

    func search(_ s: String, _ budget: RunBudget) -> Outcome {
        var found = false
        var reports = 0
        var stopped: String? = nil
        let start = ContinuousClock.now
        regex.enumerateMatches(in: s, options: [.reportProgress, .reportCompletion],
                               range: NSRange(s.startIndex..., in: s)) { match, flags, stop in
            if match != nil { found = true; stop.pointee = true; return }
            // ICU gave up (its backtracking stack is full): an error, never "no match".
            if flags.contains(.internalError) {
                stopped = "the regular expression backtracks too deeply on this text; simplify nested repetition such as (a+)+"
                return
            }
            reports += 1
            guard reports & 0x3F == 0 else { return }
            if let why = budget.stopReason() {
                stopped = why
            } else if ContinuousClock.now - start > RegexBox.maxSecondsPerText {
                stopped = "the regular expression took over 2 seconds on one text (catastrophic backtracking?); "
                    + "simplify nested repetition such as (a+)+"
            }
            if stopped != nil { stop.pointee = true }
        }
        if let stopped { return .stopped(stopped) }
        return found ? .found : .notFound
    }
}

