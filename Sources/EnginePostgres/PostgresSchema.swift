import Engine
import Logging
import PostgresNIO

/// The PostgreSQL schema as numbered migrations. Times are epoch milliseconds (BIGINT) like the
/// SQLite schema, so rows map the same way, except `lease_until`, which is compared with the
/// database's clock (`now()`) so that nodes' clocks never matter.
enum PostgresSchema {
    /// Held while migrating, so nodes starting together migrate once and the rest wait for it.
    static let migrationLock: Int64 = 0x6D71_615F_6D69_6772  // "mqa_migr"

    /// A schema version: its statements, then, for data the database cannot work out alone, a
    /// step in Swift on the same connection and transaction.
    struct Migration: Sendable {
        let version: Int
        let sql: [String]
        var backfill: (@Sendable (PostgresConnection, Logger) async throws -> Void)? = nil
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            sql: [
                """
                CREATE TABLE chats (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    maternal_id BIGINT NOT NULL,
                    user_type TEXT NOT NULL,
                    first_question TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    message_count INT NOT NULL DEFAULT 0,
                    owner TEXT
                )
                """,
                """
                CREATE TABLE tasks (
                    seq BIGSERIAL PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
                    stage TEXT NOT NULL,
                    progress INT NOT NULL,
                    created_at BIGINT NOT NULL,
                    started_at BIGINT,
                    completed_at BIGINT,
                    maternal_id BIGINT NOT NULL,
                    user_type TEXT NOT NULL,
                    chat_id TEXT NOT NULL REFERENCES chats(id),
                    input TEXT NOT NULL,
                    client_timestamp TEXT,
                    file_ids TEXT NOT NULL DEFAULT '[]',
                    result_message_count INT,
                    result_backend TEXT,
                    error TEXT,
                    error_code TEXT,
                    triage TEXT,
                    owner TEXT,
                    attempts INT NOT NULL DEFAULT 0,
                    idempotency_key TEXT,
                    request_digest TEXT,
                    result_first_message BIGINT,
                    result_last_message BIGINT,
                    priority INT NOT NULL DEFAULT 0,
                    node TEXT,
                    lease_until TIMESTAMPTZ,
                    cancel_requested BOOLEAN NOT NULL DEFAULT false
                )
                """,
                // The queue, in claim order.
                "CREATE INDEX tasks_queue ON tasks (priority DESC, seq) WHERE status = 'pending'",
                // Lease renewal, rescue and cancel requests look at running tasks by node.
                "CREATE INDEX tasks_running ON tasks (node) WHERE status = 'running'",
                "CREATE INDEX tasks_maternal ON tasks (maternal_id, seq)",
                "CREATE INDEX tasks_finished ON tasks (completed_at) WHERE completed_at IS NOT NULL",
                """
                CREATE UNIQUE INDEX tasks_idempotency ON tasks (coalesce(owner, ''), idempotency_key)
                    WHERE idempotency_key IS NOT NULL
                """,
                """
                CREATE TABLE messages (
                    id BIGSERIAL PRIMARY KEY,
                    chat_seq BIGINT NOT NULL REFERENCES chats(seq),
                    task_id TEXT,
                    role TEXT NOT NULL,
                    content TEXT NOT NULL,
                    timestamp TEXT NOT NULL,
                    triage TEXT,
                    refs TEXT,
                    file_ids TEXT
                )
                """,
                "CREATE INDEX messages_chat ON messages (chat_seq, id)",
            ]),
        // Tasks are triaged when accepted: the level (`triage`, as before) and now the danger
        // signs too (a JSON array), and the level orders the queue (`priority`).
        Migration(
            version: 2,
            sql: [
                "ALTER TABLE tasks ADD COLUMN triage_signs TEXT",
                // A completed turn's signs are those its reply kept.
                """
                UPDATE tasks t SET triage_signs = (m.triage::json -> 'signs')::text
                FROM messages m
                WHERE m.id = t.result_last_message AND t.status = 'completed' AND t.triage IS NOT NULL
                    AND m.triage IS NOT NULL
                """,
            ],
            backfill: backfillUnfinishedTriage),
        // A running task's answer so far, written by its node a few times a second for the others.
        Migration(
            version: 3,
            sql: [
                "ALTER TABLE tasks ADD COLUMN partial_answer TEXT",
                "ALTER TABLE tasks ADD COLUMN partial_seq INT NOT NULL DEFAULT 0",
            ]),
        // A failure's technical cause, for whoever runs the server; `error` says it for the asker.
        Migration(version: 4, sql: ["ALTER TABLE tasks ADD COLUMN error_detail TEXT"]),
    ]

    /// Unfinished tasks waited without triage: assessed now, and queued by it.
    @Sendable static func backfillUnfinishedTriage(_ connection: PostgresConnection, logger: Logger) async throws {
        var found: [(Int64, String, String, String?, String?)] = []
        for try await row in try await connection.query(
            "SELECT seq, input, user_type, triage, triage_signs FROM tasks WHERE status IN ('pending', 'running')",
            logger: logger
        ).decode((Int64, String, String, String?, String?).self) {
            found.append(row)
        }
        for (seq, input, userType, level, signs) in found {
            let triage = TriageSummary.backfilled(input: input, userType: userType, level: level, signs: signs)
            try await connection.query(
                """
                UPDATE tasks SET triage = \(triage.level.rawValue), triage_signs = \(triage.signsColumn),
                    priority = GREATEST(priority, \(triage.level.queuePriority))
                WHERE seq = \(seq)
                """, logger: logger)
        }
    }

    /// Applies the missing migrations in one transaction under `migrationLock`.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.inTransaction(logger: logger) {
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS mqa_schema_migrations (
                        version INT PRIMARY KEY,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """, logger: logger)
                var applied = Set<Int>()
                for try await version in try await connection.query(
                    "SELECT version FROM mqa_schema_migrations", logger: logger
                ).decode(Int.self) {
                    applied.insert(version)
                }
                for migration in migrations where !applied.contains(migration.version) {
                    for statement in migration.sql {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await migration.backfill?(connection, logger)
                    try await connection.query(
                        "INSERT INTO mqa_schema_migrations (version) VALUES (\(migration.version))", logger: logger)
                    logger.info("applied PostgreSQL schema migration \(migration.version)")
                }
            }
        }
    }
}
