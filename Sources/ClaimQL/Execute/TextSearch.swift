/// Case-insensitive substring search. ASCII needles (the usual case) are matched on bytes,
/// eight at a time: a word-wide compare finds the positions of the needle's rarest letter
/// (in either case), and only those are checked in full. Other needles fall back to
/// lowercased strings.
struct TextSearch: Sendable {
    private let needle: [UInt8]
    private let lowered: String
    private let ascii: Bool
    /// Index in the needle of its rarest byte, and that byte lowercased.
    private let anchor: Int
    private let anchorByte: UInt8
    private let anchorIsLetter: Bool

    /// English letters from most to least frequent: the later, the better an anchor.
    private static let frequency = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)

    init(_ s: String) {
        lowered = s.lowercased()
        ascii = s.utf8.allSatisfy { $0 < 0x80 }
        needle = Array(lowered.utf8)
        var best = 0, bestRank = -1
        for (i, c) in needle.enumerated() {
            let rank = TextSearch.frequency.firstIndex(of: c) ?? (c == 0x20 ? -1 : 100)
            if rank > bestRank { best = i; bestRank = rank }
        }
        anchor = best
        anchorByte = needle.isEmpty ? 0 : needle[best]
        anchorIsLetter = anchorByte >= 0x61 && anchorByte <= 0x7A
    }

    func found(in s: String) -> Bool {
        if ascii {
            var s = s
            return s.withUTF8 { found(in: $0) }
        }
        return s.lowercased().contains(lowered)
    }

    func found(in bytes: ArraySlice<UInt8>) -> Bool {
        if !ascii { return found(in: String(decoding: bytes, as: UTF8.self)) }
        return bytes.withUnsafeBufferPointer { found(in: $0) }
    }

    private func matches(_ hay: UnsafePointer<UInt8>, at start: Int) -> Bool {
        for j in 0..<needle.count {
            var h = hay[start + j]
            if h >= 65 && h <= 90 { h += 32 }
            if h != needle[j] { return false }
        }
        return true
    }

    /// Whether the needle is ASCII, so `firstMatch` applies.
    var isASCII: Bool { ascii }
    var length: Int { needle.count }

    /// The start of the first match in `base[from..<end]`, or nil (ASCII needles only).
    func firstMatch(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
        let n = needle.count
        if n == 0 { return from <= end ? from : nil }
        guard end - from >= n else { return nil }
        var i = from + anchor
        let last = end - n + anchor
        let pattern = UInt64(anchorByte) &* 0x0101_0101_0101_0101
        let fold: UInt64 = anchorIsLetter ? 0x2020_2020_2020_2020 : 0
        while i + 8 <= last + 1 {
            let x = (UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) | fold) ^ pattern
            var hits = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            while hits != 0 {
                let k = hits.trailingZeroBitCount >> 3
                if matches(base, at: i + k - anchor) { return i + k - anchor }
                hits &= hits &- 1
            }
            i += 8
        }
        while i <= last {
            var c = base[i]
            if anchorIsLetter && c >= 65 && c <= 90 { c += 32 }
            if c == anchorByte && matches(base, at: i - anchor) { return i - anchor }
            i += 1
        }
        return nil
    }

    func found(in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        // Byte matching folds ASCII letters only: other needles compare lowercased strings.
        if !ascii { return found(in: String(decoding: hay, as: UTF8.self)) }
        guard let base = hay.baseAddress else { return needle.isEmpty }
        return firstMatch(base, from: 0, end: hay.count) != nil
    }
}
