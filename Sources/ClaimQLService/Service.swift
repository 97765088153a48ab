import ClaimQL
import Foundation

/// What `claimql serve` and `claimql mcp` answer, with no transport attached: each call
/// takes plain values and gives a `Reply` (status, content type, body). The HTTP server
/// and the MCP server are thin adapters over it, so both answer alike, and the tests can
/// call it without a socket. The contract is the OpenAPI document (`OpenAPI.document`).
public final class ClaimQLService: Sendable {
    public struct Options: Sendable {
        /// Every query runs under these: no result above `maxRows`, none longer than `timeout`.
        public var maxRows: Int
        public var timeout: Duration
        /// Whether `load` and `extract` with `commit` may change the graph (with `token`).
        public var allowWrites: Bool
        public var token: String?
        public var approxTolerance: Double

        public init(maxRows: Int = 10_000, timeout: Duration = .seconds(5), allowWrites: Bool = false,
                    token: String? = nil, approxTolerance: Double = 0.1) {
            self.maxRows = maxRows
            self.timeout = timeout
            self.allowWrites = allowWrites
            self.token = token
            self.approxTolerance = approxTolerance
        }
    }

    public struct Reply: Sendable {
        public var status: Int
        public var contentType: String
        public var body: String
        /// Headers beyond the content type (`WWW-Authenticate` on a 401).
        public var headers: [String: String] = [:]

        /// An error reply in the API's shape, for failures a transport finds itself (a body
        /// too large, a route that does not exist).
        public static func error(status: Int, kind: String, message: String) -> Reply {
            json(ClaimQLService.error(kind, message), status: status)
        }

        static func json(_ value: JSON, status: Int = 200) -> Reply {
            Reply(status: status, contentType: "application/json; charset=utf-8", body: value.text)
        }
    }

    public let graph: ClaimGraph
    public let options: Options
    let engine: Engine

    public init(graph: ClaimGraph, options: Options = Options()) {
        self.graph = graph
        self.options = options
        var engine = Engine(graph: graph, limits: Limits(maxRows: options.maxRows, timeout: options.timeout,
                                                         allowFileAccess: false))
        engine.approxTolerance = options.approxTolerance
        self.engine = engine
    }

    // MARK: queries

    /// Runs one query. Without `format`, the reply is the envelope the web page reads
    /// (columns, rows as the CLI's JSON, each row's claims, warnings, time); with one, the
    /// CLI's own output in that format (`svg`: the timeline chart).
    public func query(_ text: String, parameters: [String: Value] = [:], format: String? = nil,
                      scale: String? = nil) -> Reply {
        guard !text.allSatisfy(\.isWhitespace) else { return ClaimQLService.badRequest("give a query (q)") }
        var chart = ChartOptions(approxTolerance: options.approxTolerance)
        if let scale, !scale.isEmpty {
            guard let s = ChartOptions.Scale(rawValue: scale) else {
                return ClaimQLService.badRequest("unknown scale '\(scale)'; use auto, linear or log")
            }
            chart.scale = s
        }
        var printerFormat: OutputFormat? = nil
        if let format, !format.isEmpty {
            guard let f = OutputFormat(rawValue: format) else {
                return ClaimQLService.badRequest("unknown format '\(format)'; use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            printerFormat = f
        }
        let started = ContinuousClock.now
        let result: ResultSet
        do { result = try engine.prepare(text).run(parameters) } catch { return ClaimQLService.failure(error, text) }
        let elapsed = ContinuousClock.now - started
        if let printerFormat {
            let body = ResultPrinter(format: printerFormat, chart: chart).render(result)
            return Reply(status: 200, contentType: ClaimQLService.contentType(printerFormat), body: body)
        }
        let rows: JSON = result.isCount ? .array([.object([("count", .raw(ResultPrinter.json(result.value(row: 0, column: 0))))])])
            : .raw(ResultPrinter(format: .json).render(result).trimmingCharacters(in: .whitespacesAndNewlines))
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return .json(.object([
            ("columns", .array(result.columns.map(JSON.string))),
            ("rows", rows),
            ("row_claims", result.isCount ? .array([.array([])])
                : .array((0..<result.count).map { .array(result.claimIDs(row: $0).map(JSON.string)) })),
            ("count", .number(Double(result.isCount ? Int(result.value(row: 0, column: 0).description) ?? 0 : result.count))),
            ("is_count", .bool(result.isCount)),
            ("warnings", .array(result.warnings.map { ClaimQLService.diagnostic($0, text) })),
            ("elapsed_ms", .number((ms * 1000).rounded() / 1000)),
        ]))
    }

    public func explain(_ text: String, analyze: Bool = false) -> Reply {
        guard !text.allSatisfy(\.isWhitespace) else { return ClaimQLService.badRequest("give a query (q)") }
        do {
            let plan = try engine.prepare(text).explain(analyze: analyze)
            return .json(.object([("plan", .string(plan))]))
        } catch { return ClaimQLService.failure(error, text) }
    }

    /// Completion at `cursor`, a UTF-16 offset (a JavaScript string index; past the end is
    /// the end); the reply's `start` is one too.
    public func complete(_ text: String, cursor: Int) -> Reply {
        guard cursor >= 0 else { return ClaimQLService.badRequest("cursor is an offset: 0 or more, not \(cursor)") }
        let c = engine.makeSession().completions(in: text, at: ClaimQLService.utf8Offset(utf16: cursor, in: text))
        return .json(.object([
            ("start", .number(Double(ClaimQLService.utf16Offset(c.start, in: text)))),
            ("candidates", .array(c.candidates.map(JSON.string))),
            ("in_string", .bool(c.inString)),
        ]))
    }

    public func schema() -> Reply {
        let s = graph.schema()
        let counts = graph.counts
        return .json(.object([
            ("collections", .array(s.collections.map { c in
                .object([("name", .string(c.name)), ("count", .number(Double(c.count))),
                         ("fields", .array(c.fields.map { f in
                             .object([("name", .string(f.name)), ("type", .string(f.type)), ("count", .number(Double(f.count)))])
                         }))])
            })),
            ("counts", ClaimQLService.counts(counts)),
            ("writable", .bool(options.allowWrites)),
        ]))
    }

    /// The claim's row and its evidence (document, publisher, quote, where else it is said).
    public func evidence(claim id: String) -> Reply {
        let parameters: [String: Value] = ["id": .string(id)]
        do {
            let claim = try engine.prepare("claims where id = $id").run(parameters)
            guard claim.count == 1 else {
                return .json(ClaimQLService.error("not_found", "no claim has the id '\(id)'"), status: 404)
            }
            let evidence = try engine.prepare("claims where id = $id evidence").run(parameters)
            let row = ResultPrinter(format: .jsonl).render(claim).trimmingCharacters(in: .whitespacesAndNewlines)
            let rows = ResultPrinter(format: .json).render(evidence).trimmingCharacters(in: .whitespacesAndNewlines)
            return .json(.object([("claim", .raw(row)), ("evidence", .raw(rows))]))
        } catch { return ClaimQLService.failure(error, id) }
    }

    // MARK: errors

    static func contentType(_ f: OutputFormat) -> String {
        switch f {
        case .json: return "application/json; charset=utf-8"
        case .jsonl: return "application/x-ndjson; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        case .svg: return "image/svg+xml; charset=utf-8"
        case .table, .line: return "text/plain; charset=utf-8"
        }
    }

    static func error(_ kind: String, _ message: String, diagnostics: [JSON] = []) -> JSON {
        .object([("error", .object([("kind", .string(kind)), ("message", .string(message)),
                                    ("diagnostics", .array(diagnostics))]))])
    }

    static func badRequest(_ message: String) -> Reply { .json(error("request", message), status: 400) }

    static func failure(_ e: ClaimQLError, _ text: String) -> Reply {
        let kind: String, status: Int
        switch e.kind {
        case .syntax: (kind, status) = ("syntax", 400)
        case .semantic: (kind, status) = ("semantic", 400)
        case .data: (kind, status) = ("data", 400)
        case .missingFile: (kind, status) = ("missing_file", 400)
        case .limit: (kind, status) = ("limit", 422)
        case .runtime: (kind, status) = ("runtime", 422)
        }
        return .json(error(kind, e.diagnostics.first?.message ?? "\(e)", diagnostics: e.diagnostics.map { diagnostic($0, text) }),
                     status: status)
    }

    static func diagnostic(_ d: Diagnostic, _ text: String) -> JSON {
        .object([
            ("severity", .string(d.severity.rawValue)), ("message", .string(d.message)), ("hint", .optional(d.hint)),
            ("line", .optional(d.location.map { Double($0.line) })), ("column", .optional(d.location.map { Double($0.column) })),
            ("end_line", .optional(d.endLocation.map { Double($0.line) })),
            ("end_column", .optional(d.endLocation.map { Double($0.column) })),
            ("start", .number(Double(utf16Offset(d.range.start, in: text)))),
            ("end", .number(Double(utf16Offset(d.range.end, in: text)))),
            ("rendered", .string(d.rendered())),
        ])
    }

    /// A UTF-8 offset as a UTF-16 one, and back. Both walk the text's scalars, so an offset
    /// inside a character's bytes or between a surrogate pair's halves (any number a client
    /// sends) lands on the scalar that holds it, and one past the end is the end.
    static func utf16Offset(_ byte: Int, in text: String) -> Int {
        walk(text, upTo: byte, counting: UTF8.width, summing: UTF16.width)
    }

    static func utf8Offset(utf16 cursor: Int, in text: String) -> Int {
        walk(text, upTo: cursor, counting: UTF16.width, summing: UTF8.width)
    }

    /// The `summing` width of the scalars whose `counting` widths fit in `limit`.
    private static func walk(_ text: String, upTo limit: Int, counting: (Unicode.Scalar) -> Int,
                             summing: (Unicode.Scalar) -> Int) -> Int {
        var counted = 0, summed = 0
        for u in text.unicodeScalars {
            counted += counting(u)
            if counted > limit { break }
            summed += summing(u)
        }
        return summed
    }

    static func counts(_ c: (entities: Int, documents: Int, claims: Int)) -> JSON {
        .object([("entities", .number(Double(c.entities))), ("documents", .number(Double(c.documents))),
                 ("claims", .number(Double(c.claims)))])
    }
}
