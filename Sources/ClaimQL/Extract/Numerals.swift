/// Numbers as news writes them: digits with separators and decimals (`1,000`, `4.8`),
/// with scale words or suffixes (`4.8 million`, `1.8bn`, `$12m`, `5k`), or in words
/// (`three million`, `half a million`, `two hundred`, `a dozen`, `two and a half`).
struct Numeral {
    var value: Double
    /// Token indices of the numeral, both ends included.
    var first: Int
    var last: Int
    /// Written in words (`three`), not digits.
    var spelled: Bool
    /// A scale word or suffix applied (`million`, `bn`).
    var scaled: Bool
    /// A unit written against the digits (`200km`, `152mm`, `30%`).
    var attachedUnit: String?
}

struct NumeralReader {
    let text: ArticleText
    /// Tokens of the sentence being read: a numeral never runs past its end.
    let end: Int

    var tokens: [ArticleText.Token] { text.tokens }

    func word(_ k: Int) -> String? {
        k < end && tokens[k].kind == .word ? tokens[k].lower : nil
    }

    /// The numeral starting at token `k`, if one does. `afterCurrency` reads `m` as million.
    func numeral(at k: Int, afterCurrency: Bool = false) -> Numeral? {
        guard k < end else { return nil }
        let t = tokens[k]
        if t.kind == .number { return digits(at: k, afterCurrency: afterCurrency) }
        if t.kind == .word { return words(at: k) }
        return nil
    }

    /// `1,000`, `4.8`, then a suffix against it or a scale word after it.
    private func digits(at k: Int, afterCurrency: Bool) -> Numeral? {
        let t = tokens[k]
        guard let value = NumeralReader.parseDigits(t.text) else { return nil }
        var n = Numeral(value: value, first: k, last: k, spelled: false, scaled: false, attachedUnit: nil)
        // Written against the digits (no space): bn, m, k, km, %, or st/nd/th (an ordinal).
        if k + 1 < end, !tokens[k + 1].spaceBefore {
            let next = tokens[k + 1]
            if next.kind == .word {
                // "m" is metres (42m deep), or millions after a currency ($12m) and before
                // what is counted (62.4m passengers).
                if let scale = Lexicon.scaleSuffixes[next.text] ?? Lexicon.scaleSuffixes[next.lower],
                   next.lower != "m" || afterCurrency || countedNounFollows(k + 2) {
                    n.value *= scale
                    n.scaled = true
                    n.last = k + 1
                } else if let unit = Lexicon.units[next.lower] ?? Lexicon.units[next.text] {
                    n.attachedUnit = unit
                    n.last = k + 1
                } else {
                    // 1st, 1990s, 5G, 3D: not an amount.
                    return nil
                }
            } else if next.isPunct("%") {
                n.attachedUnit = "percent"
                n.last = k + 1
            }
        }
        // A scale word after it: 4.8 million, 300 thousand.
        if !n.scaled, n.attachedUnit == nil, let w = word(n.last + 1), let scale = Lexicon.scaleWords[w], w != "hundred" || value < 100 {
            n.value *= scale
            n.scaled = true
            n.last += 1
            // "1.5 million" may go on: "1 hundred thousand" is rare; stop here.
        }
        return n
    }

    /// `1,000` -> 1000; `4.8` -> 4.8; `1,00` and other odd groupings -> nil.
    /// A plural noun (no unit) at token k: "passengers" after "62.4m".
    private func countedNounFollows(_ k: Int) -> Bool {
        guard k < end, tokens[k].spaceBefore, let w = word(k) else { return false }
        return Lexicon.units[w] == nil && FigureFinder.looksPlural(w) && !Lexicon.phraseStops.contains(w)
    }

    static func parseDigits(_ s: String) -> Double? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard groups[0].count >= 1, groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = groups.joined() + (parts.count == 2 ? "." + parts[1] : "")
        guard let v = Double(digits), v.isFinite else { return nil }
        return v
    }

    /// Number words: `three million`, `two hundred and fifty`, `half a million`, `a dozen`,
    /// `two and a half million`, `twenty-five`.
    private func words(at k: Int) -> Numeral? {
        var total = 0.0, current = 0.0
        var sawNumber = false, sawScale = false, sawOnlyA = false
        var i = k
        var last = k - 1
        // "half a million"
        if word(i) == "half", let a = word(i + 1), a == "a" || a == "an", let s = word(i + 2), let scale = Lexicon.scaleWords[s], scale >= 1e3 {
            return Numeral(value: scale / 2, first: k, last: i + 2, spelled: true, scaled: true, attachedUnit: nil)
        }
        while i < end {
            guard let w = word(i) else {
                // twenty-five: a hyphen between tens and units, no spaces.
                if tokens[i].isPunct("-"), !tokens[i].spaceBefore, i + 1 < end, !tokens[i + 1].spaceBefore,
                   let u = word(i + 1), let v = Lexicon.smallNumbers[u], v < 10, sawNumber {
                    current += v
                    last = i + 1
                    i += 2
                    continue
                }
                break
            }
            if let v = Lexicon.smallNumbers[w] {
                if sawNumber && current.truncatingRemainder(dividingBy: 100) != 0 && current.truncatingRemainder(dividingBy: 10) != 0 { break }
                current += v
                sawNumber = true
                sawOnlyA = false
            } else if let v = Lexicon.tens[w] {
                if sawNumber && current.truncatingRemainder(dividingBy: 100) != 0 { break }
                current += v
                sawNumber = true
                sawOnlyA = false
            } else if w == "hundred" {
                guard sawNumber || sawOnlyA else { break }
                current = (current == 0 ? 1 : current) * 100
                sawNumber = true
                sawOnlyA = false
            } else if w == "dozen" {
                guard sawNumber || sawOnlyA else { break }
                current = (current == 0 ? 1 : current) * 12
                sawNumber = true
                sawOnlyA = false
            } else if let scale = Lexicon.scaleWords[w], scale >= 1e3, w.count > 3 {
                guard sawNumber || sawOnlyA else { break }
                total += (current == 0 ? 1 : current) * scale
                current = 0
                sawNumber = true
                sawScale = true
                sawOnlyA = false
            } else if (w == "a" || w == "an") && i == k {
                // "a" counts only before hundred, thousand, million, dozen: "a five-year
                // contract" is five.
                guard let next = word(i + 1), next == "hundred" || next == "dozen"
                        || (Lexicon.scaleWords[next].map { $0 >= 1e3 } ?? false) else { return nil }
                sawOnlyA = true
                current = 1
            } else if w == "and", sawNumber, word(i + 1) == "a", word(i + 2) == "half" {
                // two and a half (million)
                current += 0.5
                last = i + 2
                i += 3
                if let s = word(i), let scale = Lexicon.scaleWords[s], scale >= 1e3 {
                    total += current * scale
                    current = 0
                    sawScale = true
                    last = i
                    i += 1
                }
                break
            } else if w == "and", sawNumber, let next = word(i + 1), Lexicon.smallNumbers[next] != nil || Lexicon.tens[next] != nil,
                      current.truncatingRemainder(dividingBy: 100) == 0, current > 0 {
                // two hundred and fifty
                i += 1
                continue
            } else {
                break
            }
            last = i
            i += 1
        }
        guard sawNumber, last >= k else { return nil }
        let value = total + current
        // "a" alone, or "one" alone, is too common to be a figure ("one official said").
        if !sawScale && value <= 1 && !(word(k) == "a" || word(k) == "an") { return nil }
        if word(k) == "a" || word(k) == "an", !sawScale, value == 1 { return nil }
        return Numeral(value: value, first: k, last: last, spelled: true, scaled: sawScale, attachedUnit: nil)
    }
}
