import Engine
import Foundation
import PostgresNIO

/// Rows ↔ model values: the column lists every query selects, and reading them back by position.
enum PostgresRows {
    static let taskColumns = TaskColumn.allCases.map(\.name).joined(separator: ", ")
    static let chatColumns = "id, maternal_id, user_type, first_question, created_at, updated_at, message_count, owner"
    static let chatColumnCount = 8
    static let messageColumns = "role, content, timestamp, triage, refs, file_ids, task_id"
    /// The database's clock in epoch milliseconds, for the time columns the store sets itself.
    static let nowMillis = "(extract(epoch FROM now()) * 1000)::bigint"

    /// `taskColumns` qualified by a table alias, for statements that join.
    static func taskColumns(of alias: String) -> String {
        TaskColumn.allCases.map { "\(alias).\($0.name)" }.joined(separator: ", ")
    }

    static func chatColumns(of alias: String) -> String {
        chatColumns.split(separator: ", ").map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    static func snapshot(_ row: PostgresRandomAccessRow) throws -> TaskSnapshot {
        func cell<T: PostgresDecodable>(_ column: TaskColumn, _ type: T.Type) throws -> T {
            try row[column.rawValue].decode(T.self)
        }
        let id = try cell(.id, String.self)
        guard let status = TaskStatus(rawValue: try cell(.status, String.self)),
            let stage = TaskStage(rawValue: try cell(.stage, String.self)),
            let userType = UserType(rawValue: try cell(.userType, String.self))
        else { throw StoreError("task \(id) has an unreadable state") }
        let request = QARequest(
            input: try cell(.input, String.self), maternalID: try cell(.maternalID, Int64.self), userType: userType,
            chatID: try cell(.chatID, String.self), timestamp: try cell(.clientTimestamp, String?.self),
            fileIDs: JSONCoding.decode([String].self, from: try cell(.fileIDs, String?.self)) ?? [])
        return TaskSnapshot(
            id: id, status: status, stage: stage, progress: try cell(.progress, Int.self),
            createdAt: Date(millis: try cell(.createdAt, Int64.self)),
            startedAt: try cell(.startedAt, Int64?.self).map(Date.init(millis:)),
            completedAt: try cell(.completedAt, Int64?.self).map(Date.init(millis:)),
            request: request, chatID: try cell(.chatID, String.self),
            error: try cell(.error, String?.self),
            errorCode: try cell(.errorCode, String?.self).flatMap(TaskErrorCode.init(rawValue:)),
            errorDetail: try cell(.errorDetail, String?.self),
            triage: .stored(level: try cell(.triage, String?.self), signs: try cell(.triageSigns, String?.self)),
            owner: try cell(.owner, String?.self), attempts: try cell(.attempts, Int.self),
            priority: try cell(.priority, Int.self), node: try cell(.node, String?.self),
            answerSoFar: status == .running
                ? try cell(.partialAnswer, String?.self).map {
                    AnswerSoFar(text: $0, seq: try cell(.partialSeq, Int.self))
                } : nil)
    }

    /// The acceptance order of a task row.
    static func seq(_ row: PostgresRandomAccessRow) throws -> Int64 {
        try row[TaskColumn.seq.rawValue].decode(Int64.self)
    }

    /// What a completed task's row says about its turn, to rebuild its result.
    struct TurnColumns {
        var messageCount: Int?
        var backend: String?
        var messageIDs: ClosedRange<Int64>?
    }

    static func turn(_ row: PostgresRandomAccessRow) throws -> TurnColumns {
        let first = try row[TaskColumn.resultFirstMessage.rawValue].decode(Int64?.self)
        let last = try row[TaskColumn.resultLastMessage.rawValue].decode(Int64?.self)
        return TurnColumns(
            messageCount: try row[TaskColumn.resultMessageCount.rawValue].decode(Int?.self),
            backend: try row[TaskColumn.resultBackend.rawValue].decode(String?.self),
            messageIDs: first.flatMap { first in last.flatMap { first <= $0 ? first...$0 : nil } })
    }

    /// A row of `chatColumns`, starting at column `offset`.
    static func chat(_ row: PostgresRandomAccessRow, from offset: Int = 0) throws -> ChatRecord {
        ChatRecord(
            id: try row[offset].decode(String.self), maternalID: try row[offset + 1].decode(Int64.self),
            userType: UserType(rawValue: try row[offset + 2].decode(String.self)) ?? .pregnant_mother,
            firstQuestion: try row[offset + 3].decode(String.self),
            createdAt: Date(millis: try row[offset + 4].decode(Int64.self)),
            updatedAt: Date(millis: try row[offset + 5].decode(Int64.self)),
            messageCount: try row[offset + 6].decode(Int.self), owner: try row[offset + 7].decode(String?.self))
    }

    /// A row of `messageColumns`.
    static func message(_ row: PostgresRandomAccessRow) throws -> ChatMessage {
        ChatMessage(
            role: ChatMessage.Role(rawValue: try row[0].decode(String.self)) ?? .user,
            content: try row[1].decode(String.self), timestamp: try row[2].decode(String.self),
            triage: JSONCoding.decode(TriageSummary.self, from: try row[3].decode(String?.self)),
            references: JSONCoding.decode([Reference].self, from: try row[4].decode(String?.self)),
            fileIDs: JSONCoding.decode([String].self, from: try row[5].decode(String?.self)),
            taskID: try row[6].decode(String?.self))
    }

    static func statusCounts(_ rows: [PostgresRow]) throws -> StatusCounts {
        var counts: StatusCounts = [:]
        for row in rows {
            let (status, count) = try row.decode((String, Int).self)
            if let status = TaskStatus(rawValue: status) { counts[status] = count }
        }
        return counts
    }
}
