/// What is not a figure, and what qualifies one.
extension FigureFinder {
    /// Years, dates, times, ordinals, calibres, ages and designations: numbers that are
    /// not amounts. (A currency before a number always makes it an amount.)
    func excluded(_ n: Numeral, _ s: Range<Int>, rangeEnd: Bool = false) -> Bool {
        let k = n.first
        func word(_ i: Int) -> String? { s.contains(i) && tokens[i].kind == .word ? tokens[i].lower : nil }
        func isPunct(_ i: Int, _ p: String) -> Bool { s.contains(i) && tokens[i].isPunct(p) }
        // Ratios: two out of three, one in ten.
        if word(n.last + 1) == "out", word(n.last + 2) == "of" { return true }
        if word(k - 1) == "of", word(k - 2) == "out" { return true }
        if word(k - 1) == "in", s.contains(k - 2), tokens[k - 2].kind == .number || Lexicon.smallNumbers[tokens[k - 2].lower] != nil { return true }
        // Ages: a 45-year-old, two-year-olds, aged 45.
        if isPunct(n.last + 1, "-"), word(n.last + 2) == "year", isPunct(n.last + 3, "-"),
           let w = word(n.last + 4), w == "old" || w == "olds" { return true }
        // Fractions: two-thirds, three quarters (a share, not an amount).
        if n.spelled, !n.scaled {
            var after = n.last + 1
            if isPunct(after, "-"), !tokens[after].spaceBefore { after += 1 }
            if let w = word(after), WordSets.fractions.contains(w) { return true }
        }
        guard tokens[k].kind == .number else { return false }
        // A year naming something: the 2021 election, the 2024-25 financial year.
        if n.last == k, !n.scaled, n.attachedUnit == nil, n.value >= 1800, n.value <= 2100, n.value == n.value.rounded(),
           !tokens[k].text.contains(",") {
            if isPunct(k + 1, "-"), !tokens[k + 1].spaceBefore, s.contains(k + 2), tokens[k + 2].kind == .number,
               tokens[k + 2].text.count == 2 { return true }
            if let w = word(k + 1), !tokens[k + 1].isCapitalized, Lexicon.units[w] == nil, Lexicon.currencyWords[w] == nil,
               !Lexicon.phraseStops.contains(w), !FigureFinder.looksPlural(w), !Lexicon.reportingVerbs.contains(w),
               !Lexicon.plainVerbs.contains(w), !w.hasSuffix("ed") { return true }
        }
        // The second number of 3-1 or 10-15: the first one's figure covers it (or not).
        if !rangeEnd, isPunct(k - 1, "-"), !tokens[k].spaceBefore, !tokens[k - 1].spaceBefore, s.contains(k - 2), tokens[k - 2].kind == .number {
            return true
        }
        // Dates: Oct. 13, June 25, 13 October, and the year after a date (April 3, 2025).
        if let w = word(k - 1), Lexicon.months[w] != nil, tokens[k - 1].isCapitalized { return true }
        if isPunct(k - 1, "."), let w = word(k - 2), Lexicon.months[w] != nil { return true }
        if let w = word(n.last + 1), Lexicon.months[w] != nil, s.contains(n.last + 1), tokens[n.last + 1].isCapitalized { return true }
        if isPunct(k - 1, ","), s.contains(k - 2), tokens[k - 2].kind == .number,
           let w = word(k - 3), Lexicon.months[w] != nil { return true }
        // Times: 10:30, 2:06:41 (every part), 10 a.m.
        if isPunct(n.last + 1, ":"), s.contains(n.last + 2), tokens[n.last + 2].kind == .number, !tokens[n.last + 1].spaceBefore { return true }
        if isPunct(k - 1, ":"), !tokens[k].spaceBefore, s.contains(k - 2), tokens[k - 2].kind == .number { return true }
        if let w = word(n.last + 1), ["a", "p", "am", "pm"].contains(w), w.count == 2 || isPunct(n.last + 2, ".") {
            if w == "am" || w == "pm" || word(n.last + 3) == "m" { return true }
        }
        // Designations: Resolution 2397, No. 5, Su-25, KN-23, COVID-19.
        if s.contains(k - 1), tokens[k - 1].kind == .word, tokens[k - 1].isCapitalized,
           Lexicon.designations.contains(tokens[k - 1].lower), k - 1 != s.lowerBound { return true }
        if isPunct(k - 1, "."), let w = word(k - 2), w == "no" || w == "nos" { return true }
        if isPunct(k - 1, "-"), !tokens[k].spaceBefore, !tokens[k - 1].spaceBefore, s.contains(k - 2),
           tokens[k - 2].kind == .word, tokens[k - 2].text.unicodeScalars.first?.properties.isUppercase == true { return true }
        if let w = word(k - 1), w == "aged" || w == "ages" { return true }
        // "aged 13 to 17", "over the age of 75"
        if let w = word(k - 1), w == "to" || w == "and", word(k - 3) == "aged" || word(k - 3) == "ages" { return true }
        if word(k - 1) == "of", word(k - 2) == "age" { return true }
        // A year after a word that dates: since 2023, in 2019, by 2030 (a count is written 2,023).
        if n.last == k, !n.scaled, n.attachedUnit == nil, n.value >= 1800, n.value <= 2100, n.value == n.value.rounded(),
           !tokens[k].text.contains(","), let w = word(k - 1), WordSets.yearWords.contains(w) { return true }
        // An age in apposition: "Voss, 52, has pleaded", "said Revik, 58, who farms".
        if n.last == k, isPunct(k - 1, ","), isPunct(k + 1, ","), s.contains(k - 2), tokens[k - 2].kind == .word,
           tokens[k - 2].isCapitalized, k - 2 != s.lowerBound || !Lexicon.phraseStops.contains(tokens[k - 2].lower),
           n.value >= 1, n.value < 120, n.value == n.value.rounded() { return true }
        if let w = word(n.last + 1), w == "years" || w == "year", word(n.last + 2) == "old" { return true }
        // Calibres: 152 mm shells, 152mm artillery, 155-millimetre guns (a measure is "of" something).
        var after = n.last + 1
        var isCalibre = n.attachedUnit == "mm"
        if !isCalibre, isPunct(after, "-"), let w = word(after + 1), WordSets.calibreUnits.contains(w) { isCalibre = true; after += 2 }
        if !isCalibre, let w = word(after), WordSets.calibreUnits.contains(w) { isCalibre = true; after += 1 }
        if isCalibre, let w = word(after), !Lexicon.phraseStops.contains(w) { return true }
        // Scores and records: won 3-1 (two small numbers joined by a hyphen, nothing counted).
        return false
    }

    /// The qualifier before or after the figure, and a change it states.
    func qualify(_ f: inout FoundFigure, _ s: Range<Int>) {
        func word(_ i: Int) -> String? {
            guard s.contains(i) else { return nil }
            let t = tokens[i]
            return t.kind == .word ? t.lower : t.kind == .punct && t.text == "~" ? "~" : nil
        }
        if f.qualifier != .range {
            for (words, qualifier) in Lexicon.qualifiersBeforeLongestFirst {
                let n = words.count
                guard f.first - n >= s.lowerBound else { continue }
                if (0..<n).allSatisfy({ word(f.first - n + $0) == words[$0] }) {
                    // "up to" after a change verb is the new level: "rose up to" is rare; keep it.
                    f.qualifier = qualifier
                    f.first -= n
                    f.rules.append("qualifier")
                    break
                }
            }
            for (words, qualifier) in Lexicon.qualifiersAfter {
                var k = f.last + 1
                if s.contains(k), tokens[k].isPunct("-"), !tokens[k].spaceBefore { k += 1 }
                if (0..<words.count).allSatisfy({ word(k + $0) == words[$0] }) {
                    f.qualifier = qualifier
                    f.last = k + words.count - 1
                    f.rules.append("qualifier")
                    break
                }
            }
        }
        // "up from 5.1 metres", "down from about 740,000": the earlier figure of a change.
        if word(f.first - 1) == "from", let dir = word(f.first - 2), dir == "up" || dir == "down" {
            f.change = dir
            f.first -= 2
        }
        guard f.change == nil else { return }
        // rose 5 percent, fell by 3, up 12%, cutting 48 seconds
        var k = f.first - 1
        if word(k) == "by" { k -= 1 }
        // "lost 8%": a loss in percent is a change; "lost 43 homes" is a count.
        if let w = word(k), ["lost", "lose", "loses", "shed", "sheds"].contains(w), f.unit == "percent" || f.unit == "percentage points" {
            f.change = "down"
            f.rules.append("change")
            return
        }
        if let w = word(k), let dir = Lexicon.changeVerbs[w], !(w == "up" && word(f.first - 1) == "to"),
           !((w == "up" || w == "down") && word(k - 1).map(WordSets.phrasal.contains) == true) {
            f.change = dir
            f.rules.append("change")
            return
        }
        // an increase of 5%, a drop of 3 points
        if word(f.first - 1) == "of", let w = word(f.first - 2),
           let dir = ["increase": "up", "rise": "up", "jump": "up", "gain": "up", "drop": "down", "fall": "down",
                      "decline": "down", "decrease": "down", "cut": "down", "loss": "down", "reduction": "down"][w] {
            f.change = dir
            f.rules.append("change")
            return
        }
        // $87 more a year, 3.2 percent less than last year, 11 percent higher
        if let w = word(f.last + 1), ["more", "less", "fewer", "extra", "higher", "lower"].contains(w) {
            f.change = w == "more" || w == "extra" || w == "higher" ? "up" : "down"
            f.rules.append("change")
        }
    }
}
