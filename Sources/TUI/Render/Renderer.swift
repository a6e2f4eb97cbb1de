/// Where the terminal cursor goes after a frame.
public struct CursorPosition: Sendable, Equatable {
    public var x: Int, y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// One rendered screen: the cells, and the cursor (nil hides it).
public struct Frame: Sendable, Equatable {
    public var grid: Grid
    public var cursor: CursorPosition?
}

/// State in, cells out: no terminal involved, so tests and benchmarks render directly.
public enum Renderer {
    public static func render(_ state: AppState) -> Frame {
        var grid = Grid(width: state.width, height: state.height)
        guard let layout = state.layout else {
            TooSmallView.draw(in: &grid)
            return Frame(grid: grid, cursor: nil)
        }
        HeaderView.draw(state, in: &grid, rect: layout.header)
        TaskPaneView.draw(state, in: &grid, rect: layout.tasks)
        if let divider = layout.divider {
            grid.fill(
                x: divider.x, y: divider.y, width: 1, height: divider.height, character: "│", style: Theme.paneTitle)
        }
        ConversationView.draw(state, in: &grid, rect: layout.conversation)
        var cursor = InputView.draw(state, in: &grid, rect: layout.input).map { CursorPosition(x: $0.x, y: $0.y) }
        FooterView.draw(in: &grid, rect: layout.footer)
        switch state.modal {
        case .help:
            HelpView.draw(in: &grid)
        case .identity(let form):
            cursor = IdentityDialogView.draw(form, in: &grid)
        case nil:
            break
        }
        return Frame(grid: grid, cursor: cursor)
    }
}
