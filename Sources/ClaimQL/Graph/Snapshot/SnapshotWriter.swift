import Foundation

/// Writes a snapshot's payload: values 8-byte aligned, arrays raw with their counts.
/// With a sink (`SnapshotFile.write`), whole 1 MiB blocks are hashed and handed to it as
/// they fill, so a save holds at most one column beyond the graph, not the whole payload
/// a second time; without one (tests), the payload stays in `bytes`.
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []
    private let sink: ((UnsafeRawBufferPointer) -> Bool)?
    /// The hashes of the blocks handed to the sink, and how many bytes they held.
    private(set) var blockHashes: [UInt64] = []
    private(set) var written = 0
    /// A write to the sink failed: the rest is not written.
    private(set) var failed = false

    init(reserving n: Int = 0) {
        sink = nil
        bytes.reserveCapacity(n)
    }

    init(sink: @escaping (UnsafeRawBufferPointer) -> Bool) {
        self.sink = sink
        bytes.reserveCapacity(2 * SnapshotFormat.blockSize)
    }

    /// Hands every whole block to the sink (the rest waits for more bytes or `finish`).
    private mutating func drain(all: Bool = false) {
        guard let sink, !failed else { return }
        let size = SnapshotFormat.blockSize
        var done = 0
        bytes.withUnsafeBytes { raw in
            while raw.count - done >= size || (all && done < raw.count) {
                let block = UnsafeRawBufferPointer(rebasing: raw[done..<min(done + size, raw.count)])
                blockHashes.append(SnapshotFormat.blockHash(block, 0))
                if !sink(block) { failed = true; return }
                done += block.count
            }
        }
        written += done
        bytes.removeSubrange(0..<done)
    }

    /// The payload's length and checksum, after the last bytes went to the sink.
    mutating func finish() -> (length: Int, checksum: UInt64) {
        guard sink != nil else {
            return (bytes.count, bytes.withUnsafeBytes { SnapshotFormat.checksum($0) })
        }
        drain(all: true)
        return (written, SnapshotFormat.combine(blockHashes))
    }

    private mutating func pad() {
        let r = bytes.count % 8
        if r != 0 { bytes.append(contentsOf: repeatElement(0, count: 8 - r)) }
    }

    mutating func int(_ v: Int) {
        withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) }
        if bytes.count >= SnapshotFormat.blockSize { drain() }
    }

    mutating func array<T: BitwiseCopyable>(_ a: [T]) { a.withUnsafeBufferPointer { values($0) } }

    mutating func array<T: BitwiseCopyable>(_ c: ScalarColumn<T>) { c.withUnsafeBufferPointer { values($0) } }

    private mutating func values<T: BitwiseCopyable>(_ v: UnsafeBufferPointer<T>) {
        int(v.count)
        bytes.append(contentsOf: UnsafeRawBufferPointer(v))
        pad()
        drain()
    }

    mutating func raw(_ b: [UInt8]) { b.withUnsafeBufferPointer { raw($0) } }

    mutating func raw(_ b: UnsafeBufferPointer<UInt8>) {
        int(b.count)
        bytes.append(contentsOf: b)
        pad()
        drain()
    }

    /// Strings as offsets into one UTF-8 buffer.
    mutating func strings<C: Swift.Collection<String>>(_ strings: C) {
        var offsets: [Int64] = [0]
        offsets.reserveCapacity(strings.count + 1)
        var utf8: [UInt8] = []
        for s in strings {
            utf8.append(contentsOf: s.utf8)
            offsets.append(Int64(utf8.count))
        }
        array(offsets)
        raw(utf8)
    }

    /// Optional strings: the strings (nil as empty) and which rows are nil.
    mutating func optionalStrings(_ strings: [String?]) {
        self.strings(strings.lazy.map { $0 ?? "" })
        array(strings.indices.filter { strings[$0] == nil }.map { Int32($0) })
    }

    /// Lists of Int32 (aliases' owners, edges): counts then the flattened values.
    mutating func lists(_ lists: [[Int32]]) {
        array(lists.map { Int32($0.count) })
        array(lists.flatMap { $0 })
    }

    mutating func cell(_ c: Cell) {
        switch c {
        case .null: int(0)
        case .bool(let b): int(1); int(b ? 1 : 0)
        case .number(let d): int(2); int(Int(Int64(bitPattern: d.bitPattern)))
        case .string(let s): int(3); strings([s])
        case .date(let d): int(4); int(Int(d))
        case .entity(let r): int(5); int(Int(r))
        case .document(let r): int(6); int(Int(r))
        case .claim(let r): int(7); int(Int(r))
        case .list(let items): int(8); int(items.count); for i in items { cell(i) }
        }
    }
}
