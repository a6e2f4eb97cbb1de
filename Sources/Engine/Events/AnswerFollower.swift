/// Turns one task's snapshots into its answer's pieces for one follower (an SSE client, `ask`):
/// the text that is new since the follower's position, and a reset when text the follower has
/// was thrown away (the task is running again after an interrupted run). Snapshots may come from
/// this node's run at every piece, or from the store a few times a second: either way the
/// follower gets every character once, in order.
public struct AnswerFollower: Sendable {
    /// How much of which attempt's answer the follower has: `offset` is in UTF-8 bytes, `seq` is
    /// the number of the last piece it got.
    public struct Position: Sendable, Equatable {
        public var attempt: Int
        public var offset: Int
        public var seq: Int

        public init(attempt: Int, offset: Int, seq: Int) {
            self.attempt = attempt
            self.offset = offset
            self.seq = seq
        }

        public static let start = Position(attempt: 0, offset: 0, seq: 0)
    }

    public enum Step: Sendable, Equatable {
        /// Drop the text so far: new text of another attempt follows.
        case reset
        /// The next text, numbered `seq`.
        case delta(seq: Int, text: String)
    }

    public private(set) var position: Position

    public init(from position: Position = .start) {
        self.position = position
    }

    /// What `snapshot` adds for this follower.
    public mutating func steps(for snapshot: TaskSnapshot) -> [Step] {
        guard let (text, seq) = Self.answer(of: snapshot) else { return [] }
        var steps: [Step] = []
        let utf8 = text.utf8
        let isFinal = snapshot.status == .completed
        if position.attempt != snapshot.attempts || !Self.isBoundary(position.offset, in: text, isFinal: isFinal) {
            // Text of another attempt, or a position this text does not have (a resumed stream
            // whose id no longer fits): start again. The follower had nothing yet, no reset.
            if position.offset > 0 { steps.append(.reset) }
            position = Position(attempt: snapshot.attempts, offset: 0, seq: 0)
        }
        // A store copy can be behind what the follower already got from the running node.
        guard utf8.count > position.offset else { return steps }
        let start = utf8.index(utf8.startIndex, offsetBy: position.offset)
        let next = max(seq, position.seq + 1)
        // By bytes: a position can fall inside a character (a flag, an emoji sequence).
        steps.append(.delta(seq: next, text: String(decoding: utf8[start...], as: UTF8.self)))
        position = Position(attempt: snapshot.attempts, offset: utf8.count, seq: next)
        return steps
    }

    /// The answer a snapshot shows: a running task's text so far, or a completed task's answer.
    private static func answer(of snapshot: TaskSnapshot) -> (String, Int)? {
        switch snapshot.status {
        case .running: snapshot.answerSoFar.map { ($0.text, $0.seq) }
        case .completed: snapshot.result?.reply.map { ($0.content, 0) }
        case .pending, .failed: nil
        }
    }

    /// Whether `offset` falls between two code points of `text` or at its end; past the end counts
    /// while the text may still grow to it.
    private static func isBoundary(_ offset: Int, in text: String, isFinal: Bool) -> Bool {
        let utf8 = text.utf8
        guard offset >= 0 else { return false }
        guard offset < utf8.count else { return offset == utf8.count || !isFinal }
        return utf8.index(utf8.startIndex, offsetBy: offset).samePosition(in: text.unicodeScalars) != nil
    }
}
