/// Who states what: for each sentence, the speakers its reporting verbs name ("X said",
/// "said X", "X told reporters", "according to X", "X estimated", "X, a spokesman for
/// Y, said"), with pronouns and "the ministry" resolved to the last speaker that fits, and
/// a speaker carried into the next sentences of a quotation. "Reportedly" and sentences
/// with no reporting verb are the document's own voice: no speaker.
struct Speaker {
    var name: String
    var kind: String
    /// How it was found: "said-before", "said-after", "according-to", "pronoun", ...
    var rule: String
    /// Token index of the reporting verb (figures take the nearest).
    var at: Int
    /// Found through a pronoun or "the agency": less sure.
    var resolved: Bool = false
}

struct Attribution {
    let text: ArticleText
    let names: NameFinder
    var tokens: [ArticleText.Token] { text.tokens }

    /// Speakers named so far in the document, most recent last.
    private(set) var history: [Speaker] = []
    /// The speaker of the quotation still open at the end of the last sentence.
    private var openQuote: Speaker? = nil

    init(_ text: ArticleText, _ names: NameFinder) {
        self.text = text
        self.names = names
    }

    static let auxiliaries: Set<String> = [
        "has", "have", "had", "will", "would", "also", "later", "then", "previously", "earlier", "once", "had",
        "has", "is", "was", "were", "are", "could", "may", "might", "should", "must", "can", "did", "does", "do",
        "not", "never", "already", "still", "separately", "publicly", "privately", "repeatedly", "recently",
    ]

    static let determiners: Set<String> = ["the", "a", "an", "this", "that", "its", "their", "his", "her"]

    /// The speakers of one sentence (usually one), updating the history.
    mutating func speakers(in s: Range<Int>) -> [Speaker] {
        var found: [Speaker] = []
        let opensWithQuote = s.lowerBound < tokens.count && ["\"", "\u{201C}"].contains(tokens[s.lowerBound].text)
        var k = s.lowerBound
        var reportedly = false
        while k < s.upperBound {
            let t = tokens[k]
            if t.kind == .word, ["reportedly", "allegedly", "purportedly", "supposedly"].contains(t.lower) { reportedly = true }
            if t.kind == .word, t.lower == "according", word(k + 1, s) == "to" {
                if let sp = afterAccordingTo(k + 2, s) { found.append(sp) }
                k += 2
                continue
            }
            if t.kind == .word, Lexicon.reportingVerbs.contains(t.lower), let sp = speaker(of: k, s) {
                found.append(sp)
            }
            k += 1
        }
        if found.isEmpty, opensWithQuote, let q = openQuote {
            // A quotation going on from the sentence before, with no new attribution.
            var carried = q
            carried.rule = "quotation"
            carried.at = s.lowerBound
            found.append(carried)
        }
        for sp in found where !sp.name.isEmpty { remember(sp) }
        // A quotation left open carries its speaker into the next sentence.
        let quotes = (s.lowerBound..<s.upperBound).filter { ["\"", "\u{201C}", "\u{201D}"].contains(tokens[$0].text) }.count
        if let last = found.last, opensWithQuote || quotes > 0 {
            openQuote = last
        } else if quotes == 0 && !opensWithQuote {
            openQuote = nil
        }
        if found.isEmpty && reportedly { return [] }
        return found
    }

    private mutating func remember(_ sp: Speaker) {
        history.removeAll { NameKey.of($0.name) == NameKey.of(sp.name) }
        history.append(sp)
    }

    private func word(_ k: Int, _ s: Range<Int>) -> String? {
        s.contains(k) && tokens[k].kind == .word ? tokens[k].lower : nil
    }

    // MARK: the speaker of a reporting verb

    private func speaker(of verb: Int, _ s: Range<Int>) -> Speaker? {
        let v = tokens[verb].lower
        // "showed", "found", "put" and friends only report with a subject that can speak.
        let weak: Set<String> = ["showed", "show", "shows", "found", "finds", "put", "puts", "expected", "expects",
                                 "believed", "released", "published", "listed", "cited", "recorded", "records",
                                 "registered", "counted", "counts", "estimates", "estimate", "claims"]
        // Before the verb: skip auxiliaries and adverbs back to the subject.
        var k = verb - 1
        while let w = word(k, s), Attribution.auxiliaries.contains(w) || (w.hasSuffix("ly") && w.count > 4) { k -= 1 }
        if let sp = subject(endingAt: k, s, verb: verb) { return sp }
        if weak.contains(v) { return nil }
        // After the verb: "said Amira Haddad", "told reporters"? (no name: not a speaker).
        var j = verb + 1
        while let w = word(j, s), ["on", "in", "at", "this", "last", "that", "later"].contains(w) { j += 1 }
        if let n = names.name(startingAt: verb + 1, s) {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true),
                           rule: "said-after", at: verb)
        }
        if let w = word(verb + 1, s), let kind = Lexicon.pronouns[w] {
            return resolve(pronoun: w, kind: kind, at: verb)
        }
        if word(verb + 1, s).map(Attribution.determiners.contains) == true, let sp = anaphor(verb + 2, s, at: verb) {
            return sp
        }
        return nil
    }

    /// The subject ending at token k, before a reporting verb.
    private func subject(endingAt k: Int, _ s: Range<Int>, verb: Int) -> Speaker? {
        guard s.contains(k) else { return nil }
        let t = tokens[k]
        // `..., a spokesman for the office, said`: the name before the apposition.
        if t.isPunct(",") {
            var c = k - 1
            while c > s.lowerBound, !tokens[c].isPunct(",") { c -= 1 }
            if c > s.lowerBound, tokens[c].isPunct(","), let n = names.name(endingAt: c - 1, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: true, isSpeaker: true),
                               rule: "apposition", at: verb)
            }
            return nil
        }
        guard t.kind == .word else { return nil }
        if let kind = Lexicon.pronouns[t.lower] { return resolve(pronoun: t.lower, kind: kind, at: verb) }
        if let n = names.name(endingAt: k, s) {
            // "The border agency of Valmora said": the whole phrase names the speaker.
            if n.first - 1 >= s.lowerBound, word(n.first - 1, s) == "of" || word(n.first - 1, s) == "from",
               let phrase = nounPhrase(endingAt: n.first - 2, s) {
                let head = phrase.split(separator: " ").last.map { String($0).lowercased() } ?? ""
                if Lexicon.organisationWords.contains(head) {
                    let whole = text.slice(tokens[phrase.isEmpty ? n.first : firstOfPhrase(endingAt: n.first - 2, s)].start, tokens[n.last].end)
                    return Speaker(name: stripDeterminer(whole), kind: "organisation", rule: "said-before", at: verb)
                }
            }
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true),
                           rule: "said-before", at: verb)
        }
        // "the group's analysts said", "the commission's figures showed"
        if k - 1 >= s.lowerBound, tokens[k - 1].kind == .word, tokens[k - 1].lower == "s", k - 2 >= s.lowerBound,
           ["'", "\u{2019}"].contains(tokens[k - 2].text) {
            if let n = names.name(endingAt: k - 3, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true),
                               rule: "possessive", at: verb)
            }
            return anaphor(k - 3, s, at: verb)
        }
        if word(k - 1, s) == "s" || (k - 1 >= s.lowerBound && ["'", "\u{2019}"].contains(tokens[k - 1].text)) {
            if let n = names.name(endingAt: k - 2, s) ?? names.name(endingAt: k - 3, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true),
                               rule: "possessive", at: verb)
            }
        }
        // A common noun: "the agency said" (an earlier speaker), "Organisers said",
        // "Farmers' groups estimated", "Observers from the Institute reported".
        if Lexicon.sourceDocuments.contains(t.lower) { return nil }
        let first = firstOfPhrase(endingAt: k, s)
        let phraseWords = (first...k).filter { tokens[$0].kind == .word }.map { tokens[$0].lower }
        if let d = phraseWords.first, ["the", "this", "that", "its", "an", "a"].contains(d) {
            if let sp = anaphor(first + 1, s, at: verb) { return sp }
        }
        if first == s.lowerBound || !Attribution.determiners.contains(word(first, s) ?? "") {
            let name = stripDeterminer(text.slice(tokens[first].start, tokens[k].end))
            guard !name.isEmpty, name.count > 2, t.lower.hasSuffix("s") || Lexicon.organisationWords.contains(t.lower) else { return nil }
            return Speaker(name: name, kind: "organisation", rule: "said-before", at: verb)
        }
        return nil
    }

    /// The first token of a short noun phrase ending at k: words and possessive marks,
    /// back to a punctuation mark, a verb or four words.
    private func firstOfPhrase(endingAt k: Int, _ s: Range<Int>) -> Int {
        var first = k
        var count = 0
        while first - 1 >= s.lowerBound, count < 4 {
            let p = tokens[first - 1]
            if p.kind == .word {
                if Lexicon.reportingVerbs.contains(p.lower) || Lexicon.phraseStops.contains(p.lower) && !Attribution.determiners.contains(p.lower) { break }
                first -= 1
                count += 1
                if Attribution.determiners.contains(p.lower) { break }
            } else if ["'", "\u{2019}"].contains(p.text) {
                first -= 1
            } else {
                break
            }
        }
        return first
    }

    private func nounPhrase(endingAt k: Int, _ s: Range<Int>) -> String? {
        guard s.contains(k), tokens[k].kind == .word else { return nil }
        let first = firstOfPhrase(endingAt: k, s)
        return text.slice(tokens[first].start, tokens[k].end)
    }

    private func stripDeterminer(_ s: String) -> String {
        var words = s.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        while let w = words.first, Attribution.determiners.contains(w.lowercased()) { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// "according to the national weather service", "according to the office", "according
    /// to a report by X"; "according to budget documents" names no speaker.
    private func afterAccordingTo(_ k: Int, _ s: Range<Int>) -> Speaker? {
        var i = k
        if let n = names.name(startingAt: i, s) {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true),
                           rule: "according-to", at: k)
        }
        if word(i, s).map(Attribution.determiners.contains) == true { i += 1 }
        // a report by X
        var words: [Int] = []
        while s.contains(i), tokens[i].kind == .word, words.count < 5 {
            let w = tokens[i].lower
            if w == "by" || w == "from" || w == "of", let n = names.name(startingAt: i + 1, s) ?? names.name(startingAt: i + 2, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true),
                               rule: "according-to", at: k)
            }
            if Lexicon.phraseStops.contains(w) || Lexicon.reportingVerbs.contains(w) { break }
            words.append(i)
            i += 1
        }
        guard let last = words.last else { return nil }
        if Lexicon.sourceDocuments.contains(tokens[last].lower) { return nil }
        if let sp = anaphor(words[0], s, at: k), words.count == 1 { return sp }
        let phrase = text.slice(tokens[words[0]].start, tokens[last].end)
        return Speaker(name: phrase, kind: "organisation", rule: "according-to", at: k)
    }

    // MARK: earlier speakers

    /// he, she -> the last person; it -> the last organisation; they -> the last group.
    private func resolve(pronoun: String, kind: String, at verb: Int) -> Speaker? {
        let wanted: Set<String> = kind == "person" ? ["person"] : ["organisation", "country"]
        guard let last = history.last(where: { wanted.contains($0.kind) }) ?? (kind == "group" ? history.last : nil) else { return nil }
        var sp = last
        sp.rule = "pronoun"
        sp.at = verb
        sp.resolved = true
        return sp
    }

    /// "the agency", "the office's", "the ministry": the last speaker whose name holds
    /// that word (or the last organisation, for "the official", "the group").
    private func anaphor(_ k: Int, _ s: Range<Int>, at verb: Int) -> Speaker? {
        guard let head = word(k, s) else { return nil }
        var noun = head
        if let next = word(k + 1, s), !["s"].contains(next), !Lexicon.reportingVerbs.contains(next),
           !Attribution.auxiliaries.contains(next), !Lexicon.phraseStops.contains(next) { noun = next }
        if let hit = history.last(where: { $0.name.lowercased().split(separator: " ").contains(Substring(noun)) })
            ?? history.last(where: { $0.name.lowercased().split(separator: " ").contains(Substring(head)) }) {
            var sp = hit
            sp.rule = "anaphor"
            sp.at = verb
            sp.resolved = true
            return sp
        }
        let generic: Set<String> = ["official", "officials", "group", "organisation", "organization", "operator",
                                    "company", "spokesman", "spokeswoman", "spokesperson", "source", "analysts"]
        if generic.contains(noun) || generic.contains(head), let last = history.last {
            var sp = last
            sp.rule = "anaphor"
            sp.at = verb
            sp.resolved = true
            return sp
        }
        return nil
    }
}
