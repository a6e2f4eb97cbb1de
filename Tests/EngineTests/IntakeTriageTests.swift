import Foundation
import GRDB
import Testing

@testable import Engine
@testable import EngineSQLite

/// Triage runs when a task is accepted: it is stored with the pending task, shown from the first
/// snapshot, orders the queue, and no later step lowers it.
@Suite("Triage at intake")
struct IntakeTriageTests {
    static let emergency = "怀孕32周，阴道大量出血，肚子一阵一阵剧痛"
    static let urgent = "发烧38.5度，浑身没劲"

    @Test("the accepted task carries its level and signs, stored before any run, and its queue priority")
    func submittedTasksCarryTheirTriage() async throws {
        // Workers never run (so it is never stopped either): what is seen is intake's alone.
        let engine = try await EngineFixture.start(run: false)
        let updates = engine.manager.allUpdates()
        let expected = TriageSummary(TriageEngine().assess(Self.emergency, userType: .family_member))
        #expect(expected.level == .emergency && expected.signs.contains("vaginal_bleeding"))

        let submitted = try await engine.manager.submit(question(Self.emergency, userType: .family_member)).snapshot
        #expect(submitted.status == .pending)
        #expect(submitted.triage == expected)
        #expect(submitted.priority == 2)
        let stored = try #require(try await engine.store.task(id: submitted.id))
        #expect(stored.triage == expected && stored.priority == 2 && stored.queuePosition == 1)
        #expect(try await engine.manager.status(submitted.id).triage == expected)
        var published: TaskSnapshot?
        for await update in updates {
            published = update.snapshot
            break
        }
        #expect(published?.id == submitted.id && published?.triage == expected)

        let urgent = try await engine.manager.submit(question(Self.urgent)).snapshot
        #expect(urgent.triage?.level == .urgent && urgent.priority == 1)
        let routine = try await engine.manager.submit(question("孕期可以喝咖啡吗")).snapshot
        #expect(routine.triage == .routine && routine.priority == 0)
        // The list shows them too, pending as they are.
        let listed = try await engine.manager.list(TaskQuery()).tasks
        #expect(listed.map(\.triage?.level) == [.routine, .urgent, .emergency])
    }

    @Test("bad input is refused before triage, and odd input is triaged without trouble")
    func oddInputNeverCrashes() async throws {
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(backend: backend)
        for (refused, reason) in [("   ", "input 不能为空"), ("\u{0}出血", "input 不能包含 NUL 字符"), ("", "input 不能为空")] {
            await #expect(throws: TaskManagerError.invalidInput(reason)) {
                try await engine.manager.submit(question(refused))
            }
        }
        for text in [
            "\u{7}\u{1B}[31m控制字符", String(repeating: "出血", count: 2000), "🤰🏽💉 bleeding!!", "\u{202E}反向文字",
            "\u{FFFD}\u{FFFD}",
        ] {
            let task = try await engine.manager.submit(question(text)).snapshot
            #expect(task.triage != nil)
            #expect(task.priority == task.triage?.level.queuePriority)
        }
        backend.open()
        await engine.stop()
    }

    @Test("with one worker busy, an emergency then an urgent question run before the routine ones ahead of them")
    func triageOrdersTheQueue() async throws {
        // The first answer is held until the queue was read, however slowly the others arrive.
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(backend: backend, configuration: EngineConfiguration(maxWorkers: 1))
        let first = try await engine.manager.submit(question("孕期可以喝咖啡吗")).snapshot
        try #require(try await eventually { backend.activeCount == 1 })
        let routine = [
            try await engine.manager.submit(question("孕期每天要补充多少叶酸")).snapshot,
            try await engine.manager.submit(question("产后恶露一般持续多久")).snapshot,
        ]
        let urgent = try await engine.manager.submit(question(Self.urgent)).snapshot
        let emergency = try await engine.manager.submit(question(Self.emergency)).snapshot
        var seen: [Int?] = []
        for task in [emergency, urgent, routine[0], routine[1]] {
            seen.append(try await engine.manager.status(task.id).queuePosition)
        }
        #expect(seen == [1, 2, 3, 4])
        backend.open()
        var ended: [TaskSnapshot] = []
        for task in [first, emergency, urgent] + routine {
            ended.append(try #require(try await engine.manager.waitForTerminal(task.id, timeout: .seconds(60))))
        }
        #expect(ended.allSatisfy { $0.status == .completed })
        let started = ended.sorted { $0.startedAt! < $1.startedAt! }.map(\.id)
        #expect(started == [first.id, emergency.id, urgent.id] + routine.map(\.id))
        await engine.stop()
    }

    @Test("a stored level the rules do not find again (an earlier run's model raise) is never lowered by the workflow")
    func theWorkflowNeverLowersTheStoredTriage() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mqa-\(UUID().uuidString).sqlite").path
        let raised = TriageSummary(level: .emergency, signs: [TriageSummary.modelAssessmentSign])
        let task = TaskSnapshot(
            id: TaskSnapshot.newID(), status: .pending, stage: .queued, progress: 0, createdAt: Date(),
            request: question("孕期可以喝咖啡吗"), chatID: "chat_raised", triage: raised, priority: 2)
        let store = try SQLiteTaskStore(path: path)
        #expect(try await store.insert(task, claim: nil) == .inserted)
        await store.close()
        // A node that starts runs what waits in its database.
        let engine = try await EngineFixture.start(database: path)
        let done = try #require(try await engine.manager.waitForTerminal(task.id, timeout: .seconds(60)))
        #expect(done.status == .completed)
        #expect(done.triage == raised)
        let reply = try #require(try await engine.manager.status(task.id).result?.reply)
        #expect(reply.triage == raised)
        #expect(reply.content.hasPrefix(try #require(TriageEngine.instruction(for: raised))))
        #expect(try await engine.store.task(id: task.id)?.triage == raised)
        await engine.stop()
    }

    @Test(
        "a version-4 database is upgraded: waiting tasks are triaged and queued by it, answered ones get their reply's signs"
    )
    func upgradesAVersionFourDatabase() async throws {
        // A turn answered by today's code, and two questions waiting, written as version 4 kept
        // them: a level only on the answered one, no signs anywhere, priority 0 for all.
        let answeredPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "mqa-\(UUID().uuidString).sqlite"
        ).path
        let first = try await EngineFixture.start(database: answeredPath)
        let answered = try await first.manager.submit(question(Self.urgent, chatID: "chat_v4")).snapshot
        let answer = try #require(try await first.manager.waitForTerminal(answered.id, timeout: .seconds(60)))
        await first.stop()

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mqa-\(UUID().uuidString).sqlite").path
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v4: the queue lives in the store")
        try await old.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS answered", arguments: [answeredPath])
            try db.inTransaction {
                for table in ["chats", "tasks", "messages"] {
                    let columns = try String.fetchAll(
                        db, sql: "SELECT name FROM pragma_table_info(?, 'main')", arguments: [table]
                    ).joined(separator: ", ")
                    try db.execute(
                        sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM answered.\(table)")
                }
                for (id, text) in [("task_v4_routine", "孕期可以喝咖啡吗"), ("task_v4_emergency", Self.emergency)] {
                    try db.execute(
                        sql: """
                            INSERT INTO tasks (id, status, stage, progress, created_at, maternal_id, user_type, chat_id, input)
                            VALUES (?, 'pending', 'queued', 0, 0, 7, 'pregnant_mother', 'chat_v4', ?)
                            """, arguments: [id, text])
                }
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE answered")
        }
        try old.close()

        let store = try SQLiteTaskStore(path: path)
        let upgraded = try #require(try await store.task(id: answered.id))
        #expect(upgraded.triage == answer.triage && upgraded.triage?.signs.isEmpty == false)
        #expect(upgraded.result == answer.result)
        let emergency = try #require(try await store.task(id: "task_v4_emergency"))
        #expect(emergency.triage == TriageSummary(TriageEngine().assess(Self.emergency)))
        #expect(emergency.priority == 2 && emergency.queuePosition == 1)
        let routine = try #require(try await store.task(id: "task_v4_routine"))
        #expect(routine.triage == .routine && routine.priority == 0 && routine.queuePosition == 2)
        #expect(try await store.claim(node: "n", limit: 1, lease: .seconds(60)).map(\.id) == ["task_v4_emergency"])
        await store.close()
    }
}
