import Foundation
import Testing

/// Golden tests: each `Fixtures/<feature>/<case>.cq` runs through the real binary as
/// `claimql ARGS case.cq`, where ARGS comes from a first line `-- args: ...` (default:
/// `--data examples/seed.cq`); `<case>.args` files hold a whole command line instead.
/// The expected stdout, stderr and exit status are in `<case>.expected`. Set
/// CLAIMQL_UPDATE_GOLDEN=1 to rewrite the expectations after a deliberate change.
struct GoldenTests {
    struct Case: CustomStringConvertible, Sendable {
        let path: String          // relative to the package root
        var description: String { path }
    }

    static let fixtures = "Tests/ClaimQLTests/Fixtures"

    static let cases: [Case] = {
        let root = Repo.path(fixtures)
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        // nvim/ holds the Neovim test's script (LanguageServerTests), not a golden case.
        return files.filter { ($0.hasSuffix(".cq") || $0.hasSuffix(".args")) && !$0.hasPrefix("nvim/") }.sorted()
            .filter { !$0.contains("/data/") }
            .map { Case(path: "\(fixtures)/\($0)") }
    }()

    static func arguments(for c: Case) -> [String] {
        let text = Repo.read(c.path)
        if c.path.hasSuffix(".args") { return split(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let first = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let args = first.hasPrefix("-- args:") ? split(String(first.dropFirst("-- args:".count))) : ["--data", "examples/seed.cq"]
        return args + [c.path]
    }

    /// Splits on spaces, keeping 'single-quoted' words together.
    static func split(_ s: String) -> [String] {
        var out: [String] = [], word = "", quoted = false, started = false
        for ch in s {
            if ch == "'" { quoted.toggle(); started = true; continue }
            if ch == " " && !quoted {
                if started { out.append(word) }
                word = ""; started = false
                continue
            }
            word.append(ch); started = true
        }
        if started { out.append(word) }
        return out
    }

    static func render(_ r: ProcessResult) -> String {
        "-- stdout\n\(r.stdout)-- stderr\n\(r.stderr)-- exit \(r.status)\n"
    }

    @Test(arguments: cases)
    func golden(_ c: Case) throws {
        let result = try runClaimQL(GoldenTests.arguments(for: c))
        let actual = GoldenTests.render(result)
        let expectedPath = Repo.path(c.path.replacingOccurrences(of: ".cq", with: ".expected")
            .replacingOccurrences(of: ".args", with: ".expected"))
        if ProcessInfo.processInfo.environment["CLAIMQL_UPDATE_GOLDEN"] != nil {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected, "\(c.path): output differs from \(expectedPath)")
    }

    @Test func thereAreGoldenCases() {
        #expect(GoldenTests.cases.count >= 20)
    }
}
