// claimql-bench: ClaimQL as a peer of the claims benchmark harness (../shared/bench).
//
//   claimql-bench --data DATA_DIR --queries QUERY_FILE [--prepared]
//
// With --prepared, each query is prepared once, outside the timed region, and each timed
// run is `run()` alone: the time of a prepared statement's step, as SQLite's is measured
// by embedders (not the harness protocol, which re-parses each run; a figure for
// BENCHMARKS.md only).
//
// Speaks the harness protocol: load the three JSONL files (timed), print a "loaded" line,
// then for each query run it `warmup` times untimed and `runs` times timed (parse + plan +
// execute + materialise the result; nothing cached between runs), and print one "query"
// line with the row count, the times and an id checksum computed outside the timed region.
// Logs go to stderr; only lines starting with "{" on stdout are read by the harness.
import ClaimQL
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("claimql-bench: \(message)\n".utf8))
    exit(2)
}

/// `VmHWM` or `VmRSS` from /proc/self/status, in KiB.
func procStatus(_ key: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
    }
    return 0
}

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

/// The integer formed by the trailing digits of an id: "C00000123" -> 123.
func trailingNumber(_ s: String) -> Int {
    Int(String(s.reversed().prefix { $0.isNumber }.reversed())) ?? 0
}

func checksum(_ r: ResultSet) -> Int {
    var sum = 0
    for row in 0..<r.count {
        if let id = r.nodeID(row: row) {
            sum += trailingNumber(id)
            continue
        }
        switch r.value(row: row, column: 0) {
        case .entity(let id, _), .document(let id, _), .claim(let id): sum += trailingNumber(id)
        case .string(let s): sum += trailingNumber(s)
        default: break
        }
    }
    return sum
}

var arguments = CommandLine.arguments.dropFirst()
var dataDir: String?
var queryFile: String?
var prepared = false
while let a = arguments.popFirst() {
    switch a {
    case "--data": dataDir = arguments.popFirst()
    case "--queries": queryFile = arguments.popFirst()
    case "--prepared": prepared = true
    default: fail("unknown argument \(a); usage: claimql-bench --data DIR --queries FILE")
    }
}
guard let dataDir, let queryFile else { fail("usage: claimql-bench --data DIR --queries FILE") }
guard let spec = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: queryFile))) as? [String: Any],
      let queries = spec["queries"] as? [[String: Any]] else { fail("cannot read \(queryFile)") }
let warmup = spec["warmup"] as? Int ?? 1
let runs = spec["runs"] as? Int ?? 7
let budget = spec["query_budget_s"] as? Double ?? 120

let baseline = procStatus("VmRSS")
let graph = ClaimGraph()
let start = ContinuousClock.now
do {
    try graph.load(path: dataDir)
} catch {
    fail(error.rendered())
}
let loadTime = ContinuousClock.now - start
emit(["event": "loaded", "load_s": milliseconds(loadTime) / 1000, "rss_hwm_kib": procStatus("VmHWM"),
      "baseline_rss_kib": baseline, "engine": "claimql 0.1.0"])

let engine = Engine(graph: graph)
for q in queries {
    let id = q["id"] as? String ?? "?"
    let text = q["text"] as? String ?? ""
    do {
        var last: ResultSet? = nil
        let kept = try engine.prepare(text)
        for _ in 0..<warmup { last = try (prepared ? kept : engine.prepare(text)).run() }
        var times: [Double] = []
        var note: String? = nil
        for k in 0..<runs {
            let t0 = ContinuousClock.now
            let r = try (prepared ? kept : engine.prepare(text)).run()
            times.append(milliseconds(ContinuousClock.now - t0))
            last = r
            if times.reduce(0, +) / 1000 * Double(runs) / Double(k + 1) > budget && k + 1 < runs {
                note = "stopped after \(k + 1) runs (query budget)"
                break
            }
        }
        guard let result = last else { continue }
        var line: [String: Any] = ["event": "query", "id": id, "rows": result.count, "times_ms": times,
                                   "idsum": checksum(result)]
        if let note { line["note"] = note }
        emit(line)
    } catch {
        emit(["event": "query", "id": id, "error": error.rendered()])
    }
}
emit(["event": "done", "rss_hwm_kib": procStatus("VmHWM")])
