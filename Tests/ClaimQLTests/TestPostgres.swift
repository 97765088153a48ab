#if SQLEngines
import ClaimQLPostgres
import Foundation
import Testing
@testable import ClaimQL

/// The PostgreSQL 15 server the SQL back end's tests use: the one named by
/// CLAIMQL_TEST_POSTGRES (`.ci/run` starts one with `.ci/postgres` and sets it; README says
/// how to do the same by hand). Each test gets a database of its own, so tests running at
/// once never see each other's tables. (Starting a cluster from inside the test process
/// hung there in swift-corelibs-foundation's Process; the script does it outside.)
enum TestPostgres {
    static let adminURL: String? = ProcessInfo.processInfo.environment["CLAIMQL_TEST_POSTGRES"]

    /// A new, empty database and a connection to it.
    static func freshDatabase() throws -> (engine: PostgresEngine, url: String) {
        guard let admin = adminURL else {
            throw ClaimQLError(.runtime, message: "no PostgreSQL: export CLAIMQL_TEST_POSTGRES=$(.ci/postgres start /tmp/claimql-pg)")
        }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let root = try PostgresEngine(url: PostgresURL(admin))
        try root.execute("CREATE DATABASE \(name)")
        let url = admin[..<admin.range(of: "/", options: .backwards)!.upperBound] + name
        return (try PostgresEngine(url: PostgresURL(String(url))), String(url))
    }
}
#endif
