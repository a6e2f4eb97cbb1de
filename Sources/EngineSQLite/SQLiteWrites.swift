import Engine
import Foundation
import GRDB

/// The task writes of one batch, each inside the batch's transaction. A run's writes are fenced
/// on its claim: they change nothing once the task is no longer running under that node and attempt.
enum SQLiteWrites {
    static func insert(_ db: Database, _ task: TaskSnapshot, claim: IdempotencyClaim?) throws -> InsertOutcome {
        if let claim,
            let existing = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE ifnull(owner, '') = ? AND idempotency_key = ?"
                ),
                arguments: [task.owner ?? "", claim.key]
            ).map(SQLiteRows.snapshot)
        {
            let digest = try String.fetchOne(
                db, sql: "SELECT request_digest FROM tasks WHERE id = ?", arguments: [existing.id])
            return digest == claim.requestDigest ? .existing(existing) : .idempotencyConflict
        }
        let millis = task.createdAt.millis
        // A chat id the engine just made up (no chat_id in the request) names no existing chat.
        let existing =
            task.request.chatID == nil
            ? nil
            : try Row.fetchOne(
                db.cachedStatement(sql: "SELECT maternal_id, owner FROM chats WHERE id = ?"), arguments: [task.chatID])
        if let existing {
            let maternalID: Int64 = existing[0]
            if maternalID != task.request.maternalID { return .chatOwnedByOther(maternalID: maternalID) }
            // With keys on, only the key that started a chat continues it (and so sees its history).
            let chatOwner: String? = existing[1]
            if let asker = task.owner, let chatOwner, chatOwner != asker { return .chatOfAnotherKey }
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at, owner)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                task.chatID, task.request.maternalID, task.request.userType.rawValue,
                task.request.input, millis, millis, task.owner,
            ])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id,
                    input, client_timestamp, file_ids, owner, attempts, idempotency_key, request_digest, priority,
                    triage, triage_signs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            task.id, task.status.rawValue, task.stage.rawValue, task.progress, millis,
            task.request.maternalID, task.request.userType.rawValue, task.chatID, task.request.input,
            task.request.timestamp, JSONColumns.text(task.request.fileIDs), task.owner, task.attempts,
            claim?.key, claim?.requestDigest, task.priority, task.triage?.level.rawValue, task.triage?.signsColumn,
        ])
        return .inserted
    }

    static func progress(_ db: Database, _ steps: [RunProgress]) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE tasks SET stage = ?, progress = max(progress, ?), \(raiseTriage),
                    partial_answer = coalesce(?, partial_answer), partial_seq = coalesce(?, partial_seq)
                WHERE id = ? AND \(heldBy)
                """)
        for step in steps {
            try statement.execute(
                arguments: [step.stage.rawValue, step.progress] + triageArguments(step.triage) + [
                    step.answer?.text, step.answer?.seq, step.taskID, step.holder.node, step.holder.attempt,
                ])
        }
    }

    /// A failed task, or one put back to pending (which then belongs to no node); false when the
    /// holder no longer held it.
    static func finish(_ db: Database, _ task: TaskSnapshot, holder: ClaimToken) throws -> Bool {
        let requeued = task.status == .pending
        try db.cachedStatement(
            sql: """
                UPDATE tasks SET status = ?, stage = ?, progress = ?, started_at = ?, completed_at = ?,
                    error = ?, error_code = ?, error_detail = ?, \(raiseTriage), node = ?, lease_until = NULL,
                    partial_answer = NULL
                WHERE id = ? AND \(heldBy)
                """
        ).execute(
            arguments: [
                task.status.rawValue, task.stage.rawValue, task.progress, task.startedAt?.millis,
                task.completedAt?.millis, task.error, task.errorCode?.rawValue, task.errorDetail,
            ] + triageArguments(task.triage) + [requeued ? nil : holder.node, task.id, holder.node, holder.attempt])
        return db.changesCount > 0
    }

    /// JSON columns are encoded here, on the writer, with the hand-written encoders (a few µs per turn).
    /// Nil when the holder no longer held the task: then nothing is written.
    static func complete(
        _ db: Database, _ task: TaskSnapshot, messages: [ChatMessage], backend: String, holder: ClaimToken
    ) throws -> ChatRecord? {
        // The batch holds SQLite's write lock, so nothing can take the task between this check and the writes.
        guard
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM tasks WHERE id = ? AND \(heldBy)"),
                arguments: [task.id, holder.node, holder.attempt]) == true
        else { return nil }
        let finishedAt = (task.completedAt ?? Date()).millis
        guard
            let chatRow = try Row.fetchOne(
                db.cachedStatement(sql: updateChatCounters), arguments: [messages.count, finishedAt, task.chatID])
        else { throw StoreError("chat \(task.chatID) of task \(task.id) is missing") }
        let chat = SQLiteRows.chat(chatRow)
        let chatSeq: Int64 = chatRow[chatSeqColumn]
        let insertMessage = try db.cachedStatement(
            sql: """
                INSERT INTO messages (chat_seq, task_id, role, content, timestamp, triage, refs, file_ids)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        // One writer, one transaction: the turn's messages get consecutive ids.
        var messageIDs: ClosedRange<Int64>?
        for message in messages {
            try insertMessage.execute(arguments: [
                chatSeq, task.id, message.role.rawValue, message.content, message.timestamp,
                message.triage.map(JSONColumns.text), message.references.map(JSONColumns.text),
                message.fileIDs.map(JSONColumns.text),
            ])
            messageIDs = (messageIDs?.lowerBound ?? db.lastInsertedRowID)...db.lastInsertedRowID
        }
        try db.cachedStatement(
            sql: """
                UPDATE tasks SET status = ?, stage = ?, progress = ?, started_at = ?, completed_at = ?, \(raiseTriage),
                    result_message_count = ?, result_backend = ?, result_first_message = ?,
                    result_last_message = ?, lease_until = NULL, partial_answer = NULL
                WHERE id = ?
                """
        ).execute(
            arguments: [
                task.status.rawValue, task.stage.rawValue, task.progress, task.startedAt?.millis, finishedAt,
            ] + triageArguments(task.triage) + [
                chat.messageCount, backend, messageIDs?.lowerBound, messageIDs?.upperBound, task.id,
            ])
        return chat
    }

    /// Sets the triage columns to a run's triage unless that would lower the stored level (a
    /// step that knows no triage, or a lower one, leaves them); takes `triageArguments`.
    /// (Both assignments read the row as it was.)
    static let raiseTriage = """
        triage_signs = CASE WHEN \(TriageRank.of("?")) >= \(TriageRank.of("triage")) THEN ? ELSE triage_signs END,
        triage = CASE WHEN \(TriageRank.of("?")) >= \(TriageRank.of("triage")) THEN ? ELSE triage END
        """

    static func triageArguments(_ triage: TriageSummary?) -> StatementArguments {
        let level = triage?.level.rawValue
        return [level, triage?.signsColumn, level, level]
    }

    /// The fence of a run's writes; its two arguments are the holder's node and attempt.
    static let heldBy = "status = 'running' AND node = ? AND attempts = ?"

    private static let updateChatCounters = """
        UPDATE chats SET message_count = message_count + ?, updated_at = ? WHERE id = ? RETURNING \(SQLiteRows.chatColumns), seq
        """
    /// The position of the chat's integer key in a row of `updateChatCounters`: after `chatColumns`.
    private static let chatSeqColumn = SQLiteRows.chatColumns.split(separator: ",").count
}
