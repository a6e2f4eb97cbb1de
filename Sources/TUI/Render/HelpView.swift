/// Every key, over the panes; any key closes it.
enum HelpView {
    private static let lines: [(String, Style)] = [
        ("输入框", Theme.heading),
        ("  Enter            提交问题（空内容不会提交）", .plain),
        ("  ←/→  Home/End    按字移动光标（中文一个字占两列）", .plain),
        ("  Backspace/Delete 删除光标前/后的一个字；^U 清空", .plain),
        ("任意位置", Theme.heading),
        ("  Tab / Shift-Tab  切换焦点：提问 → 任务 → 对话", .plain),
        ("  ↑/↓              选择任务（对话栏里：滚动一行）", .plain),
        ("  PgUp/PgDn        翻页查看回答", .plain),
        ("  ^E 或 F2         修改孕妇ID和身份", .plain),
        ("  ^N 或 F3         开始新对话", .plain),
        ("  ^B 或 F4         一次提交一批示例问题（并发演示）", .plain),
        ("  ^X 或 F8         取消选中的任务", .plain),
        ("  F1，或 ?         显示本帮助（输入框为空时可按 ?）", .plain),
        ("  ^C、^Q 或 F10    退出（运行中的任务下次启动时继续）", .plain),
        ("任务栏 / 对话栏中的单键", Theme.heading),
        ("  c 取消  b 批量  n 新对话  i 身份  j/k 上下  q 退出", .plain),
        ("  其他字符直接开始输入问题", .plain),
        ("", .plain),
        ("按任意键关闭", Theme.label),
    ]

    static func draw(in grid: inout Grid) {
        let width = (lines.map { TerminalWidth.of($0.0) }.max() ?? 0) + 6
        let inside = Box.draw("帮助", in: &grid, rect: Box.centered(width: width, height: lines.count + 2, in: grid))
        for (row, line) in lines.prefix(inside.height).enumerated() {
            grid.put(line.0, x: inside.x, y: inside.y + row, style: line.1, limit: inside.width)
        }
    }
}
