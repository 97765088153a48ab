// Declarations: the data half of the language.
//   entity   ID ":" [KIND] "NAME" [ "{" fields "}" ]
//   document ID ":" "TITLE"     [ "{" fields "}" ]   or   document ID "{" fields "}"
//   claim    ID ":" SUBJECT PREDICATE ["OBJECT"] [ "{" fields "}" ]
extension Parser {
    mutating func entityDeclaration() throws(SyntaxError) -> EntityDecl {
        let start = advance().range
        let id = try name("an id for the entity, such as `north_korea`")
        let colon = try expect(.colon, "`:` after the entity id")
        // The kind may be left out (data from JSON Lines can have none): `entity x: "X"`.
        let kind = check(.string) ? Name(text: "", range: colon.range)
            : try name("the entity's kind (person, organisation, country, place, ...)", allowKeywords: true)
        let nameToken = try expect(.string, "the entity's name in double quotes")
        let fields = try fieldBlock()
        return EntityDecl(id: id, kind: kind, name: stringValue(nameToken), fields: fields, range: start.to(previous.range))
    }

    mutating func documentDeclaration() throws(SyntaxError) -> DocumentDecl {
        let start = advance().range
        let id = try name("an id for the document")
        // `document ID { ... }`: a document whose title is not known.
        var title: String? = nil
        if !check(.lbrace) {
            _ = try expect(.colon, "`:` after the document id, or `{`")
            title = stringValue(try expect(.string, "the document's title in double quotes"))
        }
        let fields = try fieldBlock()
        return DocumentDecl(id: id, title: title, fields: fields, range: start.to(previous.range))
    }

    mutating func claimDeclaration() throws(SyntaxError) -> ClaimDecl {
        let start = advance().range
        let id = try name("an id for the claim")
        // `claim ID: SUBJECT PREDICATE "OBJECT" { ... }`, or `claim ID { ... }` for a claim
        // whose subject and predicate are unknown (drafts from `claimql extract`).
        var subject: Name? = nil, predicate: Name? = nil
        var object: String? = nil
        var objectRange: SourceRange? = nil
        if !check(.lbrace) {
            _ = try expect(.colon, "`:` after the claim id, or `{`")
            subject = try name("the id of the claim's subject entity")
            if check(.string) {
                let t = advance()
                predicate = Name(text: stringValue(t), range: t.range)
            } else {
                predicate = try name("a predicate (a verb such as `shipped`)", allowKeywords: true)
            }
            if check(.string) {
                let t = advance()
                object = stringValue(t)
                objectRange = t.range
            }
        }
        let fields = try fieldBlock()
        return ClaimDecl(id: id, subject: subject, predicate: predicate, object: object,
                         objectRange: objectRange, fields: fields, range: start.to(previous.range))
    }

    func stringValue(_ t: Token) -> String { Literals.string(file.bytes[t.range.start..<t.range.end]) }

    private mutating func fieldBlock() throws(SyntaxError) -> [DeclField] {
        guard match(.lbrace) else { return [] }
        var fields: [DeclField] = []
        while !check(.rbrace) {
            let before = index
            let key = try name("a field name or `}`", allowKeywords: true)
            _ = try expect(.colon, "`:` after `\(key.text)`")
            fields.append(DeclField(key: key, value: try declValue()))
            _ = match(.comma)
            if index == before { throw fail("a field") }
        }
        advance()
        return fields
    }

    private mutating func declValue() throws(SyntaxError) -> DeclValue {
        let t = current
        switch t.kind {
        case .string:
            advance()
            return DeclValue(kind: .string(stringValue(t)), range: t.range)
        case .number, .minus:
            let negative = match(.minus)
            let numberToken = try expect(.number, "a number")
            let low = try numberValue(numberToken) * (negative ? -1 : 1)
            if match(.dotdot) {
                let highToken = try expect(.number, "the upper end of the range")
                let high = try numberValue(highToken)
                guard low <= high else {
                    diagnostics.append(.error("the range's lower end is above its upper end",
                                              at: t.range.to(highToken.range)))
                    throw SyntaxError()
                }
                return DeclValue(kind: .range(low, high), range: t.range.to(highToken.range))
            }
            return DeclValue(kind: .number(low), range: t.range.to(numberToken.range))
        case .date:
            advance()
            return DeclValue(kind: .date(try dateValue(t)), range: t.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return DeclValue(kind: .bool(t.kind == .keyword(.true)), range: t.range)
        case .identifier:
            advance()
            return DeclValue(kind: .reference(text(t)), range: t.range)
        case .lbracket:
            advance()
            try enterNesting(at: t.range, "list")
            defer { depth -= 1 }
            var items: [DeclValue] = []
            if !check(.rbracket) {
                repeat {
                    if check(.rbracket) { break }
                    items.append(try declValue())
                } while match(.comma)
            }
            _ = try expect(.rbracket, "`,` or `]`")
            return DeclValue(kind: .list(items), range: t.range.to(previous.range))
        default:
            throw fail("a value (a string, number, date, id or list)")
        }
    }
}
