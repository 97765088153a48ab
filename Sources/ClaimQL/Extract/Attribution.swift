/// Who states what: for each sentence, the speakers its reporting verbs name ("X said",
/// "said X", "X told reporters", "according to X", "X estimated", "X, a spokesman for
/// Y, said"), with pronouns and "the ministry" resolved to the last speaker that fits, and
/// a speaker carried into the next sentences of a quotation. "Reportedly" and sentences
/// with no reporting verb are the document's own voice: no speaker.
struct Speaker {
    var name: String {
        didSet { key = NameKey.of(name); words = Speaker.words(name) }
    }
    /// The normalised name and its words in lower case, computed once.
    private(set) var key: String
    private(set) var words: Set<String>

    static func words(_ name: String) -> Set<String> { Set(name.lowercased().split(separator: " ").map(String.init)) }
    var kind: String
    /// How it was found: "said-before", "said-after", "according-to", "pronoun", ...
    var rule: String
    /// Token index of the reporting verb (figures take the nearest).
    var at: Int
    /// Found through a pronoun or "the agency": less sure.
    var resolved: Bool = false
    /// The words that referred to it ("he", "the agency").
    var via: String? = nil

    init(name: String, kind: String, rule: String, at: Int, resolved: Bool = false) {
        self.name = name
        self.key = NameKey.of(name)
        self.words = Speaker.words(name)
        self.kind = kind
        self.rule = rule
        self.at = at
        self.resolved = resolved
    }
}

struct Attribution {
    let text: ArticleText
    let names: NameFinder
    var tokens: [ArticleText.Token] { text.tokens }

    /// Speakers named so far in the document, most recent last.
    private(set) var history: [Speaker] = []
    /// The speaker of the quotation still open at the end of the last sentence.
    private var openQuote: Speaker? = nil
    /// People named so far, with where: "he" is the last one named before it.
    private var persons: [(name: String, at: Int)] = []
    /// Organisations named so far: "the club said" is the last one when none spoke yet.
    private var organisations: [(name: String, at: Int)] = []
    /// A quotation is open at the end of the last sentence.
    private var inQuote = false
    /// Whether the last sentence read was (part of) a quotation, and left it open.
    private(set) var lastInQuotation = false
    private(set) var lastLeavesQuoteOpen = false

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
        notePersons(in: s)
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
        // "Marsh said Brenmoor promised ...": what Brenmoor promised is Marsh's claim.
        found = found.enumerated().filter { i, b in
            !found[..<i].contains { a in
                !["said-after", "according-to", "quotation"].contains(b.rule) && a.at < b.at && b.at - a.at <= 6
                    && (a.at + 1..<b.at).allSatisfy { tokens[$0].kind == .word }
            }
        }.map(\.element)
        // A new paragraph not opening with a quote ends any quotation.
        if s.lowerBound < tokens.count, tokens[s.lowerBound].lineBreakBefore, !opensWithQuote { inQuote = false }
        let startsInside = inQuote || opensWithQuote
        if found.isEmpty, startsInside, let q = openQuote {
            // A quotation going on from the sentence before, with no new attribution.
            var carried = q
            carried.rule = "quotation"
            carried.at = s.lowerBound
            found.append(carried)
        }
        found = found.map(fullName)
        for sp in found where !sp.name.isEmpty { remember(sp) }
        // A quotation left open carries its speaker into the next sentence.
        var open = inQuote
        var quotes = 0
        for i in s where tokens[i].kind == .punct {
            switch tokens[i].text {
            case "\"": open.toggle(); quotes += 1
            case "\u{201C}": open = true; quotes += 1
            case "\u{201D}": open = false; quotes += 1
            default: break
            }
        }
        if let last = found.last, startsInside || quotes > 0 {
            openQuote = last
        } else if quotes == 0 && !startsInside {
            openQuote = nil
        }
        inQuote = open
        lastInQuotation = startsInside || quotes > 0
        lastLeavesQuoteOpen = open
        if found.isEmpty && reportedly { return [] }
        return found
    }

    /// Records the people a sentence names (two to four capitalized words that are no
    /// organisation or country), for pronouns later on.
    private mutating func notePersons(in s: Range<Int>) {
        var k = s.lowerBound
        while k < s.upperBound {
            if tokens[k].isCapitalized || tokens[k].isAllCaps, let n = names.name(startingAt: k, s) {
                let kind = NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true, described: n.described)
                if kind == "person", n.text.split(separator: " ").count >= 2 || n.hadTitle {
                    Attribution.note(n.text, at: n.first, in: &persons)
                } else if kind == "organisation", n.first != s.lowerBound || n.first != n.last,
                          n.described || n.text.contains(" of ") || n.text.contains(" for ")
                            || n.text.split(separator: " ").contains(where: { Lexicon.organisationWords.contains($0.lowercased()) })
                            || n.text.allSatisfy({ !$0.isLowercase }) {
                    Attribution.note(n.text, at: n.first, in: &organisations)
                }
                k = n.last + 1
            } else {
                k += 1
            }
        }
    }

    /// How far back "he", "the agency" and "the report" look: the last few dozen names.
    /// A bound, so a long text costs the same per sentence at its end as at its start
    /// (every lookup below is linear in these lists).
    static let memory = 32

    /// Records a name mentioned at token `at`, most recent last, each name once.
    private static func note(_ name: String, at: Int, in list: inout [(name: String, at: Int)]) {
        list.removeAll { $0.name == name }
        list.append((name, at))
        if list.count > memory { list.removeFirst(list.count - memory) }
    }

    private mutating func remember(_ sp: Speaker) {
        history.removeAll { $0.key == sp.key }
        history.append(sp)
        if history.count > Attribution.memory { history.removeFirst(history.count - Attribution.memory) }
    }

    private func word(_ k: Int, _ s: Range<Int>) -> String? {
        s.contains(k) && tokens[k].kind == .word ? tokens[k].lower : nil
    }

    // MARK: the speaker of a reporting verb

    private func speaker(of verb: Int, _ s: Range<Int>) -> Speaker? {
        let v = tokens[verb].lower
        // "showed", "found", "put" and friends only report with a subject that can speak.
        // Before the verb: skip auxiliaries and adverbs back to the subject.
        // "put up 3,600 tents", "set out": a phrasal verb, not a report.
        if let next = word(verb + 1, s), WordSets.weak.contains(v), ["up", "out", "on", "off", "down", "forward", "in", "together"].contains(next) {
            return nil
        }
        var k = verb - 1
        while let w = word(k, s), Attribution.auxiliaries.contains(w) || (w.hasSuffix("ly") && w.count > 4) { k -= 1 }
        // "the Joint Agency for Displaced Persons (JADP) said": past the bracketed short name.
        if s.contains(k), tokens[k].isPunct(")"), let open = (max(s.lowerBound, k - 5)..<k).last(where: { tokens[$0].isPunct("(") }) {
            k = open - 1
            while let w = word(k, s), Attribution.auxiliaries.contains(w) || (w.hasSuffix("ly") && w.count > 4) { k -= 1 }
        }
        // "The Mineworkers' Union, which says ...": the phrase before the comma.
        if let w = word(k, s), ["which", "who", "that"].contains(w) {
            var c = k - 1
            if s.contains(c), tokens[c].isPunct(",") { c -= 1 }
            guard var sp = names.name(endingAt: c, s).map({ Speaker(name: $0.text, kind: NameFinder.kind(of: $0.text, hadTitle: $0.hadTitle, isSpeaker: true, described: $0.described), rule: "relative", at: verb) })
                    ?? subject(endingAt: c, s, verb: verb) else { return nil }
            sp.rule = "relative"
            return sp
        }
        if s.contains(k), !tokens[k].isPunct(","), let sp = subject(endingAt: k, s, verb: verb, weak: WordSets.weak.contains(v)) {
            return sp
        }
        if WordSets.weak.contains(v) { return nil }
        // After the verb: "said Amira Haddad", "said she", "said the ministry".
        if let n = names.name(startingAt: verb + 1, s) {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true, described: n.described),
                           rule: "said-after", at: verb)
        }
        // `..." said she.`: a pronoun after the verb speaks only at the end of a clause
        // ("said it had spent" is the reported clause's subject).
        if let w = word(verb + 1, s), let kind = Lexicon.pronouns[w], !s.contains(verb + 2) || tokens[verb + 2].kind == .punct {
            return resolve(pronoun: w, kind: kind, at: verb)
        }
        // "said the ministry." / "said the ministry in a statement"; but in "said the union
        // had surveyed" the union is the reported clause's subject.
        if let d = word(verb + 1, s), ["the", "this", "its"].contains(d), !clauseGoesOn(after: verb + 2, s),
           let sp = anaphor(verb + 2, s, at: verb) {
            return sp
        }
        // `X, a spokesman for the office, said` / `X, who asked not to be named, said`.
        if s.contains(k), tokens[k].isPunct(","), let sp = apposition(before: k, s, verb: verb) { return sp }
        return nil
    }

    /// The subject before an apposition that ends at the comma `k`.
    private func apposition(before k: Int, _ s: Range<Int>, verb: Int) -> Speaker? {
        var c = k - 1
        while c > s.lowerBound, !tokens[c].isPunct(",") { c -= 1 }
        guard c > s.lowerBound, tokens[c].isPunct(","), c + 1 < k else { return nil }
        // "Its leader, Pavel Kos, told": the name between the commas.
        if let n = names.name(startingAt: c + 1, s), n.last == k - 1 {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: true, isSpeaker: true, described: n.described),
                           rule: "apposition", at: verb)
        }
        // "Delventi, 61, said": an age between the commas.
        if c + 2 == k, tokens[c + 1].kind == .number, let n = names.name(endingAt: c - 1, s) {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true, described: n.described),
                           rule: "apposition", at: verb)
        }
        // What lies between the commas must read as an apposition.
        let opener = tokens[c + 1].lower
        guard WordSets.appositive.contains(opener) || Lexicon.titles.contains(opener) else { return nil }
        // "Duarte, 49, who joined ...": the name before an age.
        var end = c - 1
        if s.contains(end), tokens[end].kind == .number, end - 1 > s.lowerBound, tokens[end - 1].isPunct(",") { end -= 2 }
        if let n = names.name(endingAt: end, s) {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: true, isSpeaker: true, described: n.described),
                           rule: "apposition", at: verb)
        }
        guard var sp = subject(endingAt: c - 1, s, verb: verb) else { return nil }
        sp.rule = "apposition"
        return sp
    }

    /// The subject ending at token k, before a reporting verb.
    private func subject(endingAt k: Int, _ s: Range<Int>, verb: Int, weak: Bool = false) -> Speaker? {
        guard s.contains(k) else { return nil }
        let t = tokens[k]
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
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true, described: n.described),
                           rule: "said-before", at: verb)
        }
        // "the group's analysts said", "the commission's figures showed"
        if k - 1 >= s.lowerBound, tokens[k - 1].kind == .word, tokens[k - 1].lower == "s", k - 2 >= s.lowerBound,
           ["'", "\u{2019}"].contains(tokens[k - 2].text) {
            if let n = names.name(endingAt: k - 3, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true, described: n.described),
                               rule: "possessive", at: verb)
            }
            return anaphor(k - 3, s, at: verb)
        }
        if word(k - 1, s) == "s" || (k - 1 >= s.lowerBound && ["'", "\u{2019}"].contains(tokens[k - 1].text)) {
            if let n = names.name(endingAt: k - 2, s) ?? names.name(endingAt: k - 3, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true, described: n.described),
                               rule: "possessive", at: verb)
            }
        }
        return commonSubject(endingAt: k, s, verb: verb, weak: weak)
    }

    static let prepositions: Set<String> = ["in", "of", "from", "at", "for", "with", "on"]
    /// People who speak for an institution: "observers from the Institute" is the Institute.
    static let envoys: Set<String> = [
        "observers", "analysts", "officials", "experts", "researchers", "monitors", "staff", "members", "inspectors",
        "investigators", "scientists", "economists", "spokesmen", "sources", "diplomats", "officers", "representatives",
        "official", "analyst", "expert", "source", "diplomat", "officer", "spokesman", "spokeswoman", "spokesperson",
        "representative", "researcher", "economist", "observer", "traders", "trader",
    ]

    /// People who work inside an organisation: alone ("Researchers counted", "Officials
    /// said"), they speak for the one named last. Traders, analysts or insurers are a
    /// group of their own.
    static let insiders: Set<String> = [
        "officials", "researchers", "scientists", "staff", "inspectors", "investigators", "officers", "spokesman",
        "spokeswoman", "spokesperson", "researcher", "scientist", "official", "officer", "representatives", "representative",
    ]

    /// A common noun phrase as a subject: "the agency" (an earlier speaker), "Organisers",
    /// "Farmers' groups", "Health authorities in Carovan province", "Observers from the
    /// Regional Democracy Institute", "The border agency of Valmora".
    private func commonSubject(endingAt k: Int, _ s: Range<Int>, verb: Int, weak: Bool) -> Speaker? {
        var i = k + 1
        var count = 0
        var prepositions: [Int] = []
        while i - 1 >= s.lowerBound && count < 9 {
            let p = tokens[i - 1]
            if p.kind == .word {
                let w = p.lower
                if Attribution.prepositions.contains(w) {
                    if prepositions.count >= 2 { break }
                    prepositions.append(i - 1)
                } else if Lexicon.reportingVerbs.contains(w) || (Lexicon.phraseStops.contains(w) && !Attribution.determiners.contains(w))
                            || (w.hasSuffix("ed") && !p.isCapitalized && count > 0) {
                    break
                }
                i -= 1
                count += 1
                if Attribution.determiners.contains(w) && !(i - 1 >= s.lowerBound && Attribution.prepositions.contains(tokens[i - 1].lower)) { break }
            } else if ["'", "\u{2019}"].contains(p.text) || (["."].contains(p.text) && !p.spaceBefore) || (p.text == "-" && !p.spaceBefore) {
                i -= 1
            } else {
                break
            }
        }
        var first = i
        while first <= k, tokens[first].kind == .word, Attribution.prepositions.contains(tokens[first].lower) { first += 1 }
        guard first <= k else { return nil }
        let split = prepositions.filter { $0 > first }.min() ?? (k + 1)
        var headFirst = first
        while headFirst < split, tokens[headFirst].kind == .word, Attribution.determiners.contains(tokens[headFirst].lower) { headFirst += 1 }
        guard headFirst < split else { return nil }
        let headLast = split - 1
        let headNoun = tokens[headLast].lower
        let hadDeterminer = headFirst > first
        // "people familiar with the talks", "sources close to the club": nobody named.
        if (headFirst...k).contains(where: { ["familiar", "sources", "source", "insiders", "insider"].contains(tokens[$0].lower) }) {
            return nil
        }
        let head = text.slice(tokens[headFirst].start, tokens[headLast].end)
        // "the commission's figures showed": the owner speaks; "a prior US intelligence
        // report indicated": the named words before the document noun do.
        if Lexicon.sourceDocuments.contains(headNoun) || ["report", "assessment", "analysis", "study", "review"].contains(headNoun) {
            if let apostrophe = (headFirst..<headLast).first(where: { ["'", "\u{2019}"].contains(tokens[$0].text) }),
               let owner = names.name(endingAt: apostrophe - 1, s) ?? nil {
                return Speaker(name: owner.text, kind: NameFinder.kind(of: owner.text, hadTitle: false, isSpeaker: true, described: owner.described),
                               rule: "possessive", at: verb)
            }
            var a = headFirst
            while a < headLast, WordSets.adjectives.contains(tokens[a].lower) { a += 1 }
            if a < headLast, (a..<headLast).contains(where: { tokens[$0].isCapitalized || tokens[$0].isAllCaps }) {
                let name = text.slice(tokens[a].start, tokens[headLast - 1].end)
                return Speaker(name: name, kind: "organisation", rule: "document-of", at: verb)
            }
            // "the report said", "the survey found": the organisation behind it, named before.
            // ("The figures showed" stays the document's voice: figures are often nobody's.)
            if hadDeterminer, headFirst == headLast, WordSets.authoredDocuments.contains(headNoun),
               let org = lastOrganisation(before: verb) {
                var sp = Speaker(name: org, kind: "organisation", rule: "document-of", at: verb, resolved: true)
                sp.via = "the " + headNoun
                return sp
            }
            return nil
        }
        let modifierName = split < k ? (split + 1...k).lazy.compactMap { self.names.name(startingAt: $0, s) }.first : nil
        if Attribution.envoys.contains(headNoun), let n = modifierName {
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true, described: n.described), rule: "said-before", at: verb)
        }
        // "A spokesman for the department": the department named before.
        if Attribution.envoys.contains(headNoun) || Lexicon.titles.contains(headNoun), split < k,
           ["for", "of", "at", "from"].contains(tokens[split].lower), word(split + 1, s) == "the", split + 2 <= k,
           let sp = anaphor(split + 2, s, at: verb) {
            return sp
        }
        // "Researchers counted", "the scientists said": the people of the organisation named
        // before (the institute whose survey this is); nobody named when there is none.
        if Attribution.insiders.contains(headNoun), headFirst == headLast {
            guard let org = lastOrganisation(before: verb) else { return nil }
            var sp = Speaker(name: org, kind: "organisation", rule: "anaphor", at: verb, resolved: true)
            sp.via = headNoun
            return sp
        }
        if Lexicon.organisationWords.contains(headNoun), split <= k, tokens[split].lower == "of", modifierName != nil {
            return Speaker(name: text.slice(tokens[headFirst].start, tokens[k].end), kind: "organisation", rule: "said-before", at: verb)
        }
        // "the agency" is an earlier speaker; "the national statistics office" describes one.
        if hadDeterminer, headFirst == headLast, ["the", "this", "that", "its"].contains(tokens[first].lower) {
            // "the ministry" with no earlier ministry: someone, but not known who.
            return anaphor(headLast, s, at: verb, noun: headNoun)
        }
        // A plural or an institution speaks ("Organisers said"); a lone noun does not, and
        // a weak verb ("found", "showed") needs an institution or its people.
        let institution = Lexicon.organisationWords.contains(headNoun) || Attribution.envoys.contains(headNoun)
        guard headNoun.hasSuffix("s") || institution, head.count > 2, !weak || institution else { return nil }
        return Speaker(name: head, kind: "organisation", rule: "said-before", at: verb)
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
            return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true, described: n.described),
                           rule: "according-to", at: k)
        }
        if word(i, s).map(Attribution.determiners.contains) == true { i += 1 }
        // "figures released on Thursday by the Marrowgate Metropolitan Police": a document,
        // then who issued it, a few words on.
        if let w = word(i, s), Lexicon.sourceDocuments.contains(w) || WordSets.authoredDocuments.contains(w) {
            var j = i + 1
            while j < min(i + 9, s.upperBound), tokens[j].kind == .word {
                if ["by", "from"].contains(tokens[j].lower) {
                    var n = j + 1
                    if word(n, s).map(Attribution.determiners.contains) == true { n += 1 }
                    if let name = names.name(startingAt: n, s) {
                        return Speaker(name: name.text, kind: NameFinder.kind(of: name.text, hadTitle: false, isSpeaker: true, described: name.described),
                                       rule: "according-to", at: k)
                    }
                    break
                }
                j += 1
            }
        }
        // a report by X
        var words: [Int] = []
        while s.contains(i), tokens[i].kind == .word, words.count < 5 {
            let w = tokens[i].lower
            // "the research group Open Orbit": the name in the phrase.
            if let n = names.name(startingAt: i, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: n.hadTitle, isSpeaker: true, described: n.described),
                               rule: "according-to", at: k)
            }
            if w == "by" || w == "from" || w == "of", let n = names.name(startingAt: i + 1, s) ?? names.name(startingAt: i + 2, s) {
                return Speaker(name: n.text, kind: NameFinder.kind(of: n.text, hadTitle: false, isSpeaker: true, described: n.described),
                               rule: "according-to", at: k)
            }
            // "figures published by the health service"
            if w == "by" {
                var j = i + 1
                if word(j, s).map(Attribution.determiners.contains) == true { j += 1 }
                var phrase: [Int] = []
                while s.contains(j), tokens[j].kind == .word, phrase.count < 4, !Lexicon.phraseStops.contains(tokens[j].lower) {
                    phrase.append(j)
                    j += 1
                }
                if let a = phrase.first, let b = phrase.last {
                    return Speaker(name: text.slice(tokens[a].start, tokens[b].end), kind: "organisation", rule: "according-to", at: k)
                }
            }
            // "estimates", "reports" are nouns here: only a preposition or a verb ends the phrase.
            if Lexicon.phraseStops.contains(w) { break }
            words.append(i)
            i += 1
        }
        guard let last = words.last else { return nil }
        if Lexicon.sourceDocuments.contains(tokens[last].lower) { return nil }
        if let sp = anaphor(words[0], s, at: k), words.count == 1 { return sp }
        let phrase = text.slice(tokens[words[0]].start, tokens[last].end)
        return Speaker(name: phrase, kind: "organisation", rule: "according-to", at: k)
    }

    /// Whether the reported clause goes on after the noun at k: a verb or auxiliary follows
    /// ("said the union had surveyed"), rather than punctuation or a preposition.
    private func clauseGoesOn(after k: Int, _ s: Range<Int>) -> Bool {
        var i = k
        while let w = word(i, s), !Attribution.auxiliaries.contains(w), !Attribution.prepositions.contains(w), i - k < 3 { i += 1 }
        guard let w = word(i, s) else { return false }
        return Attribution.auxiliaries.contains(w) && !["also", "later", "then", "earlier", "previously"].contains(w)
    }

    /// A speaker named by surname alone ("said Okonjo") is the person named in full before.
    private func fullName(_ sp: Speaker) -> Speaker {
        guard !sp.name.contains(" "), let p = persons.last(where: { $0.name.hasSuffix(" " + sp.name) }) else { return sp }
        var full = sp
        full.name = p.name
        full.kind = "person"
        return full
    }

    // MARK: earlier speakers

    /// The organisation named or heard last before token k: a speaker, else a name.
    private func lastOrganisation(before k: Int) -> String? {
        // (Anonymous speakers, "people familiar with the deal", are nobody to refer back to.)
        let spoke = history.last { $0.kind == "organisation" && $0.at < k && $0.words.isDisjoint(with: ["familiar", "sources", "people"]) }
        let named = organisations.last { $0.at < k }
        switch (spoke, named) {
        case let (sp?, n?): return n.at > sp.at ? n.name : sp.name
        case let (sp?, nil): return sp.name
        case let (nil, n?): return n.name
        default: return nil
        }
    }

    /// he, she -> the last person; it -> the last organisation; they -> the last group.
    private func resolve(pronoun: String, kind: String, at verb: Int) -> Speaker? {
        if kind == "person", let p = persons.last(where: { $0.at < verb }) {
            // The last person named, whether or not they spoke before.
            let key = NameKey.of(p.name)
            let known = history.last { $0.key == key }
            var sp = Speaker(name: known?.name ?? p.name, kind: "person", rule: "pronoun", at: verb, resolved: true)
            sp.via = pronoun
            return sp
        }
        let wanted: Set<String> = kind == "person" ? ["person"] : ["organisation", "country"]
        guard let last = history.last(where: { wanted.contains($0.kind) }) ?? (kind == "group" ? history.last : nil) else { return nil }
        var sp = last
        sp.rule = "pronoun"
        sp.at = verb
        sp.resolved = true
        sp.via = pronoun
        return sp
    }

    /// "the agency", "the office's", "the ministry": the last speaker whose name holds
    /// that word (or the last organisation, for "the official", "the group").
    private func anaphor(_ k: Int, _ s: Range<Int>, at verb: Int, noun given: String? = nil) -> Speaker? {
        guard let head = word(k, s) else { return nil }
        var noun = given ?? head
        if given == nil, let next = word(k + 1, s), !["s"].contains(next), !Lexicon.reportingVerbs.contains(next),
           !Attribution.auxiliaries.contains(next), !Lexicon.phraseStops.contains(next) { noun = next }
        // "the guild": the last speaker or organisation with that word in its name.
        let spoke = history.last(where: { $0.words.contains(noun) }) ?? history.last(where: { $0.words.contains(head) })
        let named = WordSets.institutions.contains(noun) || Lexicon.organisationWords.contains(noun) || WordSets.organisationNouns.contains(noun)
            ? organisations.last(where: { $0.at < verb && Speaker.words($0.name).contains(noun) }) : nil
        if let n = named, spoke.map({ $0.at < n.at }) ?? true {
            var sp = Speaker(name: n.name, kind: "organisation", rule: "anaphor", at: verb, resolved: true)
            sp.via = "the " + noun
            return sp
        }
        if let hit = spoke {
            var sp = hit
            sp.rule = "anaphor"
            sp.at = verb
            sp.resolved = true
            sp.via = "the " + noun
            return sp
        }
        // "the company", "the lender", "the club": the last organisation named or heard.
        let anyOrganisation: Set<String> = ["club", "team", "company", "firm", "group", "operator", "organisation", "organization"]
        if anyOrganisation.contains(noun) || WordSets.organisationNouns.contains(noun), let org = lastOrganisation(before: verb) {
            var sp = Speaker(name: org, kind: "organisation", rule: "anaphor", at: verb, resolved: true)
            sp.via = "the " + noun
            return sp
        }
        if WordSets.generic.contains(noun) || WordSets.generic.contains(head), let last = history.last {
            var sp = last
            sp.rule = "anaphor"
            sp.at = verb
            sp.resolved = true
            sp.via = "the " + noun
            return sp
        }
        return nil
    }
}
