import Foundation

/// Reads a snapshot's payload written by `SnapshotWriter`. Every read is bounds-checked
/// and throws on a count or length that does not fit: a damaged file ends in an error.
struct SnapshotReader {
    let bytes: UnsafeRawBufferPointer
    /// The mapped file `bytes` lies in, when there is one: text columns borrow from it.
    let file: MappedFile?
    /// Ranges of `bytes` that columns borrow (the rest may be released after reading).
    private(set) var borrowed: [Range<Int>] = []
    private(set) var position = 0
    /// Where the current section started reading, for messages.
    var section = "header"

    init(_ bytes: UnsafeRawBufferPointer, file: MappedFile? = nil) {
        self.bytes = bytes
        self.file = file
    }

    var atEnd: Bool { position == bytes.count }

    func fail(_ what: String) -> SnapshotError {
        SnapshotError("damaged snapshot: \(what) in the \(section) section (byte \(position + SnapshotFormat.headerSize))")
    }

    mutating func int() throws(SnapshotError) -> Int {
        guard bytes.count - position >= 8 else { throw fail("unexpected end") }
        let v = bytes.loadUnaligned(fromByteOffset: position, as: Int64.self).littleEndian
        position += 8
        return Int(v)
    }

    /// A count no larger than what is left of the file can hold (so a damaged count never
    /// allocates gigabytes).
    mutating func count(of stride: Int) throws(SnapshotError) -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - position) / max(stride, 1) else { throw fail("a count of \(n)") }
        return n
    }

    private mutating func align() {
        position = min(bytes.count, (position + 7) & ~7)
    }

    mutating func array<T: BitwiseCopyable>(_: T.Type) throws(SnapshotError) -> [T] {
        let n = try count(of: MemoryLayout<T>.stride)
        let size = n * MemoryLayout<T>.stride
        let out = [T](unsafeUninitializedCapacity: n) { buffer, initialised in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + size)]))
            initialised = n
        }
        position += size
        align()
        return out
    }

    /// A column: in a mapped file, a view of the file's bytes (nothing copied; the pages are
    /// kept); otherwise a copy. Every array starts 8-byte aligned in the payload, and the
    /// payload in the mapping, so the view is aligned for `T`.
    mutating func column<T: BitwiseCopyable>(_: T.Type) throws(SnapshotError) -> ScalarColumn<T> {
        guard let file else { return ScalarColumn(try array(T.self)) }
        let n = try count(of: MemoryLayout<T>.stride)
        let start = position
        position += n * MemoryLayout<T>.stride
        align()
        guard n > 0 else { return ScalarColumn() }
        borrowed.append(start..<position)
        let pointer = bytes.baseAddress! + start
        precondition(Int(bitPattern: pointer) % MemoryLayout<T>.alignment == 0, "a snapshot column out of alignment")
        return ScalarColumn(mapped: pointer, count: n, file: file)
    }

    mutating func raw() throws(SnapshotError) -> [UInt8] { try array(UInt8.self) }

    /// A raw byte run, not copied: a view into `bytes` that keeps `file` mapped (or, with no
    /// file, a view the caller must copy before `bytes` goes away). Nil when empty.
    mutating func borrowedBytes() throws(SnapshotError) -> MappedBytes? {
        let n = try count(of: 1)
        let start = position
        position += n
        align()
        guard n > 0 else { return nil }
        borrowed.append(start..<(start + n))
        let view = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + n)]).assumingMemoryBound(to: UInt8.self)
        return MappedBytes(file: file, buffer: view)
    }

    /// Tells the system the pages nobody borrowed (everything copied into columns) are
    /// not needed any more, so the mapping holds only the text: the graph's memory is its
    /// columns plus the text's pages of the file, not the whole file twice over.
    func releaseUnborrowed() {
        guard file != nil else { return }
        var keep = borrowed.sorted { $0.lowerBound < $1.lowerBound }
        keep.append(bytes.count..<bytes.count)
        var from = 0
        for k in keep {
            // Whole pages strictly between the previous kept run and this one.
            if k.lowerBound > from { MappedPages.drop(UnsafeRawBufferPointer(bytes), from..<k.lowerBound) }
            from = max(from, k.upperBound)
        }
    }

    mutating func strings() throws(SnapshotError) -> [String] {
        let offsets = try array(Int64.self)
        let start = position
        let n = try count(of: 1)
        let base = position
        guard let first = offsets.first, first == 0, offsets.last.map({ Int($0) == n }) == true else {
            position = start
            throw fail("string offsets")
        }
        var out: [String] = []
        out.reserveCapacity(offsets.count - 1)
        var previous = 0
        for i in 1..<offsets.count {
            let end = Int(offsets[i])
            guard end >= previous, end <= n else { throw fail("string offsets") }
            out.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(base + previous)..<(base + end)]), as: UTF8.self))
            previous = end
        }
        position = base + n
        align()
        return out
    }

    mutating func optionalStrings() throws(SnapshotError) -> [String?] {
        var out: [String?] = try strings()
        for row in try array(Int32.self) {
            guard row >= 0, Int(row) < out.count else { throw fail("a missing-string row") }
            out[Int(row)] = nil
        }
        return out
    }

    mutating func lists(_ rows: Int, targets: Int) throws(SnapshotError) -> [[Int32]] {
        let counts = try array(Int32.self)
        let values = try array(Int32.self)
        guard counts.count == rows else { throw fail("list counts") }
        guard values.allSatisfy({ $0 >= 0 && Int($0) < targets }) else { throw fail("a reference") }
        return try split(values, counts)
    }

    /// Flattened lists back into lists, by their counts (which must use every value).
    func split<T>(_ values: [T], _ counts: [Int32]) throws(SnapshotError) -> [[T]] {
        var out: [[T]] = []
        out.reserveCapacity(counts.count)
        var at = 0
        for c in counts {
            guard c >= 0, at + Int(c) <= values.count else { throw fail("list counts") }
            out.append(Array(values[at..<(at + Int(c))]))
            at += Int(c)
        }
        guard at == values.count else { throw fail("list counts") }
        return out
    }

    /// One attribute value; references are checked against the graph's sizes.
    mutating func cell(_ sizes: (entities: Int, documents: Int, claims: Int), depth: Int = 0) throws(SnapshotError) -> Cell {
        guard depth < 64 else { throw fail("nesting") }
        func row(_ n: Int, _ limit: Int) throws(SnapshotError) -> Int32 {
            guard n >= 0, n < limit else { throw fail("a reference") }
            return Int32(n)
        }
        switch try int() {
        case 0: return .null
        case 1: return .bool(try int() != 0)
        case 2: return .number(Double(bitPattern: UInt64(bitPattern: Int64(try int()))))
        case 3:
            let s = try strings()
            guard s.count == 1 else { throw fail("a string value") }
            return .string(s[0])
        case 4:
            let d = try int()
            guard SnapshotCheck.validDay(d) else { throw fail("a date") }
            return .date(Int32(d))
        case 5: return .entity(try row(try int(), sizes.entities))
        case 6: return .document(try row(try int(), sizes.documents))
        case 7: return .claim(try row(try int(), sizes.claims))
        case 8:
            let n = try count(of: 8)
            var items: [Cell] = []
            for _ in 0..<n { items.append(try cell(sizes, depth: depth + 1)) }
            return .list(items)
        default: throw fail("a value's tag")
        }
    }
}

enum SnapshotCheck {
    static let firstDay = Int(Day(year: 1, month: 1, day: 1)!.daysSinceEpoch)
    static let lastDay = Int(Day(year: 9999, month: 12, day: 31)!.daysSinceEpoch)
    static func validDay(_ d: Int) -> Bool { d >= firstDay && d <= lastDay }
}
