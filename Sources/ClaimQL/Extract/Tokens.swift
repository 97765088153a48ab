/// An article's text cut into tokens and sentences, the first stage of extraction.
/// Offsets count Unicode scalars (what Python's `str` indexes), so a span written in the
/// drafts slices the same text in any language that indexes code points.
struct ArticleText {
    let scalars: [Unicode.Scalar]
    /// The text's UTF-8, and where each scalar starts in it (one more for the end):
    /// token texts and quotes are cut from the bytes, not rebuilt scalar by scalar.
    let utf8: [UInt8]
    let offsets: [Int32]
    let tokens: [Token]
    /// Token ranges of the sentences, in order.
    let sentences: [Range<Int>]

    struct Token {
        enum Kind: UInt8 { case word, number, punct }
        let kind: Kind
        /// Scalar offsets of the token in the text.
        let start: Int
        let end: Int
        let text: String
        let lower: String
        /// Whitespace (or the start of the text) before it: `1.8bn` is `1.8` then `bn`
        /// without space, `1.8 bn` has space.
        let spaceBefore: Bool
        /// A line break before it: paragraphs end sentences.
        let lineBreakBefore: Bool

        /// Starts with a capital letter; every letter a capital (and more than one).
        let isCapitalized: Bool
        let isAllCaps: Bool
        func isPunct(_ p: String) -> Bool { kind == .punct && text == p }
    }

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        utf8 = Array(text.utf8)
        var o: [Int32] = []
        o.reserveCapacity(scalars.count + 1)
        var n: Int32 = 0
        for u in scalars {
            o.append(n)
            n += Int32(UTF8.width(u))
        }
        o.append(n)
        offsets = o
        tokens = ArticleText.tokenize(scalars, utf8, o)
        sentences = ArticleText.split(tokens)
    }

    func slice(_ start: Int, _ end: Int) -> String {
        let a = Int(offsets[max(0, min(start, scalars.count))]), b = Int(offsets[max(0, min(end, scalars.count))])
        return String(decoding: utf8[a..<max(a, b)], as: UTF8.self)
    }

    // MARK: tokens

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }
        return c.properties.isAlphabetic || c.properties.generalCategory == .nonspacingMark
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    static func isApostrophe(_ c: Unicode.Scalar) -> Bool { c == "'" || c == "\u{2019}" }

    static func isUpper(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 ? (u.value >= 0x41 && u.value <= 0x5A) : u.properties.isUppercase
    }

    static func isLower(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x80 ? (u.value >= 0x61 && u.value <= 0x7A) : u.properties.isLowercase
    }

    private static func tokenize(_ s: [Unicode.Scalar], _ utf8: [UInt8], _ offsets: [Int32]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(s.count / 5)
        var i = 0
        var space = true, lineBreak = false
        var bytes: [UInt8] = []
        func add(_ kind: Token.Kind, _ a: Int, _ b: Int) {
            let slice = utf8[Int(offsets[a])..<Int(offsets[b])]
            let t = String(decoding: slice, as: UTF8.self)
            var lower = t
            var capitalized = false, allCaps = false
            if kind == .word {
                capitalized = isUpper(s[a])
                allCaps = b - a > 1 && !s[a..<b].contains(where: isLower)
                if slice.allSatisfy({ $0 < 0x80 }) {
                    // ASCII (most words): lowered by hand.
                    if s[a..<b].contains(where: isUpper) {
                        bytes.removeAll(keepingCapacity: true)
                        for c in slice { bytes.append(c >= 0x41 && c <= 0x5A ? c + 32 : c) }
                        lower = String(decoding: bytes, as: UTF8.self)
                    }
                } else {
                    lower = t.lowercased()
                }
            }
            out.append(Token(kind: kind, start: a, end: b, text: t, lower: lower, spaceBefore: space,
                             lineBreakBefore: lineBreak, isCapitalized: capitalized, isAllCaps: allCaps))
            space = false
            lineBreak = false
        }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\n" || c == "\t" || c == "\r" || (c.value >= 0x80 && c.properties.isWhitespace) || c == "\u{00A0}" {
                space = true
                if c == "\n" || c == "\r" || c == "\u{2028}" || c == "\u{2029}" { lineBreak = true }
                i += 1
                continue
            }
            if c.value < 0x20 || (c.value >= 0x7F && (c.properties.generalCategory == .control || c.properties.generalCategory == .format)) {
                // NUL and other invisible controls separate tokens and are not text.
                space = true
                i += 1
                continue
            }
            let start = i
            if isDigit(c) {
                // Digits, with , or . between digits: 1,000  4.8  1,234.5
                i += 1
                while i < s.count {
                    if isDigit(s[i]) { i += 1; continue }
                    if (s[i] == "," || s[i] == "."), i + 1 < s.count, isDigit(s[i + 1]) { i += 2; continue }
                    break
                }
                add(.number, start, i)
                continue
            }
            if isLetter(c) {
                i += 1
                while i < s.count {
                    if isLetter(s[i]) || isDigit(s[i]) { i += 1; continue }
                    // An apostrophe inside a word (O'Brien, don't), but not a possessive 's
                    // at the end, which is a token of its own.
                    if isApostrophe(s[i]), i + 1 < s.count, isLetter(s[i + 1]) {
                        let possessive = (s[i + 1] == "s" || s[i + 1] == "S")
                            && (i + 2 >= s.count || !isLetter(s[i + 2]))
                        if possessive { break }
                        i += 2
                        continue
                    }
                    break
                }
                add(.word, start, i)
                continue
            }
            i += 1
            add(.punct, start, i)
        }
        return out
    }

    // MARK: sentences

    /// Words after which a full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "cmdr", "rep", "sen", "gov",
        "st", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "approx", "est", "fig", "vol", "pp",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u", "s", "e", "g", "i",
    ]

    static let longestSentence = 400

    private static func split(_ t: [Token]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        var k = 0
        func close(_ end: Int) {
            if end > start { out.append(start..<end) }
            start = end
        }
        while k < t.count {
            if k > start && t[k].lineBreakBefore { close(k) }
            // No sentence of news runs to this many tokens; a text without stops (a table,
            // a list of numbers) is cut into pieces this long, so that what is done per
            // sentence (speakers, units from nearby figures) stays bounded and the whole
            // pass linear in the text.
            if k - start >= ArticleText.longestSentence { close(k) }
            let tok = t[k]
            if tok.kind == .punct, [".", "!", "?", "\u{2026}"].contains(tok.text) {
                var end = k + 1
                // A closing quote or bracket right after the stop belongs to the sentence.
                while end < t.count, !t[end].spaceBefore, t[end].kind == .punct,
                      ["\"", "\u{201D}", "'", "\u{2019}", ")"].contains(t[end].text) { end += 1 }
                let next = end < t.count ? t[end] : nil
                var ends = next == nil || next!.lineBreakBefore
                if let next, !ends, next.spaceBefore {
                    let startsUpper = next.isCapitalized || next.kind == .number
                        || ["\"", "\u{201C}", "'", "\u{2018}", "("].contains(next.text)
                    ends = startsUpper
                }
                if ends, tok.text == ".", k > 0, t[k - 1].kind == .word, !t[k].spaceBefore {
                    let prev = t[k - 1]
                    // Mr. Smith, Oct. 13, U.S. officials, an initial (Amara D. Karimi).
                    if abbreviations.contains(prev.lower) || (prev.text.unicodeScalars.count == 1 && prev.isCapitalized) {
                        ends = next.map { $0.lineBreakBefore } ?? true
                    }
                }
                if ends { close(end); k = end; continue }
            }
            k += 1
        }
        close(t.count)
        return out
    }
}
