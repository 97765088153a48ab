import Foundation
import Testing

/// The benchmark peer gives the same rows and id checksums as SQLite on the harness's own
/// data (a 3,000-claim set from gen_claims.py; SQLite's answers recorded beside it by the
/// harness), with Benchmarks/claimql.q's parameters substituted as the harness does.
struct BenchPeerTests {
    @Test func rowsAndChecksumsEqualSQLite() throws {
        let dir = "Tests/ClaimQLTests/Fixtures/bench"
        let params = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.path("\(dir)/data/params.json")))) as! [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.path("\(dir)/expected-sqlite.json")))) as! [String: [String: Int]]

        // Benchmarks/claimql.q: "### <id> <title>" starts a query; ${name} is a JSON string.
        var queries: [[String: String]] = []
        var current: (id: String, lines: [String])? = nil
        func flush() {
            if let c = current { queries.append(["id": c.id, "text": c.lines.joined(separator: "\n")]) }
        }
        for line in Repo.read("Benchmarks/claimql.q").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                flush()
                current = (String(line.dropFirst(4).split(separator: " ")[0]), [])
            } else if current != nil {
                var text = String(line)
                for (name, value) in params {
                    let json = String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self)
                    text = text.replacingOccurrences(of: "${\(name):raw}", with: "\(value)")
                    text = text.replacingOccurrences(of: "${\(name)}", with: json)
                }
                current!.lines.append(text)
            }
        }
        flush()
        #expect(queries.count == 8)

        let spec: [String: Any] = ["peer": "claimql", "warmup": 0, "runs": 1, "query_budget_s": 60, "queries": queries]
        let queryFile = FileManager.default.temporaryDirectory.appendingPathComponent("claimql-bench-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: queryFile)
        defer { try? FileManager.default.removeItem(at: queryFile) }

        let bench = URL(fileURLWithPath: Repo.binary).deletingLastPathComponent().appendingPathComponent("claimql-bench").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bench)
        p.arguments = ["--data", Repo.path("\(dir)/data"), "--queries", queryFile.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)

        var seen: [String: [String: Any]] = [:]
        var events: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("{") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            events.append(object["event"] as? String ?? "")
            if object["event"] as? String == "query", let id = object["id"] as? String { seen[id] = object }
        }
        #expect(events.first == "loaded" && events.last == "done")
        for (id, want) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(seen[id]?["rows"] as? Int == want["rows"], "\(id) rows")
            #expect(seen[id]?["idsum"] as? Int == want["idsum"], "\(id) idsum")
            #expect((seen[id]?["times_ms"] as? [Double])?.count == 1, "\(id) times")
        }
    }
}
