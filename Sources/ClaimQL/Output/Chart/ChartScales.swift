import Foundation

/// The axes of a timeline chart: figures on a linear or logarithmic scale, dates on a
/// calendar scale, each with ticks at round values.
struct FigureScale {
    let isLog: Bool
    let low: Double
    let high: Double
    let ticks: [Double]

    /// A scale over `values` (every finite bound a panel draws). Log needs positive values;
    /// with none it falls back to linear.
    init(values: [Double], log: Bool) {
        let positive = values.filter { $0 > 0 }
        if log, let minP = positive.min(), let maxP = positive.max() {
            var lo = pow(10, log10(minP).rounded(.down))
            var hi = pow(10, (log10(maxP) - 1e-12).rounded(.up))
            if hi <= lo { hi = lo * 10 }
            if lo == minP { lo /= 10 }   // room below the smallest mark
            var ticks: [Double] = []
            var d = lo
            let fewDecades = hi / lo <= 1000
            while d <= hi * 1.0001 {
                ticks.append(d)
                if fewDecades { for m in [2.0, 5.0] where d * m < hi { ticks.append(d * m) } }
                d *= 10
            }
            isLog = true; low = lo; high = hi; self.ticks = ticks
            return
        }
        let lo = min(0, values.min() ?? 0)
        var hi = max(values.max() ?? 1, lo + 1)
        let step = FigureScale.niceStep((hi - lo) / 5)
        hi = (hi * 1.05 / step).rounded(.up) * step
        let first = (lo / step).rounded(.down) * step
        var ticks: [Double] = []
        var t = first
        while t <= hi + step / 1000 { ticks.append(t); t += step }
        isLog = false; low = first; high = hi; self.ticks = ticks
    }

    /// Whether a panel's figures read better on a log scale: when they span three orders of
    /// magnitude or more, a linear scale flattens the small ones onto the axis.
    static func prefersLog(_ values: [Double]) -> Bool {
        let positive = values.filter { $0 > 0 }
        guard let lo = positive.min(), let hi = positive.max() else { return false }
        return hi / lo >= 1000
    }

    /// 0 at the bottom of the plot, 1 at the top; values off the scale (0 on a log
    /// scale) clamp to the edge.
    func fraction(_ v: Double) -> Double {
        if isLog {
            guard v > 0 else { return 0 }
            let f = (log10(v) - log10(low)) / (log10(high) - log10(low))
            return min(max(f, 0), 1)
        }
        return min(max((v - low) / (high - low), 0), 1)
    }

    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0 else { return 1 }
        let p = pow(10, log10(rough).rounded(.down))
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where p * m >= rough { return p * m }
        return p * 10
    }

    /// 1500 -> "1.5K", 4800000 -> "4.8M": tick labels stay short.
    static func label(_ v: Double) -> String {
        let a = abs(v)
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where a >= scale {
            return compact(v / scale) + suffix
        }
        return compact(v)
    }

    private static func compact(_ v: Double) -> String {
        if v == v.rounded() { return String(Int(v)) }
        let s = String(format: "%.1f", v)
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : (abs(v) < 1 ? shortFraction(v) : s)
    }

    private static func shortFraction(_ v: Double) -> String {
        // Small figures (rates, shares): up to three significant decimals.
        let thousandths = Int((abs(v) * 1000).rounded())
        var digits = String(thousandths)
        while digits.count < 3 { digits = "0" + digits }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (v < 0 ? "-" : "") + "0." + digits
    }
}

/// Dates along x: ticks on the first of a month (every 1, 2, 3, 6 or 12 months, or whole
/// years), or every few days for short spans.
struct DateScale {
    let low: Double
    let high: Double
    let ticks: [(day: Int32, label: String)]

    init(days: [Int32]) {
        let minD = Double(days.min() ?? 0), maxD = Double(days.max() ?? 0)
        let pad = max(3, (maxD - minD) * 0.04)
        low = minD - pad
        high = maxD + pad
        ticks = DateScale.ticks(from: low, to: high)
    }

    func fraction(_ day: Int32) -> Double { (Double(day) - low) / (high - low) }

    private static func ticks(from low: Double, to high: Double) -> [(day: Int32, label: String)] {
        let span = high - low
        if span < 75 {
            let step = span < 15 ? 2 : span < 35 ? 7 : 14
            var out: [(Int32, String)] = []
            var d = Int32(low.rounded(.up))
            while Double(d) <= high {
                out.append((d, Day(daysSinceEpoch: d).description))
                d += Int32(step)
            }
            return out
        }
        let first = Day(daysSinceEpoch: Int32(low.rounded(.up))).components
        for months in [1, 2, 3, 6, 12, 24, 60, 120, 600] {
            var out: [(Int32, String)] = []
            var y = first.year, m = first.month
            // Start on the first tick month at or after `low`.
            if Double(Day(year: y, month: m, day: 1)!.daysSinceEpoch) < low { m += 1; if m > 12 { m = 1; y += 1 } }
            while (m - 1) % min(months, 12) != 0 || (months > 12 && y % (months / 12) != 0) {
                m += 1; if m > 12 { m = 1; y += 1 }
            }
            while let d = Day(year: y, month: m, day: 1), Double(d.daysSinceEpoch) <= high {
                let label = months >= 12 ? String(y) : String(d.description.prefix(7))
                out.append((d.daysSinceEpoch, label))
                m += months
                while m > 12 { m -= 12; y += 1 }
            }
            if out.count <= 8 { return out }
        }
        return []
    }
}

