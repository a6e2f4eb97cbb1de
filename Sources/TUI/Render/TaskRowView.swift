import Engine
import Foundation

/// One row of the tasks pane:
/// `!! 运行 ████▌░░░░░  45% 生成       12s 孕期可以喝咖啡吗…` (`128字` instead of the stage once
/// the answer is being written), and, for a task another node runs (or ran), its node before the
/// question: `… 12s @host-4242 孕期可以喝咖啡吗…`.
enum TaskRowView {
    static let barWidth = 10

    static func draw(
        _ task: TaskSnapshot, now: Date, in grid: inout Grid, x: Int, y: Int, width: Int, selected: Bool,
        localNode: String? = nil
    ) {
        let stateStyle = Theme.state(task)
        // Triage is stored at intake: the mark is there from the moment the task is submitted.
        let mark = Theme.triageMark(task.triage?.level)
        var column = x
        func field(_ text: String, _ style: Style, columns: Int, rightAligned: Bool = false) {
            let room = min(columns, x + width - column)
            guard room > 0 else { return }
            let shown = TextLayout.truncate(text, to: room)
            let pad = rightAligned ? room - TerminalWidth.of(shown) : 0
            grid.fill(x: column, y: y, width: room, height: 1)
            grid.put(shown, x: column + pad, y: y, style: style, limit: room - pad)
            column += room
        }
        field(mark.text, mark.style, columns: 2)
        field(Labels.state(task), stateStyle, columns: 5)
        field(ProgressBar.text(progress: task.progress, width: barWidth), stateStyle, columns: barWidth)
        field("\(task.progress)%", .plain, columns: 5, rightAligned: true)
        field(" " + Labels.progressNote(task), Theme.label, columns: 9)
        field(Labels.elapsed(elapsed(task, now: now)), .plain, columns: 6, rightAligned: true)
        if let node = task.node, node != localNode {
            field(" @" + node, Theme.label, columns: TerminalWidth.of(node) + 2)
        }
        field(" " + TextLayout.singleLine(task.request.input), .plain, columns: x + width - column)
        if selected { grid.restyle(x: x, y: y, width: width) { $0.attributes.insert(.reverse) } }
    }

    /// From creation to the end (or to now while the task is live): what the asker waited.
    static func elapsed(_ task: TaskSnapshot, now: Date) -> Double {
        (task.completedAt ?? now).timeIntervalSince(task.createdAt)
    }
}
