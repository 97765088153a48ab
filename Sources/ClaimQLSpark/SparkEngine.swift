import ClaimQL
import Foundation

/// Runs lowered ClaimQL queries on Apache Spark SQL through one long-lived PySpark
/// session (`SparkDriver`), over the views of a folder written by `claimql export-sql
/// --dialect spark`. A child process rather than a JVM in ours: Spark's client is Python
/// or JVM, the start-up cost is paid once per run, and the same driver reaches a cluster
/// by its master URL or Spark Connect (README, "Bigger than one machine").
public final class SparkEngine: SQLRunner {
    public let dialect = SQLDialect.spark
    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    private let scriptPath: String

    /// Starts the session (`python` must have `pyspark`; `CLAIMQL_SPARK_PYTHON` or
    /// `python3`) and declares the export in `folder` as views.
    public init(folder: String, python: String? = nil) throws(ClaimQLError) {
        guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("views.sql")) else {
            throw ClaimQLError(.missingFile, message: "no views.sql in \(folder): write it with `claimql export-sql --dialect spark \(folder)`")
        }
        scriptPath = NSTemporaryDirectory() + "claimql-spark-\(UUID().uuidString).py"
        do { try Data(SparkDriver.source.utf8).write(to: URL(fileURLWithPath: scriptPath)) } catch {
            throw ClaimQLError(.runtime, message: "cannot write the Spark driver: \(error.localizedDescription)")
        }
        let interpreter = python ?? ProcessInfo.processInfo.environment["CLAIMQL_SPARK_PYTHON"] ?? "python3"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, "-u", scriptPath]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        // Spark's start-up chatter goes to a log file, not the user's terminal.
        let log = NSTemporaryDirectory() + "claimql-spark.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        do { try process.run() } catch {
            throw ClaimQLError(.runtime, message: "cannot start \(interpreter) for Spark: \(error.localizedDescription)")
        }
        guard let ready = try readAnswer(), ready["ready"] != nil else {
            throw ClaimQLError(.runtime, message: "Spark did not start (is pyspark installed for \(interpreter)? see \(log))")
        }
        try use(folder: folder)
    }

    /// Declares the views of another export (the session and its JVM stay).
    public func use(folder: String) throws(ClaimQLError) {
        _ = try request(["views": (folder as NSString).appendingPathComponent("views.sql")])
    }

    deinit {
        try? input.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: scriptPath)
    }

    public func run(_ query: SQLQuery, _ bindings: [SQLBinding]) throws(ClaimQLError) -> [[String?]] {
        var args: [String: Any] = [:]
        for (k, b) in bindings.enumerated() { args["p\(k + 1)"] = SparkEngine.argument(b) }
        let answer = try request(["sql": query.text, "args": args])
        guard let rows = answer["rows"] as? [[Any]] else { return [] }
        return rows.map { $0.map { $0 as? String } }
    }

    /// The graph's relation names as the export has them.
    public func relations() throws(ClaimQLError) -> [String] {
        let answer = try request(["sql": "SELECT name FROM claimql_relations ORDER BY name", "args": [String: Any]()])
        return (answer["rows"] as? [[Any]] ?? []).compactMap { $0.first as? String }
    }

    static func argument(_ b: SQLBinding) -> [String: Any] {
        switch b {
        case .null: return ["type": "null", "value": NSNull()]
        case .integer(let i): return ["type": "int", "value": i]
        case .number(let d): return ["type": "double", "value": d]
        case .text(let s): return ["type": "string", "value": s]
        case .bool(let v): return ["type": "bool", "value": v]
        case .date(let d): return ["type": "date", "value": d.description]
        case .numbers(let a): return ["type": "array", "value": a.map { argument(.number($0)) }]
        case .texts(let a): return ["type": "array", "value": a.map { argument(.text($0)) }]
        case .dates(let a): return ["type": "array", "value": a.map { argument(.date($0)) }]
        }
    }

    private func request(_ body: [String: Any]) throws(ClaimQLError) -> [String: Any] {
        guard process.isRunning else { throw ClaimQLError(.runtime, message: "the Spark session has ended") }
        do {
            var line = try JSONSerialization.data(withJSONObject: body)
            line.append(0x0A)
            try input.write(contentsOf: line)
        } catch {
            throw ClaimQLError(.runtime, message: "cannot send to Spark: \(error.localizedDescription)")
        }
        guard let answer = try readAnswer() else { throw ClaimQLError(.runtime, message: "the Spark session ended unexpectedly") }
        if let error = answer["error"] as? String { throw ClaimQLError(.runtime, message: "Spark: \(error)") }
        return answer
    }

    /// The next JSON line from the driver (nil at end of file).
    private func readAnswer() throws(ClaimQLError) -> [String: Any]? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw ClaimQLError(.runtime, message: "Spark's driver wrote something that is not JSON")
                }
                return object
            }
            let chunk = output.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }
}
