/// A column of fixed-width values (claim fields, index postings, id slots): memory of its
/// own, or, in a graph opened from a snapshot, a read-only view into the mapped file, so
/// that opening copies nothing (at 1M claims copying the columns out of the mapping was
/// most of the open time: the copy and the page faults of 80 MB of fresh memory).
///
/// Reads cost what an `Array`'s do: the struct holds the element pointer and the count
/// itself, so `column[i]` is a bounds check and a load, with no trip through the owner.
/// Writes are copy-on-write, as an `Array`'s: a column that shares its memory, or borrows
/// it from a file, first copies it into memory of its own.
struct ScalarColumn<Element: BitwiseCopyable>: @unchecked Sendable {
    // @unchecked: `base` is only written when `owner` is uniquely referenced and owns it.
    private var base: UnsafeMutablePointer<Element>
    private(set) var count: Int
    private var owner: ScalarColumnOwner

    init() {
        owner = ScalarColumnOwner(capacity: 0, stride: MemoryLayout<Element>.stride, alignment: MemoryLayout<Element>.alignment)
        base = owner.memory.assumingMemoryBound(to: Element.self)
        count = 0
    }

    init(repeating value: Element, count: Int) {
        self.init()
        reserveCapacity(count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        append(contentsOf: elements)
    }

    /// A view of `count` values at `start` inside `file` (checked by the caller: in the
    /// mapping, aligned for `Element`). Holding the column keeps the file mapped.
    init(mapped start: UnsafeRawPointer, count: Int, file: MappedFile) {
        owner = ScalarColumnOwner(borrowing: file)
        base = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: Element.self))
        self.count = count
    }

    var capacity: Int { owner.borrowed == nil ? owner.capacity : 0 }

    /// Makes the memory this column's own, with room for at least `minimum` values.
    private mutating func makeUnique(minimum: Int) {
        if isKnownUniquelyReferenced(&owner), owner.borrowed == nil, owner.capacity >= minimum { return }
        let grown = owner.borrowed == nil && isKnownUniquelyReferenced(&owner) ? Swift.max(minimum, owner.capacity * 2) : minimum
        let fresh = ScalarColumnOwner(capacity: Swift.max(grown, 4), stride: MemoryLayout<Element>.stride,
                                alignment: MemoryLayout<Element>.alignment)
        let target = fresh.memory.assumingMemoryBound(to: Element.self)
        target.update(from: base, count: count)
        owner = fresh
        base = target
    }

    mutating func reserveCapacity(_ n: Int) {
        if n > capacity || !isKnownUniquelyReferenced(&owner) { makeUnique(minimum: Swift.max(n, count)) }
    }

    mutating func append(_ value: Element) {
        if count >= capacity || !isKnownUniquelyReferenced(&owner) { makeUnique(minimum: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        let added: Int? = elements.withContiguousStorageIfAvailable { source in
            reserveCapacity(count + source.count)
            if let start = source.baseAddress { (base + count).initialize(from: start, count: source.count) }
            count += source.count
            return source.count
        }
        if added == nil {
            reserveCapacity(count + elements.underestimatedCount)
            for e in elements { append(e) }
        }
    }

    mutating func append(contentsOf other: ScalarColumn<Element>) {
        other.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    mutating func removeAll() { self = ScalarColumn() }

    func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(owner) { () throws(E) -> R in try body(UnsafeBufferPointer(start: base, count: count)) }
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        makeUnique(minimum: count)
        var buffer = UnsafeMutableBufferPointer(start: base, count: count)
        defer { precondition(buffer.baseAddress == base && buffer.count == count, "a column's buffer was replaced") }
        return try withExtendedLifetime(owner) { try body(&buffer) }
    }

    /// The values as an array (for APIs that take one; a copy).
    var array: [Element] { withUnsafeBufferPointer { Array($0) } }
}

extension ScalarColumn: RandomAccessCollection, MutableCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get {
            // One unsigned compare, as Array's check. `self` (and so `owner`) is alive for
            // the call: the read needs no lifetime fence.
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "column index out of range")
            return base[i]
        }
        set {
            precondition(i >= 0 && i < count, "column index out of range")
            if !isKnownUniquelyReferenced(&owner) || owner.borrowed != nil { makeUnique(minimum: count) }
            base[i] = newValue
        }
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }
}

extension ScalarColumn: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension ScalarColumn: Equatable where Element: Equatable {
    static func == (a: ScalarColumn, b: ScalarColumn) -> Bool { a.elementsEqual(b) }
}

extension ScalarColumn: CustomStringConvertible {
    var description: String { array.description }
}

/// Who keeps a column's memory alive: its own allocation, or a mapped file it borrows from.
final class ScalarColumnOwner: @unchecked Sendable {
    let memory: UnsafeMutableRawPointer
    let capacity: Int
    let borrowed: MappedFile?

    init(capacity: Int, stride: Int, alignment: Int) {
        self.capacity = capacity
        memory = .allocate(byteCount: Swift.max(capacity * stride, 1), alignment: Swift.max(alignment, 8))
        borrowed = nil
    }

    init(borrowing file: MappedFile) {
        capacity = 0
        memory = UnsafeMutableRawPointer(mutating: file.base)
        borrowed = file
    }

    deinit { if borrowed == nil { memory.deallocate() } }
}
