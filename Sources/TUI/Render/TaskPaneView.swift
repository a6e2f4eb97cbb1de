/// The tasks pane: one row per task, newest on top, the selected one in reverse video.
enum TaskPaneView {
    static func draw(_ state: AppState, in grid: inout Grid, rect: Rect) {
        let live = state.tasks.liveCount
        PaneTitle.draw(
            "任务 \(state.tasks.count)", right: live > 0 ? "进行中 \(live)" : "", focused: state.focus == .tasks,
            in: &grid, rect: rect)
        let body = rect.belowTitle
        guard !state.tasks.isEmpty else {
            grid.put(
                " 还没有任务：输入问题回车提交，或按 Ctrl-B 提交一批示例", x: body.x, y: body.y, style: Theme.placeholder, limit: body.width)
            return
        }
        for row in 0..<body.height {
            guard let task = state.tasks[state.taskScroll + row] else { break }
            TaskRowView.draw(
                task, now: state.now, in: &grid, x: body.x, y: body.y + row, width: body.width,
                selected: task.id == state.selectedID, localNode: state.node)
        }
        drawScrollHints(state, in: &grid, body: body)
    }

    /// `↑ 3` / `↓ 12` at the right edge tell how many rows are hidden above and below.
    private static func drawScrollHints(_ state: AppState, in grid: inout Grid, body: Rect) {
        let above = state.taskScroll
        let below = state.tasks.count - state.taskScroll - body.height
        if above > 0 {
            let text = "↑\(above)"
            grid.put(
                text, x: body.x + body.width - TerminalWidth.of(text), y: body.y, style: Theme.value.with(.reverse))
        }
        if below > 0 {
            let text = "↓\(below)"
            grid.put(
                text, x: body.x + body.width - TerminalWidth.of(text), y: body.y + body.height - 1,
                style: Theme.value.with(.reverse))
        }
    }
}
