import Engine

/// The selected task's conversation body as last laid out. Wrapping a long answer is the costly
/// part of a frame and of an update, and most frames and updates leave the selected task as it
/// was (other tasks move, the clock ticks), so the body is laid out again only when the task or
/// the width changed.
struct ConversationBodyCache: Sendable, Equatable {
    private var task: TaskSnapshot?
    private var width = 0
    private var body: [StyledLine]?

    /// The body of `task` at `width`: the one kept when it was laid out for the same, else a new one.
    func body(of task: TaskSnapshot?, width: Int) -> [StyledLine] {
        if let body, width == self.width, task == self.task { return body }
        return ConversationContent.body(of: task, width: width)
    }

    /// `body(of:width:)`, kept for the next time.
    mutating func update(for task: TaskSnapshot?, width: Int) -> [StyledLine] {
        let body = body(of: task, width: width)
        (self.task, self.width, self.body) = (task, width, body)
        return body
    }

    /// Derived from the state's other values, so it never tells two states apart.
    static func == (lhs: Self, rhs: Self) -> Bool { true }
}
