import Foundation

/// Text that is mostly unique (quotes, articles, claim ids) kept as one byte buffer with
/// offsets: one allocation for a million quotes instead of a million strings. The buffer is owned, or,
/// in a graph opened from a snapshot, the file's own bytes, mapped: opening a snapshot
/// then neither copies the text (the largest part of a graph) nor holds it twice. The
/// first append to a borrowed column copies it into owned storage.
struct TextColumn: Sendable {
    private var owned: [UInt8] = []
    private var mapped: MappedBytes?
    /// offsets[i]..<offsets[i+1] is row i; a row with no text has an empty range and is
    /// marked in `missing`. 64-bit: 10M claims already hold over 1 GB of quotes.
    private(set) var offsets: ScalarColumn<Int> = [0]
    private(set) var missing: Set<Int32> = []

    var count: Int { offsets.count - 1 }
    var missingCount: Int { missing.count }
    var byteCount: Int { mapped?.buffer.count ?? owned.count }

    init() {}

    /// From a snapshot's parts (checked by the reader): owned bytes, or mapped ones.
    init(bytes: [UInt8], offsets: ScalarColumn<Int>, missing: Set<Int32>) {
        owned = bytes
        self.offsets = offsets
        self.missing = missing
    }

    init(mapped: MappedBytes, offsets: ScalarColumn<Int>, missing: Set<Int32>) {
        self.mapped = mapped
        self.offsets = offsets
        self.missing = missing
    }

    /// Borrowed bytes become owned before the column changes.
    private mutating func own() {
        guard let m = mapped else { return }
        owned = Array(m.buffer)
        mapped = nil
    }

    mutating func append(_ s: String?) {
        own()
        if let s { owned.append(contentsOf: s.utf8) } else { missing.insert(Int32(count)) }
        offsets.append(owned.count)
    }

    mutating func append(utf8 s: UnsafeBufferPointer<UInt8>?) {
        own()
        if let s { owned.append(contentsOf: s) } else { missing.insert(Int32(count)) }
        offsets.append(owned.count)
    }

    mutating func reserve(rows: Int, bytes n: Int) {
        own()
        offsets.reserveCapacity(rows + 1)
        owned.reserveCapacity(n)
    }

    mutating func append(contentsOf other: TextColumn) {
        own()
        let base = owned.count
        let rowBase = Int32(count)
        other.withBytes { owned.append(contentsOf: $0) }
        offsets.append(contentsOf: other.offsets.dropFirst().map { $0 + base })
        for m in other.missing { missing.insert(m + rowBase) }
    }

    func isMissing(_ row: Int32) -> Bool { !missing.isEmpty && missing.contains(row) }

    /// The whole buffer, for the length of `body`.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let m = mapped { return try body(m.buffer) }
        return try owned.withUnsafeBufferPointer(body)
    }

    /// Row `row`'s UTF-8 bytes, for the length of `body`.
    func withUTF8<R>(_ row: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let lo = offsets[Int(row)], hi = offsets[Int(row) + 1]
        return try withBytes { try body(UnsafeBufferPointer(rebasing: $0[lo..<hi])) }
    }

    /// Whether row `row` holds exactly these bytes.
    func equals(_ row: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let lo = offsets[Int(row)], hi = offsets[Int(row) + 1]
        guard hi - lo == bytes.count else { return false }
        guard let b = bytes.baseAddress, !bytes.isEmpty else { return true }
        return withBytes { memcmp($0.baseAddress! + lo, b, bytes.count) == 0 }
    }

    subscript(row: Int32) -> String? {
        isMissing(row) ? nil : withUTF8(row) { String(decoding: $0, as: UTF8.self) }
    }
}

/// A file mapped read-only into memory, unmapped when the last user lets go of it.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let length: Int

    init(base: UnsafeRawPointer, length: Int) {
        self.base = base
        self.length = length
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }
}

/// Bytes inside a mapped file; holding them keeps the file mapped. The mapping is private
/// and read-only, and ClaimQL replaces snapshot files by renaming a new one over them,
/// which leaves the mapped (old) file intact.
struct MappedBytes: @unchecked Sendable {
    /// Nil for a view into memory the reader was given (copied before it goes away).
    let file: MappedFile?
    let buffer: UnsafeBufferPointer<UInt8>
}
