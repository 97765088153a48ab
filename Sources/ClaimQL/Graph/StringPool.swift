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
