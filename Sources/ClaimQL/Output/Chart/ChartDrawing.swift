/// Lays out and draws one timeline chart (see `TimelineChart` for what it shows).
struct ChartDrawing {
    let options: ChartOptions
    let graph: FactGraph
    let claims: [Int32]

    /// One claim as drawn: where it sits and the interval its qualifier means.
    struct Mark {
        let row: Int32
        let day: Int32
        let qualifier: Qualifier?
        let interval: Interval
        let speaker: Int32
        var dx = 0.0
        let qty: Double
    }

    struct Panel {
        let unit: String
        var marks: [Mark] = []
        var scale = FigureScale(values: [], log: false)
        var top = 0.0
    }

    // Layout, in pixels.
    private let left = 76.0, legendWidth = 236.0, right = 12.0
    private let panelTitle = 24.0, headroom = 30.0, plotHeight = 220.0, axisBand = 40.0
    private static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                  "#56B4E9", "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF",
                                  "#332288", "#882255"]
    private static let noSpeaker = "#999999"

    func svg() -> String {
        let c = graph.claims
        var panels: [Panel] = []
        var panelOfUnit: [String: Int] = [:]
        var speakers: [Int32] = []
        var speakerIndex: [Int32: Int] = [:]
        var notDrawn = 0
        for r in claims {
            let i = Int(r)
            guard !c.qty[i].isNaN, c.dates[i] != ClaimTable.missingDate,
                  let interval = Interval.of(qty: c.qty[i], qtyHi: c.qtyHi[i], qualifier: Qualifier(code: c.qualifiers[i]),
                                             tolerance: options.approxTolerance) else { notDrawn += 1; continue }
            let unit = graph.string(c.units[i]) ?? "(no unit)"
            let p = panelOfUnit[unit] ?? panels.count
            if p == panels.count { panels.append(Panel(unit: unit)); panelOfUnit[unit] = p }
            let who = graph.speaker(ofClaim: r)
            if speakerIndex[who] == nil { speakerIndex[who] = speakers.count; speakers.append(who) }
            panels[p].marks.append(Mark(row: r, day: c.dates[i], qualifier: Qualifier(code: c.qualifiers[i]),
                                        interval: interval, speaker: who, qty: c.qty[i]))
        }
        let colours = ChartDrawing.colours(speakers)
        let width = Double(options.width)
        let plotWidth = width - left - legendWidth - right
        let heading = options.title == nil ? 12.0 : 40.0
        var y = heading
        for p in panels.indices {
            let values = panels[p].marks.flatMap { m in [m.qty, m.interval.low, m.interval.high].filter(\.isFinite) }
            let log = options.scale == .log || (options.scale == .auto && FigureScale.prefersLog(values))
            panels[p].scale = FigureScale(values: values, log: log)
            panels[p].top = y
            spread(&panels[p].marks)
            y += panelTitle + headroom + plotHeight + axisBand
        }
        let legendRows = Double(speakers.count + 9)
        let height = max(panels.isEmpty ? 120 : y, heading + 18 * legendRows + 40)
        let dates = DateScale(days: panels.flatMap { $0.marks.map(\.day) })
        func x(_ m: Mark) -> Double { left + plotWidth * dates.fraction(m.day) + m.dx }
        func yOf(_ v: Double, _ p: Panel) -> Double { p.top + panelTitle + headroom + plotHeight * (1 - p.scale.fraction(v)) }

        var w = SVGWriter()
        let n = SVGWriter.n
        let drawn = panels.reduce(0) { $0 + $1.marks.count }
        w.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": n(width), "height": n(height),
                       "viewBox": "0 0 \(n(width)) \(n(height))", "role": "img",
                       "aria-label": "Timeline of \(drawn) claim\(drawn == 1 ? "" : "s") in \(panels.count) panel\(panels.count == 1 ? "" : "s")",
                       "font-family": "system-ui, -apple-system, Segoe UI, sans-serif", "font-size": "12"])
        w.element("rect", ["width": "100%", "height": "100%", "fill": "white"])
        if let title = options.title { w.text(title, ["x": n(left), "y": "26", "font-size": "16", "font-weight": "600"]) }
        if panels.isEmpty {
            w.text(claims.isEmpty ? "No claims to chart." : "No claim here has both a figure and a date.",
                   ["x": n(left), "y": n(heading + 40), "fill": "#555"])
        }
        var position: [Int32: (panel: Int, x: Double, y: Double)] = [:]
        for (pi, p) in panels.enumerated() {
            let plotTop = p.top + panelTitle + headroom
            w.open("g", ["class": "panel", "data-unit": p.unit])
            let scaleNote = p.scale.isLog ? ", log scale" : ""
            w.text("\(p.unit): \(p.marks.count) claim\(p.marks.count == 1 ? "" : "s")\(scaleNote)",
                   ["x": n(left), "y": n(p.top + 16), "font-weight": "600"])
            // Grid and figure axis.
            for t in p.scale.ticks {
                let ty = yOf(t, p)
                w.element("line", ["x1": n(left), "x2": n(left + plotWidth), "y1": n(ty), "y2": n(ty),
                                   "stroke": "#e5e5e5"])
                w.text(FigureScale.label(t), ["x": n(left - 6), "y": n(ty + 4), "text-anchor": "end", "fill": "#555"])
            }
            let bottom = plotTop + plotHeight
            w.element("line", ["x1": n(left), "x2": n(left + plotWidth), "y1": n(bottom), "y2": n(bottom), "stroke": "#999"])
            for t in dates.ticks {
                let tx = left + plotWidth * dates.fraction(t.day)
                w.element("line", ["x1": n(tx), "x2": n(tx), "y1": n(bottom), "y2": n(bottom + 4), "stroke": "#999"])
                w.text(t.label, ["x": n(tx), "y": n(bottom + 17), "text-anchor": "middle", "fill": "#555"])
            }
            for m in p.marks { position[m.row] = (pi, x(m), yOf(m.qty, p)) }
            // Conflict links under the marks, so a mark is never hidden by a line.
            for link in conflicts(among: p.marks.map(\.row)) {
                guard let a = position[link.a], let b = position[link.b] else { continue }
                w.element("line", ["class": "conflict", "x1": n(a.x), "y1": n(a.y), "x2": n(b.x), "y2": n(b.y),
                                   "stroke": "#444", "stroke-width": "1.2", "stroke-dasharray": "4 3", "opacity": "0.7"],
                          title: "conflict: \(link.why)")
            }
            for m in p.marks { draw(m, x: x(m), colours[m.speaker] ?? ChartDrawing.noSpeaker, p, yOf, &w) }
            w.close("g")
        }
        legend(speakers, colours, notDrawn: notDrawn, x: width - legendWidth - right + 16, top: heading + 4, &w)
        w.close("svg")
        return w.text
    }

    /// Claims on the same day in one panel sit side by side, 9 px apart, not on top of each other.
    private func spread(_ marks: inout [Mark]) {
        var byDay: [Int32: [Int]] = [:]
        for (k, m) in marks.enumerated() { byDay[m.day, default: []].append(k) }
        for (_, ks) in byDay where ks.count > 1 {
            for (j, k) in ks.enumerated() { marks[k].dx = (Double(j) - Double(ks.count - 1) / 2) * 9 }
        }
    }

    private func draw(_ m: Mark, x: Double, _ colour: String, _ p: Panel, _ yOf: (Double, Panel) -> Double,
                      _ w: inout SVGWriter) {
        let n = SVGWriter.n
        let yFig = yOf(m.qty, p)
        let i = Int(m.row)
        let c = graph.claims
        w.open("g", ["class": "claim", "data-claim": c.ids[i], "fill": colour, "stroke": colour])
        w.raw("<title>\(SVGWriter.escape(title(m)))</title>")
        func stem(_ y1: Double, _ y2: Double, dashed: Bool = false) {
            if dashed {
                w.element("line", ["x1": n(x), "x2": n(x), "y1": n(y1), "y2": n(y2), "stroke-width": "3", "stroke-dasharray": "3 2"])
            } else {
                w.element("line", ["x1": n(x), "x2": n(x), "y1": n(y1), "y2": n(y2), "stroke-width": "3"])
            }
        }
        func cap(_ y: Double) {
            w.element("line", ["x1": n(x - 6), "x2": n(x + 6), "y1": n(y), "y2": n(y), "stroke-width": "2"])
        }
        switch m.qualifier {
        case nil, .exact?:
            w.element("circle", ["cx": n(x), "cy": n(yFig), "r": "4.5"])
        case .approx?:
            let hi = yOf(m.interval.high, p), lo = yOf(m.interval.low, p)
            w.element("rect", ["x": n(x - 5), "y": n(hi), "width": "10", "height": n(max(lo - hi, 1)),
                               "fill-opacity": "0.25", "rx": "2"])
            w.element("circle", ["cx": n(x), "cy": n(yFig), "r": "3.5"])
        case .at_least?, .more_than?:
            let tip = yFig - 24
            w.element("line", ["x1": n(x), "x2": n(x), "y1": n(yFig), "y2": n(tip + 6), "stroke-width": "2"])
            w.element("polygon", ["points": "\(n(x - 5)),\(n(tip + 8)) \(n(x + 5)),\(n(tip + 8)) \(n(x)),\(n(tip))"])
            if m.qualifier == .more_than {
                w.element("circle", ["cx": n(x), "cy": n(yFig), "r": "4", "fill": "white", "stroke-width": "2"])
            } else {
                w.element("circle", ["cx": n(x), "cy": n(yFig), "r": "4"])
            }
        case .up_to?, .at_most?, .less_than?:
            stem(yOf(m.interval.low, p), yFig, dashed: m.qualifier == .less_than)
            cap(yFig)
        case .range?:
            let hi = yOf(m.interval.high, p), lo = yOf(m.interval.low, p)
            stem(lo, hi)
            cap(lo)
            cap(hi)
        }
        w.close("g")
    }

    /// What hovering a mark shows: the figure, who said it where and when, and the quote.
    private func title(_ m: Mark) -> String {
        let c = graph.claims
        let i = Int(m.row)
        let unit = graph.string(c.units[i]).map { " " + $0 } ?? ""
        let who = m.speaker >= 0 ? graph.entities.names[Int(m.speaker)] : "no source"
        var lines = ["\(Figures.figure(graph, m.row))\(unit): \(who), \(Day(daysSinceEpoch: m.day))"]
        let d = c.docs[i]
        if d >= 0 { lines.append("in " + graph.documents.ids[Int(d)]) }
        if let q = c.quotes[m.row], !q.isEmpty { lines.append("\u{201C}\(q)\u{201D}") }
        lines.append("claim " + c.ids[i])
        return lines.joined(separator: "\n")
    }

    /// Colours in the order sources first appear among the drawn claims (the legend's order).
    private static func colours(_ speakers: [Int32]) -> [Int32: String] {
        var out: [Int32: String] = [:]
        for s in speakers where s >= 0 { out[s] = palette[out.count % palette.count] }
        return out
    }

    /// The conflicting pairs among these claims, as the `conflicts` source finds them.
    private func conflicts(among rows: [Int32]) -> [(a: Int32, b: Int32, why: String)] {
        var relation = Relation.nodes(rows)
        let f = RunContext(budget: RunBudget(), params: [])
        guard (try? Pairs.pair(&relation, f, .conflicts, graph, options.approxTolerance, .none)) != nil,
              case .table(let table) = relation else { return [] }
        return table.compactMap { row in
            guard case .claim(let a) = row[3], case .claim(let b) = row[7], case .string(let why) = row[row.count - 1]
            else { return nil }
            return (a, b, why)
        }
    }

    private func legend(_ speakers: [Int32], _ colours: [Int32: String], notDrawn: Int, x: Double, top: Double, _ w: inout SVGWriter) {
        let n = SVGWriter.n
        var y = top + 14
        w.open("g", ["class": "legend"])
        w.text("Sources", ["x": n(x), "y": n(y), "font-weight": "600"])
        for s in speakers {
            y += 18
            let name = s >= 0 ? graph.entities.names[Int(s)] : "(no source)"
            w.element("circle", ["cx": n(x + 5), "cy": n(y - 4), "r": "5", "fill": colours[s] ?? ChartDrawing.noSpeaker])
            w.text(name.count > 30 ? String(name.prefix(29)) + "\u{2026}" : name, ["x": n(x + 16), "y": n(y)])
        }
        y += 30
        w.text("Figures", ["x": n(x), "y": n(y), "font-weight": "600"])
        let key: [(String, String)] = [
            ("exact", "<circle cx=\"5\" cy=\"-4\" r=\"4\"/>"),
            ("about (\u{00B1}\(Int((options.approxTolerance * 100).rounded()))%)",
             "<rect x=\"0\" y=\"-11\" width=\"10\" height=\"14\" fill-opacity=\"0.25\"/><circle cx=\"5\" cy=\"-4\" r=\"3\"/>"),
            ("at least (\u{25CF}) / more than (\u{25CB})",
             "<line x1=\"5\" x2=\"5\" y1=\"0\" y2=\"-10\" stroke-width=\"2\"/><polygon points=\"1,-8 9,-8 5,-14\"/>"),
            ("up to / at most (bar from 0)",
             "<line x1=\"5\" x2=\"5\" y1=\"3\" y2=\"-11\" stroke-width=\"3\"/><line x1=\"0\" x2=\"10\" y1=\"-11\" y2=\"-11\" stroke-width=\"2\"/>"),
            ("range",
             "<line x1=\"5\" x2=\"5\" y1=\"2\" y2=\"-10\" stroke-width=\"3\"/><line x1=\"0\" x2=\"10\" y1=\"2\" y2=\"2\" stroke-width=\"2\"/><line x1=\"0\" x2=\"10\" y1=\"-10\" y2=\"-10\" stroke-width=\"2\"/>"),
            ("conflict", "<line x1=\"0\" x2=\"14\" y1=\"-4\" y2=\"-4\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>"),
        ]
        for (label, glyph) in key {
            y += 20
            w.raw("<g transform=\"translate(\(n(x)),\(n(y)))\" fill=\"#555\" stroke=\"#555\">\(glyph)</g>")
            w.text(label, ["x": n(x + 20), "y": n(y)])
        }
        if notDrawn > 0 {
            y += 28
            w.text("\(notDrawn) claim\(notDrawn == 1 ? "" : "s") not drawn (no figure or no date)",
                   ["x": n(x), "y": n(y), "fill": "#555", "font-size": "11"])
        }
        w.close("g")
    }
}
