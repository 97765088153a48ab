import Foundation

/// The SQL engines the SQL back end writes for. Each differs in small ways that change
/// answers if ignored (see README, "Bigger than one machine"): how names and strings are
/// quoted, the double type, bind parameter markers, regular expressions, and date
/// arithmetic. Everything else the generated SQL uses is common to all three.
public enum SQLDialect: String, CaseIterable, Sendable {
    case postgres, spark, duckdb

    /// A name as an identifier: bare when it is a plain lowercase word no dialect reserves,
    /// quoted otherwise.
    func ident(_ name: String) -> String {
        let plain = name.first.map { $0.isLowercase && $0.isASCII } == true
            && name.allSatisfy { ($0.isLowercase || $0.isNumber || $0 == "_") && $0.isASCII }
        if plain && !SQLDialect.reserved.contains(name) { return name }
        switch self {
        case .spark: return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        case .postgres, .duckdb: return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }

    /// Words some dialect reserves, or that read as SQL: always quoted.
    private static let reserved: Set<String> = [
        "all", "and", "any", "array", "as", "between", "by", "case", "cast", "count", "current_date", "date", "day",
        "default", "desc", "distinct", "else", "end", "except", "false", "from", "group", "having", "in", "interval",
        "is", "join", "key", "like", "limit", "month", "not", "null", "offset", "on", "or", "order", "rows", "row",
        "select", "table", "text", "then", "to", "true", "union", "user", "using", "value", "values", "when", "where",
        "window", "with", "year",
    ]

    /// A string literal. Spark reads backslash escapes inside literals; the others do not.
    func string(_ s: String) -> String {
        var body = s.replacingOccurrences(of: "'", with: "''")
        if self == .spark { body = body.replacingOccurrences(of: "\\", with: "\\\\") }
        return "'" + body + "'"
    }

    var doubleType: String { self == .postgres ? "DOUBLE PRECISION" : "DOUBLE" }
    var textType: String { self == .spark ? "STRING" : "TEXT" }
    var integerType: String { self == .spark ? "INT" : "INTEGER" }

    /// A number literal. Plain where a double column is beside it; `asDouble` where its
    /// own type decides the result (`7 / 2` is 3.5 in ClaimQL, 3 in PostgreSQL's integers).
    func number(_ d: Double, asDouble: Bool = false) -> String {
        let literal = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        return asDouble ? "CAST(\(literal) AS \(doubleType))" : literal
    }

    func date(_ day: Day) -> String { "DATE '\(day.description)'" }

    /// The marker of bind parameter number `n` (from 1).
    func parameter(_ n: Int) -> String { self == .spark ? ":p\(n)" : "$\(n)" }

    /// Days from `b` to `a` as a double.
    func daysBetween(_ a: String, _ b: String) -> String {
        switch self {
        case .postgres: return "CAST((\(a) - \(b)) AS DOUBLE PRECISION)"
        case .spark: return "CAST(datediff(\(a), \(b)) AS DOUBLE)"
        case .duckdb: return "CAST(datediff('day', \(b), \(a)) AS DOUBLE)"
        }
    }

    /// A date moved by a number of days (the number truncated toward zero, as in memory).
    func addDays(_ date: String, _ days: String) -> String {
        switch self {
        case .postgres: return "(\(date) + CAST(trunc(\(days)) AS INTEGER))"
        case .spark: return "date_add(\(date), CAST(\(days) AS INT))"
        case .duckdb: return "CAST(\(date) + CAST(trunc(\(days)) AS INTEGER) AS DATE)"
        }
    }

    /// Text lowercased by Unicode's rules, as Swift's `lowercased()`: PostgreSQL's `lower`
    /// follows the column's collation, and our columns are `COLLATE "C"` (ASCII only), so it
    /// lowercases under ICU's root locale instead.
    func lowercase(_ text: String) -> String {
        self == .postgres ? "lower(\(text) COLLATE \"und-x-icu\")" : "lower(\(text))"
    }

    /// Whether `needle` occurs in `text` (both already lowercased).
    func position(_ needle: String, in text: String) -> String {
        switch self {
        case .postgres, .duckdb: return "strpos(\(text), \(needle)) > 0"
        case .spark: return "instr(\(text), \(needle)) > 0"
        }
    }

    /// A regular-expression search.
    func regex(_ text: String, _ pattern: String) -> String {
        switch self {
        case .postgres: return "(\(text) ~ \(pattern))"
        case .spark: return "(\(text) RLIKE \(pattern))"
        case .duckdb: return "regexp_matches(\(text), \(pattern))"
        }
    }

    /// `x` is one of the values of an array parameter.
    func inArray(_ x: String, _ array: String) -> String {
        switch self {
        case .postgres: return "(\(x) = ANY(\(array)))"
        case .spark: return "array_contains(\(array), \(x))"
        case .duckdb: return "list_contains(\(array), \(x))"
        }
    }
}
