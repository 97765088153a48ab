import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ClaimQL

/// Timeline charts: what each qualifier is drawn as, scales, links, escaping. The whole
/// SVG of the seed charts is golden-tested in Fixtures/charts.
struct ChartTests {
    static let source = """
        entity shin: person "Shin Won-sik"
        entity wh: organization "White House"
        entity nk: country "North Korea"
        entity us: organization "US <intelligence> & co"
        document d1: "A & B" { published: 2024-02-27 }
        claim a: nk shipped "containers" { qty: 1000, unit: "containers", qualifier: more_than, source: wh, date: 2023-10-13 }
        claim b: nk shipped "containers" { qty: 6700, unit: "containers", qualifier: approx, source: shin, date: 2024-02-27, doc: d1, quote: "roughly 6,700 <containers>" }
        claim c: nk shipped "containers" { qty: 10000, unit: "containers", qualifier: up_to, source: shin, date: 2024-06-25 }
        claim d: nk shipped "containers" { qty: 12000, unit: "containers", source: us, date: 2024-07-01 }
        claim e: nk shipped "shells" { qty: 3M, qty_hi: 4.8M, unit: "shells", qualifier: range, source: us, date: 2024-07-01 }
        claim f: nk shipped "shells" { qty: 2000, unit: "shells", qualifier: at_least, source: wh, date: 2024-07-02 }
        claim g: nk shipped "shells" { qty: 5, unit: "shells", source: wh }
        claim h: nk shipped "shells" { unit: "shells", source: wh, date: 2024-07-03 }
        """

    static func chart(_ query: String, _ options: ChartOptions = ChartOptions()) throws -> String {
        let g = ClaimGraph()
        try g.load(source: source)
        return TimelineChart(options).render(try Engine(graph: g).prepare(query).run())
    }

    /// The `<g class="claim">` element of claim `id`, as text.
    static func mark(_ svg: String, _ id: String) -> String {
        guard let start = svg.range(of: "<g class=\"claim\" data-claim=\"\(id)\"") else { return "" }
        let end = svg.range(of: "</g>", range: start.upperBound..<svg.endIndex)!
        return String(svg[start.lowerBound..<end.upperBound])
    }

    @Test func eachQualifierIsDrawnAsItsInterval() throws {
        let svg = try ChartTests.chart("claims")
        // more_than: an arrow up and an open circle.
        #expect(ChartTests.mark(svg, "a").contains("<polygon"))
        #expect(ChartTests.mark(svg, "a").contains("fill=\"white\""))
        // approx: a band and a dot.
        #expect(ChartTests.mark(svg, "b").contains("<rect"))
        // up_to: a bar down to the axis (y2 of the cap is the figure; the stem starts at 0).
        let upTo = ChartTests.mark(svg, "c")
        #expect(upTo.contains("<line") && !upTo.contains("<circle") && !upTo.contains("<polygon"))
        // exact: a dot only.
        #expect(ChartTests.mark(svg, "d").contains("<circle") && !ChartTests.mark(svg, "d").contains("<line"))
        // range: a stem and two caps.
        #expect(ChartTests.mark(svg, "e").components(separatedBy: "<line").count - 1 == 3)
        // at_least: an arrow and a filled dot.
        #expect(ChartTests.mark(svg, "f").contains("<polygon") && !ChartTests.mark(svg, "f").contains("fill=\"white\""))
    }

    @Test func undatedOrFigurelessClaimsAreCountedNotDrawn() throws {
        let svg = try ChartTests.chart("claims")
        #expect(ChartTests.mark(svg, "g").isEmpty)
        #expect(ChartTests.mark(svg, "h").isEmpty)
        #expect(svg.contains("2 claims not drawn (no figure or no date)"))
    }

    @Test func onePanelPerUnitAndTheBarStartsAtZero() throws {
        let svg = try ChartTests.chart("claims", ChartOptions(scale: .linear))
        #expect(svg.contains("<g class=\"panel\" data-unit=\"containers\">"))
        #expect(svg.contains("<g class=\"panel\" data-unit=\"shells\">"))
        // The "0" grid line of the containers panel is where the up_to bar starts.
        let upTo = ChartTests.mark(svg, "c")
        let stemStart = upTo.firstMatch(of: /y1="([0-9.]+)"/)!.1
        let zeroLine = svg.firstMatch(of: /y="([0-9.]+)" text-anchor="end" fill="#555">0</)!.1
        #expect(Double(stemStart)! == Double(zeroLine)! - 4)
    }

    @Test func conflictingClaimsAreLinked() throws {
        let svg = try ChartTests.chart("claims where unit = \"containers\"")
        // "about 6,700" and "12,000" cannot both hold; "up to 10,000" and "12,000" neither;
        // "more than 1,000" holds with each of them.
        let g = ClaimGraph()
        try g.load(source: ChartTests.source)
        let expected = try Engine(graph: g).prepare("count conflicts where unit = \"containers\"").run()
        #expect(svg.components(separatedBy: "class=\"conflict\"").count - 1 == Int(expected.value(row: 0, column: 0).description)!)
        #expect(svg.contains("<title>conflict: about 6,700 and 12,000 containers cannot both hold</title>"))
    }

    @Test func scaleIsLogWhenFiguresSpanThreeOrdersOfMagnitude() throws {
        let auto = try ChartTests.chart("claims where unit = \"shells\"")
        #expect(auto.contains("shells: 2 claims, log scale"))
        let linear = try ChartTests.chart("claims where unit = \"shells\"", ChartOptions(scale: .linear))
        #expect(linear.contains("shells: 2 claims<") && !linear.contains("log scale"))
        let containers = try ChartTests.chart("claims where unit = \"containers\"")
        #expect(!containers.contains("log scale"))
    }

    @Test func textIsEscapedAndTheDocumentIsWellFormed() throws {
        let svg = try ChartTests.chart("claims", ChartOptions(title: "Shells & <containers>"))
        #expect(svg.contains("US &lt;intelligence&gt; &amp; co"))
        #expect(svg.contains("\u{201C}roughly 6,700 &lt;containers&gt;\u{201D}"))
        #expect(svg.contains("Shells &amp; &lt;containers&gt;"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
    }

    @Test func tablesWithClaimColumnsChartEachClaimOnce() throws {
        let svg = try ChartTests.chart("conflicts where unit = \"containers\"")
        #expect(!ChartTests.mark(svg, "b").isEmpty && !ChartTests.mark(svg, "d").isEmpty)
        #expect(svg.components(separatedBy: "data-claim=\"d\"").count - 1 == 1)
        #expect(ChartTests.mark(svg, "a").isEmpty)   // in no conflict
        let g = ClaimGraph()
        try g.load(source: ChartTests.source)
        #expect(TimelineChart.claimCount(in: try Engine(graph: g).prepare("entities").run()) == 0)
        #expect(try ChartTests.chart("entities").contains("No claims to chart."))
    }

    @Test func dateTicksAreMonthsForMonthsAndDaysForDays() {
        let months = DateScale(days: [Day(iso: "2023-10-13")!.daysSinceEpoch, Day(iso: "2024-07-10")!.daysSinceEpoch])
        #expect(months.ticks.count >= 3 && months.ticks.count <= 8)
        #expect(months.ticks.allSatisfy { $0.label.count == 7 && Day(daysSinceEpoch: $0.day).components.day == 1 })
        let days = DateScale(days: [Day(iso: "2024-03-01")!.daysSinceEpoch, Day(iso: "2024-03-05")!.daysSinceEpoch])
        #expect(days.ticks.allSatisfy { $0.label.count == 10 })
        let years = DateScale(days: [Day(iso: "1990-01-01")!.daysSinceEpoch, Day(iso: "2024-01-01")!.daysSinceEpoch])
        #expect(years.ticks.allSatisfy { $0.label.count == 4 } && years.ticks.count <= 8)
    }

    @Test func tickLabelsAreShort() {
        #expect(FigureScale.label(4_800_000) == "4.8M")
        #expect(FigureScale.label(10_000) == "10K")
        #expect(FigureScale.label(250) == "250")
        #expect(FigureScale.label(0.25) == "0.25")
        let s = FigureScale(values: [0, 6700, 10_000], log: false)
        #expect(s.low == 0 && s.high >= 10_000 && s.ticks.count >= 4 && s.ticks.count <= 12)
        let l = FigureScale(values: [1000, 4_800_000], log: true)
        #expect(l.isLog && l.low <= 1000 && l.high >= 4_800_000)
    }
}
