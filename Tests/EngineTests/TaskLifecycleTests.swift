import Foundation
import Testing

@testable import Engine

@Suite("Task lifecycle")
struct TaskLifecycleTests {
    @Test("a task goes pending → running → completed, stages in order, progress never decreasing")
    func stateMachine() async throws {
        let engine = try await EngineFixture.start(backend: LocalBackend(simulatedLatency: .milliseconds(200)))
        let submission = try await engine.manager.submit(question("孕妇最近出现头晕症状，需要什么建议？"))
        #expect(submission.isNew)
        #expect(submission.snapshot.status == .pending)
        #expect(submission.snapshot.progress == 0)
        #expect(submission.snapshot.id.hasPrefix("task_"))

        var seen: [TaskSnapshot] = []
        for await snapshot in try await engine.manager.updates(of: submission.snapshot.id) { seen.append(snapshot) }
        let statuses = seen.map(\.status)
        #expect(statuses.first == .pending || statuses.first == .running)
        #expect(statuses.last == .completed)
        #expect(statuses.contains(.running))
        for (earlier, later) in zip(seen, seen.dropFirst()) {
            #expect(later.progress >= earlier.progress)
            #expect(
                TaskStage.allCases.firstIndex(of: later.stage)! >= TaskStage.allCases.firstIndex(of: earlier.stage)!)
        }
        #expect(seen.dropLast().allSatisfy { $0.progress < 100 })
        let stages = Set(seen.map(\.stage))
        #expect(stages.isSuperset(of: [.generation, .done]))
        let final = try #require(seen.last)
        #expect(final.progress == 100)
        #expect(final.stage == .done)
        #expect(final.startedAt != nil && final.completedAt != nil)
        let result = try #require(final.result)
        #expect(result.messages.count == 2)
        #expect(result.messages[0].role == .user)
        #expect(result.chatMeta.messageCount == 2)
        #expect(result.chatMeta.backend == "local")
        #expect(result.sessionTitle == "孕妇最近出现头晕症状...")
        #expect(result.reply?.content.contains(SafetyText.disclaimer) == true)
        // Finished tasks are read back from the store, identical.
        let stored = try await engine.manager.status(submission.snapshot.id)
        #expect(stored.status == .completed)
        #expect(stored.result == result)
        await engine.stop()
    }

    @Test("a chat continues across turns and keeps its first question as the title")
    func chatContinues() async throws {
        let engine = try await EngineFixture.start()
        let first = try await engine.manager.submit(question("第一次提问：孕期可以喝咖啡吗"))
        _ = try await engine.manager.waitForTerminal(first.snapshot.id, timeout: .seconds(30))
        let second = try await engine.manager.submit(question("那茶呢", chatID: first.snapshot.chatID))
        let done = try #require(try await engine.manager.waitForTerminal(second.snapshot.id, timeout: .seconds(30)))
        #expect(done.result?.chatMeta.messageCount == 4)
        #expect(done.result?.sessionTitle == "第一次提问：孕期可以...")
        let (chat, messages) = try #require(try await engine.manager.messages(chatID: first.snapshot.chatID))
        #expect(chat.maternalID == 7)
        #expect(messages.map(\.role) == [.user, .assistant, .user, .assistant])
        await engine.stop()
    }

    @Test("a chat of another maternal_id is refused")
    func chatOwnership() async throws {
        let engine = try await EngineFixture.start()
        let first = try await engine.manager.submit(question(maternalID: 1, chatID: "chat_shared"))
        #expect(first.snapshot.chatID == "chat_shared")
        await #expect(throws: TaskManagerError.chatOwnedByOther(chatID: "chat_shared")) {
            try await engine.manager.submit(question(maternalID: 2, chatID: "chat_shared"))
        }
        await engine.stop()
    }

    @Test("with owners (API keys), a chat is continued only by the owner that started it")
    func chatOfAnotherKey() async throws {
        let engine = try await EngineFixture.start()
        _ = try await engine.manager.submit(question(chatID: "chat_keyed"), owner: "alice")
        await #expect(throws: TaskManagerError.chatOfAnotherKey(chatID: "chat_keyed")) {
            try await engine.manager.submit(question(chatID: "chat_keyed"), owner: "bob")
        }
        _ = try await engine.manager.submit(question(chatID: "chat_keyed"), owner: "alice")
        // Without keys nothing is owned: a chat started without one is anyone's to continue.
        _ = try await engine.manager.submit(question(chatID: "chat_open"))
        _ = try await engine.manager.submit(question(chatID: "chat_open"), owner: "bob")
        #expect(try await engine.manager.messages(chatID: "chat_keyed")?.0.owner == "alice")
        await engine.stop()
    }

    @Test(
        "invalid requests are refused with a message naming the field",
        arguments: [
            (QARequest(input: "   ", maternalID: 1, userType: .doctor), "input"),
            (QARequest(input: String(repeating: "孕", count: 4001), maternalID: 1, userType: .doctor), "input"),
            (QARequest(input: "问题", maternalID: 0, userType: .doctor), "maternal_id"),
            (QARequest(input: "问题", maternalID: -5, userType: .doctor), "maternal_id"),
            (QARequest(input: "问题", maternalID: 1, userType: .doctor, chatID: "bad id!"), "chat_id"),
            (
                QARequest(input: "问题", maternalID: 1, userType: .doctor, chatID: String(repeating: "a", count: 129)),
                "chat_id"
            ),
            (QARequest(input: "问题", maternalID: 1, userType: .doctor, timestamp: "yesterday"), "timestamp"),
            (QARequest(input: "问题", maternalID: 1, userType: .doctor, fileIDs: (1...11).map(String.init)), "file_id"),
        ])
    func invalidInput(request: QARequest, field: String) async throws {
        let engine = try await EngineFixture.start()
        do {
            _ = try await engine.manager.submit(request)
            Issue.record("accepted an invalid request")
        } catch let TaskManagerError.invalidInput(message) {
            #expect(message.hasPrefix(field))
        }
        #expect(await engine.manager.stats().pending == 0)
        await engine.stop()
    }

    @Test("the same idempotency key returns the same task; a different body conflicts")
    func idempotency() async throws {
        let engine = try await EngineFixture.start()
        let first = try await engine.manager.submit(question(chatID: "chat_idem"), idempotencyKey: "key-1")
        let again = try await engine.manager.submit(question(chatID: "chat_idem"), idempotencyKey: "key-1")
        #expect(!again.isNew)
        #expect(again.snapshot.id == first.snapshot.id)
        await #expect(throws: TaskManagerError.idempotencyConflict) {
            try await engine.manager.submit(question("另一个问题", chatID: "chat_idem"), idempotencyKey: "key-1")
        }
        // Keys are per owner.
        let other = try await engine.manager.submit(
            question(chatID: "chat_idem2"), owner: "someone", idempotencyKey: "key-1")
        #expect(other.isNew)
        await engine.stop()
    }

    @Test("a backend failure ends the task failed with backend_error and the reason")
    func backendError() async throws {
        let engine = try await EngineFixture.start(backend: FailingBackend())
        let submission = try await engine.manager.submit(question())
        let done = try #require(try await engine.manager.waitForTerminal(submission.snapshot.id, timeout: .seconds(30)))
        #expect(done.status == .failed)
        #expect(done.errorCode == .backend_error)
        #expect(done.error == "model server answered 500")
        #expect(done.progress < 100)
        #expect(done.result == nil)
        await engine.stop()
    }

    @Test("owners see only their own tasks")
    func ownerVisibility() async throws {
        let engine = try await EngineFixture.start()
        let mine = try await engine.manager.submit(question(), owner: "alice")
        await #expect(throws: TaskManagerError.notFound) {
            try await engine.manager.status(mine.snapshot.id, owner: "bob")
        }
        await #expect(throws: TaskManagerError.notFound) {
            try await engine.manager.cancel(mine.snapshot.id, owner: "bob")
        }
        _ = try await engine.manager.status(mine.snapshot.id, owner: "alice")
        await #expect(throws: TaskManagerError.notFound) { try await engine.manager.status("task_nope") }
        await engine.stop()
    }

    @Test("list is newest first, filtered and paged")
    func listing() async throws {
        let engine = try await EngineFixture.start()
        var ids: [String] = []
        for index in 0..<5 {
            let submission = try await engine.manager.submit(
                question("问题\(index)", maternalID: index.isMultiple(of: 2) ? 1 : 2))
            ids.append(submission.snapshot.id)
        }
        let firstPage = try await engine.manager.list(TaskQuery(maternalID: 1, limit: 2))
        #expect(firstPage.tasks.map(\.id) == [ids[4], ids[2]])
        let cursor = try #require(firstPage.nextCursor)
        let secondPage = try await engine.manager.list(TaskQuery(maternalID: 1, limit: 2, cursor: cursor))
        #expect(secondPage.tasks.map(\.id) == [ids[0]])
        #expect(secondPage.nextCursor == nil)
        await #expect(throws: TaskManagerError.invalidInput("cursor 无效")) {
            try await engine.manager.list(TaskQuery(cursor: "garbage"))
        }
        await engine.stop()
    }
}
