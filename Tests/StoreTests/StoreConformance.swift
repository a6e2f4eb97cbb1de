import Engine
import Foundation
import Synchronization
import Testing

/// What every `TaskStore` driver must do, written against the protocol alone so that each driver
/// runs the same checks: a driver's suite calls each method with a factory that opens another
/// store on one fresh, empty database (several calls share that database).
struct StoreConformance: Sendable {
    let makeStore: @Sendable () async throws -> any TaskStore

    // MARK: - Inserts and reads

    func insertAndReadBack() async throws {
        try await withStore { store in
            let triage = TriageSummary(level: .emergency, signs: ["vaginal_bleeding", "sign \"quoted\" 引号"])
            let task = Self.newTask(priority: 3, owner: "key-a", triage: triage)
            #expect(try await store.insert(task, claim: nil) == .inserted)
            // A stored task always names its chat, also when the request started a new one.
            var expected = task
            expected.request.chatID = task.chatID
            expected.queuePosition = 1
            #expect(try await store.task(id: task.id) == expected)
            #expect(try await store.task(id: "task_missing") == nil)
            let chat = try #require(try await store.chat(id: task.chatID))
            #expect(chat.maternalID == task.request.maternalID && chat.messageCount == 0 && chat.owner == "key-a")
            #expect(chat.firstQuestion == task.request.input && chat.createdAt == task.createdAt)

            let later = [Self.newTask(), Self.newTask(), Self.newTask()]
            for other in later { _ = try await store.insert(other, claim: nil) }
            let first = try await store.tasks(TaskQuery(limit: 2))
            #expect(first.tasks.map(\.id) == [later[2].id, later[1].id])
            let second = try await store.tasks(TaskQuery(limit: 2, cursor: first.nextCursor))
            #expect(first.nextCursor != nil)
            #expect(second.tasks.map(\.id) == [later[0].id, task.id])
            #expect(second.nextCursor == nil)
            #expect(try await store.tasks(TaskQuery(owner: "key-a")).tasks.map(\.id) == [task.id])
            #expect(try await store.tasks(TaskQuery(status: .running)).tasks.isEmpty)
            #expect(try await store.unfinishedTasks().map(\.id) == [task.id] + later.map(\.id))
        }
    }

    func idempotencyAndChatOwnership() async throws {
        try await withStore { store in
            let claim = IdempotencyClaim(key: "k1", requestDigest: "d1")
            let task = Self.newTask(owner: "key-a")
            let first = try await store.insert(task, claim: claim)
            let again = try await store.insert(Self.newTask(owner: "key-a"), claim: claim)
            let changed = try await store.insert(
                Self.newTask(owner: "key-a"), claim: IdempotencyClaim(key: "k1", requestDigest: "d2"))
            // Keys are per owner.
            let otherOwner = try await store.insert(Self.newTask(owner: "key-b"), claim: claim)
            #expect(first == .inserted)
            var expected = task
            expected.request.chatID = task.chatID
            #expect(again == .existing(expected))
            #expect(changed == .idempotencyConflict)
            #expect(otherOwner == .inserted)

            let otherMother = try await store.insert(
                Self.newTask(chatID: task.chatID, maternalID: 99, owner: "key-a"), claim: nil)
            let otherKey = try await store.insert(Self.newTask(chatID: task.chatID, owner: "key-b"), claim: nil)
            let continued = Self.newTask(chatID: task.chatID, owner: "key-a")
            let continuing = try await store.insert(continued, claim: nil)
            let stored = try await store.task(id: continued.id)
            #expect(otherMother == .chatOwnedByOther(maternalID: task.request.maternalID))
            #expect(otherKey == .chatOfAnotherKey)
            #expect(continuing == .inserted)
            #expect(stored?.chatID == task.chatID)
        }
    }

    // MARK: - Claims

    func claimsHighestPriorityThenAcceptanceOrder() async throws {
        try await withStore { store in
            let tasks = [0, 5, 0, 5, 1].map { Self.newTask(priority: $0) }
            for task in tasks { _ = try await store.insert(task, claim: nil) }
            #expect(try await store.task(id: tasks[0].id)?.queuePosition == 4)
            #expect(try await store.task(id: tasks[3].id)?.queuePosition == 2)
            let first = try await store.claim(node: "n1", limit: 3, lease: .seconds(60))
            #expect(first.map(\.id) == [tasks[1].id, tasks[3].id, tasks[4].id])
            #expect(try await store.pendingCount() == 2)
            #expect(try await store.task(id: tasks[2].id)?.queuePosition == 2)
            for task in first {
                #expect(task.status == .running && task.node == "n1" && task.attempts == 1 && task.startedAt != nil)
            }
            #expect(try await store.task(id: tasks[1].id)?.status == .running)
            let second = try await store.claim(node: "n2", limit: 10, lease: .seconds(60))
            #expect(second.map(\.id) == [tasks[0].id, tasks[2].id])
            #expect(try await store.pendingCount() == 0)
            let none = try await store.claim(node: "n1", limit: 10, lease: .seconds(60))
            #expect(none.isEmpty)
        }
    }

    func racingClaimersTakeEachTaskOnce() async throws {
        try await withStore { store in
            let count = 500
            try await Self.insertMany(count, into: store)
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for claimer in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await store.claim(node: "node-\(claimer)", limit: 7, lease: .seconds(60))
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == count)
            #expect(Set(claimed).count == count)
            #expect(try await store.pendingCount() == 0)
            #expect(try await store.countByStatus() == [.running: count])
        }
    }

    // MARK: - Fenced writes

    func fencedWritesOfALostClaimWriteNothing() async throws {
        try await withStore { store in
            let task = Self.newTask()
            _ = try await store.insert(task, claim: nil)
            let running = try #require(try await store.claim(node: "n1", limit: 1, lease: .seconds(60)).first)
            let holder = ClaimToken(node: "n1", attempt: running.attempts)
            let (done, messages) = Self.completedTurn(of: running)

            for stale in [ClaimToken(node: "n2", attempt: 1), ClaimToken(node: "n1", attempt: 2)] {
                #expect(try await store.complete(done, messages: messages, backend: "local", holder: stale) == nil)
                #expect(try await store.finish(Self.failed(running), holder: stale) == false)
            }
            #expect(try await store.messages(chatID: task.chatID, limit: nil).isEmpty)
            #expect(try await store.chat(id: task.chatID)?.messageCount == 0)
            #expect(try await store.task(id: task.id)?.status == .running)

            let chat = try #require(
                try await store.complete(done, messages: messages, backend: "local", holder: holder))
            #expect(chat.messageCount == 2 && chat.id == task.chatID)
            #expect(try await store.messages(chatID: task.chatID, limit: nil) == messages)
            #expect(try await store.messages(chatID: task.chatID, limit: 1) == [messages[1]])
            let stored = try #require(try await store.task(id: task.id))
            #expect(stored.status == .completed && stored.progress == 100 && stored.completedAt == done.completedAt)
            let result = try #require(stored.result)
            #expect(
                result.messages == messages && result.chatMeta.messageCount == 2 && result.chatMeta.backend == "local")
            // Written once: the holder lost it by completing it.
            #expect(try await store.complete(done, messages: messages, backend: "local", holder: holder) == nil)
            #expect(try await store.chat(id: task.chatID)?.messageCount == 2)
        }
    }

    func progressIsFencedAndNeverGoesBack() async throws {
        try await withStore { store in
            _ = try await store.insert(Self.newTask(), claim: nil)
            let running = try #require(try await store.claim(node: "n1", limit: 1, lease: .seconds(60)).first)
            let holder = ClaimToken(node: "n1", attempt: 1)
            let urgent = TriageSummary(level: .urgent, signs: ["fever"])
            func step(
                _ stage: TaskStage, _ progress: Int, _ holder: ClaimToken, _ triage: TriageSummary? = urgent
            ) -> RunProgress {
                RunProgress(taskID: running.id, holder: holder, stage: stage, progress: progress, triage: triage)
            }
            #expect(running.triage == .routine)
            #expect(try await store.perform(.progress([step(.triage, 30, holder)])) == .saved)
            _ = try await store.perform(.progress([step(.retrieval, 20, holder)]))
            _ = try await store.perform(.progress([step(.generation, 90, ClaimToken(node: "n2", attempt: 1))]))
            let stored = try #require(try await store.task(id: running.id))
            #expect(stored.stage == .retrieval && stored.progress == 30 && stored.triage == urgent)

            // Triage is raised by a later step, never lowered, and a step without one leaves it.
            _ = try await store.perform(.progress([step(.generation, 40, holder, .routine)]))
            _ = try await store.perform(.progress([step(.generation, 41, holder, nil)]))
            #expect(try await store.task(id: running.id)?.triage == urgent)
            let raised = TriageSummary(level: .emergency, signs: ["fever", TriageSummary.modelAssessmentSign])
            _ = try await store.perform(.progress([step(.generation, 50, holder, raised)]))
            #expect(try await store.task(id: running.id)?.triage == raised)
            // Nor does a run's final write lower it.
            var failed = Self.failed(running)
            failed.triage = urgent
            #expect(try await store.finish(failed, holder: holder))
            let ended = try #require(try await store.task(id: running.id))
            #expect(ended.status == .failed && ended.triage == raised)
        }
    }

    /// A running task's answer so far: written by its holder's steps only, read back only while it
    /// runs, and gone once it ends or runs again.
    func answerSoFarFollowsTheRun() async throws {
        try await withStore { store in
            _ = try await store.insert(Self.newTask(), claim: nil)
            _ = try await store.insert(Self.newTask(), claim: nil)
            let claimed = try await store.claim(node: "n1", limit: 2, lease: .seconds(60))
            try #require(claimed.count == 2)
            let (first, second) = (claimed[0], claimed[1])
            let holder = ClaimToken(node: "n1", attempt: 1)
            func step(_ task: TaskSnapshot, _ text: String?, seq: Int, holder: ClaimToken = holder) -> RunProgress {
                RunProgress(
                    taskID: task.id, holder: holder, stage: .generation, progress: 50, triage: nil,
                    answer: text.map { AnswerSoFar(text: $0, seq: seq) })
            }
            #expect(try await store.task(id: first.id)?.answerSoFar == nil)
            let text = "先说结论：\"可以\"。\n🇨🇳 emoji 与引号'"
            _ = try await store.perform(.progress([step(first, text, seq: 7), step(second, "乙", seq: 1)]))
            #expect(try await store.task(id: first.id)?.answerSoFar == AnswerSoFar(text: text, seq: 7))
            // A step without text keeps it; a stale holder's text is not written.
            _ = try await store.perform(.progress([step(first, nil, seq: 0)]))
            _ = try await store.perform(
                .progress([step(first, "别人的", seq: 9, holder: ClaimToken(node: "n2", attempt: 1))]))
            #expect(try await store.task(id: first.id)?.answerSoFar == AnswerSoFar(text: text, seq: 7))
            #expect(try await store.task(id: second.id)?.answerSoFar == AnswerSoFar(text: "乙", seq: 1))

            // Ending: failed keeps no text; completed neither; back to pending, the next run starts empty.
            #expect(try await store.finish(Self.failed(first), holder: holder))
            #expect(try await store.task(id: first.id)?.answerSoFar == nil)
            var back = second
            back.status = .pending
            back.stage = .queued
            back.startedAt = nil
            #expect(try await store.finish(back, holder: holder))
            #expect(try await store.task(id: second.id)?.answerSoFar == nil)
            let again = try #require(try await store.claim(node: "n2", limit: 1, lease: .seconds(60)).first)
            #expect(again.id == second.id && again.answerSoFar == nil)
            #expect(try await store.task(id: second.id)?.answerSoFar == nil)
            _ = try await store.perform(
                .progress([step(again, "丙", seq: 1, holder: ClaimToken(node: "n2", attempt: 2))]))
            let (done, messages) = Self.completedTurn(of: again)
            _ = try await store.complete(
                done, messages: messages, backend: "local", holder: ClaimToken(node: "n2", attempt: 2))
            let completed = try #require(try await store.task(id: second.id))
            #expect(completed.status == .completed && completed.answerSoFar == nil)
        }
    }

    /// Pending tasks queue by their triage priority (emergency 2, urgent 1, routine 0), then in
    /// acceptance order, and a pending task's position counts exactly the tasks claimed before it.
    func triagePriorityOrdersTheQueueAndItsPositions() async throws {
        try await withStore { store in
            _ = try await store.insert(Self.newTask(), claim: nil)
            let running = try #require(try await store.claim(node: "n1", limit: 1, lease: .seconds(60)).first)
            let routine = (0..<3).map { _ in Self.newTask() }
            for task in routine { _ = try await store.insert(task, claim: nil) }
            let emergency = Self.newTask(triage: TriageSummary(level: .emergency, signs: ["convulsions"]))
            let urgent = Self.newTask(triage: TriageSummary(level: .urgent, signs: ["fever"]))
            let secondEmergency = Self.newTask(triage: TriageSummary(level: .emergency, signs: ["vaginal_bleeding"]))
            for task in [emergency, urgent, secondEmergency] { _ = try await store.insert(task, claim: nil) }
            #expect([emergency, urgent, secondEmergency].map(\.priority) == [2, 1, 2])

            let order = [emergency, secondEmergency, urgent] + routine
            for (index, task) in order.enumerated() {
                let stored = try #require(try await store.task(id: task.id))
                #expect(stored.queuePosition == index + 1, "\(index)")
                #expect(stored.triage == task.triage && stored.priority == task.priority)
            }
            #expect(try await store.task(id: running.id)?.queuePosition == nil)
            // The worker place frees: the emergency goes next, and everyone behind moves up one.
            let next = try await store.claim(node: "n1", limit: 1, lease: .seconds(60))
            #expect(next.map(\.id) == [emergency.id])
            #expect(next.first?.triage == emergency.triage)
            for (index, task) in order.dropFirst().enumerated() {
                #expect(try await store.task(id: task.id)?.queuePosition == index + 1)
            }
            #expect(
                try await store.claim(node: "n2", limit: 10, lease: .seconds(60)).map(\.id)
                    == order.dropFirst().map(\.id))
        }
    }

    func shutdownPutsATaskBackInTheQueue() async throws {
        try await withStore { store in
            _ = try await store.insert(Self.newTask(), claim: nil)
            let running = try #require(try await store.claim(node: "n1", limit: 1, lease: .seconds(60)).first)
            let stored = try #require(try await store.task(id: running.id))
            try #require(stored.status == .running && stored.node == "n1")
            var back = running
            back.status = .pending
            back.stage = .queued
            back.startedAt = nil
            #expect(try await store.finish(back, holder: ClaimToken(node: "n1", attempt: 1)))
            let requeued = try #require(try await store.task(id: running.id))
            #expect(requeued.status == .pending && requeued.node == nil && requeued.attempts == 1)
            let again = try await store.claim(node: "n2", limit: 1, lease: .seconds(60))
            #expect(again.map(\.attempts) == [2] && again.first?.node == "n2")
        }
    }

    /// Writes queued together report in queue order, and one failing write fails alone.
    func groupCommitReportsInOrderAndIsolatesFailures() async throws {
        try await withStore { store in
            let tasks = (0..<50).map { _ in Self.newTask() }
            let duplicate = tasks[20]
            let reports = Mutex<[(Int, Bool)]>([])
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let writes = tasks.enumerated().flatMap { index, task in
                    index == 30 ? [task, duplicate] : [task]
                }
                let remaining = Mutex(writes.count)
                for (index, task) in writes.enumerated() {
                    store.enqueue(.insert(task, claim: nil)) { result in
                        let ok = (try? result.get()) == .inserted(.inserted)
                        reports.withLock { $0.append((index, ok)) }
                        if remaining.withLock({
                            $0 -= 1
                            return $0
                        }) == 0 {
                            done.resume()
                        }
                    }
                }
            }
            let all = reports.withLock { $0 }
            #expect(all.map(\.0) == Array(0..<51))
            #expect(all.filter { !$0.1 }.map(\.0) == [31])
            let pending = try await store.pendingCount()
            #expect(pending == 50)
        }
    }

    // MARK: - Leases and rescue

    func renewLeasesReturnsTheTasksStillHeld() async throws {
        try await withStore { store in
            try await Self.insertMany(3, into: store)
            let mine = try await store.claim(node: "n1", limit: 2, lease: .seconds(60))
            _ = try await store.claim(node: "n2", limit: 1, lease: .seconds(60))
            let theirs = try #require(try await store.unfinishedTasks().first { $0.node == "n2" })
            // Only what the node asks for, and only what it still holds.
            let asked = mine.map(\.id) + [theirs.id, "task_missing"]
            #expect(try await store.renewLeases(node: "n1", taskIDs: asked, lease: .seconds(60)) == Set(mine.map(\.id)))
            #expect(try await store.renewLeases(node: "n1", taskIDs: [mine[0].id], lease: .seconds(60)) == [mine[0].id])
            #expect(try await store.renewLeases(node: "n3", taskIDs: asked, lease: .seconds(60)).isEmpty)
            #expect(try await store.renewLeases(node: "n1", taskIDs: [], lease: .seconds(60)).isEmpty)
        }
    }

    func rescueIsGuarded() async throws {
        try await withStore { store in
            // A task on its second start: rescued once already.
            let veteran = Self.newTask(priority: 10)
            _ = try await store.insert(veteran, claim: nil)
            try #require(try await store.claim(node: "a", limit: 1, lease: .seconds(0)).map(\.id) == [veteran.id])
            #expect(try await store.rescue(.node("a"), maxAttempts: 5) == RescueReport(requeued: [veteran.id]))

            let live = Self.newTask(priority: 5)
            let lapsed = Self.newTask(priority: 4)
            let flagged = Self.newTask(priority: 3)
            let finished = Self.newTask(priority: 2)
            for task in [live, lapsed, flagged, finished] { _ = try await store.insert(task, claim: nil) }
            // Claimed one by one, highest priority first: veteran (2nd start), live, lapsed, flagged, finished.
            // (Each must really be running: the rescue below puts back or ends only running tasks.)
            let claims = [("a", 0, veteran), ("a", 60, live), ("b", 0, lapsed), ("b", 0, flagged), ("b", 0, finished)]
            for (node, lease, task) in claims {
                try #require(try await store.claim(node: node, limit: 1, lease: .seconds(lease)).map(\.id) == [task.id])
            }
            let lastClaimed = try #require(try await store.task(id: finished.id))
            #expect(try await store.requestCancel(taskID: flagged.id) != .notFound)
            #expect(try await store.finish(Self.failed(lastClaimed), holder: ClaimToken(node: "b", attempt: 1)))

            // Leases of zero seconds have lapsed once the clock moves on.
            try await Task.sleep(for: .milliseconds(20))
            let report = try await store.rescue(.expiredLeases, maxAttempts: 2)
            #expect(report == RescueReport(requeued: [lapsed.id], interrupted: [veteran.id], cancelled: [flagged.id]))
            #expect(try await store.rescue(.expiredLeases, maxAttempts: 2).isEmpty)

            let requeued = try #require(try await store.task(id: lapsed.id))
            #expect(
                requeued.status == .pending && requeued.stage == .queued && requeued.node == nil
                    && requeued.startedAt == nil)
            let interrupted = try #require(try await store.task(id: veteran.id))
            #expect(interrupted.status == .failed && interrupted.errorCode == .interrupted)
            #expect(interrupted.error == FailureMessage.interrupted && interrupted.completedAt != nil)
            let cancelled = try #require(try await store.task(id: flagged.id))
            #expect(
                cancelled.status == .failed && cancelled.errorCode == .cancelled
                    && cancelled.error == FailureMessage.cancelled)
            #expect(try await store.task(id: live.id)?.status == .running)
            #expect(try await store.task(id: finished.id)?.errorCode == .backend_error)

            // A node's own restart takes back everything it ran, live lease or not.
            #expect(try await store.rescue(.node("a"), maxAttempts: 5) == RescueReport(requeued: [live.id]))
            #expect(try await store.rescue(.node("a"), maxAttempts: 5).isEmpty)
        }
    }

    // MARK: - Cancel

    func cancelRequests() async throws {
        try await withStore { store in
            let pending = Self.newTask()
            let running = Self.newTask(priority: 1)
            _ = try await store.insert(pending, claim: nil)
            _ = try await store.insert(running, claim: nil)
            _ = try await store.claim(node: "n1", limit: 1, lease: .seconds(60))

            guard case .cancelledPending(let cancelled) = try await store.requestCancel(taskID: pending.id) else {
                Issue.record("a pending task is cancelled at once")
                return
            }
            #expect(
                cancelled.status == .failed && cancelled.errorCode == .cancelled
                    && cancelled.error == FailureMessage.cancelled)
            #expect(try await store.task(id: pending.id)?.status == .failed)
            #expect(try await store.claim(node: "n1", limit: 5, lease: .seconds(60)).isEmpty)

            #expect(try await store.cancelRequests(node: "n1").isEmpty)
            guard case .flagged(let flagged) = try await store.requestCancel(taskID: running.id) else {
                Issue.record("a running task is flagged")
                return
            }
            #expect(flagged.status == .running && flagged.node == "n1")
            #expect(try await store.cancelRequests(node: "n1") == [running.id])
            #expect(try await store.cancelRequests(node: "n2").isEmpty)

            guard case .finished(let finished) = try await store.requestCancel(taskID: pending.id) else {
                Issue.record("a finished task stays finished")
                return
            }
            #expect(finished.id == pending.id)
            #expect(try await store.requestCancel(taskID: "task_missing") == .notFound)
        }
    }

    // MARK: - Counts and retention

    func countsAndRetention() async throws {
        try await withStore { store in
            try await Self.insertMany(6, into: store)
            let claimed = try await store.claim(node: "n1", limit: 4, lease: .seconds(60))
            let old = Date(timeIntervalSince1970: 1_000_000)
            for task in claimed.prefix(2) {
                var failed = Self.failed(task)
                failed.completedAt = old
                _ = try await store.finish(failed, holder: ClaimToken(node: "n1", attempt: 1))
            }
            var (done, messages) = Self.completedTurn(of: claimed[2])
            done.completedAt = old
            _ = try await store.complete(
                done, messages: messages, backend: "local", holder: ClaimToken(node: "n1", attempt: 1))
            #expect(try await store.pendingCount() == 2)
            #expect(try await store.countByStatus() == [.pending: 2, .running: 1, .failed: 2, .completed: 1])

            #expect(try await store.deleteFinished(before: Date(timeIntervalSince1970: 500_000)) == [:])
            #expect(try await store.deleteFinished(before: Date()) == [.failed: 2, .completed: 1])
            #expect(try await store.countByStatus() == [.pending: 2, .running: 1])
            #expect(try await store.task(id: claimed[0].id) == nil)
        }
    }

    // MARK: - Opening

    func concurrentOpensAllSucceed() async throws {
        let stores = try await withThrowingTaskGroup(of: (any TaskStore).self) { group in
            for _ in 0..<10 { group.addTask { try await makeStore() } }
            return try await group.reduce(into: [any TaskStore]()) { $0.append($1) }
        }
        #expect(stores.count == 10)
        let task = Self.newTask()
        #expect(try await stores[0].insert(task, claim: nil) == .inserted)
        for store in stores { #expect(try await store.task(id: task.id)?.id == task.id) }
        for store in stores { await store.close() }
    }

    // MARK: - Helpers

    func withStore(_ body: (any TaskStore) async throws -> Void) async throws {
        let store = try await makeStore()
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// A pending task as intake makes it: its triage stored, its priority that of the triage level
    /// unless given.
    static func newTask(
        priority: Int? = nil, chatID: String? = nil, maternalID: Int64 = 7, owner: String? = nil,
        triage: TriageSummary = .routine
    ) -> TaskSnapshot {
        TaskSnapshot(
            id: TaskSnapshot.newID(), status: .pending, stage: .queued, progress: 0,
            createdAt: Date(millis: Date().millis),
            request: QARequest(
                input: "孕期可以喝咖啡吗？", maternalID: maternalID, userType: .pregnant_mother, chatID: chatID,
                timestamp: "2025-09-22T10:30:01.000Z", fileIDs: ["file_1", "file_2"]),
            chatID: chatID ?? "chat_" + UUID().uuidString, triage: triage, owner: owner,
            priority: priority ?? triage.level.queuePriority)
    }

    /// Inserts `count` tasks queued together, as a burst of submits does.
    static func insertMany(_ count: Int, into store: any TaskStore) async throws {
        try await withThrowingTaskGroup(of: InsertOutcome.self) { group in
            for _ in 0..<count { group.addTask { try await store.insert(newTask(), claim: nil) } }
            for try await outcome in group { #expect(outcome == .inserted) }
        }
    }

    static func completedTurn(of task: TaskSnapshot) -> (TaskSnapshot, [ChatMessage]) {
        var done = task
        done.status = .completed
        done.stage = .done
        done.progress = 100
        done.completedAt = Date(millis: Date().millis)
        done.triage = TriageSummary(level: .urgent, signs: ["caffeine"])
        let time = Timestamp.string(done.completedAt!)
        let messages = [
            ChatMessage(
                role: .user, content: task.request.input, timestamp: time, fileIDs: task.request.fileIDs,
                taskID: task.id),
            ChatMessage(
                role: .assistant, content: "少量咖啡一般可以。", timestamp: time,
                triage: TriageSummary(level: .urgent, signs: ["caffeine"]),
                references: [Reference(id: "r1", title: "咖啡因", source: "WHO", url: nil)], taskID: task.id),
        ]
        return (done, messages)
    }

    static func failed(_ task: TaskSnapshot) -> TaskSnapshot {
        var failed = task
        failed.status = .failed
        failed.errorCode = .backend_error
        failed.error = "backend failed"
        failed.completedAt = Date(millis: Date().millis)
        return failed
    }
}
