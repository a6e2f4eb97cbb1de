/// The rule at the top of a pane: `─ 任务 12 ───────── right text ─`, highlighted when focused.
enum PaneTitle {
    static func draw(
        _ title: String, right: String = "", rightStyle: Style = Theme.label, focused: Bool, in grid: inout Grid,
        rect: Rect
    ) {
        grid.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, character: "─", style: Theme.paneTitle)
        let used = grid.put(
            " \(title) ", x: rect.x + 1, y: rect.y, style: focused ? Theme.focusedPaneTitle : Theme.value,
            limit: rect.width - 2)
        guard !right.isEmpty else { return }
        let room = rect.width - used - 4
        guard room > 3 else { return }
        let shown = " " + TextLayout.truncate(right, to: room - 2) + " "
        grid.put(shown, x: rect.x + rect.width - 1 - TerminalWidth.of(shown), y: rect.y, style: rightStyle)
    }
}
