import Engine
import Foundation
import Testing

@testable import EnginePostgres

/// What only the PostgreSQL driver does: its connection errors, migrating once, notifications
/// between stores and surviving a server restart.
@Suite(.enabled(if: TestPostgres.isConfigured, TestPostgres.skipReason))
struct PostgresStoreTests {
    /// Opening fails (it never hangs), names the problem, and never shows the password.
    @Test func connectionProblemsAreNamedWithoutThePassword() async throws {
        let server = try TestPostgres.serverLocation()
        let password = try #require(server.password)
        /// The message of the `StoreError` opening fails with (any other error fails the test).
        func failure(_ change: (inout PostgresLocation) -> Void) async throws -> String {
            var location = server
            change(&location)
            let started = ContinuousClock.now
            do {
                let store = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
                await store.close()
                return "opened"
            } catch let error as StoreError {
                // A hang guard, not a speed measure: connecting gives up after 5 s, but resolving a
                // host name is the system resolver's business and is slow on a loaded machine.
                #expect(ContinuousClock.now - started < .seconds(30))
                return error.message
            }
        }
        let refused = try await failure { $0.port = 1 }
        #expect(refused == "cannot connect to PostgreSQL at 127.0.0.1:1: connection refused")
        let wrongPassword = try await failure { $0.password = "wrong-\(password)" }
        #expect(wrongPassword == "PostgreSQL refused the password for user mqa")
        let missingDatabase = try await failure { $0.database = "mqa_missing" }
        #expect(missingDatabase.contains("database \"mqa_missing\" does not exist"))
        let unknownHost = try await failure { $0.host = "no-such-host.invalid" }
        #expect(unknownHost.hasPrefix("cannot connect to PostgreSQL at no-such-host.invalid:\(server.port): "))
        for message in [refused, wrongPassword, missingDatabase, unknownHost] {
            #expect(!message.contains(password))
        }
        #expect(!"\(server)".contains(password))
    }

    @Test func tenNodesStartingTogetherMigrateOnce() async throws {
        try await TestPostgres.withDatabase { location in
            let stores = try await withThrowingTaskGroup(of: PostgresTaskStore.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await PostgresTaskStore.open(location, logger: TestPostgres.logger) }
                }
                return try await group.reduce(into: [PostgresTaskStore]()) { $0.append($1) }
            }
            #expect(stores.count == 10)
            let versions = try await TestPostgres.values(
                location, "SELECT version FROM mqa_schema_migrations", as: Int.self)
            #expect(versions == PostgresSchema.migrations.map(\.version))
            for store in stores { await store.close() }
        }
    }

    /// A version-1 database (level only, and no priority from it) is upgraded in place: waiting
    /// tasks are triaged and queued by it, a completed one gets the signs its reply kept.
    @Test func upgradesAVersionOneDatabase() async throws {
        try await TestPostgres.withDatabase { location in
            try await TestPostgres.admin(
                location,
                """
                CREATE TABLE mqa_schema_migrations (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """)
            for statement in PostgresSchema.migrations[0].sql { try await TestPostgres.admin(location, statement) }
            let emergency = "怀孕32周，阴道大量出血，肚子一阵一阵剧痛"
            for statement in [
                "INSERT INTO mqa_schema_migrations (version) VALUES (1)",
                """
                INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at, message_count)
                VALUES ('chat_v1', 7, 'pregnant_mother', '发烧38.5度', 0, 0, 2)
                """,
                """
                INSERT INTO messages (chat_seq, task_id, role, content, timestamp, triage)
                VALUES (1, 'task_v1_done', 'user', '发烧38.5度', '', NULL),
                    (1, 'task_v1_done', 'assistant', '请尽快就医', '', '{"level":"urgent","signs":["fever"]}')
                """,
                """
                INSERT INTO tasks (id, status, stage, progress, created_at, completed_at, maternal_id, user_type, chat_id,
                    input, triage, result_message_count, result_backend, result_first_message, result_last_message)
                VALUES ('task_v1_done', 'completed', 'done', 100, 0, 1, 7, 'pregnant_mother', 'chat_v1', '发烧38.5度',
                    'urgent', 2, 'local', 1, 2)
                """,
                """
                INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id, input)
                VALUES ('task_v1_routine', 'pending', 'queued', 0, 0, 7, 'pregnant_mother', 'chat_v1', '孕期可以喝咖啡吗'),
                    ('task_v1_emergency', 'pending', 'queued', 0, 0, 7, 'pregnant_mother', 'chat_v1', '\(emergency)')
                """,
            ] {
                try await TestPostgres.admin(location, statement)
            }

            let store = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
            let versions = try await TestPostgres.values(
                location, "SELECT version FROM mqa_schema_migrations ORDER BY version", as: Int.self)
            #expect(versions == PostgresSchema.migrations.map(\.version))
            let done = try #require(try await store.task(id: "task_v1_done"))
            #expect(done.triage == TriageSummary(level: .urgent, signs: ["fever"]))
            #expect(done.result?.reply?.triage == done.triage)
            let waiting = try #require(try await store.task(id: "task_v1_emergency"))
            #expect(waiting.triage == TriageSummary(TriageEngine().assess(emergency)))
            #expect(waiting.priority == 2 && waiting.queuePosition == 1)
            let routine = try #require(try await store.task(id: "task_v1_routine"))
            #expect(routine.triage == .routine && routine.priority == 0 && routine.queuePosition == 2)
            #expect(try await store.claim(node: "n", limit: 1, lease: .seconds(60)).map(\.id) == ["task_v1_emergency"])
            await store.close()
        }
    }

    @Test func notificationsReachOtherStores() async throws {
        try await TestPostgres.withDatabase { location in
            let writer = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
            // No fallback tick: only a notification can produce a signal here.
            let reader = try await PostgresTaskStore.open(location, logger: TestPostgres.logger, fallbackTick: nil)
            let signals = SignalRecorder(reader.signals())
            try await Task.sleep(for: .milliseconds(300))  // LISTEN is in place

            let task = StoreConformance.newTask()
            _ = try await writer.insert(task, claim: nil)
            #expect(await signals.waitFor(.changed))
            _ = try await writer.claim(node: "n1", limit: 1, lease: .seconds(60))
            _ = try await writer.requestCancel(taskID: task.id)
            #expect(await signals.waitFor(.cancel(taskID: task.id)))

            signals.stop()
            await reader.close()
            await writer.close()
        }
    }

    /// A statement the server never finishes fails at the deadline instead of holding its caller:
    /// here a read waiting on a lock held elsewhere, as one on a connection a server restart left
    /// behind waits for good (a run reading its chat's history then held its task for ever).
    @Test(.timeLimit(.minutes(1))) func aStatementThatNeverFinishesFailsAtTheDeadline() async throws {
        try await TestPostgres.withDatabase { location in
            let store = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
            let task = StoreConformance.newTask()
            _ = try await store.insert(task, claim: nil)
            try await TestPostgres.withConnection(location) { locker in
                _ = try await locker.query("BEGIN", logger: TestPostgres.logger)
                _ = try await locker.query("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE", logger: TestPostgres.logger)
                // Released after 30 s whatever happens: a read that waits for it fails the test, not hangs it.
                let release = Task {
                    try await Task.sleep(for: .seconds(30))
                    _ = try await locker.query("ROLLBACK", logger: TestPostgres.logger)
                }
                let started = ContinuousClock.now
                do {
                    _ = try await store.task(id: task.id)
                    Issue.record("the read waited for the lock: \(ContinuousClock.now - started)")
                } catch let error as StoreError {
                    #expect(error.message == "the database did not answer within 10 s", "\(error)")
                    #expect(error.fault == .unreachable)
                }
                release.cancel()
                _ = try await locker.query("ROLLBACK", logger: TestPostgres.logger)
            }
            // The closed connection is replaced: reads work again.
            #expect(try await store.task(id: task.id)?.id == task.id)
            await store.close()
        }
    }

    /// A statement on a connection closed under it (as the pool closes those a restarting server
    /// ended) fails as the server being away, which the API answers 503 rather than 500.
    @Test(.timeLimit(.minutes(1))) func aConnectionClosedUnderAStatementMeansTheServerIsAway() async throws {
        try await TestPostgres.withDatabase { location in
            let failure = try await TestPostgres.withConnection(location) { connection -> (any Error)? in
                let statement = Task { () -> (any Error)? in
                    do {
                        _ = try await connection.query("SELECT pg_sleep(30)", logger: TestPostgres.logger)
                        return nil
                    } catch {
                        return error
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                try await connection.close()
                return await statement.value
            }
            let error = try #require(failure)
            #expect(PostgresErrorText.fault(of: error) == .unreachable, "\(error)")
        }
    }

    /// A server restart fails the writes in flight at most; later writes and the listener work again.
    @Test(.timeLimit(.minutes(2))) func survivesAServerRestart() async throws {
        try await TestServer.with { server in try await survivesARestart(of: server) }
    }

    private func survivesARestart(of server: TestServer) async throws {
        try await TestPostgres.withDatabase(url: server.url) { location in
            let store = try await PostgresTaskStore.open(location, logger: TestPostgres.logger)
            let listener = try await PostgresTaskStore.open(location, logger: TestPostgres.logger, fallbackTick: nil)
            let signals = SignalRecorder(listener.signals())
            try await Task.sleep(for: .milliseconds(300))

            // Writes in flight across the restart may fail, with a StoreError (anything else ends the test).
            let writing = Task {
                while !Task.isCancelled {
                    do { _ = try await store.insert(StoreConformance.newTask(), claim: nil) } catch is StoreError {}
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            try await server.restart()
            try await Task.sleep(for: .milliseconds(500))
            writing.cancel()
            try await writing.value

            // The pool reconnects: writes work again.
            var outcome: InsertOutcome?
            for _ in 0..<50 where outcome == nil {
                do {
                    outcome = try await store.insert(StoreConformance.newTask(), claim: nil)
                } catch is StoreError {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            #expect(outcome == .inserted)
            // The listener reconnects and hears new notifications.
            signals.clear()
            for _ in 0..<20 {
                _ = try await store.insert(StoreConformance.newTask(), claim: nil)
                if await signals.waitFor(.changed, within: .milliseconds(500)) { break }
            }
            #expect(await signals.waitFor(.changed, within: .milliseconds(1)))

            signals.stop()
            await listener.close()
            await store.close()
        }
    }
}
