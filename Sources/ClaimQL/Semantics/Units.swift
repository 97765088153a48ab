import Foundation

/// Unit families: units that measure the same kind of thing and convert exactly. A plain
/// comparison never crosses units (`unit = "shells"` does not match "rounds"); a query
/// crosses them only when it says so, with the `family` field or `convert(...)`.
///
/// | family     | units (factor to the first)                                   |
/// |------------|---------------------------------------------------------------|
/// | ammunition | shells, rounds, artillery shells, shell, round (1 each)       |
/// | containers | containers, shipping containers, container (1)                |
/// | length     | km, kilometres, kilometers, kilometre, kilometer (1); m, metres, meters (0.001); miles (1.609344) |
/// | duration   | days, day (1); weeks, week (7); hours (1/24)                   |
/// | share      | percent, per cent, % (1)                                      |
/// Months and years are not in `duration`: their length in days varies.
enum UnitFamily {
    static let table: [(family: String, units: [(String, Double)])] = [
        ("ammunition", [("shells", 1), ("rounds", 1), ("artillery shells", 1), ("shell", 1), ("round", 1)]),
        ("containers", [("containers", 1), ("shipping containers", 1), ("container", 1)]),
        ("length", [("km", 1), ("kilometres", 1), ("kilometers", 1), ("kilometre", 1), ("kilometer", 1),
                    ("m", 0.001), ("metres", 0.001), ("meters", 0.001), ("miles", 1.609344)]),
        ("duration", [("days", 1), ("day", 1), ("weeks", 7), ("week", 7), ("hours", 1.0 / 24)]),
        ("share", [("percent", 1), ("per cent", 1), ("%", 1)]),
    ]

    private static let byUnit: [String: (family: String, factor: Double)] = {
        var out: [String: (String, Double)] = [:]
        for (family, units) in table { for (u, f) in units { out[u] = (family, f) } }
        return out
    }()

    /// The family of a unit and its factor to the family's first unit (case-insensitive).
    static func of(_ unit: String) -> (family: String, factor: Double)? {
        byUnit[unit.lowercased().trimmingCharacters(in: .whitespaces)]
    }

    /// `value` in `from` expressed in `to`; nil when they are not in one family.
    static func convert(_ value: Double, from: String, to: String) -> Double? {
        guard let a = of(from), let b = of(to), a.family == b.family else { return nil }
        return value * a.factor / b.factor
    }
}
