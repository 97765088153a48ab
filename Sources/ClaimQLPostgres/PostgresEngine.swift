#if SQLEngines
import ClaimQL
import Foundation
import Logging
import PostgresNIO

/// Runs lowered ClaimQL queries on a PostgreSQL server through one connection
/// (vapor/postgres-nio). The library's `SQLRunner` is synchronous, as the CLI and the REPL
/// are: each call waits for its async work. Errors from the server or the network become
/// `ClaimQLError`s (`.runtime`, exit 70) that name the server, never its password.
public final class PostgresEngine: SQLRunner, @unchecked Sendable {
    public let dialect = SQLDialect.postgres
    public let url: PostgresURL
    let connection: PostgresConnection
    let logger = Logger(label: "claimql.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(url: PostgresURL) throws(ClaimQLError) {
        self.url = url
        let logger = self.logger
        do {
            connection = try PostgresEngine.wait {
                try await PostgresConnection.connect(configuration: url.configuration, id: 1, logger: logger)
            }
        } catch {
            throw PostgresEngine.error(error, "cannot connect to \(url)")
        }
        // ClaimQL's queries are chains of small CTEs whose semi-joins over computed name
        // keys PostgreSQL cannot estimate; its guesses then cross the JIT thresholds and a
        // one-second query spends another second compiling (Benchmarks/BENCHMARKS.md).
        try execute("SET jit = off")
    }

    deinit {
        let connection = self.connection
        _ = try? PostgresEngine.wait { try await connection.close() }
    }

    public func run(_ query: SQLQuery, _ bindings: [SQLBinding]) throws(ClaimQLError) -> [[String?]] {
        var binds = PostgresBindings()
        for b in bindings {
            switch b {
            case .null: binds.appendNull()
            case .integer(let i): binds.append(i)
            case .number(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .bool(let v): binds.append(v)
            case .date(let d): binds.append(PostgresDay(day: d))
            case .numbers(let a): binds.append(a)
            case .texts(let a): binds.append(a)
            case .dates(let a): binds.append(a.map(\.description))
            }
        }
        return try rows(PostgresQuery(unsafeSQL: query.text, binds: binds))
    }

    /// Every row of a statement, each cell as text.
    func rows(_ query: PostgresQuery) throws(ClaimQLError) -> [[String?]] {
        let connection = self.connection, logger = self.logger
        do {
            return try PostgresEngine.wait {
                var out: [[String?]] = []
                for try await row in try await connection.query(query, logger: logger) {
                    out.append(try row.map(PostgresEngine.text))
                }
                return out
            }
        } catch {
            throw PostgresEngine.error(error, "PostgreSQL at \(url)")
        }
    }

    /// Runs statements that return nothing (DDL, `BEGIN`, ...).
    public func execute(_ sql: String) throws(ClaimQLError) {
        _ = try rows(PostgresQuery(unsafeSQL: sql))
    }

    /// The graph's relation names as the database has them (`claimql_relations`).
    public func relations() throws(ClaimQLError) -> [String] {
        try rows(PostgresQuery(unsafeSQL: "SELECT name FROM claimql_relations ORDER BY name")).compactMap { $0.first ?? nil }
    }

    /// A cell as text in the forms `SQLQuery.result` reads: numbers as Swift prints
    /// them, dates as ISO, booleans as t/f.
    static func text(_ cell: PostgresCell) throws -> String? {
        guard var bytes = cell.bytes else { return nil }
        switch cell.dataType {
        case .float8, .float4: return "\(try cell.decode(Double.self))"
        case .int8, .int4, .int2: return "\(try cell.decode(Int64.self))"
        case .bool: return try cell.decode(Bool.self) ? "t" : "f"
        case .date:
            guard cell.format == .binary, let days = bytes.readInteger(as: Int32.self) else { return try cell.decode(String.self) }
            return Day(daysSinceEpoch: days + PostgresDay.epochOffset).description
        case .numeric: return "\(try cell.decode(Decimal.self))"
        default: return try cell.decode(String.self)
        }
    }

    /// Waits for async work from synchronous code (the CLI and the REPL are synchronous).
    /// The work runs on a dispatch queue of its own, not on Swift's cooperative threads: a
    /// caller that is itself async (a test, a server) blocks one of those while it waits,
    /// and with all of them blocked the work could never start.
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: QueueExecutor.shared) {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    static func error(_ error: any Error, _ context: String) -> ClaimQLError {
        if let e = error as? ClaimQLError { return e }
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                let detail = e.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return ClaimQLError(.runtime, message: "\(context): \(message)\(detail)")
            }
            let cause = e.underlying.map { "\($0)" } ?? "\(e.code)"
            return ClaimQLError(.runtime, message: "\(context): \(cause)")
        }
        return ClaimQLError(.runtime, message: "\(context): \(error)")
    }
}

/// Runs tasks' jobs on a concurrent dispatch queue (threads outside the cooperative pool).
final class QueueExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = QueueExecutor()
    private let queue = DispatchQueue(label: "claimql.postgres", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// A date bound as PostgreSQL's `date` (days since 2000-01-01, binary).
struct PostgresDay: PostgresNonThrowingEncodable {
    static let epochOffset: Int32 = 10957   // days from 1970-01-01 to 2000-01-01
    let day: Day
    static var psqlType: PostgresDataType { .date }
    static var psqlFormat: PostgresFormat { .binary }
    func encode<E: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        buffer.writeInteger(day.daysSinceEpoch - PostgresDay.epochOffset)
    }
}
#endif
