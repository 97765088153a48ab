#if Serve
import ClaimQL
import ClaimQLService
import MCP

/// `claimql mcp`: the service's query, explain, schema and evidence calls as the tools of
/// a Model Context Protocol server on stdin/stdout, so an AI assistant can ask the graph
/// questions under the same limits as the HTTP API. Each tool's text is the reply the HTTP
/// API would give (JSON; an error is JSON with the diagnostics, flagged `isError`).
public enum MCPServer {
    public static func run(_ service: ClaimQLService, version: String) async throws {
        let server = Server(name: "claimql", version: version,
                            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools) }
        await server.withMethodHandler(CallTool.self) { call in
            reply(call.name, call.arguments ?? [:], service)
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    static let formats: MCP.Value = .array(OutputFormat.allCases.map { .string($0.rawValue) })

    static let tools: [Tool] = [
        Tool(name: "query",
             description: """
                 Run one ClaimQL query over the fact graph of claims (who claimed what figure, when). \
                 Examples: claims where source = "Shin" and qty > 1M; conflicts where unit = "containers"; \
                 claims group by source select source, count() as n order by n desc. \
                 Parameters $NAME in the query take values from params. Returns JSON: columns, rows, \
                 each row's claim ids, warnings; with format, the CLI's output in that format.
                 """,
             inputSchema: .object([
                 "type": "object",
                 "properties": .object([
                     "query": .object(["type": "string", "description": "The ClaimQL query"]),
                     "params": .object(["type": "object", "description": "Values of $NAME parameters"]),
                     "format": .object(["type": "string", "enum": formats]),
                 ]),
                 "required": .array(["query"]),
             ]),
             annotations: .init(readOnlyHint: true)),
        Tool(name: "explain",
             description: "The plan of a ClaimQL query: its operators, with analyze also rows and time per operator.",
             inputSchema: .object([
                 "type": "object",
                 "properties": .object([
                     "query": .object(["type": "string"]),
                     "analyze": .object(["type": "boolean"]),
                 ]),
                 "required": .array(["query"]),
             ]),
             annotations: .init(readOnlyHint: true)),
        Tool(name: "schema",
             description: "The graph's collections (claims, entities, documents), their fields and how many rows fill each.",
             inputSchema: .object(["type": "object", "properties": .object([:])]),
             annotations: .init(readOnlyHint: true)),
        Tool(name: "evidence",
             description: "One claim by id with its evidence: the document, publisher, date, exact quote and where else it is said.",
             inputSchema: .object([
                 "type": "object",
                 "properties": .object(["claim": .object(["type": "string", "description": "A claim id"])]),
                 "required": .array(["claim"]),
             ]),
             annotations: .init(readOnlyHint: true)),
    ]

    static func reply(_ name: String, _ arguments: [String: MCP.Value], _ service: ClaimQLService) -> CallTool.Result {
        func result(_ r: ClaimQLService.Reply) -> CallTool.Result {
            .init(content: [.text(r.body)], isError: r.status >= 400)
        }
        func missing(_ what: String) -> CallTool.Result {
            .init(content: [.text("the \(name) tool needs \(what)")], isError: true)
        }
        switch name {
        case "query":
            guard let q = arguments["query"]?.stringValue else { return missing("a query (a string)") }
            var parameters: [String: ClaimQL.Value] = [:]
            for (key, v) in arguments["params"]?.objectValue ?? [:] {
                switch v {
                case .null: parameters[key] = .null
                case .bool(let b): parameters[key] = .bool(b)
                case .int(let i): parameters[key] = .number(Double(i))
                case .double(let d): parameters[key] = .number(d)
                case .string(let s): parameters[key] = .string(s)
                default: return missing("params whose values are strings, numbers, booleans or null ($\(key) is not)")
                }
            }
            return result(service.query(q, parameters: parameters, format: arguments["format"]?.stringValue))
        case "explain":
            guard let q = arguments["query"]?.stringValue else { return missing("a query (a string)") }
            return result(service.explain(q, analyze: arguments["analyze"]?.boolValue ?? false))
        case "schema":
            return result(service.schema())
        case "evidence":
            guard let id = arguments["claim"]?.stringValue else { return missing("a claim id (a string)") }
            return result(service.evidence(claim: id))
        default:
            return .init(content: [.text("no tool named \(name); the tools are query, explain, schema, evidence")], isError: true)
        }
    }
}
#endif
