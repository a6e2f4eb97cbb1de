import Engine
import Foundation

/// Shows a task's progress on stderr: one redrawn line on a terminal, one line per change otherwise.
final class ProgressLine {
    /// stderr is a terminal: the line is redrawn in place.
    let interactive = isatty(STDERR_FILENO) == 1
    private var last = ""

    func show(_ snapshot: TaskSnapshot) {
        var line =
            "[\(String(repeating: " ", count: max(0, 3 - String(snapshot.progress).count)))\(snapshot.progress)%] \(snapshot.status.rawValue) · \(snapshot.stage.rawValue)"
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

/// Writes the answer to stdout as it is written. Once text flows a redrawn progress line stops,
/// so the two do not fight over one terminal (progress written as lines goes on).
final class StreamedAnswer {
    private var follower = AnswerFollower()
    private(set) var started = false

    func show(_ snapshot: TaskSnapshot, progress: ProgressLine) {
        for step in follower.steps(for: snapshot) {
            switch step {
            case .reset:
                // What is on stdout cannot be taken back: say so, and write the new answer below.
                FileHandle.standardError.write(Data("\n（回答中断，任务重新运行；下面是重新生成的回答）\n".utf8))
                FileHandle.standardOutput.write(Data("\n".utf8))
            case .delta(_, let text):
                if !started {
                    started = true
                    progress.end()
                    if let header = AnswerPrinter.header(snapshot.triageSummary.level) {
                        FileHandle.standardOutput.write(Data((header + "\n").utf8))
                    }
                }
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

/// Prints a finished task: the reply (unless it was streamed already) and its references, or the failure.
enum AnswerPrinter {
    static func header(_ level: TriageLevel) -> String? {
        level == .routine ? nil : "【分诊：\(level.rawValue)】"
    }

    static func print(_ snapshot: TaskSnapshot, json: Bool, streamed: Bool = false) throws {
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
        if streamed {
            Swift.print("")
        } else {
            if let header = reply.triage.flatMap({ header($0.level) }) { Swift.print(header) }
            Swift.print(reply.content)
        }
        if let references = reply.references, !references.isEmpty {
            Swift.print("\n参考资料：")
            for reference in references {
                Swift.print("- \(reference.title)（\(reference.source)\(reference.url.map { " \($0)" } ?? "")）")
            }
        }
        Swift.print("\nchat_id: \(result.chatMeta.chatID)")
    }
}
