/// A framed box drawn over whatever is below it (dialogs).
enum Box {
    /// Clears `rect`, draws its frame with `title` on the top edge, and returns the inside.
    @discardableResult
    static func draw(_ title: String, in grid: inout Grid, rect: Rect) -> Rect {
        grid.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style: Theme.dialog)
        let right = rect.x + rect.width - 1
        let bottom = rect.y + rect.height - 1
        grid.fill(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1, character: "─", style: Theme.dialogBorder)
        grid.fill(x: rect.x + 1, y: bottom, width: rect.width - 2, height: 1, character: "─", style: Theme.dialogBorder)
        grid.fill(
            x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2, character: "│", style: Theme.dialogBorder)
        grid.fill(x: right, y: rect.y + 1, width: 1, height: rect.height - 2, character: "│", style: Theme.dialogBorder)
        for (x, y, corner) in [
            (rect.x, rect.y, "┌"), (right, rect.y, "┐"), (rect.x, bottom, "└"), (right, bottom, "┘"),
        ] {
            grid.put(corner, x: x, y: y, style: Theme.dialogBorder)
        }
        grid.put(" \(title) ", x: rect.x + 2, y: rect.y, style: Theme.dialogBorder, limit: rect.width - 4)
        return Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }

    /// A rectangle of at most this size, centred on the screen.
    static func centered(width: Int, height: Int, in grid: Grid) -> Rect {
        let w = min(width, grid.width)
        let h = min(height, grid.height)
        return Rect(x: (grid.width - w) / 2, y: (grid.height - h) / 2, width: w, height: h)
    }
}
