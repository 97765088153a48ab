/// Names in a sentence: runs of capitalized words ("Korea Economic Institute of America",
/// "Shin Won-sik", "U.S. National Security Council"), with the titles in front dropped
/// ("Defense Minister Shin Won-sik" is Shin Won-sik), and what kind of thing each names.
struct NameFinder {
    let text: ArticleText
    /// Words seen in lower case somewhere in the article: a capitalized word at the start
    /// of a sentence that is also written in lower case is an ordinary word ("Rescue").
    let lowercaseWords: Set<String>
    /// Capitalized words seen inside a sentence: a lone capitalized word starting a
    /// sentence is a name only if it is one of these ("Ferreira said" after "Tomas
    /// Ferreira"), else it is an ordinary word capitalized ("Inspectors checked").
    let midSentenceNames: Set<String>

    var tokens: [ArticleText.Token] { text.tokens }

    /// Names the graph knows (by their normalised key): "SeouI" starting a sentence is one.
    let isKnown: (String) -> Bool

    init(_ text: ArticleText, known: @escaping (String) -> Bool = { _ in false }) {
        self.text = text
        self.isKnown = known
        var seen = Set<String>(), names = Set<String>()
        let starts = Set(text.sentences.map(\.lowerBound))
        for (k, t) in text.tokens.enumerated() where t.kind == .word {
            if !t.isCapitalized { seen.insert(t.text) } else if !starts.contains(k) && !(k > 0 && starts.contains(k - 1) && text.tokens[k - 1].kind == .punct) {
                names.insert(t.text)
            }
        }
        lowercaseWords = seen
        midSentenceNames = names
    }

    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let connectors: Set<String> = ["of", "for", "the", "and", "de", "van", "von", "al", "bin", "la", "du", "del", "da", "le"]
    static let sentenceStarters: Set<String> = [
        "the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "it", "he", "she", "they", "we", "but",
        "and", "or", "as", "while", "after", "before", "since", "when", "where", "if", "although", "because",
        "according", "some", "many", "most", "other", "its", "their", "his", "her", "our", "there", "what", "why",
        "how", "who", "with", "without", "for", "from", "by", "to", "of", "last", "next", "earlier", "later", "still",
        "meanwhile", "however", "so", "yet", "also", "both", "each", "every", "all", "no", "not", "only", "about",
        "more", "less", "nearly", "almost", "around", "roughly", "up", "over", "under", "between", "than", "i", "you",
    ]

    /// A word that can be part of a name at token k (capitalized, not an ordinary word at
    /// the start of a sentence).
    func isNameWord(_ k: Int, _ s: Range<Int>) -> Bool {
        guard s.contains(k) else { return false }
        let t = tokens[k]
        guard t.kind == .word, t.isCapitalized || t.isAllCaps else { return false }
        if Lexicon.months[t.lower] != nil && t.text.count > 3 { return false }
        if NameFinder.weekdays.contains(t.lower) { return false }
        let atStart = k == s.lowerBound || (k - 1 >= s.lowerBound && tokens[k - 1].kind == .punct
            && ["\"", "\u{201C}", "("].contains(tokens[k - 1].text) && k - 1 == s.lowerBound)
        if atStart && (NameFinder.sentenceStarters.contains(t.lower) || lowercaseWords.contains(t.lower)) { return false }
        if NameFinder.sentenceStarters.contains(t.lower) && t.lower.count <= 3 && !t.isAllCaps { return false }
        return true
    }

    /// Whether token k joins the name around it: a hyphen (Won-sik), the dots of an
    /// abbreviation (U.S.), a connector between capitalized words (Ministry of Defense).
    private func joins(_ k: Int, _ s: Range<Int>, forward: Bool) -> Bool {
        guard s.contains(k) else { return false }
        let t = tokens[k]
        if t.kind == .punct, t.text == "-" || t.text == ".", !t.spaceBefore {
            let other = forward ? k + 1 : k - 1
            return s.contains(other) && tokens[other].kind == .word && (t.text == "." || !tokens[forward ? k + 1 : k].spaceBefore)
                && (t.text == "-" || tokens[other].text.count <= 2)
        }
        if t.kind == .word, NameFinder.connectors.contains(t.text) {
            return isNameWord(k - 1, s) && isNameWord(k + 1, s)
        }
        return false
    }

    /// A lone capitalized word starting the sentence: a name only if seen capitalized
    /// inside a sentence, or a country.
    private func loneStart(_ first: Int, _ last: Int, _ s: Range<Int>) -> Bool {
        guard first == last, tokens[first].kind == .word, !tokens[first].isAllCaps else { return false }
        let atStart = first == s.lowerBound || (first - 1 == s.lowerBound && tokens[first - 1].kind == .punct)
        guard atStart else { return false }
        let t = tokens[first]
        // "AeroCalvessa", "McKinsey", "B52": a capital or digit inside the word makes a name.
        if t.text.unicodeScalars.dropFirst().contains(where: { $0.properties.isUppercase || ("0"..."9").contains($0) }) { return false }
        return !midSentenceNames.contains(t.text) && !NameFinder.countries.contains(t.lower) && NameFinder.demonyms[t.lower] == nil
            && !isKnown(NameKey.of(t.text))
    }

    /// The lower-case end of a hyphenated name at k: "sik" in Shin Won-sik, "un" in Kim Jong-un.
    private func hyphenTail(_ k: Int, _ s: Range<Int>) -> Bool {
        guard s.contains(k), k - 2 >= s.lowerBound, tokens[k].kind == .word, !tokens[k].spaceBefore,
              tokens[k - 1].isPunct("-"), !tokens[k - 1].spaceBefore else { return false }
        return isNameWord(k - 2, s)
    }

    /// The name whose last token is k (going back over name words and joiners).
    func name(endingAt k: Int, _ s: Range<Int>) -> Span? {
        if hyphenTail(k, s) {
            guard let head = name(endingAt: k - 2, s) else { return nil }
            return trimmed(head.first, k, s)
        }
        guard isNameWord(k, s) else { return nil }
        var first = k
        while true {
            if isNameWord(first - 1, s) { first -= 1; continue }
            if joins(first - 1, s, forward: false), isNameWord(first - 2, s) || (tokens[first - 1].text == "." && isNameWord(first - 2, s)) {
                first -= 2
                continue
            }
            break
        }
        if loneStart(first, k, s) { return nil }
        return trimmed(first, k, s)
    }

    /// The name whose first token is k.
    func name(startingAt k: Int, _ s: Range<Int>) -> Span? {
        guard isNameWord(k, s) else { return nil }
        var last = k
        while true {
            if isNameWord(last + 1, s) { last += 1; continue }
            if joins(last + 1, s, forward: true), isNameWord(last + 2, s) || hyphenTail(last + 2, s) { last += 2; continue }
            // U.S. ends on its dot
            if s.contains(last + 1), tokens[last + 1].isPunct("."), !tokens[last + 1].spaceBefore, tokens[last].text.count == 1 {
                last += 1
                continue
            }
            break
        }
        if loneStart(k, last, s) { return nil }
        return trimmed(k, last, s)
    }

    struct Span {
        let first: Int
        let last: Int
        let text: String
        /// A title stood before the name (Minister, spokesperson): a person.
        let hadTitle: Bool
        /// An organisation noun stood right before it ("state operator Ferrovia Calvera",
        /// "the lender Thornbury Bank"): an organisation, though it reads like a person.
        var described = false
    }

    /// Drops titles in front ("Finance Minister Tomas Reiner" -> "Tomas Reiner") and
    /// connectors at the edges. A run naming an organisation ("Regional Emergency
    /// Agency") keeps all its words.
    private func trimmed(_ first: Int, _ last: Int, _ s: Range<Int>) -> Span? {
        var a = first, b = last
        var hadTitle = false
        let words = (first...last).filter { tokens[$0].kind == .word }
        if !words.contains(where: { Lexicon.organisationWords.contains(tokens[$0].lower) }) {
            // "South Korean Defense Minister Shin Wonsik": the name after the last title.
            if let lastTitle = words.last(where: { Lexicon.titles.contains(tokens[$0].lower) && tokens[$0].lower.count > 2 }),
               words.contains(where: { $0 > lastTitle }) {
                hadTitle = true
                a = lastTitle + 1
                while a < b, tokens[a].kind == .punct { a += 1 }
            }
            while a < b, tokens[a].kind == .word, Lexicon.titles.contains(tokens[a].lower),
                  ((a + 1)...b).contains(where: { tokens[$0].kind == .word && !Lexicon.titles.contains(tokens[$0].lower) }) {
                hadTitle = true
                a += 1
                while a < b, tokens[a].kind == .punct { a += 1 }
            }
        }
        while a <= b, tokens[a].kind == .word, NameFinder.connectors.contains(tokens[a].text) { a += 1 }
        while b >= a, tokens[b].kind == .word, NameFinder.connectors.contains(tokens[b].text) { b -= 1 }
        guard a <= b else { return nil }
        var span = Span(first: a, last: b, text: text.slice(tokens[a].start, tokens[b].end), hadTitle: hadTitle)
        if !hadTitle, first - 1 >= s.lowerBound, tokens[first - 1].kind == .word, !tokens[first - 1].isCapitalized,
           Lexicon.organisationWords.contains(tokens[first - 1].lower) || WordSets.organisationNouns.contains(tokens[first - 1].lower) {
            span.described = true
        }
        // "an analyst at Carrow Brothers", "a spokeswoman for Redelsa": where someone works.
        if !hadTitle, first - 2 >= s.lowerBound, ["at", "for", "with"].contains(tokens[first - 1].lower),
           Lexicon.titles.contains(tokens[first - 2].lower) || WordSets.workers.contains(tokens[first - 2].lower) {
            span.described = true
        }
        return span
    }

    // MARK: kinds

    /// "South Korean tallies", "Russian officials": the adjective names the country.
    static let demonyms: [String: String] = [
        "southkorean": "South Korea", "northkorean": "North Korea", "russian": "Russia", "ukrainian": "Ukraine",
        "american": "United States", "chinese": "China", "british": "United Kingdom", "french": "France",
        "german": "Germany", "japanese": "Japan", "iranian": "Iran", "israeli": "Israel", "indian": "India",
        "turkish": "Turkey", "polish": "Poland", "italian": "Italy", "spanish": "Spain", "canadian": "Canada",
        "australian": "Australia", "belarusian": "Belarus", "syrian": "Syria", "iraqi": "Iraq", "egyptian": "Egypt",
        "saudi": "Saudi Arabia", "pakistani": "Pakistan", "afghan": "Afghanistan", "mexican": "Mexico",
        "brazilian": "Brazil", "korean": "Korea", "taiwanese": "Taiwan", "vietnamese": "Vietnam",
    ]

    static let countries: Set<String> = [
        "afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria", "azerbaijan", "bangladesh",
        "belarus", "belgium", "bolivia", "bosnia", "brazil", "bulgaria", "cambodia", "canada", "chile", "china",
        "colombia", "croatia", "cuba", "cyprus", "czechia", "denmark", "egypt", "eritrea", "estonia", "ethiopia",
        "finland", "france", "georgia", "germany", "ghana", "greece", "hungary", "india", "indonesia", "iran", "iraq",
        "ireland", "israel", "italy", "japan", "jordan", "kazakhstan", "kenya", "kosovo", "kuwait", "laos", "latvia",
        "lebanon", "libya", "lithuania", "malaysia", "mali", "mexico", "moldova", "mongolia", "montenegro", "morocco",
        "myanmar", "nepal", "netherlands", "nigeria", "northkorea", "norway", "pakistan", "palestine", "peru",
        "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "saudiarabia", "serbia",
        "singapore", "slovakia", "slovenia", "somalia", "southafrica", "southkorea", "spain", "sudan", "sweden",
        "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand", "tunisia", "turkey", "turkmenistan",
        "uganda", "ukraine", "unitedarabemirates", "unitedkingdom", "unitedstates", "uruguay", "uzbekistan",
        "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "us", "usa", "uk", "dprk", "rok", "prc", "korea",
    ]

    /// A guess at what a new name is: a country from the list, an organisation by its
    /// words, a person when a title stood before it or it looks like a personal name,
    /// else a place.
    static func kind(of name: String, hadTitle: Bool, isSpeaker: Bool, described: Bool = false) -> String {
        let key = NameKey.of(name)
        if described, !countries.contains(key), demonyms[key] == nil { return "organisation" }
        return kind(of: name, key: key, hadTitle: hadTitle, isSpeaker: isSpeaker)
    }

    static func kind(of name: String, key: String, hadTitle: Bool, isSpeaker: Bool) -> String {
        if countries.contains(key) || demonyms[key] != nil { return "country" }
        let words = name.split(whereSeparator: { $0 == " " || $0 == "-" }).map { $0.lowercased() }
        if words.contains(where: { Lexicon.organisationWords.contains($0) }) { return "organisation" }
        if name.unicodeScalars.filter({ $0.properties.isAlphabetic }).allSatisfy({ $0.properties.isUppercase }) && name.count >= 2 {
            return "organisation"
        }
        if hadTitle { return "person" }
        let capitalized = name.split(separator: " ").allSatisfy { $0.first?.isUppercase ?? false }
        if capitalized && (2...4).contains(words.count) { return isSpeaker ? "person" : "place" }
        if !capitalized { return "organisation" }
        return isSpeaker ? "organisation" : "place"
    }
}
