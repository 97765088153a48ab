import Foundation
import Testing
@testable import ClaimQL

/// `claimql lsp`, driven over its real stdio by a small client written here (frames, JSON)
/// and by Neovim's built-in client. CI installs Neovim (.ci/run); without it the Neovim
/// test fails, it is not skipped.
@Suite(.serialized)
struct LanguageServerTests {
    /// A language client on the server's pipes: requests wait for their answer, keeping the
    /// notifications that come in between.
    final class Client {
        let process = Process()
        let input = Pipe(), output = Pipe()
        var buffer: [UInt8] = []
        var notifications: [[String: Any]] = []
        var nextID = 1

        init(_ arguments: [String] = ["lsp"]) throws {
            process.executableURL = URL(fileURLWithPath: Repo.binary)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            // A hung server fails the test instead of hanging it: killing it closes the pipe.
            let p = process
            DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if p.isRunning { p.terminate() } }
        }

        func sendRaw(_ bytes: [UInt8]) { input.fileHandleForWriting.write(Data(bytes)) }

        func send(_ message: [String: Any]) {
            var m = message
            m["jsonrpc"] = "2.0"
            let body = try! JSONSerialization.data(withJSONObject: m)
            sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + Array(body))
        }

        /// The next message from the server, or nil when it closed its output.
        func receive() -> [String: Any]? {
            while true {
                if let end = buffer.firstRange(of: [13, 10, 13, 10]) {
                    let header = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
                    let length = Int(header.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    if buffer.count - end.upperBound >= length {
                        let body = Data(buffer[end.upperBound..<(end.upperBound + length)])
                        buffer.removeSubrange(..<(end.upperBound + length))
                        return try? JSONSerialization.jsonObject(with: body) as? [String: Any]
                    }
                }
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                buffer += chunk
            }
        }

        /// Sends a request and returns its response (`result` or `error`).
        func request(_ method: String, _ params: [String: Any] = [:]) -> [String: Any]? {
            let id = nextID
            nextID += 1
            send(["id": id, "method": method, "params": params])
            while let m = receive() {
                if (m["id"] as? Int) == id { return m }
                notifications.append(m)
            }
            return nil
        }

        func notify(_ method: String, _ params: [String: Any]) { send(["method": method, "params": params]) }

        /// The next diagnostics published for `uri`.
        func diagnostics(_ uri: String) -> [[String: Any]]? {
            if let i = notifications.firstIndex(where: { Client.isDiagnostics($0, uri) }) {
                return Client.items(notifications.remove(at: i))
            }
            while let m = receive() {
                if Client.isDiagnostics(m, uri) { return Client.items(m) }
                notifications.append(m)
            }
            return nil
        }

        static func isDiagnostics(_ m: [String: Any], _ uri: String) -> Bool {
            m["method"] as? String == "textDocument/publishDiagnostics" && (m["params"] as? [String: Any])?["uri"] as? String == uri
        }
        static func items(_ m: [String: Any]) -> [[String: Any]] {
            (m["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
        }

        func open(_ uri: String, _ text: String) {
            notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "claimql", "version": 1, "text": text]])
        }

        func finish() -> Int32 {
            _ = request("shutdown")
            notify("exit", [:])
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static func position(_ line: Int, _ character: Int) -> [String: Any] { ["line": line, "character": character] }
    static func at(_ uri: String, _ line: Int, _ character: Int) -> [String: Any] {
        ["textDocument": ["uri": uri], "position": position(line, character)]
    }
    static func start(_ range: Any?) -> [Int] {
        let s = (range as? [String: Any])?["start"] as? [String: Any]
        return [s?["line"] as? Int ?? -1, s?["character"] as? Int ?? -1]
    }

    static func scratchFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "claimql-lsp-\(UUID())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func initializeNegotiatesPositionsAndAnswersEveryFeature() throws {
        let client = try Client()
        let utf8 = client.request("initialize", ["capabilities": ["general": ["positionEncodings": ["utf-8", "utf-16"]]]])
        let capabilities = (utf8?["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        #expect(capabilities?["positionEncoding"] as? String == "utf-8")
        for feature in ["hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "documentFormattingProvider"] {
            #expect(capabilities?[feature] as? Bool == true, "\(feature)")
        }
        #expect((capabilities?["textDocumentSync"] as? [String: Any])?["change"] as? Int == 2)
        // With UTF-8 positions, a column counts bytes: `qyt` after "é日本" is at byte 40.
        let uri = "file:///tmp/utf8.cq"
        client.open(uri, "count claims where \"é日本\" = \"x\" and qyt > 3\n")
        let d = try #require(client.diagnostics(uri)?.first)
        #expect(LanguageServerTests.start(d["range"]) == [0, 40])
        #expect(client.finish() == 0)
    }

    @Test func loadedDataCompletesAndHovers() throws {
        let dir = try LanguageServerTests.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Repo.path("examples/seed.cq"), toPath: dir + "/seed.cq")
        let uri = "file://\(dir)/questions.cq"
        let text = """
            load "seed.cq"
            load "missing.cq"
            claims where source = "Shin Wonsik" and qty > 1M
            let big = claims where qty > 1M
            count big where unit = "shells"
            """
        let client = try Client()
        _ = client.request("initialize", ["capabilities": [:]])
        client.open(uri, text)
        // The only problem: the file that is not there, pointed at in the `load`.
        let diagnostics = try #require(client.diagnostics(uri))
        #expect(diagnostics.count == 1)
        #expect(LanguageServerTests.start(diagnostics.first?["range"]) == [1, 5])
        #expect((diagnostics.first?["message"] as? String)?.contains("missing.cq") == true)

        // A name from the loaded data completes inside the string, closing it.
        let completion = client.request("textDocument/completion", LanguageServerTests.at(uri, 2, 29))
        let items = ((completion?["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []
        #expect(items.map { $0["label"] as? String } == ["Shin Won-sik"])
        // The string is closed already (`"Shin W|onsik"`): no second quote.
        #expect((items.first?["textEdit"] as? [String: Any])?["newText"] as? String == "Shin Won-sik")

        // Hover on the string: who it names, with the claim count from the loaded data.
        let hover = client.request("textDocument/hover", LanguageServerTests.at(uri, 2, 25))
        let value = (((hover?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String) ?? ""
        #expect(value.contains("Shin Won-sik") && value.contains("claims as source"), "\(value)")
        let expected = try seedGraph().snapshot
        let shin = try #require(expected.entities.idIndex["shin_won_sik"])
        #expect(value.contains("\(expected.index.claimsBySource.span(shin).count) claims as source"), "\(value)")

        // A field's type; a keyword's help.
        let field = client.request("textDocument/hover", LanguageServerTests.at(uri, 2, 41))
        #expect(((field?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String == "`qty`: number, a field of claims")
        let keyword = client.request("textDocument/hover", LanguageServerTests.at(uri, 0, 2))
        #expect((((keyword?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String)?.hasPrefix("`load`:") == true)

        // `let` names: definition, references, and completion after `count`.
        let definition = client.request("textDocument/definition", LanguageServerTests.at(uri, 4, 7))
        #expect(LanguageServerTests.start((definition?["result"] as? [String: Any])?["range"]) == [3, 4])
        let refs = client.request("textDocument/references", LanguageServerTests.at(uri, 3, 5).merging(["context": ["includeDeclaration": true]]) { a, _ in a })
        #expect((refs?["result"] as? [[String: Any]])?.map { LanguageServerTests.start($0["range"]) } == [[3, 4], [4, 6]])
        #expect(client.finish() == 0)
    }

    @Test func declarationsHaveSymbolsDefinitionsAndIdCompletion() throws {
        let uri = "file:///tmp/decls.cq"
        let text = """
            entity shin: person "Shin Won-sik" { aliases: ["Shin"] }
            entity wh: organisation "White House"
            document d1: "Briefing" { publisher: wh }
            claim c1: shin said "shells" { qty: 3M, unit: "shells", source: shin, doc: d1, qualifier: at_least }
            claim c2: wh said "containers" {
              source: wh
            }
            """
        let client = try Client()
        _ = client.request("initialize", ["capabilities": [:]])
        client.open(uri, text)
        _ = client.diagnostics(uri)
        let symbols = (client.request("textDocument/documentSymbol", ["textDocument": ["uri": uri]])?["result"] as? [[String: Any]]) ?? []
        #expect(symbols.map { $0["name"] as? String } == ["shin", "wh", "d1", "c1", "c2"])
        #expect(symbols.map { $0["kind"] as? Int } == [19, 19, 1, 24, 24])
        #expect(symbols.first?["detail"] as? String == "Shin Won-sik (person)")

        // `shin` appears as c1's subject and source; all three places are references.
        let refs = client.request("textDocument/references", LanguageServerTests.at(uri, 0, 8).merging(["context": ["includeDeclaration": false]]) { a, _ in a })
        #expect((refs?["result"] as? [[String: Any]])?.map { LanguageServerTests.start($0["range"]) } == [[3, 10], [3, 64]])
        let doc = client.request("textDocument/definition", LanguageServerTests.at(uri, 3, 76))
        #expect(LanguageServerTests.start((doc?["result"] as? [String: Any])?["range"]) == [2, 9])
        let hover = client.request("textDocument/hover", LanguageServerTests.at(uri, 3, 7))
        let value = ((hover?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
        #expect(value == "claim `c1`: Shin Won-sik said \"shells\"\n\n3000000 shells (at_least) · source Shin Won-sik · in d1")

        // Inside a block, after `source:`, the ids a value may name.
        let ids = client.request("textDocument/completion", LanguageServerTests.at(uri, 5, 10))
        let labels = (((ids?["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String }
        #expect(labels == ["shin", "wh"])
        #expect(client.finish() == 0)
    }

    @Test func incrementalEditsAndFormatting() throws {
        let uri = "file:///tmp/edits.cq"
        let client = try Client()
        _ = client.request("initialize", ["capabilities": [:]])
        client.open(uri, "count claims where qyt > 1\n")
        #expect(client.diagnostics(uri)?.count == 1)
        func change(_ line: Int, _ from: Int, _ to: Int, _ text: String, version: Int) {
            client.notify("textDocument/didChange", [
                "textDocument": ["uri": uri, "version": version],
                "contentChanges": [["range": ["start": LanguageServerTests.position(line, from), "end": LanguageServerTests.position(line, to)], "text": text]],
            ])
        }
        change(0, 19, 22, "qty", version: 2)
        #expect(client.diagnostics(uri)?.isEmpty == true)
        // Two edits in one message, and an insertion of a new line with non-ASCII text.
        change(0, 0, 0, "-- «note»\n", version: 3)
        #expect(client.diagnostics(uri)?.isEmpty == true)
        change(1, 12, 12, "   ", version: 4)
        #expect(client.diagnostics(uri)?.isEmpty == true)
        let format = client.request("textDocument/formatting", ["textDocument": ["uri": uri], "options": ["tabSize": 2, "insertSpaces": true]])
        let edits = (format?["result"] as? [[String: Any]]) ?? []
        #expect(edits.count == 1)
        #expect(edits.first?["newText"] as? String == "-- «note»\ncount claims where qty > 1\n")
        // A file that does not parse is not formatted: a request error, the server lives on.
        change(1, 0, 0, "claims where (", version: 5)
        #expect(client.diagnostics(uri)?.isEmpty == false)
        let failed = client.request("textDocument/formatting", ["textDocument": ["uri": uri]])
        #expect((failed?["error"] as? [String: Any])?["code"] as? Int == -32803)
        #expect(client.finish() == 0)
    }

    @Test func badMessagesAndBadFilesDoNotStopTheServer() throws {
        let client = try Client()
        _ = client.request("initialize", ["capabilities": [:]])
        client.sendRaw(Array("Content-Length: 7\r\n\r\nnot json".utf8.prefix(28)))
        let parseError = client.receive()
        #expect((parseError?["error"] as? [String: Any])?["code"] as? Int == -32700)
        let unknown = client.request("textDocument/inlayHint", [:])
        #expect((unknown?["error"] as? [String: Any])?["code"] as? Int == -32601)
        let unopened = client.request("textDocument/hover", LanguageServerTests.at("file:///nowhere.cq", 0, 0))
        #expect((unopened?["error"] as? [String: Any])?["code"] as? Int == -32602)
        // Every saved fuzz input, opened as a document, then hovered and completed everywhere sampled.
        var opened = 0
        for folder in ["parse", "query", "declarations"] {
            let dir = Repo.path("Tests/Fuzz/corpus/" + folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted().prefix(40) {
                let data = FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
                let uri = "file:///tmp/fuzz-\(folder)-\(name).cq"
                client.open(uri, String(decoding: data, as: UTF8.self))
                #expect(client.diagnostics(uri) != nil, "\(folder)/\(name)")
                for (line, character) in [(0, 0), (0, 5), (1, 3), (3, 100)] {
                    #expect(client.request("textDocument/hover", LanguageServerTests.at(uri, line, character)) != nil)
                    #expect(client.request("textDocument/completion", LanguageServerTests.at(uri, line, character)) != nil)
                }
                opened += 1
            }
        }
        #expect(opened >= 20)
        #expect(client.finish() == 0)
    }

    @Test func exitWithoutShutdownIsAnError() throws {
        let client = try Client()
        _ = client.request("initialize", ["capabilities": [:]])
        client.notify("exit", [:])
        client.process.waitUntilExit()
        #expect(client.process.terminationStatus == 1)
    }

    // MARK: Neovim

    @Test func neovimsClientSeesDiagnosticsCompletionHoverAndFormatting() throws {
        let nvim = ["/usr/bin/nvim", "/usr/local/bin/nvim"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let binary = try #require(nvim, "Neovim is not installed (apt-get install neovim)")
        let dir = try LanguageServerTests.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Repo.path("Tests/ClaimQLTests/Fixtures/nvim/script.cq"), toPath: dir + "/script.cq")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["--headless", "-n", "-i", "NONE", "-u", Repo.path("Tests/ClaimQLTests/Fixtures/nvim/lsp-test.lua"), "script.cq"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        env["CLAIMQL_BIN"] = Repo.binary
        env["CLAIMQL_NVIM_OUT"] = dir + "/out.json"
        env["HOME"] = dir   // no user configuration
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if p.isRunning { p.terminate() } }
        p.waitUntilExit()
        let data = try #require(FileManager.default.contents(atPath: dir + "/out.json"), "Neovim wrote nothing")
        let out = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(out["error"] == nil, "\(out["error"] ?? "")")
        // The misspelt field on line 5, after "é日本": Neovim's columns are bytes in the
        // buffer, so the server's UTF-16 position was converted back exactly.
        let diagnostics = out["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["lnum"] as? Int == 4)
        #expect(diagnostics.first?["col"] as? Int == 40)
        #expect(diagnostics.first?["end_col"] as? Int == 43)
        #expect((diagnostics.first?["message"] as? String)?.contains("did you mean `qty`") == true)
        #expect(out["completion"] as? [String] == ["Shin Won-sik"])
        #expect((out["hover"] as? String)?.contains("**Shin Won-sik** (person)") == true)
        #expect((out["hover"] as? String)?.contains("1 claim as source") == true)
        let definition = out["definition"] as? [String: Any]
        #expect(definition?["line"] as? Int == 0 && definition?["character"] as? Int == 7)
        let formatted = out["formatted"] as? [String] ?? []
        #expect(formatted.count == 5)
        #expect(formatted.count == 5 && formatted[3] == "claims where source = \"Shin\"")
        #expect(out["cleared"] as? Bool == true)
    }
}
