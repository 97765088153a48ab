/// How a claim states its figure, in words: "about 6,700", "more than 1,000",
/// "2,000..3,000". The derived field `figure`, the pair and timeline columns and
/// `evidence` all print figures this way.
enum Figures {
    static func figure(_ g: FactGraph, _ r: Int32) -> String {
        let c = g.claims
        return figure(qty: c.qty[Int(r)], qtyHi: c.qtyHi[Int(r)], qualifier: Qualifier(code: c.qualifiers[Int(r)]))
    }

    static func figure(qty: Double, qtyHi: Double, qualifier: Qualifier?) -> String {
        let q = number(qty)
        switch qualifier {
        case .approx?: return "about " + q
        case .at_least?: return "at least " + q
        case .at_most?: return "at most " + q
        case .more_than?: return "more than " + q
        case .less_than?: return "less than " + q
        case .up_to?: return "up to " + q
        case .range?: return qtyHi.isNaN ? q : q + ".." + number(qtyHi)
        case .exact?, nil: return q
        }
    }

    /// Thousands separated, no needless fraction: 4800000 -> "4,800,000", 2.5 -> "2.5".
    static func number(_ d: Double) -> String {
        guard d == d.rounded(), abs(d) < 1e15 else { return "\(d)" }
        let digits = String(Int64(abs(d)))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (d < 0 ? "-" : "") + out
    }
}

/// Predicates that say the same thing about an amount: claims about one subject and unit
/// with predicates of one family are about the same thing (pairs and timelines compare
/// them). Any predicate not listed is a family of its own.
enum PredicateFamily {
    static let families: [String: String] = [
        "shipped": "transfer", "delivered": "transfer", "provided": "transfer", "sent": "transfer",
        "supplied": "transfer", "transferred": "transfer", "exported": "transfer",
    ]

    static func of(_ predicate: String) -> String { families[predicate] ?? predicate }
}
