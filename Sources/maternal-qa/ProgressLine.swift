import Engine
import Foundation

/// Shows a task's progress on stderr: one redrawn line on a terminal, one line per change otherwise.
final class ProgressLine {
    private let interactive = isatty(STDERR_FILENO) == 1
    private var last = ""

    func show(_ snapshot: TaskSnapshot) {
        var line = "[\(String(repeating: " ", count: max(0, 3 - String(snapshot.progress).count)))\(snapshot.progress)%] \(snapshot.status.rawValue) · \(snapshot.stage.rawValue)"
        if let position = snapshot.queuePosition { line += " · queue position \(position)" }
        guard line != last else { return }
        last = line
        write(interactive ? "\r\u{1B}[2K" + line : line + "\n")
    }

    func end() {
        if interactive, !last.isEmpty { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Prints a finished task: the reply and its references, or the failure.
enum AnswerPrinter {
    static func print(_ snapshot: TaskSnapshot, json: Bool) throws {
        guard snapshot.status == .completed, let result = snapshot.result else {
            let code = snapshot.errorCode?.rawValue ?? "unknown"
            throw CLIFailure.failed("task \(snapshot.id) failed (\(code)): \(snapshot.error ?? "no reason given")")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let body = Envelope<QAResult>.success(result)
            Swift.print(String(decoding: try encoder.encode(body), as: UTF8.self))
            return
        }
        guard let reply = result.reply else { return }
        if let level = reply.triage?.level, level != .routine {
            Swift.print("【分诊：\(level.rawValue)】")
        }
        Swift.print(reply.content)
        if let references = reply.references, !references.isEmpty {
            Swift.print("\n参考资料：")
            for reference in references {
                Swift.print("- \(reference.title)（\(reference.source)\(reference.url.map { " \($0)" } ?? "")）")
            }
        }
        Swift.print("\nchat_id: \(result.chatMeta.chatID)")
    }
}
