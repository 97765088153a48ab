import Foundation

/// The `.claimdb` file: a whole graph (string pool, tables, attributes and the indexes)
/// as it is in memory, so opening one maps the file and uses its columns where they lie
/// instead of parsing text (or copying anything but the small tables).
///
///     "CLAIMQL\0"                 8 bytes, the magic
///     version: UInt32             SnapshotFormat.version; another version is refused
///     byteOrder: UInt32           0x01020304 as written (a big-endian reader refuses it)
///     payloadLength: UInt64
///     checksum: UInt64            over the payload, in 1 MiB blocks (see `checksum`)
///     payload                     sections in a fixed order, each value 8-byte aligned:
///                                 pool, entities, documents, claims, index
///
/// Arrays of numbers are stored raw, preceded by their count; strings as one UTF-8 buffer
/// with offsets. Every count, offset and reference is checked when a file is opened, and
/// the checksum catches damage the checks cannot see (a flipped bit in a figure), so a
/// damaged or truncated file is an error, never a crash or a silently different graph.
enum SnapshotFormat {
    static let magic: [UInt8] = Array("CLAIMQL\0".utf8)
    /// Bumped whenever the layout changes: files of other versions are refused with a
    /// message saying which version wrote them (rebuild them from the JSON Lines).
    /// 3: claim ids stored as text (offsets and bytes), mapped rather than made into strings.
    static let version: UInt32 = 3
    static let byteOrderMark: UInt32 = 0x0102_0304
    static let headerSize = 32
    static let blockSize = 1 << 20

    /// A 64-bit checksum of `bytes` (a multiple of 8 long), computed per 1 MiB block
    /// (four independent lanes per block, so it runs near memory speed) and combined in
    /// order; blocks are hashed on all cores when there are many.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let blocks = (bytes.count + blockSize - 1) / blockSize
        if blocks == 0 { return 0 }
        var hashes = [UInt64](repeating: 0, count: blocks)
        hashes.withUnsafeMutableBufferPointer { out in
            // Each block writes only its own slot: no two threads touch the same memory.
            let shared = SharedPointers(input: bytes, output: out.baseAddress!)
            if blocks >= 8 {
                DispatchQueue.concurrentPerform(iterations: blocks) { b in
                    shared.output[b] = blockHash(shared.input, b)
                }
            } else {
                for b in 0..<blocks { shared.output[b] = blockHash(bytes, b) }
            }
        }
        return combine(hashes)
    }

    /// The checksum from the blocks' hashes, in order (a writer hashes blocks as it goes).
    static func combine(_ hashes: [UInt64]) -> UInt64 {
        if hashes.isEmpty { return 0 }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for x in hashes { h = mix(h ^ x) }
        return h
    }

    static func blockHash(_ bytes: UnsafeRawBufferPointer, _ block: Int) -> UInt64 {
        let start = block * blockSize
        let end = min(start + blockSize, bytes.count)
        let words = (end - start) / 8
        let base = bytes.baseAddress! + start
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15, b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var c: UInt64 = 0x1656_67B1_9E37_79F9, d: UInt64 = 0x27D4_EB2F_1656_67C5
        var i = 0
        while i + 4 <= words {
            a = (a ^ base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            b = (b ^ base.loadUnaligned(fromByteOffset: i * 8 + 8, as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
            c = (c ^ base.loadUnaligned(fromByteOffset: i * 8 + 16, as: UInt64.self)) &* 0x1656_67B1_9E37_79F9
            d = (d ^ base.loadUnaligned(fromByteOffset: i * 8 + 24, as: UInt64.self)) &* 0x27D4_EB2F_1656_67C5
            a ^= a >> 31; b ^= b >> 29; c ^= c >> 32; d ^= d >> 27
            i += 4
        }
        while i < words {
            a = mix(a ^ base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            i += 1
        }
        return mix(a ^ mix(b ^ mix(c ^ mix(d ^ UInt64(end - start)))))
    }

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z ^= z >> 27
        z = z &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pointers handed to the checksum's worker threads, which read the input and write
/// disjoint slots of the output.
private struct SharedPointers: @unchecked Sendable {
    let input: UnsafeRawBufferPointer
    let output: UnsafeMutablePointer<UInt64>
}

/// Why a snapshot could not be opened (turned into a located `ClaimQLError` by the caller).
struct SnapshotError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
