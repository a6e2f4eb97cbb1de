import Engine
import Foundation
import GRDB

/// The SQLite schema, as GRDB migrations: applied in order, each once, so old files upgrade in place.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tasks, chats, messages") { db in
            try db.execute(
                sql: """
                    CREATE TABLE chats (
                        id TEXT PRIMARY KEY NOT NULL,
                        maternal_id INTEGER NOT NULL,
                        user_type TEXT NOT NULL,
                        first_question TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        message_count INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE tasks (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        status TEXT NOT NULL,
                        stage TEXT NOT NULL,
                        progress INTEGER NOT NULL,
                        created_at INTEGER NOT NULL,
                        started_at INTEGER,
                        completed_at INTEGER,
                        maternal_id INTEGER NOT NULL,
                        user_type TEXT NOT NULL,
                        chat_id TEXT NOT NULL REFERENCES chats(id),
                        input TEXT NOT NULL,
                        client_timestamp TEXT,
                        file_ids TEXT NOT NULL DEFAULT '[]',
                        result_message_count INTEGER,
                        result_backend TEXT,
                        error TEXT,
                        error_code TEXT,
                        triage TEXT,
                        owner TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        idempotency_key TEXT,
                        request_digest TEXT
                    );
                    CREATE INDEX tasks_unfinished ON tasks(status) WHERE status IN ('pending', 'running');
                    CREATE INDEX tasks_maternal ON tasks(maternal_id, seq);
                    CREATE INDEX tasks_finished ON tasks(completed_at) WHERE completed_at IS NOT NULL;
                    CREATE UNIQUE INDEX tasks_idempotency ON tasks(ifnull(owner, ''), idempotency_key)
                        WHERE idempotency_key IS NOT NULL;
                    CREATE TABLE messages (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        chat_id TEXT NOT NULL REFERENCES chats(id),
                        task_id TEXT,
                        role TEXT NOT NULL,
                        content TEXT NOT NULL,
                        timestamp TEXT NOT NULL,
                        triage TEXT,
                        refs TEXT,
                        file_ids TEXT
                    );
                    CREATE INDEX messages_chat ON messages(chat_id, id);
                    CREATE INDEX messages_task ON messages(task_id);
                    """)
        }
        migrator.registerMigration("v2: chats have an owner") { db in
            // Chats from before keep no owner: any key may continue them, as before.
            try db.execute(sql: "ALTER TABLE chats ADD COLUMN owner TEXT")
        }
        migrator.registerMigration("v3: messages keyed by integers") { db in
            // A turn wrote two random entries into each of two text indexes on `messages` (chat id,
            // task id): about a third of the pages a task dirtied. Messages now point at the chat's
            // integer key, which only grows for new chats, and a task names its turn's messages by
            // their ids. The tables are rebuilt (SQLite cannot add a primary key in place); foreign
            // keys are checked once the migration is done.
            try db.execute(
                sql: """
                    CREATE TABLE new_chats (
                        seq INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        maternal_id INTEGER NOT NULL,
                        user_type TEXT NOT NULL,
                        first_question TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        message_count INTEGER NOT NULL DEFAULT 0,
                        owner TEXT
                    );
                    INSERT INTO new_chats (id, maternal_id, user_type, first_question, created_at, updated_at, message_count, owner)
                        SELECT id, maternal_id, user_type, first_question, created_at, updated_at, message_count, owner
                        FROM chats ORDER BY rowid;
                    CREATE TABLE new_messages (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        chat_seq INTEGER NOT NULL REFERENCES chats(seq),
                        task_id TEXT,
                        role TEXT NOT NULL,
                        content TEXT NOT NULL,
                        timestamp TEXT NOT NULL,
                        triage TEXT,
                        refs TEXT,
                        file_ids TEXT
                    );
                    INSERT INTO new_messages (id, chat_seq, task_id, role, content, timestamp, triage, refs, file_ids)
                        SELECT m.id, c.seq, m.task_id, m.role, m.content, m.timestamp, m.triage, m.refs, m.file_ids
                        FROM messages m JOIN new_chats c ON c.id = m.chat_id ORDER BY m.id;
                    ALTER TABLE tasks ADD COLUMN result_first_message INTEGER;
                    ALTER TABLE tasks ADD COLUMN result_last_message INTEGER;
                    UPDATE tasks SET
                        result_first_message = (SELECT min(id) FROM messages WHERE task_id = tasks.id),
                        result_last_message = (SELECT max(id) FROM messages WHERE task_id = tasks.id)
                    WHERE status = 'completed';
                    DROP TABLE messages;
                    DROP TABLE chats;
                    ALTER TABLE new_chats RENAME TO chats;
                    ALTER TABLE new_messages RENAME TO messages;
                    CREATE INDEX messages_chat ON messages(chat_seq, id);
                    """)
        }
        migrator.registerMigration("v4: the queue lives in the store") { db in
            // Claims take pending tasks by priority, then acceptance order; leases and rescue look
            // at the running ones. SQLite uses a partial index only for a query that names its
            // condition exactly, so each status has its own.
            try db.execute(
                sql: """
                    ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE tasks ADD COLUMN node TEXT;
                    ALTER TABLE tasks ADD COLUMN lease_until INTEGER;
                    ALTER TABLE tasks ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
                    DROP INDEX tasks_unfinished;
                    CREATE INDEX tasks_pending ON tasks(priority DESC, seq) WHERE status = 'pending';
                    CREATE INDEX tasks_running ON tasks(node) WHERE status = 'running';
                    """)
        }
        migrator.registerMigration("v5: triage at intake") { db in
            // Tasks are triaged when accepted: the level (`triage`, as before) and now the danger
            // signs too, and the level orders the queue (`priority`).
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN triage_signs TEXT")
            // A completed turn's signs are those its reply kept.
            try db.execute(
                sql: """
                    UPDATE tasks SET triage_signs = (
                        SELECT CASE WHEN json_valid(m.triage) THEN json_extract(m.triage, '$.signs') END
                        FROM messages m WHERE m.id = tasks.result_last_message)
                    WHERE status = 'completed' AND triage IS NOT NULL
                    """)
            // Unfinished tasks waited without triage: assessed now, and queued by it.
            let update = try db.makeStatement(
                sql: """
                    UPDATE tasks SET triage = ?, triage_signs = ?, priority = max(priority, ?) WHERE seq = ?
                    """)
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, input, user_type, triage, triage_signs FROM tasks WHERE status IN ('pending', 'running')
                    """)
            {
                let triage = TriageSummary.backfilled(input: row[1], userType: row[2], level: row[3], signs: row[4])
                try update.execute(arguments: [
                    triage.level.rawValue, triage.signsColumn, triage.level.queuePriority, row[0] as Int64,
                ])
            }
        }
        migrator.registerMigration("v6: answers stream as they are written") { db in
            // A running task's answer so far, written by its node a few times a second for the others.
            try db.execute(
                sql: """
                    ALTER TABLE tasks ADD COLUMN partial_answer TEXT;
                    ALTER TABLE tasks ADD COLUMN partial_seq INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        migrator.registerMigration("v7: failures say what happened in two registers") { db in
            // `error` for the asker, `error_detail` the technical cause for whoever runs the server.
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN error_detail TEXT")
        }
        return migrator
    }

    /// Migrates to the latest version. Processes opening one new file together may both find a
    /// migration to apply; the one that loses the race fails inside its transaction (which rolls
    /// back) and, trying again, finds it applied. So each migration runs once.
    static func migrate(_ writer: any DatabaseWriter) throws {
        var attempt = 0
        while true {
            do {
                return try migrator.migrate(writer)
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }
}
