/// The question line: a title rule that also carries messages, then `› ` and the text.
enum InputView {
    static let prompt = "问› "

    static func textWidth(_ rect: Rect) -> Int { rect.width - TerminalWidth.of(prompt) - 1 }

    /// Draws the field; returns where the terminal cursor belongs (when the input has focus).
    static func draw(_ state: AppState, in grid: inout Grid, rect: Rect) -> (x: Int, y: Int)? {
        let message = state.flash.map { ($0.text, $0.kind == .error ? Theme.error : Theme.info) }
        PaneTitle.draw(
            "提问", right: message?.0 ?? "", rightStyle: message?.1 ?? Theme.label, focused: state.focus == .input,
            in: &grid, rect: rect)
        let y = rect.y + 1
        let promptWidth = grid.put(prompt, x: rect.x, y: y, style: state.focus == .input ? Theme.value : Theme.label)
        let width = textWidth(rect)
        if state.input.isEmpty {
            let hint = state.identity == nil ? "先按 Ctrl-E 设置孕妇ID和身份" : "输入问题，回车提交（支持中文）"
            grid.put(hint, x: rect.x + promptWidth, y: y, style: Theme.placeholder, limit: width)
        }
        let (text, cursorX) = state.input.visible(width: width)
        grid.put(text, x: rect.x + promptWidth, y: y, limit: width)
        return state.focus == .input && state.modal == nil ? (rect.x + promptWidth + cursorX, y) : nil
    }
}
