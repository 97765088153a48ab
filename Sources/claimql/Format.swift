import ArgumentParser
import ClaimQL
import Foundation

/// `claimql fmt FILE...`: rewrites scripts in the canonical layout (the library's
/// `Formatter`, the same code the language server formats with).
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Lay out ClaimQL files canonically: spacing, indentation, comments kept.",
        discussion: """
            Rewrites each FILE in place (through a temporary file and a rename). With --check, \
            writes nothing: lists the files that are not formatted and exits 1 if there are any, \
            for CI. `-` formats stdin to stdout. A file with a syntax error is left as it is and \
            the error reported (exit 65); a missing file exits 66.
            """)

    @Argument(help: ArgumentHelp("Scripts to format (`-` for stdin).", valueName: "FILE"))
    var files: [String]

    @Flag(name: .customLong("check"), help: "Write nothing; list unformatted files and exit 1 if any.")
    var check = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file, or - for stdin") }
    }

    func run() throws {
        let console = Console()
        var status: Int32 = ExitStatus.ok
        var unformatted: [String] = []
        for path in files {
            let isStdin = path == "-"
            let data = isStdin ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
            guard let data else {
                console.writeErr("cannot open \(path): no such file\n")
                status = max(status, ExitStatus.noInput)
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            let formatted: String
            do { formatted = try Formatter.format(text, name: isStdin ? "<stdin>" : path) } catch {
                console.report(error)
                status = ExitStatus.badInput
                continue
            }
            if check {
                if formatted != text { unformatted.append(path); print(path) }
                continue
            }
            if isStdin {
                FileHandle.standardOutput.write(Data(formatted.utf8))
            } else if formatted != text {
                do {
                    // Through a temporary file and a rename: an interrupted run never
                    // leaves half a script.
                    try Data(formatted.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    console.writeErr("cannot write \(path): \(error.localizedDescription)\n")
                    status = ExitStatus.failure
                }
            }
        }
        if status != ExitStatus.ok { throw ExitCode(status) }
        if check, !unformatted.isEmpty { throw ExitCode(1) }
    }
}
