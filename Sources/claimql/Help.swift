/// The REPL's `.help` text: a short reference, by topic.
enum Help {
    static func text(_ topic: String) -> String {
        switch topic {
        case "", "commands":
            return """
                .help [TOPIC]        this text; topics: commands, queries, data, formats
                .load PATH           load a .cq file, a JSON Lines file or a folder of them
                .read FILE.cq        run a script
                .extract FILE [DATE] draft the claims of an article (a text file) into the graph
                .save [--all] FILE.cq write what this session declared (--all: the whole graph)
                                     as declarations that load back the same
                .save FILE.claimdb   write the whole graph as a binary snapshot
                .open FILE.claimdb   replace the graph with a snapshot's
                .export DIR          write the whole graph as JSON Lines
                .mode FORMAT         table, json, jsonl, csv, line or svg
                .chart FILE.svg [SCALE] the last result's claims as a timeline chart
                                     (SCALE: auto, linear or log)
                .maxrows N           cut tables after N rows (0: show all)
                .timer on|off        show how long each statement took
                .schema              collections, fields and edges, with counts
                .quit, .exit         leave (so does Ctrl-D on an empty line)
                Ctrl-C clears the line or stops a running query. Tab completes keywords,
                fields (after `source.` too) and names inside "quotes".

                """
        case "queries":
            return """
                claims where source = "Shin" and qty > 1M
                claims where qty between 1M and 5M order by qty desc limit 5
                claims where source.country = "South Korea" select id, qty, unit
                count claims where quote contains "million"
                claims group by source select source, count() as n, max(qty) order by n desc
                let big = claims where qty > 1M      then:  big where source = "Shin"
                Operators: = != < <= > >= between in contains matches is [not] null and or not
                claims where unit = "shells" and certainly qty > 3M     (ranges: possibly too)
                conflicts where unit = "containers"      revisions      timeline
                claims where unit = "shells" distinct latest by source, subject
                claims where source = "Shin Wonsik" evidence          count claims distinct
                claims where family = "ammunition" select convert(qty, unit, "shells")

                """
        case "data":
            return """
                entity shin: person "Shin Won-sik" { aliases: ["Shin"], country: south_korea }
                document d1: "Title" { publisher: kei, published: 2024-07-10 }
                claim c1: north_korea shipped "shells" { qty: 4.8M, unit: "shells", qualifier: up_to, source: shin, doc: d1 }
                load "folder-or-file"

                """
        case "formats":
            return """
                table (default), json (an array of objects), jsonl (one object per line),
                csv (RFC 4180, with a header), line (one field per line),
                svg (a timeline chart of the result's claims: date across, figure up,
                one panel per unit, one colour per source, each figure drawn as its
                interval; conflicting claims joined by a dashed line)

                """
        default:
            return "no help on \(topic); topics: commands, queries, data, formats\n"
        }
    }
}
