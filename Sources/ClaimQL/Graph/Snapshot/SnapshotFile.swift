import Foundation

/// Reading and writing `.claimdb` files. Writing goes to a temporary file in the same
/// folder, is flushed to disk (fsync) and renamed over the target, so a crash leaves the
/// old file or the new one, never half of one. Reading maps the file: the claims' columns,
/// ids, quotes and index postings are views of the mapping (no copy, no parsing); only the
/// small tables (entities, documents, attributes) are made anew.
enum SnapshotFile {
    static func write(_ graph: FactGraph, to path: String) throws(SnapshotError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SnapshotError("cannot write \(path): \(String(cString: strerror(errno)))") }
        // The header's length and checksum are known at the end: a placeholder first, the
        // payload streamed block by block behind it, then the header written over it.
        var ok = writeAll(fd, [UInt8](repeating: 0, count: SnapshotFormat.headerSize))
        var writer = SnapshotWriter(sink: { block in writeAll(fd, block) })
        if ok { graph.encode(into: &writer) }
        let (length, checksum) = writer.finish()
        ok = ok && !writer.failed
        var header = SnapshotFormat.magic
        withUnsafeBytes(of: SnapshotFormat.version.littleEndian) { header += $0 }
        withUnsafeBytes(of: SnapshotFormat.byteOrderMark.littleEndian) { header += $0 }
        withUnsafeBytes(of: UInt64(length).littleEndian) { header += $0 }
        withUnsafeBytes(of: checksum.littleEndian) { header += $0 }
        ok = ok && header.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) == $0.count } && fsync(fd) == 0
        let reason = ok ? "" : String(cString: strerror(errno))
        ok = close(fd) == 0 && ok
        guard ok, rename(temporary, path) == 0 else {
            let why = reason.isEmpty ? String(cString: strerror(errno)) : reason
            unlink(temporary)
            throw SnapshotError("cannot write \(path): \(why)")
        }
        // The rename itself is durable once the folder is synced.
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if dir >= 0 { _ = fsync(dir); close(dir) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { writeAll(fd, $0) } }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, min(bytes.count - done, 1 << 30))
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Whether a file starts like a snapshot (so a `.claimdb` renamed still opens, and a
    /// text file named `.claimdb` gets a clear message).
    static func looksLikeSnapshot(_ path: String) -> Bool {
        guard let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        return (try? h.read(upToCount: 8)).flatMap { $0 }.map { Array($0) == SnapshotFormat.magic } ?? false
    }

    static func read(_ path: String) throws(SnapshotError) -> FactGraph {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SnapshotError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw SnapshotError("\(path) is not a file") }
        let size = Int(info.st_size)
        guard size >= SnapshotFormat.headerSize else { throw SnapshotError("\(path) is not a ClaimQL snapshot (too short)") }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw SnapshotError("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        // Unmapped when the last text column borrowing from it goes (or at once on an error).
        let mapping = MappedFile(base: UnsafeRawPointer(map), length: size)
        let file = UnsafeRawBufferPointer(start: map, count: size)
        guard Array(file[0..<8]) == SnapshotFormat.magic else {
            throw SnapshotError("\(path) is not a ClaimQL snapshot (write one with `claimql --save FILE.claimdb` or `.save FILE.claimdb`)")
        }
        let version = file.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard version == SnapshotFormat.version else {
            throw SnapshotError("\(path) was written by another version of ClaimQL (snapshot format \(version); this one reads \(SnapshotFormat.version)): write it again from the JSON Lines or declarations")
        }
        guard file.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == SnapshotFormat.byteOrderMark.littleEndian else {
            throw SnapshotError("\(path) was written on a machine of the other byte order")
        }
        let length = Int(truncatingIfNeeded: file.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian)
        guard length == size - SnapshotFormat.headerSize, length % 8 == 0 else {
            throw SnapshotError("damaged snapshot \(path): \(size) bytes, the header says \(length + SnapshotFormat.headerSize) (a partial copy?)")
        }
        let expected = file.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian
        let payload = UnsafeRawBufferPointer(rebasing: file[SnapshotFormat.headerSize...])
        guard SnapshotFormat.checksum(payload) == expected else {
            throw SnapshotError("damaged snapshot \(path): the checksum does not match its contents")
        }
        do { return try FactGraph(snapshotPayload: payload, file: mapping) } catch {
            throw SnapshotError("\(path): \(error.message)")
        }
    }
}
