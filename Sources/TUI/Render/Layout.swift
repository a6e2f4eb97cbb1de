/// A rectangle of the screen, in cells.
public struct Rect: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// Everything below the first row (a pane's body under its title).
    var belowTitle: Rect { Rect(x: x, y: y + 1, width: width, height: height - 1) }
}

/// Where each part of the screen goes at a given size. Narrow terminals stack the tasks pane
/// over the conversation; wide ones put them side by side.
public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    /// From this width on the panes sit side by side.
    static let sideBySideWidth = 110

    public var header: Rect
    /// Title row plus task rows.
    public var tasks: Rect
    /// Title row plus conversation lines.
    public var conversation: Rect
    /// The column between side-by-side panes, if any.
    public var divider: Rect?
    /// Title row (with messages) plus the input row.
    public var input: Rect
    public var footer: Rect

    /// nil when the terminal is below the minimum size.
    public init?(width: Int, height: Int) {
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else { return nil }
        header = Rect(x: 0, y: 0, width: width, height: 2)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        input = Rect(x: 0, y: height - 3, width: width, height: 2)
        let bodyTop = 2
        let bodyHeight = height - 5
        if width >= Self.sideBySideWidth {
            let tasksWidth = width / 2
            tasks = Rect(x: 0, y: bodyTop, width: tasksWidth, height: bodyHeight)
            divider = Rect(x: tasksWidth, y: bodyTop, width: 1, height: bodyHeight)
            conversation = Rect(x: tasksWidth + 1, y: bodyTop, width: width - tasksWidth - 1, height: bodyHeight)
        } else {
            let tasksHeight = max(4, bodyHeight * 2 / 5)
            tasks = Rect(x: 0, y: bodyTop, width: width, height: tasksHeight)
            divider = nil
            conversation = Rect(x: 0, y: bodyTop + tasksHeight, width: width, height: bodyHeight - tasksHeight)
        }
    }

    /// How many task rows fit.
    public var taskRows: Int { tasks.height - 1 }
}
