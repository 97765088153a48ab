import Foundation

/// The key under which names and aliases are matched: Unicode case folding, diacritics
/// removed, and everything that is not a letter or a digit dropped. So "Shin Won-sik",
/// "shin wonsik" and "SHIN WON SIK" share the key "shinwonsik", and "Zelenskyy" stays apart
/// from "Zelensky" (a spelling variant is an alias, not a normalisation).
enum NameKey {
    static func of(_ s: String) -> String {
        // Fast path: plain ASCII needs no Foundation folding.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var out = [UInt8]()
            out.reserveCapacity(s.utf8.count)
            for c in s.utf8 {
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out.append(c)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(c + 32)
                default: continue
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil {
                // Lowercase once more: folding leaves some scalars (e.g. 'İ') composite.
                out.append(contentsOf: String(scalar).lowercased().unicodeScalars.filter {
                    $0.properties.isAlphabetic || $0.properties.numericType != nil
                })
            }
        }
        return String(out)
    }
}
