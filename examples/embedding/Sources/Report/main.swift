// Report: who put which figure on the North Korean shipments, by unit.
//
//   swift run --package-path examples/embedding Report [PATH-TO-DATA]
//
// PATH-TO-DATA defaults to examples/seed.cq (run from the repository root).
import ClaimQL
import Foundation

struct Figure: Decodable {
    let source: String?
    let qty: Double
    let qualifier: String?
    let date: Day
}

let dataPath = CommandLine.arguments.dropFirst().first ?? "examples/seed.cq"
let graph = ClaimGraph()
do {
    try graph.load(path: dataPath)
} catch {
    print(error.rendered(), terminator: "")
    exit(error.exitCode)
}

let engine = Engine(graph: graph, limits: Limits(maxRows: 10_000, timeout: .seconds(5), allowFileAccess: false))

// 1. One prepared query, run once per unit: the figures in date order.
let figures = try engine.prepare("""
    claims where subject = $subject and unit = $unit and qty is not null
      and predicate in ["delivered", "shipped", "provided"]
      order by date, qty
      select source, qty, qualifier, date
    """)

// 2. The largest figure per source for a unit.
let largest = try engine.prepare("""
    claims where unit = $unit and qty is not null
      and predicate in ["delivered", "shipped", "provided"]
      group by source
      select source, max(qty) as top, count() as n
      order by top desc, source
    """)

// 3. How many claims a source made, under any of its names.
let bySource = try engine.prepare("count claims where source = $name")

func words(_ q: String?) -> String {
    switch q {
    case "more_than": return "more than "
    case "at_least": return "at least "
    case "up_to": return "up to "
    case "at_most": return "at most "
    case "approx": return "about "
    case "less_than": return "less than "
    default: return ""
    }
}

print("North Korean shipments to Russia: figures by date")
for unit in ["containers", "shells"] {
    print("\n\(unit):")
    let rows = try figures.run(["subject": "DPRK", "unit": .string(unit)]).decode(Figure.self)
    for f in rows {
        print("  \(f.date)  \((f.source ?? "unattributed").padding(toLength: 36, withPad: " ", startingAt: 0)) \(words(f.qualifier))\(Int(f.qty))")
    }
    if let top = try largest.run(["unit": .string(unit)]).rows.first {
        print("  largest: \(top["top"]!) from \(top["source"]!)")
    }
}

print("")
for name in ["Shin Wonsik", "shin won-sik", "White House"] {
    let n = try bySource.run(["name": .string(name)]).value(row: 0, column: 0)
    print("claims by \"\(name)\": \(n)")
}
