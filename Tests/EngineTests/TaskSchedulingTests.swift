import EngineSQLite
import Foundation
import Testing

@testable import Engine

@Suite("Scheduling, cancellation, timeouts, retention")
struct TaskSchedulingTests {
    /// The bound is measured where the work happens, in the backend's own count of generations
    /// at once, not in the dispatcher's count it enforces the bound with.
    @Test("exactly max_workers run at once, never more; the rest wait in FIFO order with positions")
    func workerBound() async throws {
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(backend: backend, configuration: EngineConfiguration(maxWorkers: 3))
        var ids: [String] = []
        for index in 0..<10 { ids.append(try await engine.manager.submit(question("问题\(index)")).snapshot.id) }
        try #require(try await eventually { backend.activeCount == 3 })
        #expect(await engine.manager.stats().pending == 7)
        // The first three run; the others queue in submission order.
        for (offset, id) in ids.dropFirst(3).enumerated() {
            let snapshot = try await engine.manager.status(id)
            #expect(snapshot.status == .pending)
            #expect(snapshot.queuePosition == offset + 1)
        }
        backend.open()
        for id in ids { _ = try await engine.manager.waitForTerminal(id, timeout: .seconds(60)) }
        #expect(backend.peakConcurrency == 3)
        #expect(backend.startedCount == 10)
        #expect(await engine.manager.stats().completed == 10)
        await engine.stop()
    }

    @Test(
        "a claim queued before a run ended never takes that run's place: the store never shows more than max_workers running"
    )
    func claimLeavesPlacesWhoseOutcomeIsBehindIt() async throws {
        let backend = GatedBackend()
        let store = ClaimHoldingStore(base: try SQLiteTaskStore(path: ":memory:"))
        let manager = try await TaskManager.open(
            configuration: EngineConfiguration(maxWorkers: 2), store: store, backend: backend,
            knowledgeBase: KnowledgeBase.bundled())
        let runner = Task { await manager.run() }
        let first = try await manager.submit(question("第一个")).snapshot.id
        #expect(try await eventually { backend.activeCount == 1 })
        // One place is free: the next submission queues a claim for it, which the store holds.
        store.holdNextClaim()
        _ = try await manager.submit(question("第二个"))
        _ = try await manager.submit(question("第三个"))
        #expect(try await eventually { store.heldClaim })
        // The running task ends while that claim waits; its outcome is queued behind the claim.
        backend.open()
        #expect(try await eventually { store.heldOutcomes == 1 })
        let claimed = await store.releaseClaim()
        let running = try await store.countByStatus()[.running] ?? 0
        #expect(claimed.count == 1, "the claim took the place whose outcome was not yet written")
        // The ended run (its outcome held) and the one claimed: the bound reached, not passed.
        #expect(running == 2, "the store showed \(running) running with max_workers 2")
        store.releaseOutcomes()
        _ = try await manager.waitForTerminal(first, timeout: .seconds(30))
        #expect(try await eventually { manager.stats().completed == 3 })
        await manager.shutdown(grace: .seconds(5))
        await runner.value
    }

    @Test("work the dispatcher was never told of still starts: it claims once a second while it has room")
    func unannouncedWorkIsClaimed() async throws {
        // Straight into the store, past the intake, of an in-memory database (which signals no
        // changes): no submission, signal or freed place tells the dispatcher.
        let engine = try await EngineFixture.start()
        // Running, and idle after its start-up claim: one submission answered.
        let first = try await engine.manager.submit(question()).snapshot.id
        #expect(try await eventually { try await engine.manager.status(first).status == .completed })
        let task = TaskSnapshot(
            id: TaskSnapshot.newID(), status: .pending, stage: .queued, progress: 0, createdAt: Date(),
            request: question(), chatID: "chat_unannounced", priority: TriageLevel.routine.queuePriority)
        #expect(try await engine.store.insert(task, claim: nil) == .inserted)
        #expect(
            try await eventually(timeout: .seconds(10)) {
                try await engine.manager.status(task.id).status == .completed
            })
        await engine.stop()
    }

    @Test("a full queue refuses new submissions with a retry hint")
    func queueFull() async throws {
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(
            backend: backend, configuration: EngineConfiguration(maxWorkers: 1, maxQueue: 2))
        let running = try await engine.manager.submit(question())
        #expect(try await eventually { backend.activeCount == 1 })
        _ = try await engine.manager.submit(question())
        _ = try await engine.manager.submit(question())
        do {
            _ = try await engine.manager.submit(question())
            Issue.record("a submission past max_queue was accepted")
        } catch let TaskManagerError.queueFull(retryAfter) {
            #expect(retryAfter >= 1)
        }
        backend.open()
        _ = try await engine.manager.waitForTerminal(running.snapshot.id, timeout: .seconds(30))
        await engine.stop()
    }

    @Test("cancelling a pending task ends it at once; it never runs")
    func cancelPending() async throws {
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(backend: backend, configuration: EngineConfiguration(maxWorkers: 1))
        let first = try await engine.manager.submit(question())
        let second = try await engine.manager.submit(question())
        let third = try await engine.manager.submit(question())
        #expect(try await eventually { backend.activeCount == 1 })
        let cancelled = try await engine.manager.cancel(second.snapshot.id)
        #expect(cancelled.status == .failed)
        #expect(cancelled.errorCode == .cancelled)
        #expect(try await engine.manager.status(third.snapshot.id).queuePosition == 1)
        do {
            _ = try await engine.manager.cancel(second.snapshot.id)
            Issue.record("cancelled a cancelled task again")
        } catch let TaskManagerError.alreadyTerminal(task) {
            #expect(task.id == second.snapshot.id && task.errorCode == .cancelled)
        }
        backend.open()
        _ = try await engine.manager.waitForTerminal(third.snapshot.id, timeout: .seconds(30))
        #expect(backend.startedCount == 2)
        #expect(try await engine.manager.status(first.snapshot.id).status == .completed)
        #expect(try await engine.manager.status(second.snapshot.id).errorCode == .cancelled)
        await engine.stop()
    }

    @Test("cancelling a running task stops its backend mid-stream")
    func cancelRunning() async throws {
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(backend: backend)
        let submission = try await engine.manager.submit(question())
        #expect(try await eventually { backend.activeCount == 1 })
        let cancelled = try await engine.manager.cancel(submission.snapshot.id)
        #expect(cancelled.status == .failed)
        #expect(cancelled.errorCode == .cancelled)
        #expect(cancelled.error == "任务已取消")
        #expect(try await eventually { backend.cancelledCount == 1 })
        // A finished task cannot be cancelled again.
        do {
            _ = try await engine.manager.cancel(submission.snapshot.id)
            Issue.record("cancelled a finished task")
        } catch let TaskManagerError.alreadyTerminal(task) {
            #expect(task.errorCode == .cancelled)
        }
        // The worker is free again.
        backend.open()
        let next = try await engine.manager.submit(question())
        #expect(try await engine.manager.waitForTerminal(next.snapshot.id, timeout: .seconds(30))?.status == .completed)
        await engine.stop()
    }

    @Test("a running task past task_timeout fails with timeout")
    func timeout() async throws {
        let clock = TestClock()
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(
            backend: backend, configuration: EngineConfiguration(taskTimeout: .seconds(300)), clock: clock)
        let submission = try await engine.manager.submit(question())
        #expect(try await eventually { backend.activeCount == 1 && clock.sleeperCount >= 2 })
        clock.advance(by: 301)
        let done = try #require(try await engine.manager.waitForTerminal(submission.snapshot.id, timeout: .seconds(30)))
        #expect(done.status == .failed)
        #expect(done.errorCode == .timeout)
        #expect(done.error?.contains("300") == true)
        #expect(try await eventually { backend.cancelledCount == 1 })
        await engine.stop()
    }

    @Test("a run that starts while the watchdog sleeps to an ended run's deadline still times out")
    func timeoutAfterAnEndedRun() async throws {
        let clock = TestClock()
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(
            backend: backend, configuration: EngineConfiguration(taskTimeout: .seconds(300)), clock: clock)
        let first = try await engine.manager.submit(question("第一个问题"))
        #expect(try await eventually { backend.activeCount == 1 && clock.hasSleeper(wakingIn: 300) })
        _ = try await engine.manager.cancel(first.snapshot.id)
        _ = try await engine.manager.waitForTerminal(first.snapshot.id, timeout: .seconds(30))
        // The watchdog still sleeps until the first run's deadline and is not woken for the second.
        clock.advance(by: 100)
        let second = try await engine.manager.submit(question("第二个问题"))
        #expect(try await eventually { backend.activeCount == 1 })
        clock.advance(by: 201)
        // It woke at the old deadline, found nothing due and now sleeps to the second run's.
        #expect(try await eventually { clock.hasSleeper(wakingIn: 99) })
        #expect(try await engine.manager.status(second.snapshot.id).status == .running)
        clock.advance(by: 100)
        let done = try #require(try await engine.manager.waitForTerminal(second.snapshot.id, timeout: .seconds(30)))
        #expect(done.status == .failed)
        #expect(done.errorCode == .timeout)
        // With no run left it waits without a deadline, so the next run must wake it.
        let third = try await engine.manager.submit(question("第三个问题"))
        #expect(try await eventually { backend.activeCount == 1 && clock.hasSleeper(wakingIn: 300) })
        clock.advance(by: 301)
        #expect(
            try await engine.manager.waitForTerminal(third.snapshot.id, timeout: .seconds(30))?.errorCode == .timeout)
        await engine.stop()
    }

    @Test("finished tasks past max_age are deleted every cleanup_interval; live ones stay")
    func retention() async throws {
        let clock = TestClock()
        let backend = GatedBackend()
        let engine = try await EngineFixture.start(
            backend: backend,
            configuration: EngineConfiguration(
                maxWorkers: 1, cleanupInterval: .seconds(3600), maxAge: .seconds(24 * 3600)),
            clock: clock)
        backend.open()
        let old = try await engine.manager.submit(question())
        _ = try await engine.manager.waitForTerminal(old.snapshot.id, timeout: .seconds(30))
        // The retention loop sleeps a cleanup_interval; advancing wakes it for a first (empty) pass.
        // (The timeout watchdog may sleep too, until the finished task's deadline.)
        #expect(try await eventually { clock.hasSleeper(wakingIn: 3600) })
        clock.advance(by: 23 * 3600)
        let recent = try await engine.manager.submit(question())
        _ = try await engine.manager.waitForTerminal(recent.snapshot.id, timeout: .seconds(30))
        #expect(try await eventually { clock.hasSleeper(wakingIn: 3600) })
        // One cleanup tick at 24 h keeps both (the old one is exactly 23 h + a bit old).
        clock.advance(by: 3600 - 1)
        #expect(try await engine.manager.status(old.snapshot.id).status == .completed)
        clock.advance(by: 2)
        // Deleted: its status is notFound (any other error ends the test).
        #expect(
            try await eventually {
                do {
                    _ = try await engine.manager.status(old.snapshot.id)
                    return false
                } catch TaskManagerError.notFound {
                    return true
                }
            })
        #expect(try await engine.manager.status(recent.snapshot.id).status == .completed)
        #expect(await engine.manager.stats().completed == 1)
        await engine.stop()
    }
}

@Suite("A store outage during a run")
struct StoreOutageTests {
    @Test(
        "a history read that fails puts the task back in line (not a model failure); past max_attempts it fails interrupted"
    )
    func failedHistoryReadRequeues() async throws {
        let store = ClaimHoldingStore(base: try SQLiteTaskStore(path: ":memory:"))
        let manager = try await TaskManager.open(
            configuration: EngineConfiguration(maxWorkers: 1, maxAttempts: 3), store: store, backend: LocalBackend(),
            knowledgeBase: KnowledgeBase.bundled())
        let runner = Task { await manager.run() }
        store.failHistoryReads(1)
        let once = try await manager.submit(question("第一个")).snapshot.id
        let done = try #require(try await manager.waitForTerminal(once, timeout: .seconds(30)))
        #expect(done.status == .completed && done.attempts == 2, "ran again after the failed read: \(done)")

        store.failHistoryReads(3)
        let always = try await manager.submit(question("第二个")).snapshot.id
        let failed = try #require(try await manager.waitForTerminal(always, timeout: .seconds(30)))
        #expect(failed.status == .failed && failed.errorCode == .interrupted && failed.attempts == 3)
        #expect(failed.error == FailureMessage.storage && failed.errorDetail?.contains("restarting") == true)
        await manager.shutdown(grace: .seconds(5))
        await runner.value
    }
}
