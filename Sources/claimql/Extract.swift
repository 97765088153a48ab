import ArgumentParser
import ClaimQL
import Foundation

/// `claimql extract FILE...`: drafts the claims each article states, for review.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Draft the claims articles make: figures, qualifiers, who says them, the exact words.",
        discussion: """
            Each FILE is one article: its document id is the file name without extension, its \
            title the first line when a blank line follows it, its date the dateline's \
            (ARDANA, March 14, 2025 -) or --published. Drafts go to stdout as ClaimQL \
            declarations for review, or with --out into entities.jsonl, documents.jsonl and \
            claims.jsonl (load them with the same --data).
            """)

    @Argument(help: ArgumentHelp("Article text files (UTF-8).", valueName: "FILE"))
    var files: [String]

    @Option(name: .customLong("data"), help: ArgumentHelp("A graph to link names to (repeatable): only unknown names become new entities.", valueName: "PATH"))
    var data: [String] = []

    @Option(name: .customLong("out"), help: ArgumentHelp("Write entities.jsonl, documents.jsonl and claims.jsonl into this folder instead of declarations on stdout.", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("published"), help: ArgumentHelp("The date of articles without a dateline.", valueName: "YYYY-MM-DD"))
    var published: String?

    @Option(name: .customLong("publisher"), help: ArgumentHelp("The publisher of the articles (linked to an entity, or a new one).", valueName: "NAME"))
    var publisher: String?

    @Flag(name: .customLong("no-text"), help: "Do not keep the articles' text with their documents.")
    var noText = false

    func validate() throws {
        if let published, Day(iso: published) == nil {
            throw ValidationError("--published must be a date such as 2025-03-14, not '\(published)'")
        }
        if files.isEmpty { throw ValidationError("give at least one article file") }
    }

    func run() throws {
        let console = Console()
        let graph = ClaimGraph()
        for path in data {
            do { try graph.load(path: path) } catch {
                console.report(error)
                throw ExitCode(error.exitCode)
            }
        }
        var drafts: [(ArticleDraft, String)] = []
        for path in files {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                console.writeErr("cannot open \(path): no such file\n")
                throw ExitCode(ExitStatus.noInput)
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let offset = ExtractCommand.firstInvalidUTF8(Array(bytes))
                console.writeErr("\(path): error: not UTF-8 text (byte \(offset) is 0x\(String(bytes[offset], radix: 16, uppercase: true))); convert it first, for example with iconv\n")
                throw ExitCode(ExitStatus.badInput)
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let draft = graph.extract(text: text, documentID: name, published: published.flatMap { Day(iso: $0) },
                                      publisher: publisher, keepText: !noText)
            // Into the graph at once: later articles link to the entities this one made,
            // and the drafts pass the same checks as any data.
            do { try graph.add([draft]) } catch {
                console.report(error)
                throw ExitCode(ExitStatus.failure)
            }
            drafts.append((draft, path))
        }
        if let out {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let files = ArticleDraft.jsonLines(drafts.map(\.0))
                for (name, content) in [("entities", files.entities), ("documents", files.documents), ("claims", files.claims)] {
                    try content.write(toFile: out + "/\(name).jsonl", atomically: true, encoding: .utf8)
                }
            } catch {
                console.writeErr("cannot write \(out): \(error.localizedDescription)\n")
                throw ExitCode(ExitStatus.failure)
            }
            for (d, path) in drafts {
                console.writeErr("\(path): \(d.document.id): \(d.claims.count) claims, \(d.entities.count) new entities\n")
            }
            return
        }
        console.write(drafts.map { $0.0.declarations(source: $0.1) }.joined(separator: "\n"))
    }

    static func firstInvalidUTF8(_ b: [UInt8]) -> Int {
        var i = 0
        while i < b.count {
            let c = b[i]
            let n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0
            if n == 0 || i + n > b.count || String(validating: b[i..<i + n], as: UTF8.self) == nil { return i }
            i += n
        }
        return 0
    }
}
