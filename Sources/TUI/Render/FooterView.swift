/// The key hints along the bottom row. When they do not all fit, the least important go first,
/// so the identity, cancel, burst, help and quit keys are always listed.
enum FooterView {
    /// Hints in display order, each with its importance (lower = dropped last).
    private static let hints: [(key: String, label: String, rank: Int)] = [
        ("Enter", "提交", 8), ("Tab", "切换", 6), ("↑↓", "选择", 7), ("PgUp/PgDn", "滚动", 9),
        ("^X", "取消", 2), ("^B", "批量", 3), ("^N", "新对话", 5), ("^E", "身份", 0),
        ("F1/?", "帮助", 4), ("^C", "退出", 1),
    ]

    static func draw(in grid: inout Grid, rect: Rect) {
        let width = { (hint: (key: String, label: String, rank: Int)) in
            TerminalWidth.of(hint.key) + 1 + TerminalWidth.of(hint.label) + 2
        }
        var shown = hints
        while shown.map(width).reduce(0, +) > rect.width, let drop = shown.max(by: { $0.rank < $1.rank }) {
            shown.removeAll { $0.key == drop.key }
        }
        var x = rect.x
        for hint in shown {
            x += grid.put(hint.key, x: x, y: rect.y, style: Theme.hintKey)
            x += grid.put(" " + hint.label + "  ", x: x, y: rect.y, style: Theme.hint, limit: rect.x + rect.width - x)
        }
    }
}
