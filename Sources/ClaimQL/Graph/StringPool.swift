/// Interned strings: repeated text (predicates, units, objects, kinds) is stored once and
/// referred to by a dense 32-bit code, so columns stay small and equality is an integer test.
struct StringPool: Sendable {
    private(set) var strings: [String] = []
    private var codes: [String: Int32] = [:]

    mutating func intern(_ s: String) -> Int32 {
        if let c = codes[s] { return c }
        let c = Int32(strings.count)
        strings.append(s)
        codes[s] = c
        return c
    }

    init() {}

    /// From a snapshot's strings (which must be distinct).
    init(strings: [String]) {
        self.strings = strings
        codes.reserveCapacity(strings.count)
        for (i, s) in strings.enumerated() { codes[s] = Int32(i) }
    }

    func code(of s: String) -> Int32? { codes[s] }
    subscript(code: Int32) -> String { strings[Int(code)] }
}

/// Unique long text (quotes) kept as one byte buffer with offsets: one allocation for a
/// million quotes instead of a million strings.
struct TextColumn: Sendable {
    private(set) var bytes: [UInt8] = []
    /// offsets[i]..<offsets[i+1] is row i; a row with no text has an empty range and is
    /// marked in `missing`. 64-bit: 10M claims already hold over 1 GB of quotes.
    private(set) var offsets: [Int] = [0]
    private(set) var missing: Set<Int32> = []

    var count: Int { offsets.count - 1 }

    init() {}

    /// From a snapshot's parts (checked by the reader).
    init(bytes: [UInt8], offsets: [Int], missing: Set<Int32>) {
        self.bytes = bytes
        self.offsets = offsets
        self.missing = missing
    }

    mutating func append(_ s: String?) {
        if let s { bytes.append(contentsOf: s.utf8) } else { missing.insert(Int32(count)) }
        offsets.append(bytes.count)
    }

    mutating func append(utf8 s: UnsafeBufferPointer<UInt8>?) {
        if let s { bytes.append(contentsOf: s) } else { missing.insert(Int32(count)) }
        offsets.append(bytes.count)
    }

    mutating func reserve(rows: Int, bytes n: Int) {
        offsets.reserveCapacity(rows + 1)
        bytes.reserveCapacity(n)
    }

    mutating func append(contentsOf other: TextColumn) {
        let base = bytes.count
        let rowBase = Int32(count)
        bytes.append(contentsOf: other.bytes)
        offsets.append(contentsOf: other.offsets.dropFirst().map { $0 + base })
        for m in other.missing { missing.insert(m + rowBase) }
    }

    func isMissing(_ row: Int32) -> Bool { !missing.isEmpty && missing.contains(row) }

    func utf8(_ row: Int32) -> ArraySlice<UInt8> {
        bytes[offsets[Int(row)]..<offsets[Int(row) + 1]]
    }

    subscript(row: Int32) -> String? {
        isMissing(row) ? nil : String(decoding: utf8(row), as: UTF8.self)
    }
}

/// Extra attributes ("unknown keys"): sparse, since most rows have none.
struct AttributeTable: Sendable {
    private(set) var columns: [String: [Int32: Cell]] = [:]

    var keys: Dictionary<String, [Int32: Cell]>.Keys { columns.keys }

    init() {}
    init(columns: [String: [Int32: Cell]]) { self.columns = columns }

    mutating func set(_ key: String, row: Int32, _ value: Cell) { columns[key, default: [:]][row] = value }

    func columnIfPresent(_ key: String) -> [Int32: Cell]? { columns[key] }

    func all(row: Int32) -> [(String, Cell)] {
        columns.compactMap { key, col in col[row].map { (key, $0) } }.sorted { $0.0 < $1.0 }
    }

    mutating func append(_ other: AttributeTable, rowOffset: Int32) {
        for (key, col) in other.columns {
            for (row, v) in col { columns[key, default: [:]][row + rowOffset] = v }
        }
    }
}
