import Foundation

/// The fast path for entities.jsonl: a line with the usual keys (`id`, `kind`, `name`,
/// `aliases` as strings, `affiliation` and `country` as one id each) becomes a draft for
/// the builder without a JSON tree. It declines anything else (an extra key, `edges`, a
/// relation given as a list, a wrong type, a repeated id) and the general reader reads
/// the line. The builder may still have something to say about an edge: a target that
/// is not loaded yet waits for `resolvePending`, and reports there if it never comes, so
/// such an edge gets the origin the general reader would give it (the line's bytes and
/// the target's column); every other field's origin is never reported and is not made.
struct EntitiesFastPath {
    private static let keys = FastLine.Keys(["id", "kind", "name", "aliases", "affiliation", "country"])
    /// Decoded text of a string that had escapes.
    private var scratch: [UInt8] = []

    /// Adds the entity on `b[start..<end]` (line `number` of file `name`) through
    /// `builder`; false (and nothing added) if the general reader must read the line.
    mutating func importLine(name: String, _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, number: Int,
                             into builder: inout BatchBuilder) -> Bool {
        var line = FastLine(b, start, end)
        guard line.take(UInt8(ascii: "{")) else { return false }
        var id: String? = nil, entityName: String? = nil, kind: String? = nil
        var aliases: [String] = []
        // The two relations in the general reader's order, each with its value's column.
        var targets: [(relation: String, id: String, column: Int)?] = [nil, nil]
        var seen: UInt8 = 0
        var more = true
        while more {
            guard let field = line.field(EntitiesFastPath.keys, &seen) else { return false }
            let column = line.p - start
            if line.null() {
                if field == 0 { return false }
            } else if field == 3 {
                guard line.take(UInt8(ascii: "[")) else { return false }
                if !line.take(UInt8(ascii: "]")) {
                    while true {
                        line.skip()
                        guard let alias = line.string(&scratch) else { return false }
                        aliases.append(alias)
                        if line.take(UInt8(ascii: "]")) { break }
                        guard line.take(UInt8(ascii: ",")) else { return false }
                    }
                }
            } else {
                guard let value = line.string(&scratch) else { return false }
                switch field {
                case 0: id = value
                case 1: kind = value
                case 2: entityName = value
                case 4: targets[0] = ("affiliation", value, column)
                default: targets[1] = ("country", value, column)
                }
            }
            guard let next = line.next() else { return false }
            more = next
        }
        guard line.atEnd(), let id, !id.isEmpty, builder.batch.entities.idIndex[id] == nil else { return false }
        var draft = EntityDraft(id: Located(value: id, at: .none), name: entityName ?? id, kind: kind ?? "")
        draft.aliases = aliases
        func known(_ t: String) -> Bool { t == id || builder.batch.entities.idIndex[t] != nil }
        // Only an edge that will wait needs its origin, and only then is the line kept.
        var source: JSONLine? = nil
        for case let (relation, target, column)? in targets {
            var at = Origin.none
            if !known(target) {
                if source == nil { source = JSONLine(name: name, bytes: Array(b[start..<end]), number: number) }
                at = .line(source!, offset: column)
            }
            draft.edges.append((relation, Located(value: target, at: at)))
        }
        builder.add(draft)
        return true
    }
}
