import Foundation

/// The parts of an article file: a title (the first line, when a blank line follows it), a
/// dateline (`ARDANA, March 14, 2025 -`) that gives the date, and the body.
struct ArticleParts {
    var title: String?
    var published: Day?
    /// Where the body starts (scalar offset): figures are looked for from here on.
    var bodyStart: Int
    /// The dateline's end, so its date is not read as a figure.
    var datelineEnd: Int?

    init(_ text: ArticleText) {
        let s = text.scalars
        bodyStart = 0
        // Title: a first line followed by a blank line (and not the whole text).
        if let nl = s.firstIndex(of: "\n") {
            var i = nl + 1
            if i < s.count, s[i] == "\r" { i += 1 }
            var blank = false
            var j = i
            while j < s.count, s[j] == " " || s[j] == "\t" || s[j] == "\r" { j += 1 }
            if j < s.count, s[j] == "\n" { blank = true }
            let first = text.slice(0, nl).trimmingCharacters(in: .whitespacesAndNewlines)
            if blank, !first.isEmpty, first.count <= 300 {
                title = first
                bodyStart = j
            }
        }
        (published, datelineEnd) = ArticleParts.dateline(text, from: bodyStart)
    }

    /// `PLACE, Month Day, Year -` (or `Day Month Year`, or an ISO date) at the start of the
    /// body: the date, and where the dateline ends.
    static func dateline(_ text: ArticleText, from start: Int) -> (Day?, Int?) {
        let t = text.tokens
        guard var k = t.firstIndex(where: { $0.start >= start }) else { return (nil, nil) }
        let limit = min(t.count, k + 14)
        // The place: capitalized words, commas, up to the first number or month.
        var sawPlace = false
        while k < limit, t[k].kind == .word, Lexicon.months[t[k].lower] == nil || t[k].isAllCaps && t[k].text.count > 3 {
            guard t[k].isCapitalized || t[k].isAllCaps else { return (nil, nil) }
            sawPlace = true
            k += 1
            while k < limit, t[k].kind == .punct, [",", "/", "(", ")", "."].contains(t[k].text) { k += 1 }
        }
        guard sawPlace, k < limit else { return (nil, nil) }
        var year: Int? = nil, month: Int? = nil, day: Int? = nil
        var i = k
        // Month Day, Year  |  Day Month Year  |  YYYY-MM-DD
        while i < limit {
            let tok = t[i]
            if tok.kind == .word, let m = Lexicon.months[tok.lower] { month = m }
            else if tok.kind == .number, let v = Int(tok.text) {
                if v >= 1000 && v <= 2100 { year = v } else if v >= 1 && v <= 31 { day = day ?? v } else { break }
            } else if tok.kind == .punct, ["-", "\u{2013}", "\u{2014}", ":"].contains(tok.text), year != nil {
                break
            } else if tok.kind == .punct, [",", ".", "-"].contains(tok.text) {
            } else {
                break
            }
            i += 1
            if year != nil, month != nil, day != nil { break }
        }
        // ISO: 2025-03-14 is tokens 2025 - 03 - 14
        if year != nil, month == nil, day == nil, i < limit {
            if let d = Day(iso: text.slice(t[k].start, min(text.scalars.count, t[k].start + 10))) {
                return (d, t[k].start + 10)
            }
        }
        guard let y = year, let m = month, let d = day, let date = Day(year: y, month: m, day: d) else { return (nil, nil) }
        // The dash after the date ends the dateline.
        var end = t[max(k, i - 1)].end
        var j = i
        while j < limit, t[j].kind == .punct, [",", "-", "\u{2013}", "\u{2014}", ":", "(", ")"].contains(t[j].text) || (t[j].kind == .word && t[j].isAllCaps && j < i + 3) {
            end = t[j].end
            j += 1
        }
        return (date, end)
    }
}
