#if Serve
import ClaimQL
import ClaimQLService
import Foundation
import Hummingbird

/// `claimql serve`: the service's API, its OpenAPI document and the web page over HTTP/1.1
/// (Hummingbird 2 on SwiftNIO). Every route is a thin call into `ClaimQLService`; SIGTERM
/// and SIGINT shut down gracefully (requests in flight finish, then the process exits).
public enum HTTPServer {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Largest request body (posted JSON Lines, declarations, an article).
        public var maxBodyBytes: Int

        public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 32 << 20) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// Serves until SIGTERM/SIGINT. `onReady` gets the port listened on (the chosen one
    /// when `port` is 0).
    public static func run(_ service: ClaimQLService, _ options: Options,
                           onReady: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router()
        let maxBody = options.maxBodyBytes
        router.add(middleware: MethodCheck(allowed: HTTPServer.methods))
        router.get("/") { _, _ in page("text/html; charset=utf-8", PackageResources.index_html) }
        router.get("/app.js") { _, _ in page("text/javascript; charset=utf-8", PackageResources.app_js) }
        router.get("/app.css") { _, _ in page("text/css; charset=utf-8", PackageResources.app_css) }
        for path in ["/api/query", "/api/explain", "/api/complete", "/api/schema", "/api/evidence", "/healthz", "/openapi.json"] {
            router.get(RouterPath(path)) { request, _ in
                respond(service.get(path: path, query: request.uri.query))
            }
        }
        for path in ["/api/query", "/api/extract", "/api/load"] {
            router.post(RouterPath(path)) { request, _ in
                let body: ByteBuffer
                do { body = try await request.body.collect(upTo: maxBody) } catch {
                    return respond(.error(status: 413, kind: "request", message: "the body is larger than \(maxBody) bytes"))
                }
                return respond(service.post(path: path, query: request.uri.query, body: Array(buffer: body),
                                            authorization: request.headers[.authorization]))
            }
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "claimql"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? options.port) })
        try await app.runService()
    }

    /// The methods each path answers; any other gets 405 with `Allow`, as HTTP asks, and a
    /// path not listed a JSON 404.
    static let methods: [String: [HTTPRequest.Method]] = {
        var m: [String: [HTTPRequest.Method]] = [:]
        for path in ["/", "/app.js", "/app.css", "/api/explain", "/api/complete", "/api/schema", "/api/evidence",
                     "/healthz", "/openapi.json"] { m[path] = [.get] }
        m["/api/query"] = [.get, .post]
        m["/api/extract"] = [.post]
        m["/api/load"] = [.post]
        return m
    }()

    private static func page(_ type: String, _ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func respond(_ reply: ClaimQLService.Reply?) -> Response {
        guard let reply else {
            return respond(.error(status: 404, kind: "not_found", message: "no such route"))
        }
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        // The service sets only header names that are valid tokens (WWW-Authenticate).
        for (name, value) in reply.headers { headers[.init(name)!] = value }
        return Response(status: .init(code: reply.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
struct MethodCheck<Context: RequestContext>: RouterMiddleware {
    let allowed: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let methods = allowed[request.uri.path] else {
            return HTTPServer.respond(.error(status: 404, kind: "not_found", message: "no such route: \(request.uri.path)"))
        }
        if !methods.contains(request.method) {
            let names = methods.map(\.rawValue).joined(separator: ", ")
            var response = HTTPServer.respond(.error(status: 405, kind: "method", message: "\(request.uri.path) answers \(names)"))
            response.headers[.allow] = names
            return response
        }
        return try await next(request, context)
    }
}
#endif
