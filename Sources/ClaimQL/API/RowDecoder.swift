/// `Decoder` over one result row: a keyed container of columns, each a single value.
struct RowDecoder: Decoder {
    let row: Row
    let path: [CodingKey]
    var codingPath: [CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: row, codingPath: path))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Value].self, .init(codingPath: path, debugDescription: "a row decodes as a keyed container"))
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Value.self, .init(codingPath: path, debugDescription: "a row decodes as a keyed container"))
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: Row
    let codingPath: [CodingKey]

    var allKeys: [Key] { row.result.columns.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { row.result.columns.contains(key.stringValue) }

    func value(_ key: Key) throws -> Value {
        guard let v = row[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                debugDescription: "no column `\(key.stringValue)`; the columns are \(row.result.columns.joined(separator: ", "))"))
        }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { (row[key.stringValue] ?? .null).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: ValueDecoder(value: try value(key), codingPath: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath + [key], debugDescription: "columns hold single values"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        guard case .list(let items) = try value(key) else {
            throw DecodingError.typeMismatch([Value].self, .init(codingPath: codingPath + [key], debugDescription: "not a list"))
        }
        return ListContainer(items: items, codingPath: codingPath + [key])
    }

    func superDecoder() throws -> Decoder { RowDecoder(row: row, path: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { RowDecoder(row: row, path: codingPath + [key]) }
}

/// One value, for `Decodable` types that read a single value (String, Double, Day, ...).
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: Value
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw mismatch(type)
    }
    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .list(let items) = value else { throw mismatch([Value].self) }
        return ListContainer(items: items, codingPath: codingPath)
    }
    func singleValueContainer() throws -> SingleValueDecodingContainer { self }

    private func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "cannot decode \(type) from \(value)"))
    }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let b) = value else { throw mismatch(type) }
        return b
    }
    func decode(_ type: String.Type) throws -> String {
        switch value {
        case .string(let s): return s
        case .entity(_, let name): return name
        case .document(let id, _), .claim(let id): return id
        case .date(let d): return d.description
        default: throw mismatch(type)
        }
    }
    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let d) = value else { throw mismatch(type) }
        return d
    }
    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    private func decodeInteger<T: BinaryInteger>(_ type: T.Type) throws -> T {
        guard case .number(let d) = value, let i = T(exactly: d) else { throw mismatch(type) }
        return i
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == Day.self {
            switch value {
            case .date(let d): return d as! T
            case .string(let s): if let d = Day(iso: s) { return d as! T }
            default: break
            }
            throw mismatch(type)
        }
        return try T(from: self)
    }
}

struct ListContainer: UnkeyedDecodingContainer {
    let items: [Value]
    let codingPath: [CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    struct Index: CodingKey {
        let intValue: Int?
        var stringValue: String { "\(intValue ?? 0)" }
        init(_ i: Int) { intValue = i }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return true }
        if items[currentIndex].isNull { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "list ended"))
        }
        let v = try ValueDecoder(value: items[currentIndex], codingPath: codingPath + [Index(currentIndex)]).decode(type)
        currentIndex += 1
        return v
    }

    mutating func nestedContainer<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "list items are single values"))
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .list(let inner) = items[currentIndex] else {
            throw DecodingError.typeMismatch([Value].self, .init(codingPath: codingPath, debugDescription: "not a list"))
        }
        currentIndex += 1
        return ListContainer(items: inner, codingPath: codingPath)
    }
    mutating func superDecoder() throws -> Decoder { ValueDecoder(value: items[currentIndex], codingPath: codingPath) }
}
