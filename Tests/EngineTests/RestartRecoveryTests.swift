import Foundation
import GRDB
import Testing

@testable import Engine
@testable import EngineSQLite

@Suite("Durability across restarts")
struct RestartRecoveryTests {
    private func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mqa-test-\(UUID().uuidString).sqlite").path
    }

    @Test("tasks accepted before a close run after reopening the same file")
    func pendingSurviveRestart() async throws {
        let path = temporaryDatabase()
        // First process: accepts tasks but its workers never run (closed before they could).
        let first = try await EngineFixture.start(database: path, run: false)
        var ids: [String] = []
        for index in 0..<5 { ids.append(try await first.manager.submit(question("重启前的问题\(index)")).snapshot.id) }
        let earlierChat = ids.isEmpty ? nil : try await first.manager.status(ids[0]).chatID

        let second = try await EngineFixture.start(database: path)
        for id in ids {
            let done = try await second.manager.waitForTerminal(id, timeout: .seconds(60))
            #expect(done?.status == .completed)
        }
        if let earlierChat {
            #expect(try await second.manager.messages(chatID: earlierChat)?.1.count == 2)
        }
        await second.stop()
    }

    @Test(
        "tasks a dead node left running are rescued once their lease lapses: re-queued, or failed interrupted past max_attempts"
    )
    func runningAreRescued() async throws {
        let path = temporaryDatabase()
        let first = try await EngineFixture.start(database: path, run: false)
        let retried = try await first.manager.submit(question("第一次运行被打断")).snapshot
        let exhausted = try await first.manager.submit(question("被打断太多次")).snapshot
        // What a node killed mid-run leaves behind: rows running under its name, leases lapsing.
        try await Self.markRunning(first, path, retried.id, node: "dead-node", attempts: 1, leaseEndsInMillis: 300)
        try await Self.markRunning(first, path, exhausted.id, node: "dead-node", attempts: 3, leaseEndsInMillis: 300)

        let second = try await EngineFixture.start(
            configuration: EngineConfiguration(maxAttempts: 3, node: "second-node", lease: .seconds(3)), database: path)
        let resumed = try #require(try await second.manager.waitForTerminal(retried.id, timeout: .seconds(60)))
        #expect(resumed.status == .completed)
        #expect(resumed.attempts == 2)
        #expect(resumed.node == "second-node")
        let failed = try #require(try await second.manager.waitForTerminal(exhausted.id, timeout: .seconds(60)))
        #expect(failed.status == .failed)
        #expect(failed.errorCode == .interrupted)
        await second.stop()
    }

    @Test("a live node's running tasks are not taken over by a node that starts; its own earlier life's are, at once")
    func startingNodeLeavesLiveLeasesAlone() async throws {
        let path = temporaryDatabase()
        let first = try await EngineFixture.start(database: path, run: false)
        let live = try await first.manager.submit(question("别的节点正在回答")).snapshot
        let mine = try await first.manager.submit(question("我上一次没答完")).snapshot
        // Leases far longer than the wait below: only a takeback at start finishes `mine` in time.
        try await Self.markRunning(first, path, live.id, node: "live-node", attempts: 1, leaseEndsInMillis: 600_000)
        try await Self.markRunning(
            first, path, mine.id, node: "restarted-node", attempts: 1, leaseEndsInMillis: 600_000)

        let restarted = try await EngineFixture.start(
            configuration: EngineConfiguration(node: "restarted-node", lease: .seconds(3)), database: path)
        let resumed = try await restarted.manager.waitForTerminal(mine.id, timeout: .seconds(60))
        #expect(resumed?.status == .completed && resumed?.attempts == 2)
        // Several rescue passes later the live node's task is still its own.
        try await Task.sleep(for: .seconds(2))
        let untouched = try await restarted.manager.status(live.id)
        #expect(untouched.status == .running && untouched.node == "live-node" && untouched.attempts == 1)
        await restarted.stop()
    }

    /// Marks a pending task as running under `node`, its lease ending `leaseEndsInMillis` from now,
    /// and requires that `fixture`'s store (on `path`) reads it so: a rescue test whose task was
    /// never running would check nothing.
    private static func markRunning(
        _ fixture: EngineFixture, _ path: String, _ id: String, node: String, attempts: Int, leaseEndsInMillis: Int
    ) async throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try await database.write { db in
            try db.execute(
                sql: """
                    UPDATE tasks SET status = 'running', stage = 'generation', progress = 40, node = ?, attempts = ?,
                        started_at = \(SQLiteQueue.now), lease_until = \(SQLiteQueue.now) + ?
                    WHERE id = ?
                    """,
                arguments: [node, attempts, leaseEndsInMillis, id])
        }
        try database.close()
        let marked = try #require(try await fixture.store.task(id: id))
        try #require(marked.status == .running && marked.node == node && marked.attempts == attempts)
    }

    @Test("shutdown interrupts running tasks back to pending, and the next start finishes them")
    func gracefulShutdownResumes() async throws {
        let path = temporaryDatabase()
        let backend = GatedBackend()
        let first = try await EngineFixture.start(
            backend: backend, configuration: EngineConfiguration(maxWorkers: 2), database: path)
        var ids: [String] = []
        for index in 0..<4 { ids.append(try await first.manager.submit(question("关机时的问题\(index)")).snapshot.id) }
        // The first two are mid-generation when the shutdown comes (the others never start): what
        // is found pending afterwards was put back, not merely never claimed.
        try #require(try await eventually { backend.activeCount == 2 })
        for id in ids.prefix(2) { try #require(try await first.store.task(id: id)?.status == .running) }
        await first.manager.shutdown(grace: .milliseconds(50))
        await first.runner.value
        await #expect(throws: TaskManagerError.shuttingDown) { try await first.manager.submit(question()) }
        for id in ids { #expect(try await first.store.task(id: id)?.status == .pending) }

        let second = try await EngineFixture.start(database: path)
        for id in ids {
            #expect(try await second.manager.waitForTerminal(id, timeout: .seconds(60))?.status == .completed)
        }
        await second.stop()
    }

    @Test("the write-ahead log is copied into the database file beside the writer, whose own checkpoints are off")
    func checkpointsRunBesideTheWriter() async throws {
        let path = temporaryDatabase()
        let engine = try await EngineFixture.start(database: path)
        let emptySize = try Self.fileSize(path)
        var ids: [String] = []
        for index in 0..<300 { ids.append(try await engine.manager.submit(question("检查点问题\(index)")).snapshot.id) }
        for id in ids { _ = try await engine.manager.waitForTerminal(id, timeout: .seconds(60)) }
        // Only a checkpoint moves pages from the log into the main file; the writer alone never would.
        #expect(try await eventually { try Self.fileSize(path) > emptySize + 100_000 })
        #expect(try await engine.manager.stats().completed == 300)
        await engine.stop()
    }

    @Test("a database from before chats had owners is upgraded in place; its chats stay open to any key")
    func upgradesAVersionOneDatabase() async throws {
        let path = temporaryDatabase()
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v1: tasks, chats, messages")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO chats (id, maternal_id, user_type, first_question, created_at, updated_at)
                    VALUES ('chat_old', 7, 'pregnant_mother', '旧的问题', 0, 0)
                    """)
        }
        try old.close()
        let engine = try await EngineFixture.start(database: path)
        let continued = try await engine.manager.submit(question(chatID: "chat_old"), owner: "bob")
        #expect(
            try await engine.manager.waitForTerminal(continued.snapshot.id, timeout: .seconds(60))?.status == .completed
        )
        let (chat, messages) = try #require(try await engine.manager.messages(chatID: "chat_old"))
        #expect(chat.owner == nil && chat.firstQuestion == "旧的问题" && messages.count == 2)
        await engine.stop()
    }

    @Test("a version-2 database's answers and histories read the same once messages are keyed by integers")
    func upgradesAVersionTwoDatabase() async throws {
        // A turn answered by today's code, its rows then copied into a file the migrator built up
        // to version 2: the chat, the task, and the two messages keyed by chat id as v2 kept them.
        let answeredPath = temporaryDatabase()
        let first = try await EngineFixture.start(database: answeredPath)
        let answered = try await first.manager.submit(question("孕期可以喝咖啡吗", chatID: "chat_before"))
        let before = try #require(try await first.manager.waitForTerminal(answered.snapshot.id, timeout: .seconds(60)))
        await first.stop()
        let path = temporaryDatabase()
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v2: chats have an owner")
        try await old.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS answered", arguments: [answeredPath])
            try db.inTransaction {
                // Every version-2 column of these tables exists in version 3 under the same name.
                for table in ["chats", "tasks"] {
                    let columns = try String.fetchAll(
                        db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table]
                    ).joined(separator: ", ")
                    try db.execute(
                        sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM answered.\(table)")
                }
                try db.execute(
                    sql: """
                        INSERT INTO main.messages (id, chat_id, task_id, role, content, timestamp, triage, refs, file_ids)
                        SELECT m.id, c.id, m.task_id, m.role, m.content, m.timestamp, m.triage, m.refs, m.file_ids
                        FROM answered.messages m JOIN answered.chats c ON c.seq = m.chat_seq
                        """)
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE answered")
        }
        try old.close()

        let engine = try await EngineFixture.start(database: path)
        #expect(try await engine.manager.status(answered.snapshot.id).result == before.result)
        let continued = try await engine.manager.submit(question("那绿茶呢", chatID: "chat_before"))
        let after = try #require(try await engine.manager.waitForTerminal(continued.snapshot.id, timeout: .seconds(60)))
        #expect(after.result?.chatMeta.messageCount == 4)
        let (_, history) = try #require(try await engine.manager.messages(chatID: "chat_before"))
        #expect(history.map(\.content).first == "孕期可以喝咖啡吗" && history.count == 4)
        #expect(
            history.map(\.taskID) == [
                answered.snapshot.id, answered.snapshot.id, continued.snapshot.id, continued.snapshot.id,
            ])
        await engine.stop()
    }

    private static func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
