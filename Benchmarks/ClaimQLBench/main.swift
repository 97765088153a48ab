// claimql-bench: ClaimQL as a peer of the claims benchmark harness (../shared/bench).
//
//   claimql-bench --data DATA_DIR --queries QUERY_FILE [--prepared]
//   claimql-bench --data DATA_DIR --queries QUERY_FILE --snapshot FILE.claimdb
//   claimql-bench --open FILE.claimdb [--times N]
//
// With --open, only opens an existing snapshot N times (default 5; no JSON Lines load) and
// prints one "open" line with each time and the RSS: the figure for a 10M snapshot without
// half a minute of loading first.
//
// With --snapshot, measures snapshots instead of queries: loads the JSON Lines, saves the
// graph to FILE, then opens it again (best of 5, each into a fresh process-local graph),
// and prints one "snapshot" line: load, save and open times, file size, RSS after each, and
// whether every query gives the same rows and checksum on both graphs.
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
var snapshotPath: String?
var openPath: String?
var openTimes = 5
while let a = arguments.popFirst() {
    switch a {
    case "--data": dataDir = arguments.popFirst()
    case "--queries": queryFile = arguments.popFirst()
    case "--prepared": prepared = true
    case "--snapshot": snapshotPath = arguments.popFirst()
    case "--open": openPath = arguments.popFirst()
    case "--times": openTimes = arguments.popFirst().flatMap { Int($0) } ?? 5
    default: fail("unknown argument \(a); usage: claimql-bench --data DIR --queries FILE")
    }
}
if let openPath {
    var opens: [Double] = []
    var graph = ClaimGraph()
    for _ in 0..<max(1, openTimes) {
        graph = ClaimGraph()   // the previous one is freed first
        let t = ContinuousClock.now
        do { try graph.load(path: openPath) } catch { fail(error.rendered()) }
        opens.append(milliseconds(ContinuousClock.now - t))
    }
    let claims = (try? Engine(graph: graph).prepare("count claims").run().count) ?? -1
    emit(["event": "open", "open_ms": opens, "open_best_ms": opens.min() ?? 0, "rss_kib": procStatus("VmRSS"),
          "rss_hwm_kib": procStatus("VmHWM"), "result_rows": claims])
    exit(0)
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

if let snapshotPath {
    let rssLoaded = procStatus("VmRSS")
    let t0 = ContinuousClock.now
    do { try graph.save(to: snapshotPath) } catch { fail(error.rendered()) }
    let saveTime = ContinuousClock.now - t0
    let size = (try? FileManager.default.attributesOfItem(atPath: snapshotPath)[.size] as? Int) ?? 0
    var opens: [Double] = []
    var reopened = ClaimGraph()
    for _ in 0..<5 {
        reopened = ClaimGraph()   // the previous one is freed first
        let t1 = ContinuousClock.now
        do { try reopened.load(path: snapshotPath) } catch { fail(error.rendered()) }
        opens.append(milliseconds(ContinuousClock.now - t1))
    }
    var same = true
    for q in queries {
        let text = q["text"] as? String ?? ""
        guard let a = try? Engine(graph: graph).prepare(text).run(),
              let b = try? Engine(graph: reopened).prepare(text).run() else { same = false; continue }
        if a.count != b.count || checksum(a) != checksum(b) { same = false }
    }
    emit(["event": "snapshot", "load_s": milliseconds(loadTime) / 1000, "save_ms": milliseconds(saveTime),
          "file_bytes": size, "open_ms": opens, "open_best_ms": opens.min() ?? 0,
          "rss_after_load_kib": rssLoaded, "rss_two_graphs_kib": procStatus("VmRSS"), "same_results": same])
    exit(0)
}

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
