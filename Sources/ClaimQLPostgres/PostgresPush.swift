#if SQLEngines
import ClaimQL
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

    private func copy(_ table: String, _ graph: ClaimGraph) throws(ClaimQLError) {
        let connection = self.connection, logger = self.logger
        // The chunks are made here and handed to the writer as they come.
        var chunks: [String] = []
        graph.copyText(of: table) { chunks.append($0) }
        let all = chunks
        do {
            try PostgresEngine.wait {
                try await connection.copyFrom(table: table, logger: logger) { writer in
                    for chunk in all { try await writer.write(ByteBuffer(string: chunk)) }
                }
            }
        } catch {
            throw PostgresEngine.error(error, "PostgreSQL at \(url), copying \(table)")
        }
    }
}
#endif
