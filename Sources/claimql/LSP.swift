import ArgumentParser
import ClaimQLLanguageServer

/// `claimql lsp`: a language server on stdin/stdout, for any LSP client (README: Editors).
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol on stdin/stdout (diagnostics, completion, hover, formatting).")

    func run() throws {
        let status = LanguageServer().run()
        if status != 0 { throw ExitCode(status) }
    }
}
