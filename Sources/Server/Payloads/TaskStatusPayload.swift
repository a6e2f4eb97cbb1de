import Engine

/// The `data` of a status response, and of each SSE event: exactly the documented fields, with the
/// optional ones present only where they apply. `triage` (`{level, signs}`) is always there: it is
/// made when the task is accepted.
struct TaskStatusPayload: Encodable, Sendable {
    let snapshot: TaskSnapshot
    /// List items leave the (large) result out, and their `triage` is the documented level string
    /// (`TaskListItem` writes it); the status endpoint has both in full.
    var isListItem = false
    /// `status?partial=1`: a running task shows its answer so far (`""` before the first piece).
    var showsPartialAnswer = false

    init(_ snapshot: TaskSnapshot, isListItem: Bool = false, showsPartialAnswer: Bool = false) {
        self.snapshot = snapshot
        self.isListItem = isListItem
        self.showsPartialAnswer = showsPartialAnswer
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case status
        case createdAt = "created_at"
        case startedAt = "started_at"
        case completedAt = "completed_at"
        case progress, stage, node, triage
        case queuePosition = "queue_position"
        case result, error
        case errorCode = "error_code"
        case errorDetail = "error_detail"
        case partialAnswer = "partial_answer"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(snapshot.id, forKey: .taskID)
        try container.encode(snapshot.status, forKey: .status)
        try container.encode(Timestamp.string(snapshot.createdAt), forKey: .createdAt)
        try container.encodeIfPresent(snapshot.startedAt.map(Timestamp.string), forKey: .startedAt)
        try container.encodeIfPresent(snapshot.completedAt.map(Timestamp.string), forKey: .completedAt)
        try container.encode(snapshot.progress, forKey: .progress)
        try container.encode(snapshot.stage, forKey: .stage)
        try container.encodeIfPresent(snapshot.node, forKey: .node)
        if !isListItem { try container.encode(snapshot.triageSummary, forKey: .triage) }
        switch snapshot.status {
        case .pending:
            try container.encodeIfPresent(snapshot.queuePosition, forKey: .queuePosition)
        case .running:
            if showsPartialAnswer { try container.encode(snapshot.answerSoFar?.text ?? "", forKey: .partialAnswer) }
        case .completed:
            if !isListItem, let result = snapshot.result {
                try container.encode(Envelope<QAResult>.success(result), forKey: .result)
            }
        case .failed:
            try container.encodeIfPresent(snapshot.error, forKey: .error)
            try container.encodeIfPresent(snapshot.errorCode, forKey: .errorCode)
            try container.encodeIfPresent(snapshot.errorDetail, forKey: .errorDetail)
        }
    }
}
