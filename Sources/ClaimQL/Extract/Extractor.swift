import Foundation

/// Drafts the claims one article makes: its figures (from `FigureFinder`), who states each
/// (`Attribution`), what it is about where the sentence says, and the entities named,
/// linked to the graph's by the same normalised names queries use. Extraction is one more
/// front end: what it makes are drafts, checked by the same builder as declarations.
struct Extractor {
    /// The graph names are linked to (its entities, and the ids already taken).
    let graph: FactGraph

    struct Options {
        var documentID: String
        var published: Day? = nil
        var publisher: String? = nil
        /// Keep the article's text with the document (for `evidence`).
        var keepText = true
    }

    func extract(_ source: String, _ options: Options) -> ArticleDraft {
        let text = ArticleText(source)
        let parts = ArticleParts(text)
        let index = graph.index
        let names = NameFinder(text, known: { index.entitiesByKey[$0] != nil })
        var attribution = Attribution(text, names)
        let finder = FigureFinder(text: text)
        var entities = EntityLinker(graph: graph)
        let bodyFrom = parts.datelineEnd ?? parts.bodyStart
        var claims: [DraftClaim] = []
        let docID = uniqueDocumentID(options.documentID)
        let date = parts.published ?? options.published
        var usedClaimIDs = Set<String>()

        // Speakers first, sentence by sentence; then a quotation's speaker, named at its end,
        // goes back to its earlier sentences ("After more than three years ... This is a
        // huge change," says Tereza Novotna).
        var bodies: [Range<Int>] = []
        var speakersOf: [[Speaker]] = []
        var quotation: [(inside: Bool, open: Bool)] = []
        for sentence in text.sentences {
            // The title and the dateline hold no claims.
            let first = sentence.firstIndex { text.tokens[$0].start >= bodyFrom } ?? sentence.upperBound
            guard first < sentence.upperBound else { continue }
            let s = first..<sentence.upperBound
            bodies.append(s)
            speakersOf.append(attribution.speakers(in: s))
            quotation.append((attribution.lastInQuotation, attribution.lastLeavesQuoteOpen))
        }
        var i = bodies.count - 1
        while i > 0 {
            if quotation[i].inside, let sp = speakersOf[i].first, sp.rule != "quotation" {
                var j = i - 1
                while j >= 0, quotation[j].open, speakersOf[j].isEmpty {
                    var carried = sp
                    carried.rule = "quotation"
                    carried.at = bodies[j].upperBound - 1
                    speakersOf[j] = [carried]
                    j -= 1
                }
            }
            i -= 1
        }

        for (index, s) in bodies.enumerated() {
            let speakers = speakersOf[index]
            for f in inheritUnits(finder.figures(in: s), text) {
                var record = ClaimRecord(id: nextClaimID(docID, claims.count + 1, &usedClaimIDs))
                var checks = f.checks
                var rules = f.rules
                var confidence = f.vague ? 0.5 : 0.9
                if f.unit == nil { confidence -= 0.3 }
                if f.rules.contains("words") { confidence -= 0.1 }
                confidence -= 0.05 * Double(f.checks.count)

                // Who says it: the speaker whose reporting verb is nearest, unless the
                // figure's own clause says "reportedly" (nobody is named for it).
                let clause = clauseBounds(f.first, in: s, text)
                let hedged = clause.contains { ["reportedly", "allegedly", "purportedly"].contains(text.tokens[$0].lower) }
                // A speaker named by a proper name outranks "the ministry" in the same sentence.
                let named = speakers.filter { $0.name.unicodeScalars.first.map(ArticleText.isUpper) == true }
                let nearest = (named.isEmpty ? speakers : named).min(by: { abs($0.at - f.first) < abs($1.at - f.first) })
                if let sp = nearest, !(hedged && !clause.contains(sp.at)) {
                    let entity = entities.entity(named: sp.name, kind: sp.kind, isSpeaker: true)
                    record.source = entity.id
                    rules.append(sp.rule)
                    if sp.resolved {
                        checks.append("source: \"\(sp.via ?? "it")\" read as \(sp.name)")
                        confidence -= 0.1
                    }
                    if let c = entity.check { checks.append(c) }
                } else {
                    rules.append("own-voice")
                }
                // What it is about, where the sentence says: "North Korea delivered ...".
                if let (subject, predicate) = subjectAndPredicate(before: f.first, in: s, text, names, speaker: record.source.flatMap { id in entities.name(of: id) }) {
                    let entity = entities.entity(named: subject.text, kind: NameFinder.kind(of: subject.text, hadTitle: subject.hadTitle, isSpeaker: false, described: subject.described), isSpeaker: false)
                    record.subject = entity.id
                    record.predicate = predicate
                    if let c = entity.check { checks.append(c) }
                } else if let predicate = verb(before: f.first, in: s, text) {
                    record.predicate = predicate
                }
                record.object = f.object
                record.qty = f.value
                record.qtyHi = f.high
                record.unit = f.unit
                record.qualifier = f.vague || f.value == nil ? nil : f.qualifier.map(\.rawValue) ?? "exact"
                record.date = date
                record.doc = docID
                let start = text.tokens[f.first].start, end = text.tokens[f.last].end
                record.quote = text.slice(start, end)
                if date == nil { checks.append("no date: the article has no dateline; give --published") }
                if let change = f.change { record.attributes["change"] = .string(change) }
                if f.vague { record.attributes["vague"] = .bool(true) }
                record.attributes["span"] = .list([.number(Double(start)), .number(Double(end))])
                record.attributes["confidence"] = .number((max(0.1, min(1, confidence)) * 100).rounded() / 100)
                record.attributes["rule"] = .string(rules.joined(separator: "+"))
                claims.append(DraftClaim(record: record, span: start..<end,
                                         confidence: max(0.1, min(1, confidence)), rule: rules.joined(separator: "+"),
                                         checks: checks))
            }
        }
        var document = DocumentRecord(id: docID, title: parts.title, published: date)
        if let publisher = options.publisher {
            document.publisher = entities.entity(named: publisher, kind: "organisation", isSpeaker: true).id
        }
        return ArticleDraft(document: document, entities: entities.created, claims: claims,
                            text: options.keepText ? source : nil)
    }

    /// The tokens of the clause around k: from the comma, semicolon or sentence start
    /// before it to the one after it.
    private func clauseBounds(_ k: Int, in s: Range<Int>, _ text: ArticleText) -> Range<Int> {
        func isBreak(_ i: Int) -> Bool { text.tokens[i].kind == .punct && [",", ";", ":"].contains(text.tokens[i].text) }
        var a = k, b = k
        while a > s.lowerBound, !isBreak(a - 1) { a -= 1 }
        while b + 1 < s.upperBound, !isBreak(b + 1) { b += 1 }
        return a..<(b + 1)
    }

    /// A number counting nothing named takes the unit of a figure close by in the same
    /// sentence: "71,400 people ..., down from 104,800"; "212 runners, and nine were taken".
    private func inheritUnits(_ figures: [FoundFigure], _ text: ArticleText) -> [FoundFigure] {
        var out = figures
        for i in out.indices where out[i].unit == nil && !out[i].vague && out[i].value != nil {
            // A duration nearby is seldom what a bare number counts ("up from 355,000").
            // The nearest figure of the same order of size: "4,812 seals along 320 km of
            // shoreline, up from 3,950" counts seals, not km. A figure ten times larger or
            // smaller counts as twenty tokens further away.
            func cost(_ j: Int) -> Int {
                var d = abs(out[j].first - out[i].first)
                if let a = out[i].value, let b = out[j].value, a > 0, b > 0, max(a, b) / min(a, b) >= 10 { d += 20 }
                if out[j].unit == "percent" { d += 10 }
                return d
            }
            let near = out.indices.filter { $0 != i && out[$0].unit != nil && !out[$0].vague && !WordSets.durations.contains(out[$0].unit!) }
                .min { cost($0) < cost($1) }
            guard let j = near, cost(j) <= 30, abs(out[j].first - out[i].first) <= 24 else { continue }
            out[i].unit = out[j].unit
            if out[i].object == nil { out[i].object = out[j].object }
            out[i].rules.append("unit-nearby")
            out[i].checks = out[i].checks.filter { !$0.hasPrefix("no unit") }
            out[i].checks.append("unit \"\(out[j].unit!)\" taken from \"\(text.slice(text.tokens[out[j].first].start, text.tokens[out[j].last].end))\" nearby")
        }
        return out
    }

    private func uniqueDocumentID(_ wanted: String) -> String {
        EntityLinker.freeID(wanted, prefix: "doc") { graph.documents.idIndex[$0] != nil }
    }

    private func nextClaimID(_ doc: String, _ n: Int, _ used: inout Set<String>) -> String {
        var k = n
        while true {
            let id = "\(doc)_\(k < 10 ? "00" : k < 100 ? "0" : "")\(k)"
            if graph.claims.row(of: id) == nil, used.insert(id).inserted { return id }
            k += 1
        }
    }

    /// The verb before a figure in its clause, and the name right before that verb:
    /// "North Korea had delivered more than 1,000 containers" -> (North Korea, delivered).
    private func subjectAndPredicate(before k: Int, in s: Range<Int>, _ text: ArticleText, _ names: NameFinder,
                                     speaker: String?) -> (NameFinder.Span, String)? {
        guard let (v, predicate) = verbPosition(before: k, in: s, text) else { return nil }
        var j = v - 1
        while j >= s.lowerBound, text.tokens[j].kind == .word, Attribution.auxiliaries.contains(text.tokens[j].lower) || text.tokens[j].lower == "been" { j -= 1 }
        guard let n = names.name(endingAt: j, s) else { return nil }
        if let speaker, NameKey.of(speaker) == NameKey.of(n.text) { return nil }
        if Lexicon.reportingVerbs.contains(predicate) { return nil }
        return (n, predicate)
    }

    private func verb(before k: Int, in s: Range<Int>, _ text: ArticleText) -> String? {
        verbPosition(before: k, in: s, text)?.1
    }

    /// A past-tense verb (or one of the transfer verbs) between the figure and the start of
    /// its clause.
    private func verbPosition(before k: Int, in s: Range<Int>, _ text: ArticleText) -> (Int, String)? {
        var j = k - 1
        var steps = 0
        while j >= s.lowerBound, steps < 8 {
            let t = text.tokens[j]
            if t.kind == .punct, [",", ";", ":", "\"", "\u{201C}", "\u{201D}", "(", ")"].contains(t.text) { return nil }
            // Another figure or a conjunction before it: the verb, if any, belongs to that.
            if t.kind == .number || (t.kind == .word && ["and", "or", "but"].contains(t.lower)) { return nil }
            if t.kind == .word {
                let w = t.lower
                if Extractor.actionVerbs.contains(w) || (w.hasSuffix("ed") && w.count > 4 && !t.isCapitalized
                    && !Lexicon.qualifiersBefore.contains(where: { $0.words.contains(w) })) {
                    return (j, w)
                }
            }
            j -= 1
            steps += 1
        }
        return nil
    }

    static let actionVerbs: Set<String> = [
        "shipped", "delivered", "sent", "provided", "supplied", "transferred", "exported", "imported", "received",
        "sold", "bought", "spent", "paid", "lost", "killed", "fired", "launched", "produced", "built", "won",
        "raised", "cut", "made", "took", "gave", "gets", "got", "holds", "held", "owns", "owes", "employs",
        "hit", "reached", "topped", "totalled", "totaled", "cost", "costs", "earned", "collected", "seized",
        "destroyed", "deployed", "moved", "carried", "left", "injured", "displaced", "evacuated", "treated",
    ]
}

/// Names to entity ids: an entity of the graph (or one created earlier for this article)
/// whose id, name or alias has the same normalised key, else a new entity.
struct EntityLinker {
    let graph: FactGraph
    private(set) var created: [EntityRecord] = []
    private var byKey: [String: String] = [:]
    /// Lookups over the entities created so far, kept beside the list so that each name
    /// costs the same however many came before.
    private var createdNames: [String: String] = [:]
    private var personsBySurname: [String: String] = [:]

    init(graph: FactGraph) { self.graph = graph }

    struct Linked {
        let id: String
        /// A note for the reviewer: a new entity whose kind is a guess, or a name shared
        /// by several entities.
        let check: String?
    }

    func name(of id: String) -> String? {
        if let row = graph.entities.idIndex[id] { return graph.entities.names[Int(row)] }
        return createdNames[id]
    }

    mutating func entity(named written: String, kind: String, isSpeaker: Bool) -> Linked {
        // A demonym speaks for its country: "South Korean tallies" are South Korea's.
        let name = NameFinder.demonyms[NameKey.of(written)] ?? written
        let key = NameKey.of(name)
        let found = graph.index.entities(named: name)
        if let first = found.first {
            let id = graph.entities.ids[Int(first)]
            let check = found.count > 1
                ? "\"\(name)\" names \(found.count) entities (\(found.prefix(3).map { graph.entities.ids[Int($0)] }.joined(separator: ", "))): check which"
                : nil
            return Linked(id: id, check: check)
        }
        if let id = byKey[key] { return Linked(id: id, check: nil) }
        // "Ferreira" after "Tomas Ferreira": the surname of someone already named.
        if !name.contains(" "), let person = personsBySurname[name] {
            byKey[key] = person
            return Linked(id: person, check: nil)
        }
        let id = EntityLinker.freeID(name, prefix: "entity") { id in
            graph.entities.idIndex[id] != nil || createdNames[id] != nil
        }
        created.append(EntityRecord(id: id, name: name, kind: kind))
        createdNames[id] = name
        if kind == "person", let surname = name.split(separator: " ").last, surname.count < name.count {
            personsBySurname[String(surname)] = id
        }
        byKey[key] = id
        return Linked(id: id, check: "new entity \(id): kind \(kind) is a guess")
    }

    /// An id for a name that declarations can spell: its slug, with `prefix_` when it would
    /// start with a digit or be empty, and `_2`, `_3`… when it is taken or is a keyword
    /// (an entity called "Group" cannot have the id `group`: `source: group` would not parse).
    static func freeID(_ name: String, prefix: String, taken: (String) -> Bool) -> String {
        var id = slug(name)
        if id.isEmpty { id = prefix } else if id.first!.isNumber { id = prefix + "_" + id }
        let base = id
        var n = 2
        while taken(id) || Keyword.table[id] != nil { id = "\(base)_\(n)"; n += 1 }
        return id
    }

    /// An id from a name: lower case ASCII letters and digits, the rest as `_`.
    static func slug(_ s: String) -> String {
        var out = ""
        var underscore = false
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        for u in folded.unicodeScalars {
            if (u.value >= 0x61 && u.value <= 0x7A) || (u.value >= 0x30 && u.value <= 0x39) {
                out.unicodeScalars.append(u)
                underscore = false
            } else if (u.value >= 0x41 && u.value <= 0x5A) {
                out.unicodeScalars.append(Unicode.Scalar(u.value + 32)!)
                underscore = false
            } else if !underscore && !out.isEmpty {
                out += "_"
                underscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return String(out.prefix(60))
    }
}
