import CReadline
import ClaimQL
import Foundation

/// GNU readline behind a small Swift interface: edited lines, history in a file, and
/// completion from `Session.completions`.
final class LineEditor {
    /// The session completion asks. Readline calls back on the main thread, inside
    /// `readLine`, so this is only touched from there.
    nonisolated(unsafe) static var session: Session?
    /// Lines already entered of the statement being typed (completion sees them too).
    nonisolated(unsafe) static var pending = ""
    static let dotCommands = [".help", ".load", ".read", ".extract", ".save", ".open", ".export", ".mode", ".chart", ".timer", ".schema", ".maxrows", ".quit", ".exit"]

    let historyFile: String?

    init(session: Session, historyFile: String?) {
        self.historyFile = historyFile
        LineEditor.session = session
        claimql_set_name("claimql")
        claimql_set_completer(complete)
        rl_variable_bind("completion-ignore-case", "on")
        using_history()
        stifle_history(2000)
        if let historyFile { _ = read_history(historyFile) }
        claimql_install_sigint()
    }

    enum Input { case line(String), interrupted, end }

    /// Ctrl-C was pressed since the last line was read (a running query polls this).
    /// Only this file may touch the shim's signal state; see shim.h.
    static func interruptPending() -> Bool { claimql_interrupt_pending() != 0 }

    /// Forgets a Ctrl-C that arrived while a statement ran.
    static func clearInterrupt() { _ = claimql_take_interrupt() }

    func readLine(prompt: String) -> Input {
        var interrupted: Int32 = 0
        guard let raw = claimql_read_line(prompt, &interrupted) else {
            return interrupted != 0 ? .interrupted : .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Adds a statement to the history (one entry, even when typed on several lines).
    func remember(_ statement: String) {
        // One line per entry: line breaks become spaces, except inside a string, where
        // a space would change the text.
        var entry = ""
        var inString = false, escaped = false
        for ch in statement.trimmingCharacters(in: .whitespacesAndNewlines) {
            if inString {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
            } else if ch == "\"" {
                inString = true
            }
            entry.append(ch == "\n" && !inString ? " " : ch)
        }
        guard !entry.isEmpty else { return }
        add_history(entry)
        if let historyFile {
            if !FileManager.default.fileExists(atPath: historyFile) {
                _ = FileManager.default.createFile(atPath: historyFile, contents: nil)
            }
            _ = append_history(1, historyFile)
        }
    }

    func close() {
        if let historyFile { _ = history_truncate_file(historyFile, 2000) }
    }
}

/// Readline's completion hook: candidates for the word at the cursor.
private func complete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    claimql_completion_over(1)
    let line = String(cString: claimql_line_buffer())
    let prefix = String(decoding: line.utf8.prefix(Int(end)), as: UTF8.self)
    let word = text.map { String(cString: $0) } ?? ""
    let trimmed = prefix.trimmingCharacters(in: .whitespaces)
    if LineEditor.pending.isEmpty && trimmed.hasPrefix(".") {
        if [".read ", ".load ", ".extract ", ".save ", ".open ", ".export "].contains(where: trimmed.hasPrefix) {
            claimql_completion_over(0) // readline's own file-name completion
            return nil
        }
        if trimmed.hasPrefix(".mode ") {
            return matches(["table", "json", "jsonl", "csv", "line"].filter { $0.hasPrefix(word) })
        }
        if trimmed.hasPrefix(".timer ") { return matches(["on", "off"].filter { $0.hasPrefix(word) }) }
        // `.` is a word break, so the word is the command name without its dot.
        return matches(LineEditor.dotCommands.map { String($0.dropFirst()) }.filter { $0.hasPrefix(word) })
    }
    if let loadRange = prefix.range(of: "load \"", options: .backwards),
       !prefix[loadRange.upperBound...].contains("\"") {
        claimql_completion_over(0)
        return nil
    }
    guard let session = LineEditor.session else { return nil }
    let context = LineEditor.pending + prefix
    let c = session.completions(in: context, at: context.utf8.count)
    if c.inString {
        // A unique name is closed with its quote; readline adds none after a quote.
        claimql_completion_append(0)
        if c.candidates.count == 1 { return matches([c.candidates[0] + "\""]) }
    }
    return matches(c.candidates)
}

/// Builds readline's match array: [common prefix, match...].
private func matches(_ candidates: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard !candidates.isEmpty else { return nil }
    var common = candidates[0]
    for c in candidates.dropFirst() {
        while !c.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
    }
    // readline frees the array and its strings with free(), so both come from malloc.
    let size = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (candidates.count + 2)
    let list = malloc(size)!.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: candidates.count + 2)
    list[0] = strdup(candidates.count == 1 ? candidates[0] : common)
    if candidates.count == 1 {
        list[1] = nil
    } else {
        for (i, c) in candidates.enumerated() { list[i + 1] = strdup(c) }
        list[candidates.count + 1] = nil
    }
    return list
}
