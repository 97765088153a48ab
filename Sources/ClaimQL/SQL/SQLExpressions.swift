/// Bound expressions to SQL text. A value is either one SQL expression (graph nodes as
/// their `ord` numbers) or, for a path that reaches several values (`source.country`,
/// `aliases`), a set: a FROM list, conditions and the value column, which comparisons
/// test existentially with ClaimQL's three-valued rule (true if some value passes,
/// unknown if there are none or some are unknown, false otherwise).
enum SQLValue {
    case scalar(String)
    case set(SQLSet)
}

struct SQLSet {
    var from: String
    /// What ties the set to the row: its first table's column that must equal the owner
    /// (`e1.src = n.source`). Kept apart so a test that reads nothing of the row can be
    /// written uncorrelated: `n.source IN (SELECT e1.src FROM ... WHERE test)`, which an
    /// engine runs once, as a semi-join, instead of once per row.
    var correlation: (column: String, owner: String)? = nil
    var conditions: [String]
    var value: String
    /// The order of the values as ClaimQL lists them (edge and alias positions).
    var order: [String] = []
    /// An entity's `aliases` read directly: a list even of one (`FieldReader`); any other
    /// set of one value reads as that value.
    var alwaysList = false

    var allConditions: [String] { (correlation.map { ["\($0.column) = \($0.owner)"] } ?? []) + conditions }

    func query(_ select: String, extra: [String] = []) -> String {
        let all = allConditions + extra
        return "SELECT \(select) FROM \(from)" + (all.isEmpty ? "" : " WHERE " + all.joined(separator: " AND "))
    }

    /// `owner IN (the owners for which some value passes)`, when the set hangs off a row.
    func uncorrelated(_ test: String) -> String? {
        guard let c = correlation else { return nil }
        return "(\(c.owner) IN (SELECT \(c.column) FROM \(from) WHERE " + (conditions + [test]).joined(separator: " AND ") + "))"
    }
}

extension SQLLowering {
    /// A value for a result column: a set becomes one text of its values in order (each
    /// entity as id, U+001E, name), separated by U+001F, which `SQLQuery.result` splits.
    mutating func output(_ e: BoundExpr, _ row: String) throws(SQLLoweringError) -> (sql: String, isSet: Bool, alwaysList: Bool) {
        switch try value(e, row) {
        case .scalar(let s): return (s, false, false)
        case .set(let set): return (listText(set, e.type.element), true, set.alwaysList)
        }
    }

    /// One step along a multi-valued field (edges, aliases): from the row's value a set
    /// tied to it, from a set a join. Only an entity's own aliases stay a list of one.
    private func hop(from base: SQLValue, table: String, _ t: String, owner: String, value: String, on: String?,
                     alwaysList: Bool) -> SQLSet {
        switch base {
        case .scalar(let ref):
            return SQLSet(from: "\(table) \(t)", correlation: ("\(t).\(owner)", ref), conditions: on.map { [$0] } ?? [],
                          value: "\(t).\(value)", order: ["\(t).pos"], alwaysList: alwaysList)
        case .set(var s):
            s.from += " JOIN \(table) \(t) ON \(t).\(owner) = \(s.value)" + (on.map { " AND \($0)" } ?? "")
            s.value = "\(t).\(value)"
            s.order.append("\(t).pos")
            s.alwaysList = false
            return s
        }
    }

    func listText(_ set: SQLSet, _ element: VType) -> String {
        let x = "lv"
        let text: String
        switch element {
        case .entity: text = "\(x).id || chr(30) || \(x).name"
        case .document: text = "\(x).id || chr(30) || coalesce(\(x).title, '')"
        case .claim: text = "\(x).id"
        default: text = "CAST(\(set.value) AS \(dialect.textType))"
        }
        var from = set.from
        if let node = element.node { from += " JOIN \(RelationalSchema.table(node).name) \(x) ON \(x).ord = \(set.value)" }
        let order = set.order.isEmpty ? ["1"] : set.order
        let conditions = set.allConditions.isEmpty ? "" : " WHERE " + set.allConditions.joined(separator: " AND ")
        switch dialect {
        case .postgres, .duckdb:
            return "(SELECT string_agg(\(text), chr(31) ORDER BY \(order.joined(separator: ", "))) FROM \(from)\(conditions))"
        case .spark:
            let keys = order.enumerated().map { "\($1) AS k\($0)" }.joined(separator: ", ")
            return "(SELECT nullif(concat_ws(char(31), transform(array_sort(collect_list(struct(\(keys), \(text.replacingOccurrences(of: "chr(30)", with: "char(30)")) AS v))), x -> x.v)), '') FROM \(from)\(conditions))"
        }
    }

    /// A scalar expression, or a located error for a multi-valued path where one value
    /// is needed.
    mutating func scalar(_ e: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        switch try value(e, row) {
        case .scalar(let s): return s
        case .set: throw fail("the \(dialect.rawValue) back end needs one value here, and this path can reach several", at: e.range,
                              hint: "compare it instead (`where source.country = ...`), which holds when some value matches")
        }
    }

    mutating func value(_ e: BoundExpr, _ row: String) throws(SQLLoweringError) -> SQLValue {
        switch e.kind {
        case .literal(let c): return .scalar(try literal(c, e.range))
        case .parameter(let slot): return .scalar(parameter(.value(slot: slot)))
        case .column(let k):
            guard k < tableColumns.count else { throw fail("column out of range", at: e.range) }
            if listColumns[k] != nil {
                throw fail("the \(dialect.rawValue) back end returns lists but cannot compute with them", at: e.range)
            }
            return .scalar("\(row).\(tableColumns[k])")
        case .field(let f): return try field(f, of: .scalar("\(row).ord"), isRow: true, row: row, e.range)
        case .follow(let base, let f): return try field(f, of: value(base, row), isRow: false, row: row, e.range)
        case .list: throw fail("a list is only allowed after `in`", at: e.range)
        case .call(let fn, let args): return .scalar(try call(fn, args, row, e.range))
        case .arithmetic(let op, let a, let b): return .scalar(try arithmetic(op, a, b, row))
        case .not, .and, .or, .compare, .entityMatch, .inList, .contains, .matches, .isNull, .modal:
            // A condition used as a value keeps its unknowns.
            let saved = unknownIsFalse
            unknownIsFalse = false
            defer { unknownIsFalse = saved }
            return .scalar(try test(e, row))
        }
    }

    /// A boolean SQL expression with ClaimQL's three-valued meaning (NULL = unknown).
    mutating func test(_ e: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        switch e.kind {
        case .not(let x):
            // Under NOT, unknown and false differ again.
            let saved = unknownIsFalse
            unknownIsFalse = false
            defer { unknownIsFalse = saved }
            return "(NOT \(try test(x, row)))"
        case .and(let a, let b): return "(\(try test(a, row)) AND \(try test(b, row)))"
        case .or(let a, let b): return "(\(try test(a, row)) OR \(try test(b, row)))"
        case .compare(let op, let a, let b): return try compare(op, a, b, row)
        case .entityMatch(let x, let names): return try entityMatch(x, names, row)
        case .inList(let x, let list): return try membership(x, list, row)
        case .contains(let x, let needle): return try contains(x, needle, row)
        case .matches(let x, let pattern): return try matches(x, pattern, row)
        case .isNull(let x):
            switch try value(x, row) {
            case .scalar(let s): return "(\(s) IS NULL)"
            case .set(let set): return "(NOT EXISTS (\(set.query("1"))))"
            }
        case .modal(let m, let t): return try modal(m, t, row)
        case .literal, .parameter, .field, .follow, .column, .list, .call, .arithmetic:
            guard e.type == .bool || e.type == .any || e.type == .null else {
                throw fail("a condition must be true or false, not a \(e.type.name)", at: e.range)
            }
            return try scalar(e, row)
        }
    }

    // MARK: values

    func literal(_ c: Cell, _ range: SourceRange) throws(SQLLoweringError) -> String {
        switch c {
        case .null: return "NULL"
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .number(let d): return dialect.number(d)
        case .string(let s): return dialect.string(s)
        case .date(let d): return dialect.date(Day(daysSinceEpoch: d))
        case .entity(let r), .document(let r), .claim(let r): return String(r)
        case .list: throw fail("a list is only allowed after `in`", at: range)
        }
    }

    /// Field `f` of the node(s) `base` holds. On the scanned row the column is read
    /// directly; on a reference, through the node's table; on a set, by a join.
    mutating func field(_ f: Field, of base: SQLValue, isRow: Bool, row: String, _ range: SourceRange) throws(SQLLoweringError) -> SQLValue {
        let table = RelationalSchema.table(f.node).name
        switch f {
        case .attribute(_, let name):
            throw fail("extra attributes such as `\(name)` are not in the relational schema: the \(dialect.rawValue) back end cannot read them", at: range)
        case .edge(let relation):
            let e = alias("e")
            let on = "\(e).relation = \(dialect.string(relation))"
            return .set(hop(from: base, table: "edges", e, owner: "src", value: "dst", on: on, alwaysList: false))
        case .entity(.aliases):
            return .set(hop(from: base, table: "entity_aliases", alias("a"), owner: "entity", value: "alias", on: nil, alwaysList: true))
        default:
            let column = dialect.ident(RelationalSchema.column(f)!)
            if isRow { return .scalar("\(row).\(column)") }
            switch base {
            case .scalar(let ref):
                return .scalar(scalarRead(column, table, ref))
            case .set(var s):
                let x = alias("x")
                s.from += " JOIN \(table) \(x) ON \(x).ord = \(s.value)"
                s.value = "\(x).\(column)"
                s.conditions.append("\(s.value) IS NOT NULL")
                return .set(s)
            }
        }
    }

    mutating func arithmetic(_ op: ArithmeticOp, _ a: BoundExpr, _ b: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        func operand(_ e: BoundExpr) throws(SQLLoweringError) -> String {
            if case .literal(.number(let d)) = e.kind { return dialect.number(d, asDouble: true) }
            return try scalar(e, row)
        }
        let x = try operand(a), y = try operand(b)
        switch (a.type, b.type, op) {
        case (.date, .date, .sub): return dialect.daysBetween(x, y)
        case (.date, _, .add), (.date, _, .sub): return dialect.addDays(x, op == .add ? y : "(-\(y))")
        case (_, .date, .add): return dialect.addDays(y, x)
        case (_, _, .div): return "(\(x) / NULLIF(\(y), 0))"
        default: return "(\(x) \(op.rawValue) \(y))"
        }
    }

    // MARK: comparisons

    mutating func compare(_ op: CompareOp, _ a: BoundExpr, _ b: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        // An entity, document or claim against text: by name key, or by id.
        for (node, text) in [(a, b), (b, a)] where text.type == .string || isParameter(text) {
            guard let kind = node.type.node, op == .eq || op == .ne else { continue }
            let key: String
            switch kind {
            case .entity:
                guard case .string(let s)? = text.literal else {
                    if case .parameter(let slot) = text.kind {
                        let p = parameter(.nameKeys(slot: slot))
                        let exists = op == .eq ? "EXISTS" : "NOT EXISTS"
                        let match = try existential(node, row) { [dialect] v, _ in
                            "\(exists) (SELECT 1 FROM entity_names k WHERE k.entity = \(v) AND \(dialect.inArray("k.key", p)))"
                        }
                        return unknownIsFalse ? match : "(CASE WHEN \(p) IS NULL THEN NULL ELSE \(match) END)"
                    }
                    throw fail("the \(dialect.rawValue) back end compares entities with names written in the query", at: text.range)
                }
                key = dialect.string(NameKey.of(s))
            case .document, .claim:
                key = try scalar(text, row)
            }
            // Each value is named or not (never unknown), so `!=` is NOT EXISTS per value.
            let exists = op == .eq ? "EXISTS" : "NOT EXISTS"
            return try existential(node, row, rowFree: text.isRunConstant) { v, me in
                switch kind {
                case .entity: return "\(exists) (SELECT 1 FROM entity_names k WHERE k.entity = \(v) AND k.key = \(key))"
                case .document, .claim:
                    let x = me.alias("x"), table = kind == .document ? "documents" : "claims"
                    return "\(exists) (SELECT 1 FROM \(table) \(x) WHERE \(x).ord = \(v) AND \(x).id = \(key))"
                }
            }
        }
        let sqlOp = op == .ne ? "<>" : op.rawValue
        switch (try value(a, row), try value(b, row)) {
        case (.scalar(let x), .scalar(let y)): return "(\(x) \(sqlOp) \(y))"
        case (.set(let s), .scalar(let y)): return exists3(s, nullable: b.literal == nil, rowFree: b.isRunConstant) { "\($0) \(sqlOp) \(y)" }
        case (.scalar(let x), .set(let s)): return exists3(s, nullable: a.literal == nil, rowFree: a.isRunConstant) { "\(x) \(sqlOp) \($0)" }
        case (.set, .set): throw fail("the SQL back end cannot compare two paths that both have several values", at: a.range)
        }
    }

    private func isParameter(_ e: BoundExpr) -> Bool { if case .parameter = e.kind { return true }; return false }

    /// `test` over the value(s) of `e`: directly for one value (unknown when it is
    /// missing), existentially for a set.
    /// `rowFree`: the test reads nothing of the row but the value (constants, parameters).
    mutating func existential(_ e: BoundExpr, _ row: String, nullPropagates: Bool = false, rowFree: Bool = true,
                              _ test: (String, inout SQLLowering) throws(SQLLoweringError) -> String) throws(SQLLoweringError) -> String {
        switch try value(e, row) {
        case .scalar(let v):
            // `x IN (1, 2)` is already unknown for a missing x. Not so `x IN (subquery)`,
            // which is false when the subquery is empty, nor EXISTS, which is never unknown.
            if nullPropagates { return "(\(try test(v, &self)))" }
            if unknownIsFalse { return "(\(v) IS NOT NULL AND \(try test(v, &self)))" }
            return "(CASE WHEN \(v) IS NULL THEN NULL ELSE \(try test(v, &self)) END)"
        case .set(let s):
            let t = try test(s.value, &self)
            return exists3(s, rowFree: rowFree) { _ in t }
        }
    }

    /// ClaimQL's existential rule over a set: true if some value passes, unknown if there
    /// are none or some value's test is unknown, false otherwise. A set's values are never
    /// null, so only a test against something `nullable` (a column, a parameter) can be
    /// unknown for one of them.
    func exists3(_ s: SQLSet, nullable: Bool = false, rowFree: Bool = true, _ test: (String) -> String) -> String {
        let t = test(s.value)
        if unknownIsFalse {
            if rowFree, let u = s.uncorrelated(t) { return u }
            return "(EXISTS (\(s.query("1", extra: [t]))))"
        }
        return "(CASE WHEN EXISTS (\(s.query("1", extra: [t])))"
            + " THEN TRUE WHEN NOT EXISTS (\(s.query("1"))) THEN NULL"
            + (nullable ? " WHEN EXISTS (\(s.query("1", extra: ["(\(t)) IS NULL"]))) THEN NULL" : "") + " ELSE FALSE END)"
    }

    mutating func entityMatch(_ x: BoundExpr, _ names: EntityNames, _ row: String) throws(SQLLoweringError) -> String {
        let keys: String
        var guardNull: String? = nil
        switch names.written {
        case .names(let written, _):
            var unique: [String] = []
            for key in written.map(NameKey.of) where !unique.contains(key) { unique.append(key) }
            keys = "k.key IN (" + unique.map(dialect.string).joined(separator: ", ") + ")"
        case .parameter(let slot):
            let p = parameter(.nameKeys(slot: slot))
            keys = dialect.inArray("k.key", p)
            guardNull = p
        }
        let match = try existential(x, row) { v, _ in "\(v) IN (SELECT k.entity FROM entity_names k WHERE \(keys))" }
        if let p = guardNull, !unknownIsFalse { return "(CASE WHEN \(p) IS NULL THEN NULL ELSE \(match) END)" }
        return match
    }

    mutating func membership(_ x: BoundExpr, _ list: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        let isDocument = x.type.element == .document
        switch list.kind {
        case .literal(.list(let items)):
            let present = items.filter { !$0.isNull }
            if present.isEmpty { return try existential(x, row) { _, _ in "FALSE" } }
            var texts: [String] = []
            for item in present { texts.append(try literal(item, list.range)) }
            let set = "(" + texts.joined(separator: ", ") + ")"
            if isDocument {
                return try existential(x, row) { v, _ in "\(v) IN (SELECT d.ord FROM documents d WHERE d.id IN \(set))" }
            }
            return try existential(x, row, nullPropagates: true) { v, _ in "\(v) IN \(set)" }
        case .parameter(let slot):
            let p = parameter(.value(slot: slot))
            let inside = try existential(x, row) { [dialect] v, _ in
                isDocument ? "\(v) IN (SELECT d.ord FROM documents d WHERE \(dialect.inArray("d.id", p)))" : dialect.inArray(v, p)
            }
            if unknownIsFalse { return inside }
            return "(CASE WHEN \(p) IS NULL THEN (CASE WHEN \(try scalarOrFalse(x, row)) IS NULL THEN NULL ELSE FALSE END) ELSE \(inside) END)"
        default:
            throw fail("the SQL back end needs the list after `in` written in the query or bound as a parameter", at: list.range)
        }
    }

    private mutating func scalarOrFalse(_ x: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        switch try value(x, row) {
        case .scalar(let s): return s
        case .set(let s): return "(CASE WHEN EXISTS (\(s.query("1"))) THEN 1 END)"
        }
    }

    // MARK: text

    /// Case-insensitive substring. A written needle is lowercased here (as in memory);
    /// the text by the engine's `lower`, which may fold letters beyond ASCII differently
    /// (README, "Bigger than one machine").
    mutating func contains(_ x: BoundExpr, _ needle: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        let n: String
        var asciiNeedle = false
        if case .string(let s)? = needle.literal {
            n = dialect.string(s.lowercased())
            asciiNeedle = s.utf8.allSatisfy { $0 < 0x80 }
        } else {
            n = dialect.lowercase("coalesce(\(try scalar(needle, row)), '')")
        }
        // An ASCII needle folds ASCII letters only, in memory (`TextSearch`) as in
        // PostgreSQL's `lower` on our `COLLATE "C"` columns: the same answer, and much faster.
        let lower = { [dialect] (text: String) in dialect == .postgres && asciiNeedle ? "lower(\(text))" : dialect.lowercase(text) }
        let found = { [dialect] (text: String) in dialect.position(n, in: lower(text)) }
        if x.type.element == .entity {
            return try existential(x, row, rowFree: needle.isRunConstant) { v, me in
                let e = me.alias("x"), a = me.alias("a")
                return "(EXISTS (SELECT 1 FROM entities \(e) WHERE \(e).ord = \(v) AND \(found("\(e).name"))) OR "
                    + "EXISTS (SELECT 1 FROM entity_aliases \(a) WHERE \(a).entity = \(v) AND \(found("\(a).alias"))))"
            }
        }
        switch try value(x, row) {
        case .scalar(let v): return "(\(found(v)))"
        case .set(let s): return exists3(s, rowFree: needle.isRunConstant) { found($0) }
        }
    }

    mutating func matches(_ x: BoundExpr, _ pattern: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        guard case .string(let p)? = pattern.literal else {
            throw fail("the \(dialect.rawValue) back end needs the regular expression written in the query, to check that it means the same there", at: pattern.range)
        }
        if let problem = PortableRegex.problem(p, dialect) {
            throw fail("this regular expression would not mean the same in \(dialect.rawValue): \(problem)", at: pattern.range,
                       hint: "ICU (in memory) and the SQL engines share literal text, `.`, classes `[...]`, anchors, groups, alternation, repetition and \\d \\w \\s")
        }
        let pat = dialect.string(p)
        if x.type.element == .entity {
            return try existential(x, row) { [dialect] v, me in
                let e = me.alias("x"), a = me.alias("a")
                return "(EXISTS (SELECT 1 FROM entities \(e) WHERE \(e).ord = \(v) AND \(dialect.regex("\(e).name", pat))) OR "
                    + "EXISTS (SELECT 1 FROM entity_aliases \(a) WHERE \(a).entity = \(v) AND \(dialect.regex("\(a).alias", pat))))"
            }
        }
        switch try value(x, row) {
        case .scalar(let v): return dialect.regex(v, pat)
        case .set(let s): return exists3(s) { [dialect] in dialect.regex($0, pat) }
        }
    }

    // MARK: certainly / possibly

    /// The claim's interval from the stored bounds (null = open end), an `approx`
    /// figure's from qty and the tolerance parameter, tested as `Interval.holds` does.
    mutating func modal(_ m: Modality, _ t: ModalTest, _ row: String) throws(SQLLoweringError) -> String {
        let tol = parameter(.tolerance)
        let approx = "\(row).qualifier = 'approx'"
        let lo = "(CASE WHEN \(approx) THEN \(row).qty - abs(\(row).qty) * \(tol) ELSE \(row).lo END)"
        let hi = "(CASE WHEN \(approx) THEN \(row).qty + abs(\(row).qty) * \(tol) ELSE \(row).hi END)"
        let loOpen = "\(row).lo_open", hiOpen = "\(row).hi_open"
        func someAbove(_ c: String, _ orEqual: Bool) -> String {
            "(\(hi) IS NULL OR \(hi) > \(c)" + (orEqual ? " OR (\(hi) = \(c) AND NOT \(hiOpen))" : "") + ")"
        }
        func someBelow(_ c: String, _ orEqual: Bool) -> String {
            "(\(lo) IS NULL OR \(lo) < \(c)" + (orEqual ? " OR (\(lo) = \(c) AND NOT \(loOpen))" : "") + ")"
        }
        func allAbove(_ c: String, _ orEqual: Bool) -> String {
            "(\(lo) IS NOT NULL AND (\(lo) > \(c) OR (\(lo) = \(c) AND " + (orEqual ? "TRUE" : loOpen) + ")))"
        }
        func allBelow(_ c: String, _ orEqual: Bool) -> String {
            "(\(hi) IS NOT NULL AND (\(hi) < \(c) OR (\(hi) = \(c) AND " + (orEqual ? "TRUE" : hiOpen) + ")))"
        }
        func contains(_ c: String) -> String { "(\(someAbove(c, true)) AND \(someBelow(c, true)))" }
        func isPoint(_ c: String) -> String { "(\(lo) = \(c) AND \(hi) = \(c) AND NOT \(loOpen) AND NOT \(hiOpen))" }
        let certainly = m == .certainly
        let holds: String, bounds: [String]
        switch t {
        case .compare(let op, let x):
            let c = try bound(x, row)
            bounds = [c]
            switch op {
            case .gt: holds = certainly ? allAbove(c, false) : someAbove(c, false)
            case .ge: holds = certainly ? allAbove(c, true) : someAbove(c, true)
            case .lt: holds = certainly ? allBelow(c, false) : someBelow(c, false)
            case .le: holds = certainly ? allBelow(c, true) : someBelow(c, true)
            case .eq: holds = certainly ? isPoint(c) : contains(c)
            case .ne: holds = certainly ? "(NOT \(contains(c)))" : "(NOT \(isPoint(c)))"
            }
        case .between(let a, let b, let negated):
            let x = try bound(a, row), y = try bound(b, row)
            bounds = [x, y]
            let inside = certainly ? "(\(allAbove(x, true)) AND \(allBelow(y, true)))"
                : "(\(someAbove(x, true)) AND \(someBelow(y, true)) AND \(x) <= \(y))"
            holds = negated ? "(NOT \(inside))" : inside
        }
        let unknown = (["\(row).qty"] + bounds).map { "\($0) IS NULL" }.joined(separator: " OR ")
        return "(CASE WHEN \(unknown) THEN NULL ELSE \(holds) END)"
    }

    private mutating func bound(_ e: BoundExpr, _ row: String) throws(SQLLoweringError) -> String {
        if case .literal(.number(let d)) = e.kind { return dialect.number(d, asDouble: true) }
        return try scalar(e, row)
    }

    // MARK: functions

    mutating func call(_ fn: ScalarCall, _ args: [BoundExpr], _ row: String, _ range: SourceRange) throws(SQLLoweringError) -> String {
        if fn.function.host != nil {
            throw fail("`\(fn.name)` is a function of the program running ClaimQL: the \(dialect.rawValue) back end cannot call it", at: range)
        }
        var a: [String] = []
        for arg in args {
            if case .literal(.number(let d)) = arg.kind { a.append(dialect.number(d, asDouble: true)) } else { a.append(try scalar(arg, row)) }
        }
        switch fn.name {
        case "abs", "floor", "lower", "upper", "length": return "\(fn.name)(\(a[0]))"
        case "ceil": return "ceil(\(a[0]))"
        // Half away from zero, as Swift's `rounded()`; the engines' own `round` differ.
        case "round": return "(sign(\(a[0])) * floor(abs(\(a[0])) + 0.5))"
        case "year", "month", "day": return "CAST(EXTRACT(\(fn.name.uppercased()) FROM \(a[0])) AS \(dialect.doubleType))"
        case "coalesce": return "coalesce(" + a.joined(separator: ", ") + ")"
        case "convert":
            let from = unitCase(a[1]), to = unitCase(a[2])
            return "(CASE WHEN \(from.family) = \(to.family) THEN \(a[0]) * \(from.factor) / \(to.factor) END)"
        default:
            throw fail("the \(dialect.rawValue) back end has no translation of `\(fn.name)`", at: range)
        }
    }

    /// The family and factor of a unit (`Semantics/Units.swift`), as CASE expressions
    /// over the same table the engine uses.
    private func unitCase(_ unit: String) -> (family: String, factor: String) {
        let key = "lower(trim(\(unit)))"
        var family = "CASE \(key)", factor = "CASE \(key)"
        for (f, units) in UnitFamily.table {
            for (u, k) in units {
                family += " WHEN \(dialect.string(u)) THEN \(dialect.string(f))"
                factor += " WHEN \(dialect.string(u)) THEN \(dialect.number(k, asDouble: true))"
            }
        }
        return ("(" + family + " END)", "(" + factor + " END)")
    }
}

/// Which regular expressions mean the same in ICU (in memory) and in a dialect's engine
/// (PostgreSQL's ARE, Java's for Spark, RE2 for DuckDB): a conservative common part.
enum PortableRegex {
    static func problem(_ pattern: String, _ d: SQLDialect) -> String? {
        var chars = Array(pattern.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if c == "\\" {
                guard let next = chars.popFirst() else { return "a trailing backslash" }
                let allowed: Set<Unicode.Scalar> = ["d", "D", "w", "W", "s", "S", "n", "t"]
                if allowed.contains(next) || (next.isASCII && !next.properties.isAlphabetic && !("0"..."9").contains(next)) { continue }
                return "`\\\(next)` is not read the same way by every engine"
            }
            if c == "(" && chars.first == "?" {
                let rest = String(String.UnicodeScalarView(chars.prefix(2)))
                if rest != "?:" { return "`(?` groups (flags, look-around, named groups) differ between engines" }
            }
            if c == "[" && chars.first == "[" { return "nested `[[` classes differ between engines" }
            if (c == "+" || c == "?" || c == "*" || c == "}") && (chars.first == "+") { return "possessive repetition is ICU only" }
        }
        return nil
    }
}
