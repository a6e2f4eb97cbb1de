import Engine

/// The identity dialog: maternal id field, the four user types, the error if any, the keys.
enum IdentityDialogView {
    /// Draws the dialog; returns where the cursor goes while the id field is active.
    static func draw(_ form: IdentityForm, in grid: inout Grid) -> CursorPosition? {
        let inside = Box.draw("设置身份", in: &grid, rect: Box.centered(width: 56, height: 13, in: grid))
        var y = inside.y
        func line(_ text: String, _ style: Style = .plain, x: Int? = nil) {
            if y < inside.y + inside.height {
                grid.put(text, x: x ?? inside.x, y: y, style: style, limit: inside.width)
            }
            y += 1
        }
        let idActive = form.field == .maternalID
        line("孕妇ID（maternal_id，正整数）", idActive ? Theme.value : Theme.label)
        let fieldWidth = min(24, inside.width - 2)
        let fieldY = y
        grid.fill(x: inside.x, y: y, width: fieldWidth + 2, height: 1, style: Style(attributes: [.underline]))
        let (text, cursorX) = form.maternalID.visible(width: fieldWidth)
        line("[" + text, Style(attributes: idActive ? [.bold, .underline] : [.underline]))
        grid.put("]", x: inside.x + fieldWidth + 1, y: fieldY, style: .plain)
        y += 1
        line("用户类型（user_type）", idActive ? Theme.label : Theme.value)
        for (index, type) in UserType.allCases.enumerated() {
            let chosen = index == form.userTypeIndex
            let label = type.label.padding(toColumns: 8)
            let style = chosen && !idActive ? Theme.selectedOption : (chosen ? Theme.value : .plain)
            line(" \(index + 1) \(chosen ? "(•)" : "( )") \(label) \(type.rawValue) ", style)
        }
        y += 1
        if let error = form.error { line("✗ " + error, Theme.error) } else { y += 1 }
        line("Tab 切换  ↑↓/1-4 选择类型  Enter 确定  Esc 取消", Theme.label)
        return idActive ? CursorPosition(x: inside.x + 1 + cursorX, y: fieldY) : nil
    }
}

extension String {
    /// Pads with spaces to `columns` terminal columns (CJK counts double).
    func padding(toColumns columns: Int) -> String {
        self + String(repeating: " ", count: max(0, columns - TerminalWidth.of(self)))
    }
}
