/// The data of an `event: delta`: the next piece of a task's answer.
struct AnswerDeltaPayload: Encodable, Sendable {
    let taskID: String
    let seq: Int
    let text: String

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case seq, text
    }
}

/// The data of an `event: reset`: the answer text sent so far is void; the task's new run
/// writes it again from the start.
struct AnswerResetPayload: Encodable, Sendable {
    let taskID: String
    /// The run (`attempts`) whose text follows.
    let attempt: Int

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case attempt
    }
}
