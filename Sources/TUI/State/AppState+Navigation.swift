import Engine

/// Selection and scrolling. They depend on how much fits on screen, so they use the same
/// `Layout` and `ConversationContent` the renderer draws with.
extension AppState {
    /// Lines kept above new text when following it.
    static let followContext = 2

    var layout: Layout? { Layout(width: width, height: height) }

    /// The selected task's conversation laid out for the current size, and how many body lines
    /// show. The body is kept for the next update and frame.
    mutating func conversationView() -> (content: ConversationContent, visibleLines: Int)? {
        guard let layout else { return nil }
        let area = ConversationView.textArea(layout.conversation)
        let body = conversationCache.update(for: selectedTask, width: area.width)
        let content = ConversationContent(task: selectedTask, now: now, width: area.width, body: body)
        return (content, max(1, area.height - content.pinned.count))
    }

    /// Takes in a task snapshot from anywhere. The first task seen gets selected; the selected
    /// one keeps new text in view while the conversation follows it. A new task shows
    /// on top when the list is scrolled to the top; when it is scrolled down, the rows in view stay put.
    mutating func absorb(_ snapshot: TaskSnapshot, selectingFirst: Bool = true) {
        let before = selectedID == snapshot.id ? conversationView() : nil
        let isNew = tasks[snapshot.id] == nil
        guard tasks.merge(snapshot) else { return }
        if isNew, taskScroll > 0, let position = tasks.position(of: snapshot.id), position < taskScroll {
            taskScroll += 1
        }
        if selectedID == nil, selectingFirst {
            select(snapshot.id)
        } else if let before {
            follow(from: before)
        }
    }

    mutating func select(_ id: String) {
        let isOther = selectedID != id
        selectedID = id
        keepSelectionVisible()
        if isOther {
            conversationScroll = 0
            conversationFollows = isConversationAtBottom()
        }
    }

    mutating func moveSelection(by delta: Int) {
        guard !tasks.isEmpty else { return }
        let current = selectedID.flatMap { tasks.position(of: $0) }
        selectPosition(current.map { $0 + delta } ?? 0)
    }

    mutating func selectPosition(_ position: Int) {
        guard !tasks.isEmpty, let task = tasks[min(max(0, position), tasks.count - 1)] else { return }
        select(task.id)
    }

    /// Scrolls the tasks pane so the selected row shows.
    mutating func keepSelectionVisible() {
        guard let rows = layout?.taskRows, rows > 0 else { return }
        if let position = selectedID.flatMap({ tasks.position(of: $0) }) {
            if position < taskScroll { taskScroll = position }
            if position >= taskScroll + rows { taskScroll = position - rows + 1 }
        }
        taskScroll = min(max(0, taskScroll), max(0, tasks.count - rows))
    }

    mutating func scrollConversation(byPages pages: Int) {
        guard let view = conversationView() else { return }
        scrollConversation(byLines: pages * max(1, view.visibleLines - 1))
    }

    mutating func scrollConversation(byLines lines: Int) {
        conversationScroll += lines
        clampConversationScroll()
        conversationFollows = isConversationAtBottom()
    }

    mutating func scrollConversation(toTop: Bool) {
        conversationScroll = toTop ? 0 : Int.max
        clampConversationScroll()
        conversationFollows = isConversationAtBottom()
    }

    mutating func clampConversationScroll() {
        guard let view = conversationView() else { return }
        conversationScroll = min(max(0, conversationScroll), Self.bottom(of: view))
    }

    /// The conversation's last line is in view.
    mutating func isConversationAtBottom() -> Bool {
        guard let view = conversationView() else { return true }
        return conversationScroll >= Self.bottom(of: view)
    }

    /// The scroll that shows the last body line at the bottom of the pane.
    private static func bottom(of view: (content: ConversationContent, visibleLines: Int)) -> Int {
        max(0, view.content.body.count - view.visibleLines)
    }

    mutating func keepInputCursorVisible() {
        guard let layout else { return }
        input.keepCursorVisible(width: InputView.textWidth(layout.input))
    }

    /// Auto-follow: while the conversation follows and the text changed, the view scrolls down as
    /// far as the new text needs but keeps its first changed line (and two lines before it, for
    /// context) in view, so a long answer shows from its start under its question and a growing
    /// one from its tail; a piece too long for the pane shows from its start and the next ones
    /// carry the view on down. When the reader had scrolled up, their place is kept.
    private mutating func follow(from before: (content: ConversationContent, visibleLines: Int)) {
        guard let after = conversationView() else { return }
        if conversationFollows {
            let old = before.content.body
            let new = after.content.body
            let common = min(old.count, new.count)
            let firstChange = (0..<common).first { old[$0] != new[$0] } ?? common
            conversationScroll = max(conversationScroll, min(Self.bottom(of: after), firstChange - Self.followContext))
        }
        clampConversationScroll()
    }
}
