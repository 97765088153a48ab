#if SQLEngines
import ClaimQLSpark
import Foundation
import PropertyBased
import Testing
@testable import ClaimQL

/// The Spark SQL dialect on a real Spark 4 (PyPI's pyspark, local mode): the documented
/// queries on the seed graph, then the random graphs
/// and queries of `SQLDifferentialTests`, each graph exported with `export-sql --dialect
/// spark`, give the rows the in-memory engine gives. One Spark session runs them all (its
/// start-up is ~15 s).
@Suite(.serialized) struct SQLSparkTests {
    /// A Python with pyspark: CLAIMQL_SPARK_PYTHON (`.ci/run` sets it from `.ci/spark`).
    static let python: String? = ProcessInfo.processInfo.environment["CLAIMQL_SPARK_PYTHON"]

    @Test func sparkGivesTheRowsTheEngineGives() async throws {
        guard let python = SQLSparkTests.python else {
            throw ClaimQLError(.runtime, message: "no Python with pyspark: export CLAIMQL_SPARK_PYTHON=$(.ci/spark)")
        }
        let root = NSTemporaryDirectory() + "claimql-spark-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = ClaimGraph()
        try first.load(path: Repo.path("examples/seed.cq"))
        try first.exportSQL(dialect: .spark, to: root + "/seed")
        let spark = try SparkEngine(folder: root + "/seed", python: python)
        // The documented queries first, on the seed graph.
        let (documented, refusedDocumented) = SQLDocumentedQueriesTests.compare(first, on: spark)
        print("documented queries on Spark: \(documented) gave the same rows, \(refusedDocumented.count) refused: \(refusedDocumented)")
        #expect(documented >= 100, "compared \(documented); refused: \(refusedDocumented)")
        var compared = 0, refused = 0, world = 0
        await propertyCheck(count: 100, input: SQLDifferentialTests.gen) { c in
            world += 1
            let graph = ClaimGraph()
            do {
                try graph.load(source: c.declarations, name: "<world>")
                try graph.exportSQL(dialect: .spark, to: root + "/w\(world)")
                try spark.use(folder: root + "/w\(world)")
            } catch {
                Issue.record("world \(world): \(error)")
                return
            }
            let (n, r) = SQLDifferentialTests.compare(c.queries, graph, on: spark, declarations: c.declarations)
            compared += n
            refused += r
        }
        print("random queries on Spark: \(compared) gave the same rows, \(refused) refused")
        #expect(compared >= 480, "compared \(compared) queries, \(refused) refused")
        #expect(refused * 20 <= compared, "too many refusals: \(refused) of \(compared + refused)")
    }
}
#endif
