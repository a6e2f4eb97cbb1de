import Engine
import Foundation
import Logging
import PostgresNIO

/// What one write did inside its batch's transaction.
struct AppliedWrite: Sendable {
    var result: TaskWriteResult
    /// It left tasks pending for workers to claim: the batch sends one `mqa_work` notification.
    var queuedWork: Bool
}

/// The statements of each `TaskWrite`, run on the writer's connection inside an open transaction.
/// Each is one or two round trips: the writer runs them one after another, so round trips are
/// what bounds its throughput.
enum PostgresWrites {
    static func apply(_ write: TaskWrite, on connection: PostgresConnection, logger: Logger) async throws
        -> AppliedWrite
    {
        switch write {
        case .insert(let task, let claim):
            let outcome = try await insert(task, claim: claim, on: connection, logger: logger)
            return AppliedWrite(result: .inserted(outcome), queuedWork: outcome == .inserted && task.status == .pending)
        case .claim(let node, let limit, let lease):
            let tasks = try await claim(node: node, limit: limit(), lease: lease, on: connection, logger: logger)
            return AppliedWrite(result: .claimed(tasks), queuedWork: false)
        case .progress(let steps):
            try await progress(steps, on: connection, logger: logger)
            return AppliedWrite(result: .saved, queuedWork: false)
        case .finish(let task, let holder):
            let held = try await finish(task, holder: holder, on: connection, logger: logger)
            return AppliedWrite(result: held ? .saved : .lostClaim, queuedWork: held && task.status == .pending)
        case .complete(let task, let messages, let backend, let holder):
            let chat = try await complete(
                task, messages: messages, backend: backend, holder: holder, on: connection, logger: logger)
            return AppliedWrite(result: chat.map(TaskWriteResult.completed) ?? .lostClaim, queuedWork: false)
        }
    }

    private static func insert(
        _ task: TaskSnapshot, claim: IdempotencyClaim?, on connection: PostgresConnection, logger: Logger
    ) async throws -> InsertOutcome {
        if let claim {
            let rows = try await connection.query(
                """
                SELECT \(unescaped: PostgresRows.taskColumns), request_digest FROM tasks
                WHERE coalesce(owner, '') = \(task.owner ?? "") AND idempotency_key = \(claim.key)
                """, logger: logger
            ).collect()
            if let row = rows.first?.makeRandomAccess() {
                let digest = try row[TaskColumn.allCases.count].decode(String?.self)
                return digest == claim.requestDigest ? .existing(try PostgresRows.snapshot(row)) : .idempotencyConflict
            }
        }
        // A chat id the engine just made up (no chat_id in the request) names no existing chat.
        if task.request.chatID != nil {
            let rows = try await connection.query(
                "SELECT maternal_id, owner FROM chats WHERE id = \(task.chatID)", logger: logger
            ).collect()
            if let row = rows.first {
                let (maternalID, chatOwner) = try row.decode((Int64, String?).self)
                if maternalID != task.request.maternalID { return .chatOwnedByOther(maternalID: maternalID) }
                // With keys on, only the key that started a chat continues it (and so sees its history).
                if let asker = task.owner, let chatOwner, chatOwner != asker { return .chatOfAnotherKey }
            }
        }
        let millis = task.createdAt.millis
        // The chat row is made in the same statement; ON CONFLICT covers a chat another node made
        // meanwhile. Foreign keys are checked at the statement's end, so they see the new chat.
        try await connection.query(
            """
            WITH chat AS (
                INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at, owner)
                VALUES (\(task.chatID), \(task.request.maternalID), \(task.request.userType.rawValue),
                    \(task.request.input), \(millis), \(millis), \(task.owner))
                ON CONFLICT (id) DO NOTHING
            )
            INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id, input,
                client_timestamp, file_ids, owner, attempts, idempotency_key, request_digest, priority, node,
                triage, triage_signs)
            VALUES (\(task.id), \(task.status.rawValue), \(task.stage.rawValue), \(task.progress), \(millis),
                \(task.request.maternalID), \(task.request.userType.rawValue), \(task.chatID), \(task.request.input),
                \(task.request.timestamp), \(JSONColumns.text(task.request.fileIDs)), \(task.owner), \(task.attempts),
                \(claim?.key), \(claim?.requestDigest), \(task.priority), \(task.node), \(task.triage?.level.rawValue),
                \(task.triage?.signsColumn))
            """, logger: logger)
        return .inserted
    }

    /// One statement, as job queues on PostgreSQL do it: SKIP LOCKED lets concurrent claimers
    /// pass each other's rows instead of waiting or taking the same task.
    private static func claim(
        node: String, limit: Int, lease: Duration, on connection: PostgresConnection, logger: Logger
    ) async throws -> [TaskSnapshot] {
        let rows =
            limit <= 0
            ? []
            : try await connection.query(
                """
                WITH picked AS (
                    SELECT seq FROM tasks WHERE status = 'pending'
                    ORDER BY priority DESC, seq LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE tasks t SET status = 'running', attempts = t.attempts + 1, node = \(node),
                    lease_until = now() + make_interval(secs => \(lease.inSeconds)),
                    started_at = \(unescaped: PostgresRows.nowMillis), cancel_requested = false,
                    partial_answer = NULL, partial_seq = 0
                FROM picked WHERE t.seq = picked.seq
                RETURNING \(unescaped: PostgresRows.taskColumns(of: "t"))
                """, logger: logger
            ).collect()
        // RETURNING gives no order: sort back into claim order.
        let claimed = try rows.map { row in
            let columns = row.makeRandomAccess()
            return (seq: try PostgresRows.seq(columns), task: try PostgresRows.snapshot(columns))
        }.sorted { ($0.task.priority, -$0.seq) > ($1.task.priority, -$1.seq) }
        return claimed.map(\.task)
    }

    private static func progress(_ steps: [RunProgress], on connection: PostgresConnection, logger: Logger) async throws
    {
        // One row per task: with two, UPDATE … FROM would apply either of them.
        var latest: [String: RunProgress] = [:]
        for step in steps { latest[step.taskID] = step }
        let rows = Array(latest.values)
        guard !rows.isEmpty else { return }
        // Arrays cannot hold NULL through these bindings: '' stands for "no triage yet" (rank -1).
        // Triage is only written when it does not lower the stored level. '' is also "no answer yet"
        // (a written piece is never empty).
        try await connection.query(
            """
            UPDATE tasks t SET stage = p.stage, progress = GREATEST(t.progress, p.progress),
                partial_answer = coalesce(nullif(p.answer, ''), t.partial_answer),
                partial_seq = GREATEST(t.partial_seq, p.answer_seq),
                triage_signs = CASE WHEN p.rank >= \(unescaped: TriageRank.of("t.triage"))
                    THEN nullif(p.signs, '') ELSE t.triage_signs END,
                triage = CASE WHEN p.rank >= \(unescaped: TriageRank.of("t.triage")) THEN nullif(p.triage, '') ELSE t.triage END
            FROM unnest(\(rows.map(\.taskID)), \(rows.map(\.holder.node)), \(rows.map(\.holder.attempt)),
                \(rows.map(\.stage.rawValue)), \(rows.map(\.progress)), \(rows.map { $0.triage?.level.rawValue ?? "" }),
                \(rows.map { $0.triage?.signsColumn ?? "" }), \(rows.map { $0.triage?.level.queuePriority ?? -1 }),
                \(rows.map { $0.answer?.text ?? "" }), \(rows.map { $0.answer?.seq ?? 0 }))
                AS p(id, node, attempt, stage, progress, triage, signs, rank, answer, answer_seq)
            WHERE t.id = p.id AND t.status = 'running' AND t.node = p.node AND t.attempts = p.attempt
            """, logger: logger)
    }

    /// False when `holder` no longer holds the task.
    private static func finish(
        _ task: TaskSnapshot, holder: ClaimToken, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        // Back to pending (shutdown): no node holds it any more. A failed task keeps the node that ran it.
        let requeued = task.status == .pending
        // Triage is only written when it does not lower the stored level.
        let (level, signs, rank) = Self.triageValues(task.triage)
        let rows = try await connection.query(
            """
            UPDATE tasks SET status = \(task.status.rawValue), stage = \(task.stage.rawValue),
                progress = \(task.progress), started_at = \(task.startedAt?.millis),
                completed_at = \(task.completedAt?.millis), error = \(task.error),
                error_code = \(task.errorCode?.rawValue), error_detail = \(task.errorDetail),
                triage_signs = CASE WHEN \(rank) >= \(unescaped: TriageRank.of("triage")) THEN \(signs) ELSE triage_signs END,
                triage = CASE WHEN \(rank) >= \(unescaped: TriageRank.of("triage")) THEN \(level) ELSE triage END,
                attempts = \(task.attempts),
                node = CASE WHEN \(requeued) THEN NULL ELSE node END,
                lease_until = CASE WHEN \(task.status == .running) THEN lease_until END, partial_answer = NULL
            WHERE id = \(task.id) AND status = 'running' AND node = \(holder.node) AND attempts = \(holder.attempt)
            RETURNING 1
            """, logger: logger
        ).collect()
        return !rows.isEmpty
    }

    /// The chat as the turn left it, or nil when `holder` no longer holds the task (then nothing
    /// is written). One statement: the fence row is locked first, and every other part only
    /// happens when it was found.
    private static func complete(
        _ task: TaskSnapshot, messages: [ChatMessage], backend: String, holder: ClaimToken,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> ChatRecord? {
        let finishedAt = (task.completedAt ?? Date()).millis
        let (level, signs, rank) = Self.triageValues(task.triage)
        // '' stands for NULL in the arrays (no JSON text is empty).
        let rows = try await connection.query(
            """
            WITH fence AS (
                SELECT seq FROM tasks
                WHERE id = \(task.id) AND status = 'running' AND node = \(holder.node) AND attempts = \(holder.attempt)
                FOR UPDATE
            ), chat AS (
                UPDATE chats SET message_count = message_count + \(messages.count), updated_at = \(finishedAt)
                WHERE id = \(task.chatID) AND EXISTS (SELECT 1 FROM fence)
                RETURNING seq, \(unescaped: PostgresRows.chatColumns)
            ), added AS (
                INSERT INTO messages (chat_seq, task_id, role, content, timestamp, triage, refs, file_ids)
                SELECT chat.seq, \(task.id), m.role, m.content, m.ts, nullif(m.triage, ''), nullif(m.refs, ''),
                    nullif(m.file_ids, '')
                FROM chat, unnest(\(messages.map(\.role.rawValue)), \(messages.map(\.content)),
                    \(messages.map(\.timestamp)), \(messages.map { $0.triage.map(JSONColumns.text) ?? "" }),
                    \(messages.map { $0.references.map(JSONColumns.text) ?? "" }),
                    \(messages.map { $0.fileIDs.map(JSONColumns.text) ?? "" }))
                    WITH ORDINALITY AS m(role, content, ts, triage, refs, file_ids, ord)
                ORDER BY m.ord
                RETURNING id
            ), done AS (
                UPDATE tasks SET status = \(task.status.rawValue), stage = \(task.stage.rawValue),
                    progress = \(task.progress), started_at = \(task.startedAt?.millis), completed_at = \(finishedAt),
                    triage_signs = CASE WHEN \(rank) >= \(unescaped: TriageRank.of("tasks.triage"))
                        THEN \(signs) ELSE tasks.triage_signs END,
                    triage = CASE WHEN \(rank) >= \(unescaped: TriageRank.of("tasks.triage")) THEN \(level) ELSE tasks.triage END,
                    attempts = \(task.attempts),
                    result_message_count = chat.message_count, result_backend = \(backend),
                    result_first_message = (SELECT min(id) FROM added),
                    result_last_message = (SELECT max(id) FROM added), lease_until = NULL, partial_answer = NULL
                FROM chat
                WHERE tasks.seq = (SELECT seq FROM fence)
            )
            SELECT (SELECT count(*) FROM fence), \(unescaped: PostgresRows.chatColumns(of: "chat"))
            FROM (SELECT 1) AS one LEFT JOIN chat ON true
            """, logger: logger
        ).collect()
        guard let row = rows.first?.makeRandomAccess(), try row[0].decode(Int.self) > 0 else { return nil }
        guard try row[1].decode(String?.self) != nil else {
            throw StoreError("chat \(task.chatID) of task \(task.id) is missing")
        }
        return try PostgresRows.chat(row, from: 1)
    }

    /// A run's triage as bound values: level, signs (JSON), and the level's rank (-1 for none),
    /// which the statements compare with the stored level's so that it is never lowered.
    private static func triageValues(_ triage: TriageSummary?) -> (String?, String?, Int) {
        (triage?.level.rawValue, triage?.signsColumn, triage?.level.queuePriority ?? -1)
    }
}
