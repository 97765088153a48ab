/// Turns source bytes into tokens. Hand-written, one pass, no backtracking beyond a few
/// bytes of lookahead; every loop advances, so no input can hang it.
struct Lexer {
    /// Longest token the lexer accepts; longer ones are reported, not stored (robustness).
    static let maxTokenLength = 1 << 20

    private let bytes: [UInt8]
    private var pos = 0
    private(set) var diagnostics: [Diagnostic] = []
    /// The comments skipped (`-- ...` to the end of the line), for the formatter.
    private(set) var comments: [SourceRange] = []
    /// Where the script starts: after a byte order mark and a `#!` line.
    private(set) var scriptStart = 0

    init(_ file: SourceFile) {
        bytes = file.bytes
        // A UTF-8 byte order mark and a `#!` line at the very start are not part of the script.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        if bytes[pos...].starts(with: [UInt8(ascii: "#"), UInt8(ascii: "!")]) {
            while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
        }
        scriptStart = pos
    }

    /// Tokens (without the end) and comments, in order, for the formatter.
    static func tokensAndComments(_ file: SourceFile) -> (tokens: [Token], comments: [SourceRange], start: Int) {
        var lexer = Lexer(file)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            if t.kind == .eof { break }
            tokens.append(t)
        }
        return (tokens, lexer.comments, lexer.scriptStart)
    }

    static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .eof { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private func peek(_ k: Int = 0) -> UInt8 { pos + k < bytes.count ? bytes[pos + k] : 0 }

    mutating func next() -> Token {
        skipTrivia()
        let start = pos
        guard pos < bytes.count else { return Token(kind: .eof, range: SourceRange(pos, pos)) }
        let c = bytes[pos]
        func single(_ k: TokenKind, _ n: Int = 1) -> Token {
            pos += n
            return Token(kind: k, range: SourceRange(start, pos))
        }
        switch c {
        case UInt8(ascii: "("): return single(.lparen)
        case UInt8(ascii: ")"): return single(.rparen)
        case UInt8(ascii: "["): return single(.lbracket)
        case UInt8(ascii: "]"): return single(.rbracket)
        case UInt8(ascii: "{"): return single(.lbrace)
        case UInt8(ascii: "}"): return single(.rbrace)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "*"): return single(.star)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "."): return peek(1) == UInt8(ascii: ".") ? single(.dotdot, 2) : single(.dot)
        case UInt8(ascii: "="): return peek(1) == UInt8(ascii: "=") ? single(.eq, 2) : single(.eq)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { return single(.ne, 2) }
            return invalid(start, 1, "unexpected character `!`", hint: "use `not` for negation and `!=` for inequality")
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") { return single(.le, 2) }
            if peek(1) == UInt8(ascii: ">") { return single(.ne, 2) }
            return single(.lt)
        case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? single(.ge, 2) : single(.gt)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "'"):
            // One error for the whole 'quoted' text, not one per quote.
            var end = start + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "'"), bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let length = end < bytes.count && bytes[end] == UInt8(ascii: "'") ? end + 1 - start : 1
            return invalid(start, length, "strings are written in double quotes", hint: "write \"...\" instead of '...'")
        case UInt8(ascii: "`"):
            // `doc-003`, `group`: an id that is not a plain identifier (ids from JSON Lines
            // may hold any character, or be a keyword), quoted as SQL and Swift quote names.
            // Inside, the escapes of strings and \` for a backquote.
            var end = start + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "`"), bytes[end] != UInt8(ascii: "\n") {
                if bytes[end] == UInt8(ascii: "\\") {
                    let e = end + 1 < bytes.count ? bytes[end + 1] : 0
                    guard "`\"\\/ntrbfu".utf8.contains(e) else {
                        return invalid(end, min(2, bytes.count - end), "unknown escape in a quoted name", hint: "write \\` for a backquote, \\\\ for a backslash")
                    }
                    if e == UInt8(ascii: "u") {
                        guard end + 6 <= bytes.count, (end + 2..<end + 6).allSatisfy({ isHex(bytes[$0]) }) else {
                            return invalid(end, min(2, bytes.count - end), "`\\u` needs four hex digits")
                        }
                        end += 4
                    }
                    end += 2
                    continue
                }
                end += 1
            }
            // (`` is the empty name: JSON Lines allows an attribute called "".)
            guard end < bytes.count, bytes[end] == UInt8(ascii: "`") else {
                return invalid(start, max(1, end - start), "unterminated quoted name", hint: "a quoted name is `...` on one line")
            }
            if end - start > Lexer.maxTokenLength { return invalid(start, end + 1 - start, "name is too long") }
            pos = end + 1
            return Token(kind: .identifier, range: SourceRange(start, pos))
        case UInt8(ascii: "$"):
            pos += 1
            guard isIdentStart(peek()) else {
                return invalid(start, 1, "expected a parameter name after `$`")
            }
            while isIdentContinue(peek()) { pos += 1 }
            return Token(kind: .parameter, range: SourceRange(start, pos))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default:
            if isIdentStart(c) {
                while pos < bytes.count && isIdentContinue(bytes[pos]) { pos += 1 }
                if pos - start > Lexer.maxTokenLength { return invalid(start, pos - start, "name is too long") }
                let word = String(decoding: bytes[start..<pos], as: UTF8.self)
                if let k = Keyword.table[word.lowercased()] {
                    return Token(kind: .keyword(k), range: SourceRange(start, pos))
                }
                return Token(kind: .identifier, range: SourceRange(start, pos))
            }
            return invalidCharacter(start)
        }
    }

    private mutating func invalid(_ start: Int, _ length: Int, _ message: String, hint: String? = nil) -> Token {
        pos = start + length
        let range = SourceRange(start, pos)
        diagnostics.append(.error(message, at: range, hint: hint))
        return Token(kind: .invalid, range: range)
    }

    private mutating func invalidCharacter(_ start: Int) -> Token {
        let c = bytes[start]
        if c == 0 { return invalid(start, 1, "NUL byte in source") }
        let length = utf8Length(c)
        if length == 0 || !validUTF8(at: start, length: length) {
            return invalid(start, 1, "invalid UTF-8 byte 0x\(String(c, radix: 16, uppercase: true))")
        }
        let text = String(decoding: bytes[start..<start + length], as: UTF8.self)
        var hint: String? = nil
        if text == "“" || text == "”" { hint = "use straight double quotes \"...\" for strings" }
        return invalid(start, length, "unexpected character `\(text)`", hint: hint)
    }

    private mutating func skipTrivia() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                pos += 1
            } else if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                let start = pos
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
                comments.append(SourceRange(start, pos))
            } else {
                return
            }
        }
    }

    // MARK: strings

    private mutating func string() -> Token {
        let start = pos
        pos += 1
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                if pos - start > Lexer.maxTokenLength {
                    diagnostics.append(.error("string is longer than \(Lexer.maxTokenLength) bytes",
                                              at: SourceRange(start, start + 1)))
                    return Token(kind: .invalid, range: SourceRange(start, pos))
                }
                return Token(kind: .string, range: SourceRange(start, pos))
            }
            // Strings may span lines (as in SQL), so an open string in the REPL reads on.
            if c == UInt8(ascii: "\\") {
                let escStart = pos
                pos += 1
                switch peek() {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "n"),
                     UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                    pos += 1
                case UInt8(ascii: "u"):
                    pos += 1
                    var n = 0
                    while n < 4 && isHex(peek()) { pos += 1; n += 1 }
                    if n < 4 {
                        diagnostics.append(.error("`\\u` needs four hex digits", at: SourceRange(escStart, pos)))
                    }
                default:
                    let len = max(1, utf8Length(peek()))
                    pos = min(pos + len, bytes.count)
                    diagnostics.append(.error("unknown escape `\(String(decoding: bytes[escStart..<pos], as: UTF8.self))` in string",
                                              at: SourceRange(escStart, pos),
                                              hint: "escapes are \\\" \\\\ \\n \\t \\r \\uXXXX"))
                }
                continue
            }
            if c == 0 {
                diagnostics.append(.error("NUL byte in string", at: SourceRange(pos, pos + 1)))
            } else if c >= 0x80 {
                let len = utf8Length(c)
                if len == 0 || !validUTF8(at: pos, length: len) {
                    diagnostics.append(.error("invalid UTF-8 byte 0x\(String(c, radix: 16, uppercase: true)) in string",
                                              at: SourceRange(pos, pos + 1)))
                    pos += 1
                    continue
                }
                pos += len
                continue
            }
            pos += 1
        }
        diagnostics.append(.error("unterminated string", at: SourceRange(start, start + 1),
                                  hint: "close it with `\"`"))
        return Token(kind: .invalid, range: SourceRange(start, pos))
    }

    // MARK: numbers and dates

    private mutating func number() -> Token {
        let start = pos
        // ISO date: dddd-dd-dd not followed by a name character.
        if pos + 10 <= bytes.count,
           (0..<4).allSatisfy({ isDigit(bytes[pos + $0]) }), bytes[pos + 4] == UInt8(ascii: "-"),
           isDigit(bytes[pos + 5]), isDigit(bytes[pos + 6]), bytes[pos + 7] == UInt8(ascii: "-"),
           isDigit(bytes[pos + 8]), isDigit(bytes[pos + 9]), !isIdentContinue(peek(10)) {
            pos += 10
            return Token(kind: .date, range: SourceRange(start, pos))
        }
        while isDigit(peek()) || peek() == UInt8(ascii: "_") { pos += 1 }
        if peek() == UInt8(ascii: ".") && isDigit(peek(1)) {
            pos += 1
            while isDigit(peek()) || peek() == UInt8(ascii: "_") { pos += 1 }
        }
        if (peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E")) &&
            (isDigit(peek(1)) || ((peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")) && isDigit(peek(2)))) {
            pos += 2
            while isDigit(peek()) { pos += 1 }
        }
        let suffixAt = pos
        if isIdentStart(peek()) {
            while isIdentContinue(peek()) { pos += 1 }
            let suffix = String(decoding: bytes[suffixAt..<pos], as: UTF8.self)
            switch suffix {
            case "k", "K", "M", "B": break
            case "m":
                diagnostics.append(.error("`m` is not a number suffix", at: SourceRange(suffixAt, pos),
                                          hint: "write `M` for million (k or K thousand, M million, B billion)"))
                return Token(kind: .invalid, range: SourceRange(start, pos))
            default:
                diagnostics.append(.error("unknown number suffix `\(suffix)`", at: SourceRange(suffixAt, pos),
                                          hint: "suffixes are k or K (thousand), M (million), B (billion)"))
                return Token(kind: .invalid, range: SourceRange(start, pos))
            }
        }
        return Token(kind: .number, range: SourceRange(start, pos))
    }

    // MARK: character classes

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }
    /// Whether `s` reads back as one identifier (not a keyword): what a writer of
    /// declarations may print bare.
    /// `s` as a declaration writes it: bare when it is an identifier, else in backquotes
    /// with a string's escapes (and \` for a backquote).
    static func spell(_ s: String) -> String {
        if isIdentifier(s) { return s }
        let quoted = Escapes.quote(s)
        // Inside backquotes a double quote needs no escape, a backquote does.
        let inner = quoted.dropFirst().dropLast().replacingOccurrences(of: "\\\"", with: "\"")
            .replacingOccurrences(of: "`", with: "\\`")
        return "`" + inner + "`"
    }

    /// A name as the printer writes it where keywords are read as names too (fields,
    /// `let` names): bare unless it needs backquotes.
    static func name(_ s: String) -> String {
        isIdentifier(s) || (Keyword.table[s.lowercased()] != nil && s == s.lowercased()) ? s : spell(s)
    }

    /// The name a backquoted token stands for: its content with escapes decoded.
    static func quotedName(_ bytes: ArraySlice<UInt8>) -> String {
        var plain: [UInt8] = [UInt8(ascii: "\"")]
        var i = bytes.startIndex + 1
        let end = bytes.endIndex - 1
        while i < end {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < end {
                if bytes[i + 1] == UInt8(ascii: "`") { plain.append(UInt8(ascii: "`")) } else { plain += [bytes[i], bytes[i + 1]] }
                i += 2
            } else {
                plain.append(bytes[i])
                i += 1
            }
        }
        plain.append(UInt8(ascii: "\""))
        return Literals.string(plain[...])
    }

    static func isIdentifier(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func start(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || c == UInt8(ascii: "_") }
        guard let first = b.first, start(first) else { return false }
        return b.allSatisfy { start($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) } && Keyword.table[s.lowercased()] == nil
    }

    private func isIdentStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
    }
    private func isIdentContinue(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }

    private func utf8Length(_ c: UInt8) -> Int {
        switch c {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    private func validUTF8(at i: Int, length: Int) -> Bool {
        guard i + length <= bytes.count else { return false }
        for k in 1..<max(1, length) where bytes[i + k] & 0xC0 != 0x80 { return false }
        return String(validating: bytes[i..<i + length], as: UTF8.self) != nil
    }
}
