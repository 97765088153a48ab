import Foundation

/// The reading the entity and document fast paths share: one JSON Lines line, read left to
/// right, with a small vocabulary (a key among a fixed few, a string, `null`, the
/// punctuation between). Every method answers nil or false for anything else, and the fast
/// path then declines the line: the general reader reads it and reports what is wrong.
struct FastLine {
    let b: UnsafeBufferPointer<UInt8>
    let end: Int
    var p: Int

    init(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        self.b = b
        self.end = end
        p = start
    }

    mutating func skip() { while p < end, b[p] == 0x20 || b[p] == 0x09 { p += 1 } }

    /// Skips spaces, then takes `c` if it is next.
    mutating func take(_ c: UInt8) -> Bool {
        skip()
        guard p < end, b[p] == c else { return false }
        p += 1
        return true
    }

    mutating func null() -> Bool {
        guard p + 4 <= end, b[p] == UInt8(ascii: "n"), b[p + 1] == UInt8(ascii: "u"), b[p + 2] == UInt8(ascii: "l"),
              b[p + 3] == UInt8(ascii: "l") else { return false }
        p += 4
        return true
    }

    /// A key without escapes, then its colon: the key's byte range.
    mutating func key() -> (Int, Int)? {
        skip()
        guard p < end, b[p] == UInt8(ascii: "\"") else { return nil }
        var ascii = true
        let s = p + 1, e = ClaimsFastPath.scan(b, s, end, &ascii)
        guard e < end, b[e] == UInt8(ascii: "\"") else { return nil }
        p = e + 1
        guard take(UInt8(ascii: ":")) else { return nil }
        skip()
        return (s, e)
    }

    /// A string value, escapes decoded (`scratch` holds the decoded bytes meanwhile).
    mutating func string(_ scratch: inout [UInt8]) -> String? {
        guard p < end, b[p] == UInt8(ascii: "\"") else { return nil }
        let s = p + 1
        var ascii = true
        var q = ClaimsFastPath.scan(b, s, end, &ascii)
        guard q < end, b[q] >= 0x20 else { return nil }
        if b[q] == UInt8(ascii: "\"") {
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self) == nil { return nil }
            p = q + 1
            return String(decoding: UnsafeBufferPointer(rebasing: b[s..<q]), as: UTF8.self)
        }
        while q < end, b[q] == UInt8(ascii: "\\") { q = ClaimsFastPath.scan(b, q + 2, end, &ascii) }
        guard q < end, b[q] == UInt8(ascii: "\"") else { return nil }
        scratch.removeAll(keepingCapacity: true)
        guard Escapes.decode(b, s, q, into: &scratch), let text = String(validating: scratch, as: UTF8.self) else { return nil }
        p = q + 1
        return text
    }

    /// After a member: true at `,` (another follows), false at `}` (the object ended), nil
    /// for anything else.
    mutating func next() -> Bool? {
        skip()
        guard p < end else { return nil }
        if b[p] == UInt8(ascii: ",") { p += 1; return true }
        if b[p] == UInt8(ascii: "}") { p += 1; return false }
        return nil
    }

    /// Whether only spaces are left.
    mutating func atEnd() -> Bool {
        skip()
        return p == end
    }

    /// The keys a fast path knows (at most eight), with their first words.
    struct Keys {
        let names: [StaticString]
        let words: [UInt64]
        init(_ names: [StaticString]) {
            self.names = names
            words = names.map(FastLine.word)
        }
    }

    /// The next key and its colon, as its index among `keys`; nil for any other key or for
    /// one `seen` already holds (a repeated key is the general reader's to judge).
    mutating func field(_ keys: Keys, _ seen: inout UInt8) -> Int? {
        guard let k = key() else { return nil }
        for i in keys.names.indices where isKey(k, keys.names[i], keys.words[i]) {
            guard seen & (1 << i) == 0 else { return nil }
            seen |= 1 << i
            return i
        }
        return nil
    }

    /// Eight bytes of a key, as `ByteTable.pack` reads them, for matching keys by word.
    static func word(_ key: StaticString) -> UInt64 {
        var v: UInt64 = 0
        for i in (0..<min(key.utf8CodeUnitCount, 8)).reversed() { v = v << 8 | UInt64(key.utf8Start[i]) }
        return v
    }

    /// Whether `b[range]` is `key`, compared a word at a time.
    func isKey(_ range: (Int, Int), _ key: StaticString, _ word: UInt64) -> Bool {
        let n = key.utf8CodeUnitCount
        guard range.1 - range.0 == n, ByteTable.pack(b, range.0, range.1, 0) == word else { return false }
        for i in 8..<max(8, n) where b[range.0 + i] != key.utf8Start[i] { return false }
        return true
    }
}
