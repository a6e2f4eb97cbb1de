/// Shapes a reply while it streams, so that the pieces handed out, joined, are exactly the answer
/// that is stored: the seek-care instruction first (urgent and emergency), then the backend's
/// text without its leading and trailing whitespace, then the disclaimer.
struct AnswerAssembler: Sendable {
    /// Everything handed out so far.
    private(set) var text = ""
    /// The backend has written something other than whitespace.
    private(set) var hasBody = false
    /// Whitespace at the end of the body so far: handed out only once more text follows it.
    private var heldWhitespace = ""
    private var instructions: [String] = []

    /// The instruction of `triage` as the next piece, when it has one that is not out yet and the
    /// backend's text has not started (instructions lead the answer or are not added).
    mutating func instruct(_ triage: TriageAssessment) -> String? {
        guard !hasBody, let instruction = triage.instruction, !instructions.contains(instruction) else { return nil }
        instructions.append(instruction)
        return hand(instruction + "\n\n")
    }

    /// The part of the backend's `piece` that can go out now.
    mutating func body(_ piece: String) -> String? {
        var content = heldWhitespace + piece
        if !hasBody { content = String(content.drop(while: \.isWhitespace)) }
        guard let last = content.lastIndex(where: { !$0.isWhitespace }) else {
            heldWhitespace = content
            return nil
        }
        hasBody = true
        let cut = content.index(after: last)
        heldWhitespace = String(content[cut...])
        return hand(String(content[..<cut]))
    }

    /// The closing piece (the disclaimer, unless the backend ended with it itself).
    mutating func finish() -> String? {
        heldWhitespace = ""
        guard !text.hasSuffix(SafetyText.disclaimer) else { return nil }
        return hand("\n\n" + SafetyText.disclaimer)
    }

    private mutating func hand(_ piece: String) -> String {
        text += piece
        return piece
    }
}
