import ClaimQL
import Foundation

/// Changing the graph over the wire: only when the server was started with writes allowed,
/// and only with its token. Each write is one atomic load: it all goes in, or nothing does
/// and the reply says why; a query running meanwhile sees the graph before or after, never
/// half of it (`ClaimGraph` swaps a whole batch in at once).
extension ClaimQLService {
    /// nil when this request may write; the refusal otherwise: 403 on a read-only server,
    /// 401 without the right token.
    func refusal(_ authorization: String?) -> Reply? {
        guard options.allowWrites else {
            return .json(ClaimQLService.error("forbidden", "this server is read-only (start it with --allow-writes)"), status: 403)
        }
        guard let token = options.token, let given = authorization,
              ClaimQLService.sameBytes(given, "Bearer " + token) else {
            // No or a wrong token: 401, and the scheme to use (RFC 9110 11.6.1).
            var reply = Reply.json(ClaimQLService.error("unauthorized", "a write needs the header Authorization: Bearer TOKEN"), status: 401)
            reply.headers["WWW-Authenticate"] = "Bearer realm=\"claimql\""
            return reply
        }
        return nil
    }

    /// Adds declarations (`kind` "declarations", the default) or JSON Lines of entities,
    /// documents or claims. `load` statements are refused: a client never reads the
    /// server's files.
    public func load(_ body: String, kind: String?, authorization: String?) -> Reply {
        if let refused = refusal(authorization) { return refused }
        guard !body.allSatisfy(\.isWhitespace) else { return ClaimQLService.badRequest("the body is empty: nothing to load") }
        let before = graph.counts
        do {
            switch kind ?? "declarations" {
            case "declarations", "":
                try graph.load(source: body, name: "<posted>", allowFileAccess: false)
            case let k:
                guard let jsonKind = ClaimGraph.JSONLinesKind(rawValue: k) else {
                    return ClaimQLService.badRequest("unknown kind '\(k)'; use declarations, entities, documents or claims")
                }
                try graph.load(jsonLines: body, kind: jsonKind, name: "<posted>")
            }
        } catch { return ClaimQLService.failure(error, body) }
        let after = graph.counts
        return .json(.object([
            ("added", ClaimQLService.counts((after.entities - before.entities, after.documents - before.documents,
                                             after.claims - before.claims))),
            ("counts", ClaimQLService.counts(after)),
        ]))
    }

    /// Drafts an article's claims (`Extractor`); with `commit` (a write) adds them too.
    public func extract(_ body: [UInt8], authorization: String?) -> Reply {
        guard let request = Incoming.parse(body), let text = request["text"]?.string else {
            return ClaimQLService.badRequest("the body is a JSON object with \"text\" (and optional \"document\", \"published\", \"commit\")")
        }
        if let d = request["document"], d.string == nil { return ClaimQLService.badRequest("document is a string (an id)") }
        if let c = request["commit"], c.bool == nil { return ClaimQLService.badRequest("commit is true or false") }
        switch request["published"] {
        case nil, .null?, .string?: break
        default: return ClaimQLService.badRequest("published is a date as text (YYYY-MM-DD) or null")
        }
        var published: Day? = nil
        if let p = request["published"]?.string {
            guard let day = Day(iso: p) else { return ClaimQLService.badRequest("published '\(p)' is not a date (YYYY-MM-DD)") }
            published = day
        }
        let document = request["document"]?.string ?? "posted"
        guard !document.isEmpty else { return ClaimQLService.badRequest("document is an empty id") }
        let commit = request["commit"]?.bool ?? false
        if commit, let refused = refusal(authorization) { return refused }
        let draft = graph.extract(text: text, documentID: document, published: published)
        if commit {
            do { try graph.add([draft]) } catch { return ClaimQLService.failure(error, text) }
        }
        let claims: [JSON] = draft.claims.map { c in
            let r = c.record
            return .object([
                ("id", .string(r.id)), ("subject", .optional(r.subject)), ("predicate", .optional(r.predicate)),
                ("qty", .optional(r.qty)), ("qty_hi", .optional(r.qtyHi)), ("unit", .optional(r.unit)),
                ("qualifier", .optional(r.qualifier)), ("date", .optional(r.date?.description)),
                ("source", .optional(r.source)), ("quote", .optional(r.quote)),
                ("confidence", .number(c.confidence)), ("checks", .array(c.checks.map(JSON.string))),
            ])
        }
        return .json(.object([
            ("document", .string(draft.document.id)), ("claims", .array(claims)),
            ("declarations", .string(draft.declarations(source: "posted text"))), ("committed", .bool(commit)),
        ]))
    }

    /// Compares in time independent of where the strings first differ.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = x.count ^ y.count
        for i in 0..<min(x.count, y.count) { diff |= Int(x[i] ^ y[i]) }
        return diff == 0
    }
}
