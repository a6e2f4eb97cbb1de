/// The task columns every driver reads back, in this order, so rows are read by position.
/// `triage` holds the level, `triage_signs` the danger-sign codes as a JSON array;
/// `partial_answer` and `partial_seq` a running task's answer so far (`AnswerSoFar`).
package enum TaskColumn: Int, CaseIterable {
    case seq, id, status, stage, progress, createdAt, startedAt, completedAt, maternalID, userType, chatID, input
    case clientTimestamp, fileIDs, resultMessageCount, resultBackend, error, errorCode, triage, owner, attempts
    case resultFirstMessage, resultLastMessage, priority, node, triageSigns, partialAnswer, partialSeq, errorDetail

    package var name: String {
        switch self {
        case .createdAt: "created_at"
        case .startedAt: "started_at"
        case .completedAt: "completed_at"
        case .maternalID: "maternal_id"
        case .userType: "user_type"
        case .chatID: "chat_id"
        case .clientTimestamp: "client_timestamp"
        case .fileIDs: "file_ids"
        case .resultMessageCount: "result_message_count"
        case .resultBackend: "result_backend"
        case .errorCode: "error_code"
        case .resultFirstMessage: "result_first_message"
        case .resultLastMessage: "result_last_message"
        case .triageSigns: "triage_signs"
        case .partialAnswer: "partial_answer"
        case .partialSeq: "partial_seq"
        case .errorDetail: "error_detail"
        default: "\(self)"
        }
    }
}
