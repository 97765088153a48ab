import ClaimQL
import Foundation

/// A URL's query string as name/value pairs, decoded as browsers encode them: `%XX`
/// escapes, and `+` for a space (HTML forms). A pair that does not decode keeps its raw text.
public enum QueryString {
    public static func parse(_ raw: String?) -> [(name: String, value: String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

extension ClaimQLService {
    /// Answers a GET request of the API from its path and query string (the HTTP server
    /// and the tests share this routing), or nil for a path that is not the API's.
    public func get(path: String, query queryString: String?) -> Reply? {
        let pairs = QueryString.parse(queryString)
        func value(_ name: String) -> String? { pairs.last { $0.name == name }?.value }
        func required(_ name: String) -> String? { value(name) }
        switch path {
        case "/api/query":
            guard let q = required("q") else { return ClaimQLService.badRequest("give a query: /api/query?q=...") }
            var parameters: [String: Value] = [:]
            for (name, v) in pairs where name.hasPrefix("p.") {
                parameters[String(name.dropFirst(2))] = Double(v).map(Value.number) ?? .string(v)
            }
            return query(q, parameters: parameters, format: value("format"), scale: value("scale"))
        case "/api/explain":
            guard let q = required("q") else { return ClaimQLService.badRequest("give a query: /api/explain?q=...") }
            var analyze = false
            if let a = value("analyze") {
                guard let b = Bool(a) else { return ClaimQLService.badRequest("analyze is true or false, not '\(a)'") }
                analyze = b
            }
            return explain(q, analyze: analyze)
        case "/api/complete":
            guard let text = required("text") else { return ClaimQLService.badRequest("give the text: /api/complete?text=...&cursor=N") }
            guard let c = value("cursor"), let cursor = Int(c) else {
                return ClaimQLService.badRequest("give the cursor as a UTF-16 offset: cursor=N")
            }
            return complete(text, cursor: cursor)
        case "/api/schema":
            return schema()
        case "/api/evidence":
            guard let id = required("claim") else { return ClaimQLService.badRequest("give a claim id: /api/evidence?claim=ID") }
            return evidence(claim: id)
        case "/healthz":
            return .json(.object([("ok", .bool(true))]))
        case "/openapi.json":
            return Reply(status: 200, contentType: "application/json; charset=utf-8", body: OpenAPI.document)
        default:
            return nil
        }
    }

    /// Answers a POST request of the API, or nil for a path that is not the API's.
    public func post(path: String, query queryString: String?, body: [UInt8], authorization: String?) -> Reply? {
        let pairs = QueryString.parse(queryString)
        switch path {
        case "/api/query":
            guard let request = Incoming.parse(body), let q = request["query"]?.string else {
                return ClaimQLService.badRequest("the body is a JSON object with \"query\" (and optional \"params\", \"format\", \"scale\")")
            }
            var parameters: [String: Value] = [:]
            if let given = request["params"] {
                guard case .object(let members) = given else { return ClaimQLService.badRequest("params is an object of names to values") }
                for (name, v) in members {
                    guard let p = v.parameter else { return ClaimQLService.badRequest("parameter \(name) is a list or an object; give a string, number, boolean or null") }
                    parameters[name] = p
                }
            }
            if let f = request["format"], f.string == nil { return ClaimQLService.badRequest("format is a string") }
            if let s = request["scale"], s.string == nil { return ClaimQLService.badRequest("scale is a string") }
            return query(q, parameters: parameters, format: request["format"]?.string, scale: request["scale"]?.string)
        case "/api/extract":
            return extract(body, authorization: authorization)
        case "/api/load":
            guard let text = String(validating: body, as: UTF8.self) else { return ClaimQLService.badRequest("the body is not UTF-8 text") }
            return load(text, kind: pairs.last { $0.name == "kind" }?.value, authorization: authorization)
        default:
            return nil
        }
    }
}
