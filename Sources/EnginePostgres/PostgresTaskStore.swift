import Engine
import Foundation
import Logging
import PostgresNIO

/// The durable store on PostgreSQL, shared by every node of a cluster.
///
/// Writes go through a `PostgresWriteBatcher` (group commit on one connection at a time); reads
/// and the maintenance calls use the pool directly. Leases are compared with the database's
/// clock, so the nodes' clocks never decide who holds a task.
public final class PostgresTaskStore: TaskStore {
    /// Held by the node deleting old tasks, so only one does it at a time.
    static let retentionLock: Int64 = 0x6D71_615F_7265_7465  // "mqa_rete"

    private let location: PostgresLocation
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let batcher: PostgresWriteBatcher
    private let listener: PostgresListener
    let logger: Logger

    /// Connects (failing within seconds with a message naming the problem, never the password)
    /// and brings the schema up to date.
    public static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresTaskStore {
        try await open(location, logger: logger, fallbackTick: .milliseconds(800) ... .milliseconds(1200))
    }

    static func open(
        _ location: PostgresLocation, logger: Logger, fallbackTick: ClosedRange<Duration>?
    ) async throws -> PostgresTaskStore {
        // One plain connection first: the pool retries quietly, which would turn a wrong password
        // into a hang; a single connection fails at once with the server's reason.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try PostgresConnectionConfig.connection(location), id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw PostgresErrorText.connectFailure(error, location: location)
        }
        let client = PostgresClient(configuration: PostgresConnectionConfig.client(location), backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            try await PostgresSchema.migrate(client, logger: logger)
        } catch {
            running.cancel()
            let reason = PostgresErrorText.scrubbed(PostgresErrorText.describe(error), password: location.password)
            throw StoreError("cannot set up the schema in PostgreSQL at \(location): \(reason)")
        }
        return PostgresTaskStore(
            location: location, client: client, running: running, logger: logger, fallbackTick: fallbackTick)
    }

    private init(
        location: PostgresLocation, client: PostgresClient, running: Task<Void, Never>, logger: Logger,
        fallbackTick: ClosedRange<Duration>?
    ) {
        self.location = location
        self.client = client
        self.running = running
        self.logger = logger
        batcher = PostgresWriteBatcher(client: client, logger: logger)
        listener = PostgresListener(location: location, logger: logger, fallbackTick: fallbackTick)
    }

    public func enqueue(
        _ write: TaskWrite, committed: @escaping @Sendable (Result<TaskWriteResult, StoreError>) -> Void
    ) {
        batcher.enqueue(write, report: committed)
    }

    public func signals() -> AsyncStream<StoreSignal> {
        listener.signals()
    }

    public func close() async {
        listener.close()
        await batcher.close()
        running.cancel()
        await running.value
    }

    // MARK: - Reads

    public func task(id: String) async throws -> TaskSnapshot? {
        // A pending task's place in the claim order (priority, then acceptance), counted in the
        // same statement, so it is the place it had when read: 1 = claimed next.
        let found = try await rows(
            """
            SELECT \(unescaped: PostgresRows.taskColumns(of: "t")),
                CASE WHEN t.status = 'pending' THEN (
                    SELECT count(*) FROM tasks q WHERE q.status = 'pending'
                    AND (q.priority > t.priority OR (q.priority = t.priority AND q.seq <= t.seq))) END
            FROM tasks t WHERE t.id = \(id)
            """)
        guard let row = found.first?.makeRandomAccess() else { return nil }
        var task = try PostgresRows.snapshot(row)
        switch task.status {
        case .completed:
            task.result = try await result(of: task, turn: try PostgresRows.turn(row))
        case .pending:
            task.queuePosition = try row[TaskColumn.allCases.count].decode(Int?.self)
        case .running, .failed:
            break
        }
        return task
    }

    public func tasks(_ query: TaskQuery) async throws -> TaskPage {
        var clauses: [String] = []
        var bindings = PostgresBindings()
        func filter(_ clause: String, _ value: some PostgresEncodable & Sendable) throws {
            try bindings.append(value)
            clauses.append("\(clause) $\(bindings.count)")
        }
        if let maternalID = query.maternalID { try filter("maternal_id =", maternalID) }
        if let status = query.status { try filter("status =", status.rawValue) }
        if let owner = query.owner { try filter("owner =", owner) }
        if let cursor = query.cursor {
            guard let seq = Int64(cursor) else { throw StoreError("cursor is not valid") }
            try filter("seq <", seq)
        }
        let limit = max(0, query.limit)
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let rows = try await rows(
            PostgresQuery(
                unsafeSQL:
                    "SELECT \(PostgresRows.taskColumns) FROM tasks \(whereClause) ORDER BY seq DESC LIMIT \(limit + 1)",
                binds: bindings))
        let page = rows.prefix(limit).map { $0.makeRandomAccess() }
        let next = rows.count > limit ? try page.last.map { String(try PostgresRows.seq($0)) } : nil
        return TaskPage(tasks: try page.map(PostgresRows.snapshot), nextCursor: next)
    }

    public func unfinishedTasks() async throws -> [TaskSnapshot] {
        try await rows(
            """
            SELECT \(unescaped: PostgresRows.taskColumns) FROM tasks WHERE status IN ('pending', 'running') ORDER BY seq
            """
        ).map { try PostgresRows.snapshot($0.makeRandomAccess()) }
    }

    public func chat(id: String) async throws -> ChatRecord? {
        try await rows("SELECT \(unescaped: PostgresRows.chatColumns) FROM chats WHERE id = \(id)")
            .first.map { try PostgresRows.chat($0.makeRandomAccess()) }
    }

    public func messages(chatID: String, limit: Int?) async throws -> [ChatMessage] {
        // LIMIT NULL is no limit.
        try await rows(
            """
            SELECT \(unescaped: PostgresRows.messageColumns) FROM messages
            WHERE chat_seq = (SELECT seq FROM chats WHERE id = \(chatID)) ORDER BY id DESC LIMIT \(limit)
            """
        ).reversed().map { try PostgresRows.message($0.makeRandomAccess()) }
    }

    public func countByStatus() async throws -> StatusCounts {
        try PostgresRows.statusCounts(try await rows("SELECT status, count(*) FROM tasks GROUP BY status"))
    }

    public func pendingCount() async throws -> Int {
        try await rows("SELECT count(*) FROM tasks WHERE status = 'pending'").first?.decode(Int.self) ?? 0
    }

    public func cancelRequests(node: String) async throws -> [String] {
        try await rows(
            """
            SELECT id FROM tasks WHERE status = 'running' AND node = \(node) AND cancel_requested ORDER BY seq
            """
        ).map { try $0.decode(String.self) }
    }

    /// A completed task's result, rebuilt from its turn's messages and its chat as the turn left it.
    private func result(of task: TaskSnapshot, turn: PostgresRows.TurnColumns) async throws -> QAResult? {
        guard var chat = try await chat(id: task.chatID) else { return nil }
        var messages: [ChatMessage] = []
        if let ids = turn.messageIDs {
            // Other nodes' turns may take ids inside the range: the task id keeps only this turn's.
            messages = try await rows(
                """
                SELECT \(unescaped: PostgresRows.messageColumns) FROM messages
                WHERE id BETWEEN \(ids.lowerBound) AND \(ids.upperBound) AND task_id = \(task.id) ORDER BY id
                """
            ).map { try PostgresRows.message($0.makeRandomAccess()) }
        }
        chat.messageCount = turn.messageCount ?? chat.messageCount
        chat.updatedAt = task.completedAt ?? chat.updatedAt
        return QAResult.completedTurn(
            chat: chat, userType: task.request.userType, backend: turn.backend ?? "local",
            triage: task.triage?.level ?? .routine, messages: messages)
    }

    // MARK: - Plumbing

    /// Runs one statement on a pooled connection and collects its rows, or fails once
    /// `PostgresDeadline.limit` passes; errors become `StoreError`.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await PostgresDeadline.withConnection(client) { [logger] connection in
                try await connection.query(query, logger: logger).collect()
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                "database query failed: \(PostgresErrorText.describe(error))", fault: PostgresErrorText.fault(of: error)
            )
        }
    }

    /// Runs `body` in a transaction on one pooled connection; errors become `StoreError`.
    func transaction<Value: Sendable>(_ body: (PostgresConnection) async throws -> Value) async throws -> Value {
        do {
            return try await client.withConnection { connection in
                try await connection.inTransaction(logger: logger) { try await body(connection) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                "database transaction failed: \(PostgresErrorText.describe(error))",
                fault: PostgresErrorText.fault(of: error))
        }
    }
}
