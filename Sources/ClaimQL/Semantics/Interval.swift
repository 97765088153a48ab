/// The interval of values a claim's figure stands for, from its qualifier:
///
/// | qualifier | interval |
/// |---|---|
/// | exact (or none) | [q, q] |
/// | approx | [q(1-t), q(1+t)], t = the tolerance (10% unless set) |
/// | at_least | [q, +inf) |
/// | more_than | (q, +inf) |
/// | at_most | [0, q] (figures are amounts: nothing below zero; -inf if q < 0) |
/// | less_than | [0, q) (-inf if q <= 0) |
/// | up_to | [0, q] |
/// | range | [q, qty_hi] |
///
/// `certainly <comparison>` holds when every value of the interval satisfies the
/// comparison, `possibly` when some value does; a claim without a figure is unknown.
struct Interval: Equatable {
    var low: Double
    var lowOpen: Bool
    var high: Double
    var highOpen: Bool

    static func of(qty: Double, qtyHi: Double, qualifier: Qualifier?, tolerance: Double) -> Interval? {
        guard !qty.isNaN else { return nil }
        // Amounts do not go below zero; but a bound at or below zero keeps -inf, so that
        // "less than 0" is not the empty interval [0, 0).
        let floor = qty < 0 ? -Double.infinity : 0
        let strictFloor = qty <= 0 ? -Double.infinity : 0
        switch qualifier {
        case nil, .exact?: return Interval(low: qty, lowOpen: false, high: qty, highOpen: false)
        case .approx?:
            let d = abs(qty) * tolerance
            return Interval(low: qty - d, lowOpen: false, high: qty + d, highOpen: false)
        case .at_least?: return Interval(low: qty, lowOpen: false, high: .infinity, highOpen: true)
        case .more_than?: return Interval(low: qty, lowOpen: true, high: .infinity, highOpen: true)
        case .at_most?, .up_to?: return Interval(low: floor, lowOpen: false, high: qty, highOpen: false)
        case .less_than?: return Interval(low: strictFloor, lowOpen: false, high: qty, highOpen: true)
        case .range?:
            guard !qtyHi.isNaN else { return Interval(low: qty, lowOpen: false, high: qty, highOpen: false) }
            return Interval(low: min(qty, qtyHi), lowOpen: false, high: max(qty, qtyHi), highOpen: false)
        }
    }

    /// Some value of the interval is above c (or at it, when `orEqual`).
    func someAbove(_ c: Double, orEqual: Bool) -> Bool { high > c || (orEqual && high == c && !highOpen) }
    func someBelow(_ c: Double, orEqual: Bool) -> Bool { low < c || (orEqual && low == c && !lowOpen) }
    func allAbove(_ c: Double, orEqual: Bool) -> Bool { low > c || (low == c && (lowOpen || orEqual)) }
    func allBelow(_ c: Double, orEqual: Bool) -> Bool { high < c || (high == c && (highOpen || orEqual)) }
    func contains(_ c: Double) -> Bool { someAbove(c, orEqual: true) && someBelow(c, orEqual: true) }
    var isPoint: Bool { low == high && !lowOpen && !highOpen }

    func holds(_ modality: Modality, _ op: CompareOp, _ c: Double) -> Bool {
        let certainly = modality == .certainly
        switch op {
        case .gt: return certainly ? allAbove(c, orEqual: false) : someAbove(c, orEqual: false)
        case .ge: return certainly ? allAbove(c, orEqual: true) : someAbove(c, orEqual: true)
        case .lt: return certainly ? allBelow(c, orEqual: false) : someBelow(c, orEqual: false)
        case .le: return certainly ? allBelow(c, orEqual: true) : someBelow(c, orEqual: true)
        case .eq: return certainly ? isPoint && low == c : contains(c)
        case .ne: return certainly ? !contains(c) : !(isPoint && low == c)
        }
    }

    func between(_ modality: Modality, _ a: Double, _ b: Double) -> Bool {
        modality == .certainly
            ? allAbove(a, orEqual: true) && allBelow(b, orEqual: true)
            : someAbove(a, orEqual: true) && someBelow(b, orEqual: true) && a <= b
    }
}
