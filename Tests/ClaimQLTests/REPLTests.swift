import Foundation
import Testing

/// Drives the real binary in a real terminal (tmux): the REPL as a person uses it.
/// CI installs tmux (.ci/run); without it this test fails, it is not skipped.
@Suite(.serialized)
struct REPLTests {
    final class Terminal {
        let socket = "claimql-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let session = "repl"

        /// Runs tmux and returns what it printed (empty if it could not run: the
        /// expectations then fail). posix_spawn and waitpid, not Foundation's Process,
        /// which here never reaped the tmux client when the server forked from it.
        @discardableResult
        func tmux(_ args: [String], output: Bool = true) -> String {
            let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-tmux-\(UUID())").path
            defer { unlink(outPath) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output ? outPath : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // Nothing else may leak into the tmux server: an inherited pipe of the test
            // runner would keep `swift test` waiting for the server to exit.
            // (glibc ignores a close action for a descriptor that closed meanwhile.)
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for fd in open.compactMap(Int32.init) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
            let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + args
            var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
            defer { for a in cargs { free(a) } }
            // A clean signal state: the test runner's threads block most signals, and a
            // tmux server that inherits that mask never learns its panes have ended.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t(), all = sigset_t()
            sigemptyset(&none)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            guard posix_spawnp(&pid, "tmux", &actions, &attributes, &cargs, environ) == 0 else { return "" }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return output ? ((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "") : ""
        }

        func start(_ command: String) {
            tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "50",
                      "cd '\(Repo.root.path)' && TERM=xterm NO_COLOR=1 \(command); echo \"[exit $?]\"; sleep 60"], output: false)
        }

        func keys(_ k: String...) { tmux(["send-keys", "-t", session] + k, output: false) }

        func screen() -> String { tmux(["capture-pane", "-p", "-t", session, "-S", "-200"]) }

        /// Waits (up to 30 s: the suite runs beside Chromium, Spark and wrk on two cores) until
        /// the screen matches `pattern`.
        func waitFor(_ pattern: String) -> Bool {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return false }
            for _ in 0..<600 {
                let s = screen()
                if regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil { return true }
                usleep(50_000)
            }
            return false
        }

        /// Waits until the last line is an empty prompt: readline is waiting for keys.
        func waitForPrompt() -> Bool {
            for _ in 0..<600 {
                if currentLine().trimmingCharacters(in: .whitespaces) == "claimql>" { return true }
                usleep(50_000)
            }
            return false
        }

        /// The last line on screen that has text.
        func currentLine() -> String {
            screen().split(separator: "\n").last.map(String.init) ?? ""
        }

        /// Ends the tmux server and everything in it (called with `defer` by each test).
        func stop() { tmux(["kill-server"], output: false) }
    }

    @Test func interactiveSession() throws {
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-history-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: history) }
        let t = Terminal()
        defer { t.stop() }
        t.start("\(Repo.binary) --data examples/seed.cq --history-file \(history)")
        #expect(t.waitFor("^claimql> $|^claimql>$"), "no prompt: \(t.screen())")

        // A query and its rows.
        t.keys(#"claims where source = "Shin" and qty > 1M"#, "Enter")
        #expect(t.waitFor(#"^shin_shells_4_8m .*Shin Won-sik$"#))
        #expect(t.waitFor(#"^\(1 row\)$"#))

        // Up recalls it.
        t.keys("Up")
        #expect(t.waitFor(#"^claimql> claims where source = "Shin" and qty > 1M\s*$"#), "\(t.screen())")
        t.keys("C-u")

        // Completion: a keyword, a field after `source.`, an entity name in a string.
        t.keys("coun", "Tab")
        #expect(t.waitFor("^claimql> count ?$"), "\(t.screen())")
        // After `count` only a source fits: `cla` is `claims`, not the keyword `claim`.
        t.keys("cla", "Tab")
        #expect(t.waitFor("^claimql> count claims ?$"), "\(t.screen())")
        t.keys("where source.coun", "Tab")
        #expect(t.waitFor("^claimql> count claims where source.country ?$"), "\(t.screen())")
        t.keys(#"= "South Korea""#)
        t.keys(#" or source = "Shin W"#, "Tab")
        #expect(t.waitFor(#"or source = "Shin Won-sik"$"#), "\(t.screen())")
        t.keys("Enter")
        #expect(t.waitFor("^5$"), "\(t.screen())")

        // A statement over several lines continues on the ...> prompt.
        t.keys("claims where (qty > 1M", "Enter")
        #expect(t.waitFor(#"^   \.\.\.> $|^   \.\.\.>$"#), "\(t.screen())")
        t.keys(#"and unit = "shells") select id order by id"#, "Enter")
        #expect(t.waitFor(#"^\(4 rows\)$"#), "\(t.screen())")

        // An error shows its caret and the session goes on.
        t.keys("claims where sorce = 1", "Enter")
        #expect(t.waitFor(#"^<input>:1:14: error: unknown field `sorce` of claims$"#), "\(t.screen())")
        #expect(t.waitFor(#"^ +\| +\^~~~~$"#))
        t.keys("count entities", "Enter")
        #expect(t.waitFor("^35$"), "\(t.screen())")

        // Ctrl-C abandons the line and gives a fresh prompt.
        #expect(t.waitForPrompt())
        t.keys("claims where qty")
        t.keys("C-c")
        usleep(300_000)
        #expect(t.currentLine().trimmingCharacters(in: .whitespaces) == "claimql>", "\(t.screen())")
        t.keys("count documents", "Enter")
        #expect(t.waitFor("^5$"), "\(t.screen())")

        // Ctrl-D on an empty line exits with status 0.
        t.keys("C-d")
        #expect(t.waitFor(#"^\[exit 0\]$"#), "\(t.screen())")

        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved.contains(#"claims where source = "Shin" and qty > 1M"#), "history: \(saved)")
        #expect(saved.contains("count entities"))
        #expect(saved.contains(#"claims where (qty > 1M and unit = "shells") select id order by id"#), "history: \(saved)")
    }

    @Test func runsScriptThenStaysInteractive() throws {
        let t = Terminal()
        defer { t.stop() }
        t.start("\(Repo.binary) --data examples/seed.cq --history-file /dev/null -i -e 'let big = claims where qty > 1M'")
        #expect(t.waitFor("^claimql> ?$"), "\(t.screen())")
        t.keys("count big", "Enter")
        #expect(t.waitFor("^4$"), "\(t.screen())")
        t.keys(".quit", "Enter")
        #expect(t.waitFor(#"^\[exit 0\]$"#), "\(t.screen())")
    }

    @Test func ctrlCStopsARunningQuery() throws {
        // Enough claims with long quotes that a backtracking regular expression runs for
        // many seconds; Ctrl-C must stop it and leave the session usable.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-slow-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "entity e: person \"E\"\n"
        let quote = String(repeating: "a slow sentence ", count: 12)
        for i in 0..<3000 { text += "claim c\(i): e said \"x\" { quote: \"\(quote)\" }\n" }
        let data = dir.appendingPathComponent("slow.cq").path
        try text.write(toFile: data, atomically: true, encoding: .utf8)

        let t = Terminal()
        defer { t.stop() }
        t.start("\(Repo.binary) --data \(data) --history-file /dev/null")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(#"count claims where quote matches "(.*e){3}zq""#, "Enter")
        usleep(1_000_000)
        t.keys("C-c")
        #expect(t.waitFor("error: the query was cancelled$"), "\(t.screen())")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys("count entities", "Enter")
        #expect(t.waitFor("^1$"), "\(t.screen())")
        t.keys("C-d")
        #expect(t.waitFor(#"^\[exit 0\]$"#), "\(t.screen())")
    }

    /// Bad input in the REPL: a failed load changes nothing, a bad statement is reported
    /// with its place, and the session (bindings, graph, history) goes on.
    @Test func badInputKeepsTheSession() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-badrepl-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("claims.jsonl").path
        let good = #"{"id":"new1","subject":"north_korea","predicate":"shipped","qty":1}"#
        try Data((good + "\n" + #"{"id":"new2","subject":"north_korea","qty":"#).utf8).write(to: URL(fileURLWithPath: bad))
        let history = dir.appendingPathComponent("history").path

        let t = Terminal()
        defer { t.stop() }
        t.start("\(Repo.binary) --data examples/seed.cq --history-file \(history)")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys("let big = claims where qty > 1M", "Enter")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(".load \(bad)", "Enter")
        #expect(t.waitFor(#"claims\.jsonl:2:\d+: error: "#), "\(t.screen())")
        t.keys("count claims", "Enter")
        #expect(t.waitFor("^40$"), "the failed load added claims: \(t.screen())")
        t.keys(#"big where quote contains ""# + String(repeating: "x", count: 400) + #"" and qty > "a""#, "Enter")
        #expect(t.waitFor(#"^<input>:1:\d+: error: cannot compare qty"#), "\(t.screen())")
        t.keys("count big", "Enter")
        #expect(t.waitFor("^4$"), "\(t.screen())")
        t.keys("Up", "Up")
        #expect(t.waitFor(#"^claimql> big where quote contains "xxx"#), "\(t.screen())")
        t.keys("C-u", "C-d")
        #expect(t.waitFor(#"^\[exit 0\]$"#), "\(t.screen())")
        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved.contains(".load \(bad)"), "history: \(saved)")
        #expect(saved.contains("count big"))
    }

    /// `.extract` drafts an article into the session's graph as one batch: a summary, the
    /// claims queryable at once, a second run under a fresh document id, and a missing or
    /// non-UTF-8 file reported with the session going on.
    @Test func extractAddsAnArticleToTheSession() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-extract-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("scan.txt").path
        try Data([0x53, 0x6F, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: binary))

        let t = Terminal()
        defer { t.stop() }
        t.start("\(Repo.binary) --data examples/seed.cq --history-file /dev/null")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(".extract examples/articles/briefing.txt", "Enter")
        #expect(t.waitFor(#"^briefing: 6 claims \(\d+ with a source, \d+ to check\), \d+ new entities$"#), "\(t.screen())")
        t.keys(#"count claims where doc = "briefing" and quote is not null"#, "Enter")
        #expect(t.waitFor("^6$"), "\(t.screen())")
        t.keys(".extract examples/articles/briefing.txt 2025-03-01", "Enter")
        #expect(t.waitFor(#"^briefing_2: 6 claims"#), "\(t.screen())")
        t.keys(".extract \(dir.path)/missing.txt", "Enter")
        #expect(t.waitFor("cannot open .*missing.txt: no such file$"), "\(t.screen())")
        t.keys(".extract \(binary)", "Enter")
        #expect(t.waitFor("scan.txt: not UTF-8 text$"), "\(t.screen())")
        t.keys("count claims", "Enter")
        #expect(t.waitFor("^52$"), "\(t.screen())")
        // Drafts added are the session's own work: leaving asks once.
        t.keys("C-d")
        #expect(t.waitFor("not saved: .save FILE.cq keeps it"), "\(t.screen())")
        t.keys("C-d")
        #expect(t.waitFor(#"^\[exit 0\]$"#), "\(t.screen())")
    }

    /// `.save` keeps what a session declared as declarations that load back on top of the
    /// data it started from; `--all` writes the whole graph, which loads on its own;
    /// `.export` writes JSON Lines; leaving with unsaved declarations asks once.
    @Test func saveKeepsTheSessionsDeclarations() throws {
        // A short path: the messages tested must fit a line of the terminal.
        let dir = URL(fileURLWithPath: "/tmp/cqs-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = dir.appendingPathComponent("own.cq").path, all = dir.appendingPathComponent("all.cq").path
        let exported = dir.appendingPathComponent("jsonl").path
        let extra = dir.appendingPathComponent("extra.cq").path
        try #"entity extra_one: place "Extra""#.write(toFile: extra, atomically: true, encoding: .utf8)

        let t = Terminal()
        defer { t.stop() }
        t.start("\(Repo.binary) --data examples/seed.cq --history-file /dev/null")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(".save \(own)", "Enter")
        #expect(t.waitFor("^nothing declared in this session yet"), "\(t.screen())")
        t.keys(#"entity `kim-9`: person "Kim Nine" { aliases: ["K9"] }"#, "Enter")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(#"claim c9: `kim-9` said "rounds" { qty: 9k, unit: "rounds", qualifier: approx, source: shin_won_sik }"#, "Enter")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(".load \(extra)", "Enter")
        #expect(t.waitFor("^loaded 0 claims, 1 entities, 0 documents$"), "\(t.screen())")
        t.keys(".save \(own)", "Enter")
        #expect(t.waitFor("^saved 1 entities, 0 documents, 1 claims to .*own.cq$"), "\(t.screen())")
        t.keys(".save --all \(all)", "Enter")
        #expect(t.waitFor("^saved 37 entities, 5 documents, 41 claims to .*all.cq$"), "\(t.screen())")
        // A .claimdb name writes the binary snapshot of the whole graph; `.open` replaces
        // the graph with it (here: dropping an entity declared after the save).
        t.keys(".save \(dir.path)/x.claimdb", "Enter")
        #expect(t.waitFor("^saved 37 entities, 5 documents, 41 claims to .*x.claimdb$"), "\(t.screen())")
        t.keys(#"entity e11: place "Eleven""#, "Enter")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys(".open \(dir.path)/x.claimdb", "Enter")
        #expect(t.waitFor("^opened .*x.claimdb: 37 entities, 5 documents, 41 claims$"), "\(t.screen())")
        t.keys(".export \(exported)", "Enter")
        #expect(t.waitFor("^wrote 37 entities, 5 documents, 41 claims to "), "\(t.screen())")
        t.keys(#"entity e10: place "Ten""#, "Enter")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys("C-d")
        #expect(t.waitFor("not saved: .save FILE.cq keeps it; Ctrl-D or .quit again leaves$"), "\(t.screen())")
        #expect(t.waitForPrompt(), "\(t.screen())")
        t.keys("C-d")
        #expect(t.waitFor(#"^\[exit 0\]$"#), "\(t.screen())")

        // The session's own file loads on top of the seed data; the whole graph on its own.
        let onTop = try runClaimQL(["--data", "examples/seed.cq", "--data", own, "-e",
                                    #"claims where source = "Shin" and subject = "K9" select id, qty, qualifier"#, "--format", "csv"])
        #expect(onTop.status == 0, "\(onTop.stderr)")
        #expect(onTop.stdout == "id,qty,qualifier\r\nc9,9000,approx\r\n")
        let alone = try runClaimQL(["--data", all, "-e", "count claims"])
        #expect(alone.stdout == "41\n", "\(alone.stderr)")
        let jsonl = try runClaimQL(["--data", exported, "-e", "count entities"])
        #expect(jsonl.stdout == "37\n", "\(jsonl.stderr)")
        let snapshot = try runClaimQL(["--data", dir.path + "/x.claimdb", "-e", "count claims", "-e", "count entities"])
        #expect(snapshot.stdout == "41\n37\n", "\(snapshot.stderr)")
    }
}

/// The REPL's dot-commands agree everywhere they are listed: the ones it handles, the
/// ones Tab completes, the ones `.help` lists, and README's table.
struct DotCommandListTests {
    static func quoted(_ pattern: String, in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { m in Range(m.range(at: 1), in: text).map { String(text[$0]) } })
    }

    @Test func everyDotCommandIsHandledCompletedHelpedAndDocumented() throws {
        let repl = Repo.read("Sources/claimql/REPL.swift")
        let handled = DotCommandListTests.quoted(#"case (?:"\.[a-z]+", )*"(\.[a-z]+)""#, in: repl)
            .union(DotCommandListTests.quoted(#"case "(\.[a-z]+)", "\.[a-z]+""#, in: repl))
        let editor = Repo.read("Sources/claimql/LineEditor.swift")
        let listLine = try #require(editor.split(separator: "\n").first { $0.contains("static let dotCommands") })
        let completed = DotCommandListTests.quoted(#""(\.[a-z]+)""#, in: String(listLine))
        // `.help`'s command list (its first text block) and README's dot-command table rows.
        let help = Repo.read("Sources/claimql/Help.swift").components(separatedBy: "case \"queries\"")[0]
        let helped = DotCommandListTests.quoted(#"(?<![A-Za-z0-9])(\.[a-z]+)[ ,\[]"#, in: help)
        let table = Repo.read("README.md").split(separator: "\n").filter { $0.hasPrefix("| `.") }.joined(separator: "\n")
        let documented = DotCommandListTests.quoted(#"`(\.[a-z]+)[ `]"#, in: table)
        #expect(completed.count >= 12)
        #expect(handled.isSuperset(of: completed), "handled: \(handled.sorted())")
        #expect(completed.isSuperset(of: handled), "not completed: \(handled.subtracting(completed).sorted())")
        #expect(helped.isSuperset(of: completed), "not in .help: \(completed.subtracting(helped).sorted())")
        #expect(documented.isSuperset(of: completed), "not in README: \(completed.subtracting(documented).sorted())")
    }
}
