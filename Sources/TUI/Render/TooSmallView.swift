/// Shown instead of the panes below the minimum size; resizing back restores everything.
enum TooSmallView {
    static func draw(in grid: inout Grid) {
        let lines = [
            "终端太小 · terminal too small",
            "需要至少 \(Layout.minimumWidth)×\(Layout.minimumHeight)，当前 \(grid.width)×\(grid.height)",
            "请放大窗口（Ctrl-C 退出）",
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let shown = TextLayout.truncate(line, to: grid.width)
            let x = max(0, (grid.width - TerminalWidth.of(shown)) / 2)
            grid.put(shown, x: x, y: top + index, style: index == 0 ? Theme.error : .plain)
        }
    }
}
