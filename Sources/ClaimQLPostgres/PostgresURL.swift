#if SQLEngines
import Foundation
import PostgresNIO

/// Where a PostgreSQL server is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`, with what
/// the URL leaves out taken from the standard `PG*` variables (PGHOST, PGPORT, PGUSER,
/// PGPASSWORD, PGDATABASE), as psql does. The password is never printed: `description`
/// leaves it out.
public struct PostgresURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    let password: String?
    public let database: String

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw PostgresURLError(message: "an engine is written postgres://USER@HOST:PORT/DATABASE")
        }
        host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "127.0.0.1"
        if let p = url.port { port = p } else if let p = environment["PGPORT"] {
            guard let n = Int(p) else { throw PostgresURLError(message: "PGPORT is not a port number") }
            port = n
        } else { port = 5432 }
        user = url.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        password = url.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? environment["PGDATABASE"] ?? user : path
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database,
                                         tls: .disable)
    }
}

struct PostgresURLError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
#endif
