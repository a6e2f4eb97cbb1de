import Engine
import Foundation
import GRDB

/// Rows to records. Rows are read by position: GRDB's lookup by column name is case-insensitive,
/// and with twenty-odd columns it was a visible part of every status read.
enum SQLiteRows {
    static let chatColumns = "id, maternal_id, user_type, first_question, created_at, updated_at, message_count, owner"
    static let taskColumns = TaskColumn.allCases.map(\.name).joined(separator: ", ")

    static func chat(_ row: Row) -> ChatRecord {
        ChatRecord(
            id: row[0], maternalID: row[1], userType: UserType(rawValue: row[2]) ?? .pregnant_mother,
            firstQuestion: row[3], createdAt: Date(millis: row[4]), updatedAt: Date(millis: row[5]),
            messageCount: row[6],
            owner: row[7])
    }

    static func message(_ row: Row) -> ChatMessage {
        ChatMessage(
            role: ChatMessage.Role(rawValue: row["role"]) ?? .user,
            content: row["content"], timestamp: row["timestamp"],
            triage: JSONCoding.decode(TriageSummary.self, from: row["triage"] as String?),
            references: JSONCoding.decode([Reference].self, from: row["refs"] as String?),
            fileIDs: JSONCoding.decode([String].self, from: row["file_ids"] as String?),
            taskID: row["task_id"])
    }

    static func snapshot(_ row: Row) throws -> TaskSnapshot {
        guard let status = TaskStatus(rawValue: row[TaskColumn.status.rawValue] as String),
            let stage = TaskStage(rawValue: row[TaskColumn.stage.rawValue] as String),
            let userType = UserType(rawValue: row[TaskColumn.userType.rawValue] as String)
        else { throw StoreError("task \(row[TaskColumn.id.rawValue] as String? ?? "?") has an unreadable state") }
        let request = QARequest(
            input: row[TaskColumn.input.rawValue], maternalID: row[TaskColumn.maternalID.rawValue], userType: userType,
            chatID: row[TaskColumn.chatID.rawValue], timestamp: row[TaskColumn.clientTimestamp.rawValue],
            fileIDs: JSONCoding.decode([String].self, from: row[TaskColumn.fileIDs.rawValue] as String?) ?? [])
        return TaskSnapshot(
            id: row[TaskColumn.id.rawValue], status: status, stage: stage, progress: row[TaskColumn.progress.rawValue],
            createdAt: Date(millis: row[TaskColumn.createdAt.rawValue]),
            startedAt: (row[TaskColumn.startedAt.rawValue] as Int64?).map(Date.init(millis:)),
            completedAt: (row[TaskColumn.completedAt.rawValue] as Int64?).map(Date.init(millis:)),
            request: request, chatID: row[TaskColumn.chatID.rawValue],
            error: row[TaskColumn.error.rawValue],
            errorCode: (row[TaskColumn.errorCode.rawValue] as String?).flatMap(TaskErrorCode.init(rawValue:)),
            errorDetail: row[TaskColumn.errorDetail.rawValue],
            triage: .stored(level: row[TaskColumn.triage.rawValue], signs: row[TaskColumn.triageSigns.rawValue]),
            owner: row[TaskColumn.owner.rawValue], attempts: row[TaskColumn.attempts.rawValue],
            priority: row[TaskColumn.priority.rawValue], node: row[TaskColumn.node.rawValue],
            answerSoFar: status == .running ? answerSoFar(row) : nil)
    }

    private static func answerSoFar(_ row: Row) -> AnswerSoFar? {
        guard let text = row[TaskColumn.partialAnswer.rawValue] as String? else { return nil }
        return AnswerSoFar(text: text, seq: row[TaskColumn.partialSeq.rawValue])
    }
}
