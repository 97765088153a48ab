extension ResultSet {
    /// Decodes every row into `T`, matching its properties to columns by name (`qty_hi`
    /// is `qty_hi`; use CodingKeys to rename). Missing values decode as nil for optionals;
    /// entities decode as their name (String), dates as `Day` or ISO text, numbers as any
    /// numeric type that holds them exactly.
    public func decode<T: Decodable>(_ type: T.Type) throws -> [T] {
        try (0..<count).map { try T(from: RowDecoder(row: self[$0], path: [])) }
    }
}

extension Row {
    /// Decodes this row into `T` (see `ResultSet.decode`).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: RowDecoder(row: self, path: []))
    }
}
