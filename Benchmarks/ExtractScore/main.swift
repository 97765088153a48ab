// claimql-extract-score: how well `claimql extract` finds the figures of annotated texts.
//
//   claimql-extract-score FOLDER... [--misses]
//   claimql-extract-score --seeds SEED_FOLDER --data examples/seed.cq [--misses]
//   claimql-extract-score --speed FOLDER
//
// --speed: the texts of FOLDER (marks stripped) repeated to 1, 2, 4, 8 and 16 MB, each
// extracted once on one core; prints MB/s per size (equal rates: linear in the length).
//
// Each FOLDER holds .txt files with every figure marked inline (see corpus/README.md).
// The marks are stripped, the plain text goes through the extractor, and each figure it
// drafts is matched to a marked one whose span it overlaps. Prints, per folder and for
// all: figure precision, recall and F1 on the value, and on value and unit; then, over
// the figures found with the right value, how often the qualifier, the source and the
// change are right. --misses lists what was missed, what was extra and what was wrong.
import ClaimQL
import Foundation

struct Gold {
    let span: Range<Int>
    let surface: String
    let qty: Double?
    let qtyHi: Double?
    let unit: String?
    let qualifier: String
    let source: String?
    let change: String?
    let vague: Bool
}

/// Strips `[[surface|k=v;...]]` marks; the gold figures with spans in the plain text
/// (Unicode scalar offsets, as the extractor counts).
func parse(_ marked: String) -> (String, [Gold]) {
    var plain = String.UnicodeScalarView()
    var golds: [Gold] = []
    let s = Array(marked.unicodeScalars)
    var i = 0
    while i < s.count {
        if s[i] == "[", i + 1 < s.count, s[i + 1] == "[" {
            var j = i + 2
            while j + 1 < s.count, !(s[j] == "]" && s[j + 1] == "]") { j += 1 }
            let inner = String(String.UnicodeScalarView(s[(i + 2)..<j]))
            let parts = inner.split(separator: "|", maxSplits: 1).map(String.init)
            let surface = parts[0]
            var fields: [String: String] = [:]
            if parts.count > 1 {
                for kv in parts[1].split(separator: ";") {
                    let p = kv.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    if p.count == 2 { fields[p[0]] = p[1] }
                }
            }
            let start = plain.count
            plain.append(contentsOf: surface.unicodeScalars)
            var qty: Double? = nil, hi: Double? = nil
            if let q = fields["qty"] {
                let r = q.components(separatedBy: "..")
                qty = Double(r[0])
                if r.count == 2 { hi = Double(r[1]) }
            }
            golds.append(Gold(span: start..<plain.count, surface: surface, qty: qty, qtyHi: hi, unit: fields["unit"],
                              qualifier: fields["q"] ?? (hi != nil ? "range" : "exact"),
                              source: fields["src"].flatMap { $0 == "-" ? nil : $0 }, change: fields["change"],
                              vague: fields["vague"] == "1"))
            i = j + 2
            continue
        }
        plain.append(s[i])
        i += 1
    }
    return (String(plain), golds)
}

func key(_ s: String) -> String {
    String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
}

func sameValue(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= max(abs(b) * 0.005, 1e-9)
}

func sameSource(_ predicted: String?, _ gold: String?) -> Bool {
    guard let p = predicted.map(key), let g = gold.map(key) else { return predicted == nil && gold == nil }
    return p == g || (!p.isEmpty && !g.isEmpty && (p.contains(g) || g.contains(p)))
}

struct Tally {
    var gold = 0, predicted = 0
    var valueHits = 0, valueUnitHits = 0, goldFound = 0
    var qualifierRight = 0, sourceRight = 0, changeRight = 0, matched = 0
    var misses: [String] = []

    mutating func add(_ o: Tally) {
        gold += o.gold; predicted += o.predicted; valueHits += o.valueHits; valueUnitHits += o.valueUnitHits
        goldFound += o.goldFound; qualifierRight += o.qualifierRight; sourceRight += o.sourceRight
        changeRight += o.changeRight; matched += o.matched; misses += o.misses
    }

    func report(_ name: String) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.1f", 100 * Double(a) / Double(b)) }
        func f1(_ hits: Int) -> String {
            let p = predicted == 0 ? 0 : Double(hits) / Double(predicted), r = gold == 0 ? 0 : Double(hits) / Double(gold)
            return p + r == 0 ? "0.0" : String(format: "%.1f", 200 * p * r / (p + r))
        }
        return """
            \(name): \(gold) marked figures, \(predicted) drafted
              value:        precision \(pct(valueHits, predicted))  recall \(pct(valueHits, gold))  F1 \(f1(valueHits))
              value+unit:   precision \(pct(valueUnitHits, predicted))  recall \(pct(valueUnitHits, gold))  F1 \(f1(valueUnitHits))
              of the \(matched) found with the right value: qualifier \(pct(qualifierRight, matched))%, \
            source \(pct(sourceRight, matched))%, change \(pct(changeRight, matched))%

            """
    }
}

func score(_ path: String) throws -> Tally {
    let (plain, golds) = parse(try String(contentsOfFile: path, encoding: .utf8))
    let draft = ClaimGraph().extract(text: plain, documentID: "doc")
    let names = Dictionary(uniqueKeysWithValues: draft.entities.map { ($0.id, $0.name) })
    var t = Tally()
    t.gold = golds.count
    t.predicted = draft.claims.count
    var goldUsed = Set<Int>()
    let file = URL(fileURLWithPath: path).lastPathComponent
    for c in draft.claims {
        let r = c.record
        let overlapping = golds.indices.filter { golds[$0].span.overlaps(c.span) }
        let isVague = r.attributes["vague"] == .bool(true)
        guard let g = overlapping.first(where: { sameValue(golds[$0].qty, r.qty) && golds[$0].vague == isVague
                                                 && (golds[$0].qtyHi == nil || sameValue(golds[$0].qtyHi, r.qtyHi)) }) else {
            let what = overlapping.first.map { "marked \(golds[$0].qty.map { "\($0)" } ?? "vague") for \"\(golds[$0].surface)\"" } ?? "nothing marked"
            t.misses.append("\(file): extra or wrong value: \"\(r.quote ?? "")\" -> \(r.qty.map { "\($0)" } ?? "vague") (\(what))")
            continue
        }
        t.valueHits += 1
        let gold = golds[g]
        if goldUsed.insert(g).inserted { t.goldFound += 1 }
        t.matched += 1
        if let u = gold.unit, let pu = r.unit, key(u) == key(pu) || UnitFamilyCheck.same(u, pu) { t.valueUnitHits += 1 } else if gold.unit == nil && r.unit == nil { t.valueUnitHits += 1 } else {
            t.misses.append("\(file): unit of \"\(gold.surface)\": \(r.unit ?? "none"), marked \(gold.unit ?? "none")")
        }
        let q = r.qualifier ?? "exact"
        if q == gold.qualifier || (gold.vague && r.qualifier == nil) { t.qualifierRight += 1 } else {
            t.misses.append("\(file): qualifier of \"\(gold.surface)\": \(q), marked \(gold.qualifier)")
        }
        let source = r.source.map { names[$0] ?? $0 }
        if sameSource(source, gold.source) { t.sourceRight += 1 } else {
            t.misses.append("\(file): source of \"\(gold.surface)\": \(source ?? "none"), marked \(gold.source ?? "none")")
        }
        var change: String? = nil
        if case .string(let s)? = r.attributes["change"] { change = s }
        if change == gold.change { t.changeRight += 1 } else {
            t.misses.append("\(file): change of \"\(gold.surface)\": \(change ?? "none"), marked \(gold.change ?? "none")")
        }
    }
    for (i, g) in golds.enumerated() where !goldUsed.contains(i) {
        t.misses.append("\(file): missed \"\(g.surface)\" (\(g.qty.map { "\($0)" } ?? "vague") \(g.unit ?? ""))")
    }
    return t
}

/// The seed articles against the claims entered by hand in examples/seed.cq: each
/// document there names its article (`seed: "000_..."`); every hand-entered claim with a
/// figure should be drafted from that article with the same value, and with the same
/// unit, qualifier and source entity. (The hand-entered claims are not every figure of the
/// articles, so drafts beyond them are counted, not scored.)
func seeds(_ folder: String, data: String) throws -> Tally {
    let graph = ClaimGraph()
    try graph.load(path: data)
    let engine = Engine(graph: graph)
    let docs = try engine.prepare("documents where seed is not null select id, seed, published").run()
    var t = Tally()
    for row in docs.rows {
        guard case .string(let id)? = row["id"], case .string(let seed)? = row["seed"] else { continue }
        var published: Day? = nil
        if case .date(let d)? = row["published"] { published = d }
        let text = try String(contentsOfFile: "\(folder)/\(seed).txt", encoding: .utf8)
        let draft = graph.extract(text: text, documentID: id, published: published, keepText: false)
        let hand = try engine.prepare("claims where doc = $doc and qty is not null select id, qty, qty_hi, unit, qualifier, source, quote").run(["doc": .string(id)])
        t.gold += hand.count
        t.predicted += draft.claims.count
        var used = Set<Int>()
        for h in hand.rows {
            guard case .number(let qty)? = h["qty"] else { continue }
            let handID: String = { if case .string(let s)? = h["id"] { return s }; return "?" }()
            // The drafted claim with the same value, closest in wording to the hand-entered quote.
            let quote: String = { if case .string(let s)? = h["quote"] { return s }; return "" }()
            let candidates = draft.claims.indices.filter { !used.contains($0) && sameValue(draft.claims[$0].record.qty, qty) }
            guard let c = candidates.min(by: { distance(draft.claims[$0].record.quote ?? "", quote) < distance(draft.claims[$1].record.quote ?? "", quote) }) else {
                t.misses.append("\(seed): missed \(handID) (\(qty)) \"\(quote)\"")
                continue
            }
            used.insert(c)
            let r = draft.claims[c].record
            t.valueHits += 1
            t.goldFound += 1
            t.matched += 1
            let unit: String = { if case .string(let s)? = h["unit"] { return s }; return "" }()
            if key(unit) == key(r.unit ?? "") || UnitFamilyCheck.same(unit, r.unit ?? "") { t.valueUnitHits += 1 } else {
                t.misses.append("\(seed): unit of \(handID): \(r.unit ?? "none"), entered \(unit)")
            }
            let qualifier: String = { if case .string(let s)? = h["qualifier"] { return s }; return "exact" }()
            if qualifier == (r.qualifier ?? "exact") { t.qualifierRight += 1 } else {
                t.misses.append("\(seed): qualifier of \(handID): \(r.qualifier ?? "none"), entered \(qualifier)")
            }
            var source: String? = nil
            if case .entity(let sid, _)? = h["source"] { source = sid }
            if source == r.source { t.sourceRight += 1 } else {
                t.misses.append("\(seed): source of \(handID): \(r.source ?? "none"), entered \(source ?? "none")")
            }
            t.changeRight += 1
        }
    }
    return t
}

/// Words apart: a small edit distance over words, to pair quotes.
func distance(_ a: String, _ b: String) -> Int {
    let x = Set(a.lowercased().split(separator: " ")), y = Set(b.lowercased().split(separator: " "))
    return x.symmetricDifference(y).count
}

/// Units of one family count as the same unit here ("rounds" entered, "shells" drafted
/// would not be: they are not one word for the same thing in the data).
enum UnitFamilyCheck {
    static func same(_ a: String, _ b: String) -> Bool {
        let alias: [String: String] = ["kilometers": "km", "kilometres": "km", "per cent": "percent", "cubic metres": "m3", "cubic meters": "m3"]
        return (alias[a.lowercased()] ?? a.lowercased()) == (alias[b.lowercased()] ?? b.lowercased())
    }
}

let usage = """
    usage: claimql-extract-score FOLDER... [--misses]
           claimql-extract-score --seeds SEED_FOLDER --data DATA [--misses]
           claimql-extract-score --speed FOLDER

    """
func fail(_ message: String, _ code: Int32) -> Never {
    FileHandle.standardError.write(Data(message.utf8))
    exit(code)
}
var folders: [String] = []
var showMisses = false
var seedFolder: String? = nil, seedData: String? = nil, speedFolder: String? = nil
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let a = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("\(a) needs a value\n" + usage, 2) }
        return arguments.removeFirst()
    }
    switch a {
    case "--misses": showMisses = true
    case "--seeds": seedFolder = value()
    case "--data": seedData = value()
    case "--speed": speedFolder = value()
    case "-h", "--help": print(usage, terminator: ""); exit(0)
    default:
        if a.hasPrefix("-") { fail("unknown option \(a)\n" + usage, 2) }
        folders.append(a)
    }
}
if (seedFolder == nil) != (seedData == nil) { fail("--seeds and --data go together\n" + usage, 2) }
/// The .txt files of a folder; a folder that is missing or holds none is an error.
func texts(in folder: String) -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        fail("\(folder): no such folder\n", 66)
    }
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    if files.isEmpty { fail("\(folder): no .txt files to score\n", 66) }
    return files
}
if let folder = speedFolder {
    let files = texts(in: folder)
    let base = files.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }.map { parse($0).0 }
        .joined(separator: "\n\n")
    guard !base.isEmpty else { print("no texts in \(folder)"); exit(1) }
    for mb in [1, 2, 4, 8, 16] {
        var text = ""
        while text.utf8.count < mb << 20 { text += base + "\n\n" }
        let graph = ClaimGraph()
        let start = ContinuousClock.now
        let draft = graph.extract(text: text, documentID: "speed", keepText: false)
        let d = (ContinuousClock.now - start).components
        let seconds = Double(d.seconds) + Double(d.attoseconds) / 1e18
        print(String(format: "%2d MB: %.2f s, %.1f MB/s, %d claims", mb, seconds, Double(text.utf8.count) / 1e6 / seconds, draft.claims.count))
    }
    exit(0)
}
if let seedFolder, let seedData {
    do {
        let t = try seeds(seedFolder, data: seedData)
        print("""
            seed articles against examples/seed.cq: \(t.gold) hand-entered figures, \(t.predicted) drafted
              found with the right value: \(t.valueHits) (\(String(format: "%.1f", 100 * Double(t.valueHits) / Double(max(1, t.gold))))%)
              of those: unit \(t.valueUnitHits), qualifier \(t.qualifierRight), source entity \(t.sourceRight)

            """)
        if showMisses { for m in t.misses { print(m) } }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}
if folders.isEmpty { fail(usage, 2) }
var all = Tally()
for folder in folders {
    var t = Tally()
    let files = texts(in: folder)
    for f in files {
        do { t.add(try score(folder + "/" + f)) } catch {
            FileHandle.standardError.write(Data("\(folder)/\(f): \(error)\n".utf8))
            exit(1)
        }
    }
    print(t.report("\(folder) (\(files.count) texts)"))
    all.add(t)
}
if folders.count > 1 { print(all.report("all")) }
if showMisses { for m in all.misses { print(m) } }
