import ClaimQL
import ClaimQLFuzzing
import Foundation
import Testing

/// Replays every saved fuzz input through the same entry points the libFuzzer targets
/// use: the crashes found so far (Tests/Fuzz/regressions/<target>/) and the seed corpora
/// (Tests/Fuzz/corpus/<target>/). A broken promise traps, failing the test run.
struct FuzzRegressionTests {
    static let targets: [(name: String, run: @Sendable ([UInt8]) -> Void)] = [
        ("parse", FuzzEntry.parse), ("query", FuzzEntry.query),
        ("declarations", FuzzEntry.declarations), ("jsonl", FuzzEntry.jsonLines),
        ("extract", FuzzEntry.extract), ("snapshot", FuzzEntry.snapshot),
    ]

    static func inputs(_ folder: String) -> [String] {
        let dir = Repo.path(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { dir + "/" + $0 }
    }

    @Test(arguments: ["parse", "query", "declarations", "jsonl", "extract", "snapshot"])
    func replay(_ target: String) throws {
        let run = FuzzRegressionTests.targets.first { $0.name == target }!.run
        let corpus = FuzzRegressionTests.inputs("Tests/Fuzz/corpus/\(target)")
        #expect(corpus.count >= 10, "the seed corpus of \(target) is missing")
        for path in corpus + FuzzRegressionTests.inputs("Tests/Fuzz/regressions/\(target)") {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            run(bytes)
        }
    }

    /// The first input the query fuzzer kept: a document declaration, then a bad query.
    /// The declaration stands (data statements go in before queries are checked); the
    /// query's error points at it.
    @Test func dataThenBadQuery() throws {
        let bytes = [UInt8](FileManager.default.contents(atPath: Repo.path("Tests/Fuzz/regressions/query/data-then-bad-query"))!)
        let graph = FuzzEntry.freshGraph()
        let session = Engine(graph: graph).makeSession()
        #expect(throws: ClaimQLError.self) { try session.run(String(decoding: bytes, as: UTF8.self)) { _ in } }
        #expect(graph.counts.documents == 3)
    }
}
