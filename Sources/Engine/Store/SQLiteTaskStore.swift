import Foundation
import GRDB

/// The durable store on SQLite (WAL) through GRDB.
///
/// Writes go through a `WriteBatcher` (group commit); reads use the pool's concurrent readers.
/// `synchronous = NORMAL` in WAL mode survives a killed process (the case that matters here);
/// only a power loss can drop the last commits.
public final class SQLiteTaskStore: TaskStore {
    private let database: any DatabaseWriter
    private let batcher: WriteBatcher

    /// Opens (creating and migrating) the database at `path`; `:memory:` gives a private in-memory one.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        var checkpointer: WALCheckpointer?
        do {
            if path == ":memory:" {
                database = try DatabaseQueue(configuration: configuration)
            } else {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                configuration.prepareDatabase { db in
                    // Checkpoints run beside the writer (see WALCheckpointer), not inside its commits.
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
                }
                database = try DatabasePool(path: path, configuration: configuration)
                checkpointer = try WALCheckpointer(path: path)
            }
            try SQLiteSchema.migrator.migrate(database)
        } catch {
            throw StoreError("cannot open database at \(path): \(Self.describe(error))")
        }
        batcher = WriteBatcher(writer: database, checkpointer: checkpointer)
    }

    public func enqueue(_ write: TaskWrite, committed: @escaping @Sendable (Result<TaskWriteResult, StoreError>) -> Void) {
        let work: @Sendable (Database) throws -> TaskWriteResult
        var row: String?
        var skippable = false
        switch write {
        case .insert(let task, let claim):
            work = { db in .inserted(try Self.insert(db, task, claim: claim)) }
        case .save(let task):
            work = { db in
                try Self.update(db, task)
                return .saved
            }
            row = task.id
            // Every later save or completion of the task sets all the columns a `running` save sets.
            skippable = task.status == .running
        case .complete(let task, let messages, let backend):
            work = { db in .completed(try Self.complete(db, task, messages: messages, backend: backend)) }
            row = task.id
        }
        batcher.enqueue(work, row: row, skippedValue: skippable ? .saved : nil) { result in
            committed(result.mapError(Self.storeError))
        }
    }

    public func task(id: String) async throws -> TaskSnapshot? {
        try await read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: Self.selectTaskByID), arguments: [id])
            else { return nil }
            var task = try Self.snapshot(row)
            task.result = try Self.result(db, of: task, row: row)
            return task
        }
    }

    public func tasks(_ query: TaskQuery) async throws -> TaskPage {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let maternalID = query.maternalID {
            clauses.append("maternal_id = ?")
            _ = arguments.append(contentsOf: [maternalID])
        }
        if let status = query.status {
            clauses.append("status = ?")
            _ = arguments.append(contentsOf: [status.rawValue])
        }
        if let owner = query.owner {
            clauses.append("owner = ?")
            _ = arguments.append(contentsOf: [owner])
        }
        if let cursor = query.cursor {
            guard let seq = Int64(cursor) else { throw StoreError("cursor is not valid") }
            clauses.append("seq < ?")
            _ = arguments.append(contentsOf: [seq])
        }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let limit = query.limit
        let sql = "SELECT \(Self.taskColumns) FROM tasks \(filter) ORDER BY seq DESC LIMIT \(limit + 1)"
        let finalArguments = arguments
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: finalArguments)
            let page = rows.prefix(limit)
            let next: String? = rows.count > limit ? page.last.map { String($0[TaskColumn.seq.rawValue] as Int64) } : nil
            return TaskPage(tasks: try page.map(Self.snapshot), nextCursor: next)
        }
    }

    public func unfinishedTasks() async throws -> [TaskSnapshot] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.taskColumns) FROM tasks WHERE status IN ('pending', 'running') ORDER BY seq")
                .map(Self.snapshot)
        }
    }

    public func chat(id: String) async throws -> ChatRecord? {
        try await read { db in try Self.fetchChat(db, id: id) }
    }

    public func messages(chatID: String, limit: Int?) async throws -> [ChatMessage] {
        try await read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT * FROM messages WHERE chat_seq = (SELECT seq FROM chats WHERE id = ?) ORDER BY id DESC LIMIT ?
                """)
            return try Row.fetchAll(statement, arguments: [chatID, limit ?? -1]).reversed().map(Self.message)
        }
    }

    public func deleteFinished(before cutoff: Date) async throws -> StatusCounts {
        try await write { db in
            var counts: StatusCounts = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT status, COUNT(*) AS n FROM tasks
                WHERE completed_at IS NOT NULL AND completed_at < ? GROUP BY status
                """, arguments: [cutoff.millis])
            for row in rows {
                if let status = TaskStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            try db.execute(
                sql: "DELETE FROM tasks WHERE completed_at IS NOT NULL AND completed_at < ?",
                arguments: [cutoff.millis])
            return counts
        }
    }

    public func countByStatus() async throws -> StatusCounts {
        try await read { db in
            var counts: StatusCounts = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM tasks GROUP BY status") {
                if let status = TaskStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }

    // MARK: - Plumbing

    private func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await batcher.perform(work)
        } catch {
            throw Self.storeError(error)
        }
    }

    private static func storeError(_ error: any Error) -> StoreError {
        error as? StoreError ?? StoreError("database write failed: \(describe(error))")
    }

    private func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(work)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("database read failed: \(Self.describe(error))")
        }
    }

    /// SQLite's own message, without the SQL statement GRDB appends.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return String(describing: error)
    }

    private static func insert(_ db: Database, _ task: TaskSnapshot, claim: IdempotencyClaim?) throws -> InsertOutcome {
        if let claim, let existing = try Self.fetchTask(
            db, sql: "SELECT \(Self.taskColumns) FROM tasks WHERE ifnull(owner, '') = ? AND idempotency_key = ?",
            arguments: [task.owner ?? "", claim.key])
        {
            let digest = try String.fetchOne(
                db, sql: "SELECT request_digest FROM tasks WHERE id = ?", arguments: [existing.id])
            return digest == claim.requestDigest ? .existing(existing) : .idempotencyConflict
        }
        let millis = task.createdAt.millis
        // A chat id the engine just made up (no chat_id in the request) names no existing chat.
        let existing = task.request.chatID == nil ? nil : try Row.fetchOne(
            db.cachedStatement(sql: "SELECT maternal_id, owner FROM chats WHERE id = ?"), arguments: [task.chatID])
        if let existing {
            let maternalID: Int64 = existing[0]
            if maternalID != task.request.maternalID { return .chatOwnedByOther(maternalID: maternalID) }
            // With keys on, only the key that started a chat continues it (and so sees its history).
            let chatOwner: String? = existing[1]
            if let asker = task.owner, let chatOwner, chatOwner != asker { return .chatOfAnotherKey }
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at, owner)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    task.chatID, task.request.maternalID, task.request.userType.rawValue,
                    task.request.input, millis, millis, task.owner,
                ])
        }
        try db.cachedStatement(sql: """
            INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id,
                input, client_timestamp, file_ids, owner, attempts, idempotency_key, request_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                task.id, task.status.rawValue, task.stage.rawValue, task.progress, millis,
                task.request.maternalID, task.request.userType.rawValue, task.chatID, task.request.input,
                task.request.timestamp, JSONColumns.text(task.request.fileIDs), task.owner, task.attempts,
                claim?.key, claim?.requestDigest,
            ])
        return .inserted
    }

    /// JSON columns are encoded here, on the writer, with the hand-written encoders (a few µs per turn).
    private static func complete(_ db: Database, _ task: TaskSnapshot, messages: [ChatMessage], backend: String) throws -> ChatRecord {
        let finishedAt = (task.completedAt ?? Date()).millis
        let updateChat = try db.cachedStatement(sql: updateChatCounters)
        guard let chatRow = try Row.fetchOne(updateChat, arguments: [messages.count, finishedAt, task.chatID])
        else { throw StoreError("chat \(task.chatID) of task \(task.id) is missing") }
        let chat = Self.chat(chatRow)
        let chatSeq: Int64 = chatRow[chatSeqColumn]
        let insertMessage = try db.cachedStatement(sql: """
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
        try db.cachedStatement(sql: """
            UPDATE tasks SET status = ?, stage = ?, progress = ?, started_at = ?, completed_at = ?, triage = ?,
                attempts = ?, result_message_count = ?, result_backend = ?, result_first_message = ?,
                result_last_message = ?
            WHERE id = ?
            """).execute(arguments: [
                task.status.rawValue, task.stage.rawValue, task.progress, task.startedAt?.millis, finishedAt,
                task.triage?.rawValue, task.attempts, chat.messageCount, backend, messageIDs?.lowerBound,
                messageIDs?.upperBound, task.id,
            ])
        return chat
    }

    private static func update(_ db: Database, _ task: TaskSnapshot) throws {
        try db.cachedStatement(sql: """
            UPDATE tasks SET status = ?, stage = ?, progress = ?, started_at = ?, completed_at = ?,
                error = ?, error_code = ?, triage = ?, attempts = ?
            WHERE id = ?
            """).execute(arguments: [
                task.status.rawValue, task.stage.rawValue, task.progress, task.startedAt?.millis,
                task.completedAt?.millis, task.error, task.errorCode?.rawValue,
                task.triage?.rawValue, task.attempts, task.id,
            ])
    }

    /// `sql` is one of this file's constant queries, so its compiled statement is cached per
    /// connection: compiling it anew for every status poll was the read path's largest cost.
    private static func fetchTask(_ db: Database, sql: String, arguments: StatementArguments) throws -> TaskSnapshot? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments).map(snapshot)
    }

    private static func fetchChat(_ db: Database, id: String) throws -> ChatRecord? {
        try Row.fetchOne(db.cachedStatement(sql: selectChatByID), arguments: [id]).map(chat)
    }

    private static func chat(_ row: Row) -> ChatRecord {
        ChatRecord(
            id: row[0], maternalID: row[1], userType: UserType(rawValue: row[2]) ?? .pregnant_mother,
            firstQuestion: row[3], createdAt: Date(millis: row[4]), updatedAt: Date(millis: row[5]), messageCount: row[6],
            owner: row[7])
    }

    /// A completed task's result, rebuilt from its two messages and its chat as the turn left it.
    private static func result(_ db: Database, of task: TaskSnapshot, row: Row) throws -> QAResult? {
        guard task.status == .completed, var chat = try fetchChat(db, id: task.chatID) else { return nil }
        var messages: [ChatMessage] = []
        if let first = row[TaskColumn.resultFirstMessage.rawValue] as Int64?,
           let last = row[TaskColumn.resultLastMessage.rawValue] as Int64?
        {
            messages = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM messages WHERE id BETWEEN ? AND ? ORDER BY id"), arguments: [first, last]
            ).map(message)
        }
        chat.messageCount = (row[TaskColumn.resultMessageCount.rawValue] as Int?) ?? chat.messageCount
        chat.updatedAt = task.completedAt ?? chat.updatedAt
        return QAResult.completedTurn(
            chat: chat, userType: task.request.userType, backend: (row[TaskColumn.resultBackend.rawValue] as String?) ?? "local",
            triage: task.triage ?? .routine, messages: messages)
    }

    private static func message(_ row: Row) -> ChatMessage {
        ChatMessage(
            role: ChatMessage.Role(rawValue: row["role"]) ?? .user,
            content: row["content"], timestamp: row["timestamp"],
            triage: JSONCoding.decode(TriageSummary.self, from: row["triage"] as String?),
            references: JSONCoding.decode([Reference].self, from: row["refs"] as String?),
            fileIDs: JSONCoding.decode([String].self, from: row["file_ids"] as String?),
            taskID: row["task_id"])
    }

    private static func snapshot(_ row: Row) throws -> TaskSnapshot {
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
            triage: (row[TaskColumn.triage.rawValue] as String?).flatMap(TriageLevel.init(rawValue:)),
            owner: row[TaskColumn.owner.rawValue], attempts: row[TaskColumn.attempts.rawValue])
    }

    // Rows are read by position: GRDB's lookup by column name is case-insensitive, and with
    // twenty-odd columns it was a visible part of every status read.
    private static let chatColumns = "id, maternal_id, user_type, first_question, created_at, updated_at, message_count, owner"
    private static let taskColumns = TaskColumn.allCases.map(\.name).joined(separator: ", ")
    private static let selectTaskByID = "SELECT \(taskColumns) FROM tasks WHERE id = ?"
    private static let selectChatByID = "SELECT \(chatColumns) FROM chats WHERE id = ?"
    private static let updateChatCounters = """
        UPDATE chats SET message_count = message_count + ?, updated_at = ? WHERE id = ? RETURNING \(chatColumns), seq
        """
    /// The position of the chat's integer key in a row of `updateChatCounters`: after `chatColumns`.
    private static let chatSeqColumn = chatColumns.split(separator: ",").count
}

/// The task columns read back, in `taskColumns` order.
private enum TaskColumn: Int, CaseIterable {
    case seq, id, status, stage, progress, createdAt, startedAt, completedAt, maternalID, userType, chatID, input
    case clientTimestamp, fileIDs, resultMessageCount, resultBackend, error, errorCode, triage, owner, attempts
    case resultFirstMessage, resultLastMessage

    var name: String {
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
        default: "\(self)"
        }
    }
}
