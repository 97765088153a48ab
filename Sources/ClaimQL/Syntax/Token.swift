/// A token is a kind and a span of the source: its text is sliced only when needed.
struct Token: Sendable, Equatable {
    let kind: TokenKind
    let range: SourceRange
}

enum TokenKind: Sendable, Hashable {
    case identifier, keyword(Keyword)
    case string, number, date, parameter
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case comma, dot, dotdot, colon, semicolon
    case eq, ne, lt, le, gt, ge, plus, minus, star, slash
    /// The lexer already reported a diagnostic for it.
    case invalid
    case eof

    var display: String {
        switch self {
        case .identifier: return "a name"
        case .keyword(let k): return "`\(k.rawValue)`"
        case .string: return "a string"
        case .number: return "a number"
        case .date: return "a date"
        case .parameter: return "a parameter"
        case .lparen: return "`(`"
        case .rparen: return "`)`"
        case .lbracket: return "`[`"
        case .rbracket: return "`]`"
        case .lbrace: return "`{`"
        case .rbrace: return "`}`"
        case .comma: return "`,`"
        case .dot: return "`.`"
        case .dotdot: return "`..`"
        case .colon: return "`:`"
        case .semicolon: return "`;`"
        case .eq: return "`=`"
        case .ne: return "`!=`"
        case .lt: return "`<`"
        case .le: return "`<=`"
        case .gt: return "`>`"
        case .ge: return "`>=`"
        case .plus: return "`+`"
        case .minus: return "`-`"
        case .star: return "`*`"
        case .slash: return "`/`"
        case .invalid: return "an invalid token"
        case .eof: return "end of input"
        }
    }
}

/// The one keyword table. Keywords are case-insensitive (`WHERE` reads as `where`), like SQL.
enum Keyword: String, Sendable, CaseIterable {
    case claims, entities, documents
    case `where`, and, or, not, `in`, between, `is`, null, `true`, `false`
    case contains, matches
    case order, by, asc, desc, limit, offset, select, `as`, group, count
    case `let`, load
    case entity, document, claim
    case certainly, possibly
    case conflicts, revisions, timeline
    case distinct, latest, evidence
    case explain, analyze

    /// Keywords that also name fields or columns where a value is expected (`claim` and
    /// `latest` are columns of `timeline`, `evidence` rows have a `claim`).
    static let fieldNames: Set<Keyword> = [.entity, .document, .claim, .latest, .evidence, .timeline, .distinct, .analyze]

    static let table: [String: Keyword] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
