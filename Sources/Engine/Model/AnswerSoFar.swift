/// The answer of a running task as written so far: its text, and how many pieces (deltas) made
/// it. Pieces only ever add text within one attempt; a new attempt starts again from nothing.
public struct AnswerSoFar: Sendable, Equatable {
    public var text: String
    /// The number of the last piece in `text`, from 1.
    public var seq: Int

    public init(text: String, seq: Int) {
        self.text = text
        self.seq = seq
    }

    /// The text with `piece` added: the next piece.
    func adding(_ piece: String) -> AnswerSoFar {
        AnswerSoFar(text: text + piece, seq: seq + 1)
    }
}
