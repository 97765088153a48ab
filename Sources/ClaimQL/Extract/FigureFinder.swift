/// Finds the figures of one sentence: a numeral (or a range of two) with its currency,
/// unit or counted noun, the qualifier before or after it, and whether it states a
/// change. Years, dates, times, ordinals, calibres, ages and designations are not figures.
struct FoundFigure {
    /// Token indices covering the figure's words, both ends included.
    var first: Int
    var last: Int
    var value: Double?
    var high: Double?
    var unit: String?
    /// What is counted, as written ("shipping containers", "food and water").
    var object: String?
    var qualifier: Qualifier?
    var change: String?
    var vague = false
    /// Which rules made it, for the draft's `rule` field.
    var rules: [String] = []
    var checks: [String] = []
}

struct FigureFinder {
    let text: ArticleText
    var tokens: [ArticleText.Token] { text.tokens }

    func figures(in sentence: Range<Int>) -> [FoundFigure] {
        let reader = NumeralReader(text: text, end: sentence.upperBound)
        var out: [FoundFigure] = []
        var k = sentence.lowerBound
        while k < sentence.upperBound {
            if FigureFinder.mayStart(tokens[k]), let f = figure(at: k, sentence, reader) {
                out.append(f)
                k = f.last + 1
            } else {
                k += 1
            }
        }
        return out
    }

    /// Tokens a figure can start with: digits, a currency sign or code, a number word, a
    /// vague amount. The rest are skipped without a look (most of a text).
    static func mayStart(_ t: ArticleText.Token) -> Bool {
        switch t.kind {
        case .number: return true
        case .punct: return Lexicon.currencySigns[t.text] != nil
        case .word: return starters.contains(t.lower)
        }
    }

    static let starters: Set<String> = {
        var s = Set(Lexicon.smallNumbers.keys).union(Lexicon.tens.keys).union(Lexicon.vagueBefore).union(Lexicon.vaguePlurals)
        s.formUnion(["a", "an", "half", "hundred", "dozen"])
        s.formUnion(Lexicon.dollarPrefixes.keys)
        s.formUnion(Lexicon.currencyCodes)
        return s
    }()

    private func word(_ k: Int, _ s: Range<Int>) -> String? {
        s.contains(k) && tokens[k].kind == .word ? tokens[k].lower : nil
    }

    private func punct(_ k: Int, _ s: Range<Int>, _ p: String) -> Bool { s.contains(k) && tokens[k].isPunct(p) }

    // MARK: one figure

    private func figure(at k: Int, _ s: Range<Int>, _ reader: NumeralReader) -> FoundFigure? {
        if let vague = vagueAmount(at: k, s) { return vague }
        // A currency before the number: $, €, US$, USD.
        var currency: String? = nil
        var start = k
        var numberAt = k
        if let (code, width) = currencyPrefix(at: k, s) {
            currency = code
            numberAt = k + width
        } else if tokens[k].kind == .punct {
            return nil
        }
        guard var n = reader.numeral(at: numberAt, afterCurrency: currency != nil) ?? articleOne(at: numberAt, s) else { return nil }
        if currency == nil && excluded(n, s) { return nil }
        var f = FoundFigure(first: start, last: n.last, value: n.value)
        f.rules.append(n.spelled ? "words" : "digits")
        if n.scaled { f.rules.append("scale") }
        // A range: 10,000 to 20,000 / 3-4 million / between 2 and 3 million.
        let between = word(start - 1, s) == "between"
        // "ranging from $5,000 to $4.2m" is a range; "rose from 5,100 to 6,700" is a change,
        // two figures (the verb marks the first as the earlier level).
        let fromTo = word(start - 1, s) == "from" && word(n.last + 1, s) == "to"
            && !(word(start - 2, s).map { Lexicon.changeVerbs[$0] != nil } ?? false)
        // "rises by $14 million to $512 million": after a change, `to` gives the new level.
        // ("fell by about 600 to 5,230": past a qualifier before the number.)
        var before = start - 1
        while let w = word(before, s), WordSets.qualifierWords.contains(w) { before -= 1 }
        let afterChange = word(before, s) == "by" || word(before, s).map { Lexicon.changeVerbs[$0] != nil } == true
        // But "fall by 18 to 22 percent" is a range: the unit comes after the second number.
        let ownUnit = currency != nil || n.attachedUnit != nil || n.scaled
        // "fell by about 600 to 5,230": a qualified change, then the new level.
        let qualifiedChange = afterChange && before < start - 1
        if !(afterChange && word(n.last + 1, s) == "to" && (ownUnit || qualifiedChange)),
           let (hi, hiNumeral) = rangeEnd(after: n, s, reader, currency: currency, between: between) {
            if hiNumeral.scaled, !n.scaled, let scale = scaleOf(hiNumeral, reader), n.value * scale < hiNumeral.value {
                n.value *= scale
                f.value = n.value
            }
            if n.value < hi.value {
                f.high = hi.value
                f.last = hi.last
                f.qualifier = .range
                f.rules.append("range")
                if n.attachedUnit == nil { n.attachedUnit = hiNumeral.attachedUnit }
            } else if !between && n.value > hi.value && punct(n.last + 1, s, "-") && !tokens[n.last + 1].spaceBefore
                        && n.value < 100 && hi.value < 100 && unitOfMeasure(after: hiNumeral.last, s) == nil
                        && countedPhrase(after: hiNumeral.last + 1, s, measure: true) == nil {
                // won 3-1: a score, not an amount.
                return nil
            } else if !between && n.value > hi.value && hiNumeral.last - n.last <= 2 && !n.scaled {
                // 3-1, 9 to 4: a score or a vote, not a range; one figure, both numbers quoted.
                f.checks.append("two numbers (\(text.slice(tokens[n.first].start, tokens[hiNumeral.last].end))): a score or tally?")
                f.last = hiNumeral.last
            }
        }
        if between || (fromTo && f.qualifier == .range) { start -= 1; f.first = start }
        // "2,000 or more horses": the qualifier after the number, then what is counted.
        if f.qualifier == nil {
            for (words, qualifier) in Lexicon.qualifiersAfter {
                var k = f.last + 1
                if punct(k, s, "-"), !tokens[k].spaceBefore { k += 1 }
                if (0..<words.count).allSatisfy({ word(k + $0, s) == words[$0] }) {
                    f.qualifier = qualifier
                    f.last = k + words.count - 1
                    f.rules.append("qualifier")
                    break
                }
            }
        }
        // Currency written after: 42 million euros, 5 dollars.
        if currency == nil, let w = word(f.last + 1, s), let code = Lexicon.currencyWords[w] {
            currency = code
            f.last += 1
        } else if currency == nil, let w = word(f.last + 1, s), w == "pounds", word(f.last + 2, s) == "sterling" {
            currency = "GBP"
            f.last += 2
        }
        if let currency {
            f.unit = currency
            f.rules.append("money")
            if let (object, last) = countedPhrase(after: f.last + 1, s, measure: false), isMoneyObject(object) {
                f.object = object
                _ = last
            }
        } else if let unit = n.attachedUnit {
            f.unit = unit
            f.rules.append(unit == "percent" ? "percent" : "unit")
            if unit != "percent", let (object, _) = ofPhrase(after: f.last + 1, s) { f.object = object }
        } else if let (unit, last) = unitOfMeasure(after: f.last, s) {
            f.unit = unit
            f.last = last
            f.rules.append(unit == "percent" || unit == "percentage points" ? "percent" : "unit")
            if unit != "percent", let (object, _) = ofPhrase(after: f.last + 1, s) { f.object = object }
        } else if let (object, last) = countedPhrase(after: f.last + 1, s, measure: true) {
            // The counted noun: "10,000 shipping containers" counts containers.
            f.object = object
            f.unit = FigureFinder.head(object)
            f.last = last
            f.rules.append("noun")
        } else if !n.spelled, word(f.last + 1, s) == "of", let (object, last) = ofCounted(after: f.last + 2, s) {
            // "more than 4,000 of the mine's workers"
            f.object = object
            f.unit = FigureFinder.head(object)
            f.last = last
            f.rules.append("noun")
        } else if let (object, unit) = namedCount(before: f.first, s) {
            // "put the number of shells delivered at 3 million": what the number counts.
            f.object = object
            f.unit = unit
            f.rules.append("number-of")
        } else if let noun = changedSubject(before: f.first, s) {
            // "Robberies fell by about 600 to 5,230": the plural that rose or fell.
            f.object = noun
            f.unit = noun
            f.rules.append("subject")
        } else {
            // A number counting nothing named: "space built for 1,800", "nine were taken".
            if n.spelled && !followedByVerb(f.last + 1, s) { return nil }
            f.checks.append("no unit: what does \(text.slice(tokens[f.first].start, tokens[f.last].end)) count?")
        }
        // "four years ago", "a year earlier" date something; "three times" and "two-fold"
        // compare figures.
        if word(f.last + 1, s) == "ago" { return nil }
        if let u = f.unit, WordSets.durations.contains(FigureFinder.plural(u)), let w = word(f.last + 1, s),
           ["earlier", "later"].contains(w), f.value == 1, f.qualifier == nil || f.qualifier == .exact {
            return nil
        }
        if let u = f.unit, ["times", "fold", "olds", "old"].contains(u) { return nil }
        // A year counting nothing (in 2023, since 2019): not a figure.
        if f.unit == nil && currency == nil && !n.spelled && n.value == n.value.rounded() && n.value >= 1000 && n.value <= 2100
            && !tokens[n.first].text.contains(",") && !n.scaled {
            return nil
        }
        qualify(&f, s)
        return f
    }

    /// "more than a minute", "about an hour": `a` as one unit, after a qualifier only.
    private func articleOne(at k: Int, _ s: Range<Int>) -> Numeral? {
        guard let a = word(k, s), a == "a" || a == "an", let w = word(k + 1, s), Lexicon.units[w] != nil,
              !Lexicon.ambiguousUnits.contains(w), let before = word(k - 1, s),
              ["than", "over", "about", "least", "nearly", "almost", "under", "around", "roughly", "most", "to"].contains(before)
        else { return nil }
        return Numeral(value: 1, first: k, last: k, spelled: true, scaled: false, attachedUnit: nil)
    }

    /// The scale of a numeral (`million` in `4 million`), to apply to the low end of a range.
    private func scaleOf(_ n: Numeral, _ reader: NumeralReader) -> Double? {
        for k in n.first...n.last {
            let t = tokens[k]
            if let s = Lexicon.scaleWords[t.lower] { return s }
            if k > n.first, !t.spaceBefore, let s = Lexicon.scaleSuffixes[t.text] { return s }
        }
        return nil
    }

    private func currencyPrefix(at k: Int, _ s: Range<Int>) -> (String, Int)? {
        let t = tokens[k]
        if t.kind == .punct, let code = Lexicon.currencySigns[t.text], s.contains(k + 1) {
            return (code, 1)
        }
        // US$, A$, HK$: letters against the dollar sign.
        if t.kind == .word, let code = Lexicon.dollarPrefixes[t.lower], punct(k + 1, s, "$"), !tokens[k + 1].spaceBefore {
            return (code, 2)
        }
        if t.kind == .word, t.isAllCaps, Lexicon.currencyCodes.contains(t.lower), s.contains(k + 1), tokens[k + 1].kind == .number {
            return (t.text == "RMB" ? "CNY" : t.text, 1)
        }
        return nil
    }

    /// The high end of a range after `n`: `- 20,000`, `to 20,000`, `and 3 million` (after between).
    private func rangeEnd(after n: Numeral, _ s: Range<Int>, _ reader: NumeralReader, currency: String?,
                          between: Bool) -> (Numeral, Numeral)? {
        var k = n.last + 1
        guard s.contains(k) else { return nil }
        let t = tokens[k]
        if between {
            guard t.kind == .word, t.lower == "and" else { return nil }
        } else if t.kind == .punct, ["-", "\u{2013}", "\u{2014}"].contains(t.text) {
        } else if t.kind == .word, t.lower == "to" {
        } else {
            return nil
        }
        k += 1
        if currency != nil, s.contains(k), tokens[k].kind == .punct, Lexicon.currencySigns[tokens[k].text] != nil { k += 1 }
        guard let hi = reader.numeral(at: k, afterCurrency: currency != nil), !excluded(hi, s, rangeEnd: true) else { return nil }
        return (hi, hi)
    }

    // MARK: vague amounts

    /// "thousands of people", "several million rounds", "hundreds of volunteers",
    /// "tens of thousands", "dozens of": a claim with no qty.
    private func vagueAmount(at k: Int, _ s: Range<Int>) -> FoundFigure? {
        guard let w = word(k, s) else { return nil }
        var last = k
        if Lexicon.vagueBefore.contains(w), let scale = word(k + 1, s), Lexicon.scaleWords[scale] != nil || scale == "dozen" {
            // several million, a few hundred
            last = k + 1
        } else if w == "a", word(k + 1, s) == "few", let scale = word(k + 2, s), Lexicon.scaleWords[scale] != nil {
            last = k + 2
        } else if Lexicon.vaguePlurals.contains(w), word(k + 1, s) == "of" {
            // tens of thousands of
            last = k + 1
            if w == "tens" || w == "hundreds", let more = word(k + 2, s), Lexicon.vaguePlurals.contains(more) {
                last = k + 2
                if word(k + 3, s) == "of" { last = k + 3 }
            }
        } else {
            return nil
        }
        var f = FoundFigure(first: k, last: last, value: nil)
        f.vague = true
        f.rules.append("vague")
        f.checks.append("vague amount: no figure to query")
        var after = last + 1
        if word(after, s) == "of" { after += 1; f.last = after - 1 }
        if let (object, end) = countedPhrase(after: after, s, measure: true) {
            f.object = object
            f.unit = FigureFinder.head(object)
            f.last = end
        }
        return f
    }

    // MARK: what it counts

    /// A unit of measure right after the figure: km, percent, per cent, degrees Celsius,
    /// or against a hyphen (six-day, 42-year, 150-seat: the word as a plural unit).
    private func unitOfMeasure(after last: Int, _ s: Range<Int>) -> (String, Int)? {
        let k = last + 1
        guard s.contains(k) else { return nil }
        let t = tokens[k]
        if t.isPunct("%") { return ("percent", k) }
        if t.isPunct("-"), !t.spaceBefore, let w = word(k + 1, s), !tokens[k + 1].spaceBefore {
            if let unit = Lexicon.units[w] { return (unit, k + 1) }
            // 150-seat chamber, 12-hour shifts: a counted noun used as an adjective.
            if w.count > 2, !w.hasSuffix("ed"), w != "old" { return (FigureFinder.plural(w), k + 1) }
            return nil
        }
        if t.isPunct("°"), let w = word(k + 1, s), w == "c" || w == "f" { return (w == "c" ? "°C" : "°F", k + 1) }
        guard let w = word(k, s) else { return nil }
        if let w2 = word(k + 1, s), let unit = Lexicon.twoWordUnits[w + " " + w2] { return (unit, k + 1) }
        // km/h, m/s: a unit per a unit
        if punct(k + 1, s, "/"), !tokens[k + 1].spaceBefore, let w2 = word(k + 2, s), !tokens[k + 2].spaceBefore,
           Lexicon.units[w] != nil, ["h", "hr", "s", "sec", "hour", "day", "year"].contains(w2) {
            return (w + "/" + w2, k + 2)
        }
        // gigawatt-hours, megawatt-hour
        if punct(k + 1, s, "-"), !tokens[k + 1].spaceBefore, let w2 = word(k + 2, s), let unit = Lexicon.units[w + "-" + w2] {
            return (unit, k + 2)
        }
        if let unit = Lexicon.units[w] {
            // "m", "t", "g" read as units only when written right after the number.
            if Lexicon.ambiguousUnits.contains(w) && t.spaceBefore { return nil }
            return (unit, k)
        }
        return nil
    }

    /// The noun phrase a figure counts: up to four words, the last being the head noun,
    /// stopping at a preposition, a conjunction, a verb or punctuation. Adjectives and
    /// nationalities before the head are kept in the phrase; a calibre (152 mm) is skipped.
    private func countedPhrase(after k0: Int, _ s: Range<Int>, measure: Bool) -> (String, Int)? {
        var words: [String] = []
        var k = k0
        var last = k0 - 1
        while s.contains(k) && words.count < 4 {
            let t = tokens[k]
            if t.kind == .number {
                // A calibre inside the phrase: 3 million 152 mm shells, 152-millimeter shells.
                if let w = word(k + 1, s), WordSets.calibres.contains(w) {
                    k += 2
                    continue
                }
                if punct(k + 1, s, "-"), let w = word(k + 2, s), WordSets.calibres.contains(w) {
                    k += 3
                    continue
                }
                break
            }
            // 'at least 3 million' North Korean shells: a closing quote mark between.
            if words.isEmpty, t.kind == .punct, ["'", "\u{2019}", "\"", "\u{201D}"].contains(t.text), k == k0 {
                k += 1
                continue
            }
            if t.isPunct("-"), !t.spaceBefore, !words.isEmpty, word(k + 1, s) != nil, !tokens[k + 1].spaceBefore {
                // A compound: Russian-flagged, low-income.
                words[words.count - 1] += "-" + tokens[k + 1].text
                last = k + 1
                k += 2
                continue
            }
            guard t.kind == .word else { break }
            let w = t.lower
            // "4,000 more nurses", "50 additional teachers": a modifier before the noun.
            if words.isEmpty, ["more", "additional", "extra", "new", "fewer", "other"].contains(w),
               let next = word(k + 1, s), !Lexicon.phraseStops.contains(next), Lexicon.months[next] == nil {
                words.append(t.text)
                last = k
                k += 1
                continue
            }
            if Lexicon.phraseStops.contains(w) || Lexicon.months[w] != nil || Lexicon.plainVerbs.contains(w) { break }
            if !words.isEmpty && (Lexicon.reportingVerbs.contains(w) || w.hasSuffix("ed") || w.hasSuffix("ing")) { break }
            if t.isCapitalized && !words.isEmpty && !(tokens[k - 1].isCapitalized) { break }
            words.append(t.text)
            last = k
            k += 1
            // A plural ends the phrase unless another plural follows it ("4,812 seals along
            // the coast", "1.2 million passengers use"; but "200 sports clubs").
            if FigureFinder.looksPlural(w), !(word(k, s).map { FigureFinder.looksPlural($0) && !Lexicon.phraseStops.contains($0)
                && !Lexicon.plainVerbs.contains($0) && !Lexicon.reportingVerbs.contains($0) } ?? false) { break }
        }
        // The head noun is the last word; a capitalized last word is a name, not a noun,
        // unless it is plural ("300 Russians"); a participle is no noun ("the 76 needed").
        while let w = words.last, let first = w.unicodeScalars.first,
              (first.properties.isUppercase && !w.hasSuffix("s")) || (w.hasSuffix("ed") && w.count > 3) {
            words.removeLast()
            last -= 1
        }
        guard !words.isEmpty else { return nil }
        _ = measure
        return (words.joined(separator: " "), last)
    }

    /// "the number of shells ... at 3 million", "a death toll of 40": the noun a number
    /// stands for, named before it in the clause.
    private func namedCount(before first: Int, _ s: Range<Int>) -> (String, String)? {
        var k = first - 1
        var steps = 0
        while k > s.lowerBound, steps < 12 {
            let t = tokens[k]
            if t.kind == .punct, [",", ";", ":"].contains(t.text) { return nil }
            if t.kind == .word, ["number", "total", "count", "tally", "toll"].contains(t.lower), word(k + 1, s) == "of",
               let (object, _) = countedPhrase(after: k + 2, s, measure: true) {
                return (object, FigureFinder.head(object))
            }
            k -= 1
            steps += 1
        }
        return nil
    }

    /// The plural subject of a change verb before a bare number: "Robberies fell by about
    /// 600 to 5,230" (both numbers count robberies; the second comes after "to").
    private func changedSubject(before first: Int, _ s: Range<Int>) -> String? {
        var k = first - 1
        while let w = word(k, s), WordSets.qualifierWords.contains(w) || w == "by" || w == "to" { k -= 1 }
        // the second number of "by 600 to 5,230": back over the first one
        if s.contains(k), tokens[k].kind == .number {
            k -= 1
            while let w = word(k, s), WordSets.qualifierWords.contains(w) || w == "by" { k -= 1 }
        }
        guard let verb = word(k, s), Lexicon.changeVerbs[verb] != nil, let noun = word(k - 1, s),
              FigureFinder.looksPlural(noun), !Lexicon.phraseStops.contains(noun) else { return nil }
        return noun
    }

    /// "the mine's workers" after "4,000 of": the noun counted, past a determiner and an owner.
    private func ofCounted(after k0: Int, _ s: Range<Int>) -> (String, Int)? {
        var k = k0
        // "87 of them": a pronoun names nothing; the unit comes from a figure nearby.
        if let w = word(k, s), ["them", "us", "you", "these", "those", "which", "whom", "it", "this", "that"].contains(w),
           word(k + 1, s).map(Lexicon.phraseStops.contains) ?? true { return nil }
        if let w = word(k, s), ["the", "its", "their", "his", "her", "our", "these", "those"].contains(w) { k += 1 }
        // an owner: the mine's, the country's
        if let w = word(k, s), !Lexicon.phraseStops.contains(w), s.contains(k + 1), ["'", "\u{2019}"].contains(tokens[k + 1].text),
           word(k + 2, s) == "s" { k += 3 }
        return countedPhrase(after: k, s, measure: true)
    }

    /// "of food and water" after a measure: what is measured.
    private func ofPhrase(after k: Int, _ s: Range<Int>) -> (String, Int)? {
        guard word(k, s) == "of" else { return nil }
        var words: [String] = []
        var i = k + 1
        var last = k
        while s.contains(i), words.count < 5, tokens[i].kind == .word {
            let w = tokens[i].lower
            if w != "and" && Lexicon.phraseStops.contains(w) && !words.isEmpty { break }
            if ["the", "a", "an"].contains(w) && words.isEmpty { i += 1; continue }
            words.append(tokens[i].text)
            last = i
            i += 1
        }
        while let w = words.last, ["and", "or"].contains(w.lowercased()) { words.removeLast(); last -= 1 }
        return words.isEmpty ? nil : (words.joined(separator: " "), last)
    }

    private func isMoneyObject(_ phrase: String) -> Bool {
        // "$2.4 billion budget", "$25,000 bonus": a noun describing the money.
        !phrase.isEmpty
    }

    private func followedByVerb(_ k: Int, _ s: Range<Int>) -> Bool {
        guard let w = word(k, s) else { return false }
        return ["were", "was", "are", "is", "have", "had", "has", "died", "remain", "remained", "will", "would"].contains(w)
    }

    /// The head noun of a counted phrase, lowercased: "shipping containers" -> containers.
    static func head(_ phrase: String) -> String {
        let last = phrase.split(separator: " ").last.map(String.init) ?? phrase
        return last.lowercased()
    }

    /// A word that reads as a plural noun: -s but not -ss, -us, -is ("business", "census",
    /// "analysis"), adverbs in -s, and the common irregular plurals.
    static func looksPlural(_ w: String) -> Bool {
        if WordSets.irregularPlurals.contains(w) { return true }
        guard w.count > 3, w.hasSuffix("s") else { return false }
        if w.hasSuffix("ss") || w.hasSuffix("us") || w.hasSuffix("is") || w.hasSuffix("'s") { return false }
        return !WordSets.notPlurals.contains(w)
    }

    /// A crude plural for a counted noun written as an adjective (a 150-seat chamber).
    static func plural(_ w: String) -> String {
        if w.hasSuffix("s") { return w }
        if w.hasSuffix("y"), let before = w.dropLast().last, !"aeiou".contains(before) { return w.dropLast() + "ies" }
        if w.hasSuffix("ch") || w.hasSuffix("sh") || w.hasSuffix("x") { return w + "es" }
        return w + "s"
    }
}
