/// The conversation pane: the selected task's status line and triage banner pinned at the top,
/// then its question, answer and references, scrolled by `conversationScroll`.
enum ConversationView {
    /// Where text goes: under the title, one column of margin each side.
    static func textArea(_ rect: Rect) -> Rect {
        let body = rect.belowTitle
        return Rect(x: body.x + 1, y: body.y, width: body.width - 2, height: body.height)
    }

    static func draw(_ state: AppState, in grid: inout Grid, rect: Rect) {
        let area = textArea(rect)
        let body = state.conversationCache.body(of: state.selectedTask, width: area.width)
        let content = ConversationContent(task: state.selectedTask, now: state.now, width: area.width, body: body)
        let visible = max(0, area.height - content.pinned.count)
        let maxScroll = max(0, content.body.count - visible)
        let scroll = min(max(0, state.conversationScroll), maxScroll)

        var position = ""
        if maxScroll > 0 {
            position = "\(scroll + 1)–\(min(content.body.count, scroll + visible))/\(content.body.count) 行"
            if scroll < maxScroll { position += " ↓PgDn" }
        }
        PaneTitle.draw(
            "对话" + (state.selectedTask.map { " " + shortID($0.id) } ?? ""), right: position,
            rightStyle: scroll < maxScroll ? Theme.value : Theme.label, focused: state.focus == .conversation,
            in: &grid, rect: rect)
        for (row, line) in content.pinned.prefix(area.height).enumerated() {
            // Banners reach the pane's edges, past the text margin, so they cannot be overlooked.
            if line.background != nil {
                line.draw(in: &grid, x: area.x - 1, y: area.y + row, width: area.width + 2)
            } else {
                line.draw(in: &grid, x: area.x, y: area.y + row, width: area.width)
            }
        }
        for row in 0..<visible {
            let index = scroll + row
            guard index < content.body.count else { break }
            content.body[index].draw(in: &grid, x: area.x, y: area.y + content.pinned.count + row, width: area.width)
        }
    }

    /// `task_1a2b3c4d`: enough of the id to tell tasks apart on screen.
    static func shortID(_ id: String) -> String { String(id.prefix(13)) }
}
