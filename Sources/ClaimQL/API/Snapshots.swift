import Foundation

/// Snapshots: the whole graph in one binary file (`.claimdb`) that opens in milliseconds
/// instead of parsing JSON Lines again (format: `Graph/Snapshot/SnapshotFormat.swift`).
extension ClaimGraph {
    /// Writes the whole graph to `path` (conventionally `FILE.claimdb`), through a
    /// temporary file, fsync and rename: a crash leaves the old file or the new one.
    public func save(to path: String) throws(ClaimQLError) {
        do { try SnapshotFile.write(snapshot, to: path) } catch {
            throw ClaimQLError(.runtime, message: error.message)
        }
    }

    /// A graph opened from a snapshot.
    public convenience init(snapshot path: String) throws(ClaimQLError) {
        self.init()
        try open(snapshot: path)
    }

    /// Replaces everything in the graph with a snapshot's contents, in one step: queries
    /// running meanwhile keep the graph they started with; on an error nothing changes.
    public func open(snapshot path: String) throws(ClaimQLError) {
        let graph = try ClaimGraph.readSnapshot(path)
        loading.withLock { _ in state.withLock { $0.replace(with: graph) } }
    }

    /// The checksum a snapshot's header holds for its payload (for tools and the fuzzer,
    /// which build payloads of their own).
    public static func snapshotChecksum(_ payload: UnsafeRawBufferPointer) -> UInt64 { SnapshotFormat.checksum(payload) }

    /// The version of the snapshot format this build writes and reads.
    public static var snapshotFormatVersion: UInt32 { SnapshotFormat.version }

    /// Whether `path` names a snapshot: the `.claimdb` extension or the magic bytes.
    public static func isSnapshot(path: String) -> Bool {
        path.hasSuffix(".claimdb") || SnapshotFile.looksLikeSnapshot(path)
    }

    static func readSnapshot(_ path: String) throws(ClaimQLError) -> FactGraph {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ClaimQLError(.missingFile, message: "cannot open \(path): no such file")
        }
        do { return try SnapshotFile.read(path) } catch {
            throw ClaimQLError(.data, message: error.message)
        }
    }

    /// `load(path:)` of a snapshot: into an empty graph only (a snapshot is a whole graph;
    /// merging one into other data would need every id checked again, which is what the
    /// JSON Lines export is for).
    func loadSnapshot(_ path: String) throws(ClaimQLError) {
        let graph = try ClaimGraph.readSnapshot(path)
        let refused: Bool = loading.withLock { _ in
            state.withLock { g in
                guard g.entities.count == 0, g.documents.count == 0, g.claims.count == 0 else { return true }
                g.replace(with: graph)
                return false
            }
        }
        if refused {
            throw ClaimQLError(.data, message: "\(path) is a snapshot, a whole graph: it opens into an empty graph only (give it as the first --data, or replace the graph with .open)")
        }
    }
}
