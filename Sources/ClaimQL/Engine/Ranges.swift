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

    func holds(_ modality: Modality, _ op: BinaryOp, _ c: Double) -> Bool {
        let certainly = modality == .certainly
        switch op {
        case .gt: return certainly ? allAbove(c, orEqual: false) : someAbove(c, orEqual: false)
        case .ge: return certainly ? allAbove(c, orEqual: true) : someAbove(c, orEqual: true)
        case .lt: return certainly ? allBelow(c, orEqual: false) : someBelow(c, orEqual: false)
        case .le: return certainly ? allBelow(c, orEqual: true) : someBelow(c, orEqual: true)
        case .eq: return certainly ? isPoint && low == c : contains(c)
        default: return certainly ? !contains(c) : !(isPoint && low == c)   // !=
        }
    }

    func between(_ modality: Modality, _ a: Double, _ b: Double) -> Bool {
        modality == .certainly
            ? allAbove(a, orEqual: true) && allBelow(b, orEqual: true)
            : someAbove(a, orEqual: true) && someBelow(b, orEqual: true) && a <= b
    }
}

extension ExprCompiler {
    /// `certainly qty > 3M`, `possibly qty between 1M and 5M`: comparisons of `qty` (on
    /// claims) with constants, decided over the claim's interval.
    mutating func modal(_ m: Modality, _ e: Expr, _ range: SourceRange) throws(CompileError) -> Compiled {
        func isQty(_ x: Expr) -> Bool {
            if case .path(let p) = x.kind, p.count == 1, p[0].text == "qty" { return true }
            return false
        }
        let hint = "write `\(m.rawValue) qty > 3M` or `\(m.rawValue) qty between 1M and 5M`"
        guard case .nodes(.claims) = shape else {
            throw fail("`\(m.rawValue)` applies to claims (their qty and qualifier)", at: range, hint: hint)
        }
        let claims = graph.claims, tolerance = approxTolerance
        func interval(_ i: Int32) -> Interval? {
            Interval.of(qty: claims.qty[Int(i)], qtyHi: claims.qtyHi[Int(i)],
                        qualifier: Qualifier(code: claims.qualifiers[Int(i)]), tolerance: tolerance)
        }
        func number(_ x: Expr) throws(CompileError) -> Double {
            let c = try compile(x)
            guard case .number(let d)? = c.constant else {
                throw fail("`\(m.rawValue)` compares qty with a number", at: x.range, hint: hint)
            }
            return d
        }
        switch e.kind {
        case .binary(let op, let l, let r) where [.gt, .ge, .lt, .le, .eq, .ne].contains(op) && isQty(l):
            let c = try number(r)
            return .boolean { _, i in interval(i).map { Tri($0.holds(m, op, c)) } ?? .u }
        case .between(let x, let lo, let hi, let negated) where isQty(x):
            let a = try number(lo), b = try number(hi)
            return .boolean { _, i in
                guard let v = interval(i) else { return .u }
                let inside = v.between(m, a, b)
                return Tri(negated ? !inside : inside)
            }
        default:
            throw fail("`\(m.rawValue)` applies to a comparison of qty", at: e.range, hint: hint)
        }
    }
}
