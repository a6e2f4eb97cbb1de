import Engine
import Foundation
import GRDB

/// The durable store and queue on SQLite (WAL) through GRDB: the embedded default. Several
/// processes may share one file; SQLite lets one write at a time, and every claim, lease and
/// fenced write is one statement inside that write, so two processes never take the same task.
///
/// Writes go through a `WriteBatcher` (group commit); reads use the pool's concurrent readers.
/// `synchronous = NORMAL` in WAL mode survives a killed process (the case that matters here);
/// only a power loss can drop the last commits.
public final class SQLiteTaskStore: TaskStore {
    let database: any DatabaseWriter
    let batcher: WriteBatcher
    private let path: String

    /// Opens (creating and migrating) the database at `path`; `:memory:` gives a private in-memory one.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        // Another process may hold the write lock for a batch; wait for it rather than fail.
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
            try SQLiteSchema.migrate(database)
        } catch {
            throw StoreError("cannot open database at \(path): \(Self.describe(error))")
        }
        batcher = WriteBatcher(writer: database, checkpointer: checkpointer)
    }

    public func enqueue(
        _ write: TaskWrite, committed: @escaping @Sendable (Result<TaskWriteResult, StoreError>) -> Void
    ) {
        let work: @Sendable (Database) throws -> TaskWriteResult
        switch write {
        case .insert(let task, let claim):
            work = { db in .inserted(try SQLiteWrites.insert(db, task, claim: claim)) }
        case .claim(let node, let limit, let lease):
            work = { db in try SQLiteQueue.claim(db, node: node, limit: limit(), lease: lease) }
        case .progress(let steps):
            work = { db in
                try SQLiteWrites.progress(db, steps)
                return .saved
            }
        case .finish(let task, let holder):
            work = { db in try SQLiteWrites.finish(db, task, holder: holder) ? .saved : .lostClaim }
        case .complete(let task, let messages, let backend, let holder):
            work = { db in
                guard
                    let chat = try SQLiteWrites.complete(db, task, messages: messages, backend: backend, holder: holder)
                else { return .lostClaim }
                return .completed(chat)
            }
        }
        batcher.enqueue(work) { result in committed(result.mapError(Self.storeError)) }
    }

    public func task(id: String) async throws -> TaskSnapshot? {
        try await read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: Self.selectTaskByID), arguments: [id])
            else { return nil }
            var task = try SQLiteRows.snapshot(row)
            switch task.status {
            case .completed: task.result = try Self.result(db, of: task, row: row)
            case .pending:
                task.queuePosition = try SQLiteQueue.position(
                    db, seq: row[TaskColumn.seq.rawValue], priority: task.priority)
            case .running, .failed: break
            }
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
        let sql = "SELECT \(SQLiteRows.taskColumns) FROM tasks \(filter) ORDER BY seq DESC LIMIT \(limit + 1)"
        let finalArguments = arguments
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: finalArguments)
            let page = rows.prefix(limit)
            let next: String? =
                rows.count > limit ? page.last.map { String($0[TaskColumn.seq.rawValue] as Int64) } : nil
            return TaskPage(tasks: try page.map(SQLiteRows.snapshot), nextCursor: next)
        }
    }

    public func unfinishedTasks() async throws -> [TaskSnapshot] {
        try await read { db in
            // One SELECT per status, so each uses its partial index.
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE status = 'pending'
                        UNION ALL SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE status = 'running'
                        ORDER BY seq
                        """)
            ).map(SQLiteRows.snapshot)
        }
    }

    public func chat(id: String) async throws -> ChatRecord? {
        try await read { db in try Self.fetchChat(db, id: id) }
    }

    public func messages(chatID: String, limit: Int?) async throws -> [ChatMessage] {
        try await read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT * FROM messages WHERE chat_seq = (SELECT seq FROM chats WHERE id = ?) ORDER BY id DESC LIMIT ?
                    """)
            return try Row.fetchAll(statement, arguments: [chatID, limit ?? -1]).reversed().map(SQLiteRows.message)
        }
    }

    /// Any process may prune: the deletes are idempotent, and SQLite runs one writer at a time.
    public func deleteFinished(before cutoff: Date) async throws -> StatusCounts? {
        try await write { db in
            let counts = try Self.counts(
                db,
                sql: """
                    SELECT status, COUNT(*) AS n FROM tasks
                    WHERE completed_at IS NOT NULL AND completed_at < ? GROUP BY status
                    """, arguments: [cutoff.millis])
            try db.execute(
                sql: "DELETE FROM tasks WHERE completed_at IS NOT NULL AND completed_at < ?",
                arguments: [cutoff.millis])
            return counts
        }
    }

    public func countByStatus() async throws -> StatusCounts {
        try await read { db in try Self.counts(db, sql: "SELECT status, COUNT(*) AS n FROM tasks GROUP BY status") }
    }

    public func renewLeases(node: String, taskIDs: [String], lease: Duration) async throws -> Set<String> {
        if taskIDs.isEmpty { return [] }
        return try await write { db in try SQLiteQueue.renewLeases(db, node: node, taskIDs: taskIDs, lease: lease) }
    }

    public func rescue(_ scope: RescueScope, maxAttempts: Int) async throws -> RescueReport {
        try await write { db in try SQLiteQueue.rescue(db, scope, maxAttempts: maxAttempts) }
    }

    public func requestCancel(taskID: String) async throws -> CancelRequest {
        try await write { db in try SQLiteQueue.requestCancel(db, taskID: taskID) }
    }

    public func cancelRequests(node: String) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id FROM tasks WHERE status = 'running' AND node = ? AND cancel_requested = 1"),
                arguments: [node])
        }
    }

    public func pendingCount() async throws -> Int {
        try await read { db in try SQLiteQueue.pendingCount(db) }
    }

    public func signals() -> AsyncStream<StoreSignal> {
        path == ":memory:" ? SQLiteChangeWatcher.none() : SQLiteChangeWatcher.watch(path: path)
    }

    public func close() async {
        try? await write { db in try db.checkpoint(.passive) }
    }

    // MARK: - Plumbing

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await batcher.perform(work)
        } catch {
            throw Self.storeError(error)
        }
    }

    static func storeError(_ error: any Error) -> StoreError {
        error as? StoreError ?? StoreError("database write failed: \(describe(error))", fault: fault(of: error))
    }

    private func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(work)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("database read failed: \(Self.describe(error))", fault: Self.fault(of: error))
        }
    }

    /// What SQLite says of the disk under it: full (`SQLITE_FULL`), or read-only or failing
    /// (`SQLITE_READONLY`; `SQLITE_IOERR`, which is what a write to a file that became read-only
    /// or immutable while open reports). Nil for errors of the statement itself.
    static func fault(of error: any Error) -> StorageFault? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: return .full
        case .SQLITE_READONLY, .SQLITE_IOERR: return .unwritable
        default: return nil
        }
    }

    /// SQLite's own message, without the SQL statement GRDB appends.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return String(describing: error)
    }

    private static func counts(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> StatusCounts {
        var counts: StatusCounts = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            if let status = TaskStatus(rawValue: row["status"]) { counts[status] = row["n"] }
        }
        return counts
    }

    static func fetchChat(_ db: Database, id: String) throws -> ChatRecord? {
        try Row.fetchOne(db.cachedStatement(sql: selectChatByID), arguments: [id]).map(SQLiteRows.chat)
    }

    /// A completed task's result, rebuilt from its two messages and its chat as the turn left it.
    private static func result(_ db: Database, of task: TaskSnapshot, row: Row) throws -> QAResult? {
        guard var chat = try fetchChat(db, id: task.chatID) else { return nil }
        var messages: [ChatMessage] = []
        if let first = row[TaskColumn.resultFirstMessage.rawValue] as Int64?,
            let last = row[TaskColumn.resultLastMessage.rawValue] as Int64?
        {
            messages = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM messages WHERE id BETWEEN ? AND ? ORDER BY id"),
                arguments: [first, last]
            ).map(SQLiteRows.message)
        }
        chat.messageCount = (row[TaskColumn.resultMessageCount.rawValue] as Int?) ?? chat.messageCount
        chat.updatedAt = task.completedAt ?? chat.updatedAt
        return QAResult.completedTurn(
            chat: chat, userType: task.request.userType,
            backend: (row[TaskColumn.resultBackend.rawValue] as String?) ?? "local",
            triage: task.triage?.level ?? .routine, messages: messages)
    }

    static let selectTaskByID = "SELECT \(SQLiteRows.taskColumns) FROM tasks WHERE id = ?"
    private static let selectChatByID = "SELECT \(SQLiteRows.chatColumns) FROM chats WHERE id = ?"
}
