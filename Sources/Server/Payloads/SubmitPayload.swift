import Engine

/// The `data` of an accepted submission: the original's four fields plus `chat_id`, the triage
/// made at intake (`{level, signs}`, always) and, for urgent and emergency questions, `advice`:
/// the seek-care instruction to show at once, before any answer.
struct SubmitPayload: Encodable, Sendable {
    let taskID: String
    let status: TaskStatus
    let createdAt: String
    let statusURL: String
    let chatID: String
    let triage: TriageSummary
    let advice: String?

    init(_ snapshot: TaskSnapshot) {
        taskID = snapshot.id
        status = snapshot.status
        createdAt = Timestamp.string(snapshot.createdAt)
        statusURL = APIPaths.statusURL(of: snapshot.id)
        chatID = snapshot.chatID
        triage = snapshot.triageSummary
        advice = triage.instruction
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case status
        case createdAt = "created_at"
        case statusURL = "status_url"
        case chatID = "chat_id"
        case triage, advice
    }
}

/// The `data` of a refusal that concerns one task (sync 504/503, and failures of a sync task).
struct TaskRefPayload: Encodable, Sendable {
    let taskID: String
    let status: TaskStatus
    let errorCode: TaskErrorCode?
    /// A failure's technical cause (the envelope's `msg` says it for the asker).
    let errorDetail: String?
    let statusURL: String

    init(_ snapshot: TaskSnapshot) {
        taskID = snapshot.id
        status = snapshot.status
        errorCode = snapshot.errorCode
        errorDetail = snapshot.errorDetail
        statusURL = APIPaths.statusURL(of: snapshot.id)
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case status
        case errorCode = "error_code"
        case errorDetail = "error_detail"
        case statusURL = "status_url"
    }
}
