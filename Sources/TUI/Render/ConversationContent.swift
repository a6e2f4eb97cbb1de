import Engine
import Foundation

/// What the conversation pane shows for a task, laid out for a width: a fixed part (status line
/// and triage banner, which never scroll away) and the scrollable body (the seek-care
/// instruction, question, answer, references). Triage is made when the task is accepted, so the
/// banner and the instruction show from the moment a question is submitted, before any answer.
/// The reducer uses the same layout to scroll, so both agree on line counts.
struct ConversationContent: Equatable {
    var pinned: [StyledLine]
    var body: [StyledLine]

    /// `body` is `body(of: task, width: width)`, laid out by the caller because it is the costly
    /// part and may be kept from earlier (see `ConversationBodyCache`); the pinned part follows the clock.
    init(task: TaskSnapshot?, now: Date, width: Int, body: [StyledLine]) {
        pinned = task.map { [Self.statusLine($0, now: now)] + Self.banner(Self.triage(of: $0), width: width) } ?? []
        self.body = body
    }

    /// The scrollable part for `task` (a welcome when none is selected), laid out for `width`.
    static func body(of task: TaskSnapshot?, width: Int) -> [StyledLine] {
        guard let task else { return welcome(width: width) }
        return instruction(task, triage(of: task), width: width) + exchange(task, width: width)
    }

    /// The task's triage (stored at intake, raised as the run goes), and its reply's once there is one.
    static func triage(of task: TaskSnapshot) -> TriageSummary? {
        guard let reply = task.result?.reply?.triage else { return task.triage }
        return task.triage?.raised(by: reply) ?? reply
    }

    private static func statusLine(_ task: TaskSnapshot, now: Date) -> StyledLine {
        let style = Theme.state(task)
        var spans: [StyledLine.Span] = [
            .init(text: Labels.state(task) + " ", style: style),
            .init(text: ProgressBar.text(progress: task.progress, width: TaskRowView.barWidth), style: style),
            .init(text: " \(task.progress)% ", style: .plain),
        ]
        let note = Labels.progressNote(task)
        if !note.isEmpty { spans.append(.init(text: note + " ", style: Theme.label)) }
        spans.append(.init(text: Labels.elapsed(TaskRowView.elapsed(task, now: now)), style: .plain))
        spans.append(
            .init(text: "  孕妇ID \(task.request.maternalID) · \(task.request.userType.label)", style: Theme.label))
        return StyledLine(spans)
    }

    /// Emergency and urgent triage get a full-width banner above everything else.
    private static func banner(_ triage: TriageSummary?, width: Int) -> [StyledLine] {
        let headline: String
        let style: Style
        switch triage?.level {
        case .emergency:
            (headline, style) = ("!! 紧急情况：请立即就医，必要时拨打 120 !!", Theme.emergencyBanner)
        case .urgent:
            (headline, style) = ("! 需尽快就医：请今天联系医生或到医院检查 !", Theme.urgentBanner)
        case .routine, nil:
            return []
        }
        var lines = [centered(headline, style: style, width: width)]
        if let signs = triage?.signs, !signs.isEmpty {
            lines.append(
                centered("危险征象：" + signs.map(Labels.dangerSign).joined(separator: "、"), style: style, width: width))
        }
        return lines
    }

    /// The project's seek-care instruction for an urgent or emergency question, atop the
    /// conversation while there is no answer (an answer, written or being written, opens with it).
    private static func instruction(_ task: TaskSnapshot, _ triage: TriageSummary?, width: Int) -> [StyledLine] {
        guard let triage, task.result?.reply == nil, task.answerSoFar == nil,
            let text = TriageEngine.instruction(for: triage)
        else { return [] }
        let style = triage.level == .emergency ? Theme.emergencyText : Theme.urgentText
        return StyledLine.labelled("就医：", style, text, style, width: width) + [.blank]
    }

    private static func centered(_ text: String, style: Style, width: Int) -> StyledLine {
        let shown = TextLayout.truncate(text, to: width)
        let pad = max(0, (width - TerminalWidth.of(shown)) / 2)
        return StyledLine(String(repeating: " ", count: pad) + shown, style, background: style)
    }

    /// The question, then the answer (or where it stands) and its references.
    private static func exchange(_ task: TaskSnapshot, width: Int) -> [StyledLine] {
        var lines = StyledLine.labelled("问：", Theme.questionLabel, task.request.input, .plain, width: width)
        lines.append(.blank)
        switch task.status {
        case .pending:
            let place = task.queuePosition.map { "，第 \($0) 位" } ?? ""
            lines += StyledLine.labelled(
                "答：", Theme.answerLabel, "（排队等待空闲的工作者\(place)）", Theme.placeholder, width: width)
        case .running:
            if let soFar = task.answerSoFar {
                lines += writing(soFar.text, width: width)
            } else {
                lines += StyledLine.labelled(
                    "答：", Theme.answerLabel, "（\(Labels.stage(task.stage))中… \(task.progress)%）", Theme.placeholder,
                    width: width)
            }
        case .failed:
            let reason = "\(task.error ?? Labels.errorCode(task.errorCode))（\(task.errorCode?.rawValue ?? "failed")）"
            lines += StyledLine.labelled("失败：", Theme.error, reason, Theme.error, width: width)
        case .completed:
            let reply = task.result?.reply
            lines += StyledLine.labelled("答：", Theme.answerLabel, reply?.content ?? "（没有回答）", .plain, width: width)
            if let references = reply?.references, !references.isEmpty {
                lines += [.blank, StyledLine("参考资料", Theme.heading)]
                for (index, reference) in references.enumerated() {
                    lines += StyledLine.labelled(
                        "[\(index + 1)] ", Theme.label, "\(reference.title) — \(reference.source)", .plain, width: width
                    )
                    if let url = reference.url {
                        lines += StyledLine.labelled("    ", Theme.label, url, Theme.label, width: width)
                    }
                }
            }
        }
        return lines
    }

    /// An answer being written: wrapped like a finished one, so the finished answer takes its
    /// place line for line, with the writing mark after its last character (on a line of its
    /// own when the last one is full).
    private static func writing(_ text: String, width: Int) -> [StyledLine] {
        let label = "答："
        var lines = StyledLine.labelled(label, Theme.answerLabel, text, .plain, width: width)
        let mark = StyledLine.Span(text: "▌", style: Theme.writingMark)
        if let last = lines.indices.last, lines[last].width < width {
            lines[last].spans.append(mark)
        } else {
            lines.append(
                StyledLine([.init(text: String(repeating: " ", count: TerminalWidth.of(label)), style: .plain), mark]))
        }
        return lines
    }

    private static func welcome(width: Int) -> [StyledLine] {
        let text = """
            还没有选中的任务。在下方输入问题，按回车提交；每个问题都是一个异步任务，在上方任务栏里显示进度。
            Ctrl-B 一次提交一批示例问题，看多个任务同时运行；Ctrl-E 修改孕妇ID和身份；F1 查看全部按键。
            """
        return text.split(separator: "\n").flatMap { paragraph in
            TextLayout.wrap(String(paragraph), width: width).map { StyledLine($0, Theme.placeholder) } + [.blank]
        }
    }
}
