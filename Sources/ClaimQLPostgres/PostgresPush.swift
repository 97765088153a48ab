#if SQLEngines
import ClaimQL
import Foundation
import NIOCore
import PostgresNIO

extension PostgresEngine {
    /// Replaces the ClaimQL tables with `graph`, in one transaction: drop, create, COPY
    /// each table's rows (streamed), index; then ANALYZE. A failure rolls everything back.
    public func push(_ graph: ClaimGraph) throws(ClaimQLError) {
        let tables = graph.relationalTables(dialect: .postgres)
        try execute("BEGIN")
        do {
            for t in tables {
                try execute("DROP TABLE IF EXISTS \(t.name)")
                try execute(t.create)
                try copy(t.name, graph)
                for index in t.indexes { try execute(index) }
            }
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        try execute("ANALYZE")
    }

    /// COPY of one table. A thread renders the rows in ~1 MiB chunks while the connection
    /// sends the previous ones; at most `ahead` chunks wait, so a 10M-claim table is never
    /// held as text whole.
    private func copy(_ table: String, _ graph: ClaimGraph) throws(ClaimQLError) {
        let connection = self.connection, logger = self.logger
        let ahead = 4
        let room = DispatchSemaphore(value: ahead)
        let stop = StopFlag()
        let (chunks, output) = AsyncStream<String>.makeStream()
        Thread {
            try? graph.copyText(of: table) { chunk in
                room.wait()
                if stop.isSet { throw CancellationError() }
                output.yield(chunk)
            }
            output.finish()
        }.start()
        do {
            try PostgresEngine.wait {
                do {
                    try await connection.copyFrom(table: table, logger: logger) { writer in
                        for await chunk in chunks {
                            try await writer.write(ByteBuffer(string: chunk))
                            room.signal()
                        }
                    }
                } catch {
                    // Let the producer see the flag and end.
                    stop.set()
                    for _ in 0...ahead { room.signal() }
                    throw error
                }
            }
        } catch {
            throw PostgresEngine.error(error, "PostgreSQL at \(url), copying \(table)")
        }
    }
}

private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
#endif
