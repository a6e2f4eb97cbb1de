import Foundation
import Logging
import Synchronization

/// The one door into the engine: accepts questions as tasks, runs at most `maxWorkers` of them at
/// once (FIFO), persists every status transition before publishing it, and lets front ends read,
/// cancel, list and subscribe.
///
/// Only pending and running tasks live in memory; finished ones are read back from the store, so
/// memory stays flat however many tasks pass through.
public actor TaskManager {
    public nonisolated let configuration: EngineConfiguration
    public nonisolated let backendName: String
    let store: any TaskStore
    let workflow: QAWorkflow
    let clock: any EngineClock
    let logger: Logger

    /// Pending and running tasks, as last published (a transition shows once it is persisted).
    var live: [String: TaskSnapshot] = [:]
    var queue = PendingQueue()
    /// Started runs: at most `maxWorkers`. A run leaves when its workflow has ended, possibly
    /// before its final transition is committed.
    var runs: [String: RunControl] = [:]
    /// Runs whose workflow has ended and whose final write is not committed yet.
    var finishingRuns = 0
    /// Writes handed to the store for live tasks and not yet reported committed.
    var uncommittedWrites = 0
    /// Whether queued tasks are started: from `run()` until shutdown.
    var dispatching = false
    /// Set by shutdown (or a forced stop) for good.
    var stopped = false
    var finishedCounts: StatusCounts = [:]
    /// Mean run time of recent tasks, for `Retry-After` estimates.
    var meanRunSeconds = 1.0
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Set while the timeout watchdog has no deadline and waits for a run; a starting run fires it.
    var watchdogWake: OneShotSignal?

    nonisolated let accepting = Atomic<Bool>(true)
    nonisolated let occupancy = QueueOccupancy()
    nonisolated let inbox = CommitInbox()

    var taskSubscribers: [String: [UInt64: AsyncStream<TaskSnapshot>.Continuation]] = [:]
    var allSubscribers: [UInt64: AsyncStream<TaskUpdate>.Continuation] = [:]
    var nextSubscriberID: UInt64 = 0

    init(
        configuration: EngineConfiguration, store: any TaskStore, workflow: QAWorkflow,
        clock: any EngineClock, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.workflow = workflow
        self.backendName = workflow.backendName
        self.clock = clock
        self.logger = logger
    }

    /// Creates the manager and recovers what a previous run left: pending tasks queue again, tasks
    /// found running are re-queued or, past `maxAttempts`, fail `interrupted`. Call `run()` next.
    /// `recoverUnfinished: false` is for a one-shot process sharing the database with a server,
    /// which must leave the server's tasks alone.
    public static func open(
        configuration: EngineConfiguration, store: any TaskStore, backend: any InferenceBackend,
        knowledgeBase: KnowledgeBase, clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "maternal-qa.engine"), recoverUnfinished: Bool = true
    ) async throws -> TaskManager {
        let workflow = QAWorkflow(store: store, backend: backend, knowledgeBase: knowledgeBase)
        let manager = TaskManager(
            configuration: configuration, store: store, workflow: workflow, clock: clock, logger: logger)
        let report = try await manager.recover(unfinished: recoverUnfinished)
        logger.info("task manager ready", metadata: [
            "resumed_pending": "\(report.resumedPending)", "requeued_running": "\(report.requeuedRunning)",
            "failed_interrupted": "\(report.failedInterrupted)", "backend": "\(workflow.backendName)",
            "max_workers": "\(configuration.maxWorkers)",
        ])
        return manager
    }

    // MARK: - Front-end API

    /// Accepts a question: validates it, persists a pending task and returns at once (once the
    /// insert is committed). Runs on the caller's task: it meets the actor only through the commit
    /// report, which the store delivers for a whole batch of submissions at a time.
    public nonisolated func submit(
        _ request: QARequest, owner: String? = nil, idempotencyKey: String? = nil
    ) async throws -> Submission {
        guard accepting.load(ordering: .relaxed) else { throw TaskManagerError.shuttingDown }
        let request = try RequestValidation.validated(request)
        guard occupancy.reserve(limit: configuration.maxQueue) else {
            throw TaskManagerError.queueFull(retryAfter: await retryAfterEstimate())
        }
        let chatID = request.chatID ?? RequestValidation.newChatID(maternalID: request.maternalID, userType: request.userType)
        let snapshot = TaskSnapshot(
            id: TaskSnapshot.newID(), status: .pending, stage: .queued, progress: StageProgress.queued,
            createdAt: clock.now(), request: request, chatID: chatID, owner: owner)
        let claim = idempotencyKey.map { IdempotencyClaim(key: $0, requestDigest: RequestDigest.of(request)) }

        let accepted: AcceptedInsert
        do {
            accepted = try await withCheckedThrowingContinuation { reply in
                store.enqueue(.insert(snapshot, claim: claim)) { result in
                    let outcome = result.flatMap { written -> Result<InsertOutcome, StoreError> in
                        guard case .inserted(let outcome) = written else { return .failure(StoreError("unexpected insert result")) }
                        return .success(outcome)
                    }
                    self.post(.inserted(snapshot, outcome, reply: reply))
                }
            }
        } catch {
            throw TaskManagerError.storage("\(error)")
        }
        switch accepted {
        case .queued(let queued):
            return Submission(snapshot: queued, isNew: true)
        case .refused(.existing(let earlier)):
            return Submission(snapshot: try await status(earlier.id, owner: owner), isNew: false)
        case .refused(.idempotencyConflict):
            throw TaskManagerError.idempotencyConflict
        case .refused(.chatOwnedByOther):
            throw TaskManagerError.chatOwnedByOther(chatID: chatID)
        case .refused(.chatOfAnotherKey):
            throw TaskManagerError.chatOfAnotherKey(chatID: chatID)
        case .refused(.inserted):
            throw TaskManagerError.storage("the insert was reported both done and refused")
        }
    }

    /// The task as it is now. With an `owner`, tasks of other owners are not found.
    public func status(_ id: String, owner: String? = nil) async throws -> TaskSnapshot {
        if let snapshot = live[id] { return try status(liveSnapshot: snapshot, owner: owner) }
        let stored: TaskSnapshot?
        do { stored = try await store.task(id: id) } catch { throw TaskManagerError.storage("\(error)") }
        // It may have gone live or changed while the store was read.
        if let snapshot = live[id] { return try status(liveSnapshot: snapshot, owner: owner) }
        guard let stored, Self.visible(stored, to: owner) else { throw TaskManagerError.notFound }
        return stored
    }

    /// Cancels a task: a pending one ends at once; a running one stops at its next step (its
    /// backend request is cancelled) and this returns once it has ended. Finished tasks: `alreadyTerminal`.
    public func cancel(_ id: String, owner: String? = nil) async throws -> TaskSnapshot {
        guard let snapshot = live[id] else {
            let stored = try await status(id, owner: owner)
            if stored.status.isTerminal { throw TaskManagerError.alreadyTerminal(stored) }
            throw TaskManagerError.notFound
        }
        guard Self.visible(snapshot, to: owner) else { throw TaskManagerError.notFound }
        if queue.remove(id) {
            occupancy.release()
            let failed = snapshot.failed(.cancelled, FailureMessage.cancelled, at: clock.now())
            await persistAndPublishFailure(failed)
            return failed
        }
        runs[id]?.stop(.cancelled)
        if let ended = try await waitForTerminal(id, owner: owner, timeout: nil) { return ended }
        return try await status(id, owner: owner)
    }

    /// Tasks newest first, filtered and paged; live tasks show their current progress.
    public func list(_ query: TaskQuery) async throws -> TaskPage {
        if let cursor = query.cursor, Int64(cursor) == nil { throw TaskManagerError.invalidInput("cursor 无效") }
        var page: TaskPage
        do { page = try await store.tasks(query) } catch { throw TaskManagerError.storage("\(error)") }
        page.tasks = page.tasks.map { stored in live[stored.id].map(current) ?? stored }
        return page
    }

    /// A chat and its messages, oldest first; nil when there is no such chat.
    public func messages(chatID: String) async throws -> (ChatRecord, [ChatMessage])? {
        do {
            guard let chat = try await store.chat(id: chatID) else { return nil }
            return (chat, try await store.messages(chatID: chatID, limit: nil))
        } catch {
            throw TaskManagerError.storage("\(error)")
        }
    }

    public func stats() -> EngineStats {
        EngineStats(
            running: activeRuns, pending: queue.count,
            completed: finishedCounts[.completed] ?? 0, failed: finishedCounts[.failed] ?? 0,
            maxWorkers: configuration.maxWorkers, backend: backendName)
    }

    /// Pending and running tasks, oldest first (for a UI that starts after tasks were submitted).
    public func liveTasks() -> [TaskSnapshot] {
        live.values.sorted { $0.createdAt < $1.createdAt }.map(current)
    }

    // MARK: - Helpers shared by the extensions

    func status(liveSnapshot snapshot: TaskSnapshot, owner: String?) throws -> TaskSnapshot {
        guard Self.visible(snapshot, to: owner) else { throw TaskManagerError.notFound }
        return current(snapshot)
    }

    /// A live task as it is now: a pending one with its queue position, a running one with the
    /// step its run has reached.
    func current(_ snapshot: TaskSnapshot) -> TaskSnapshot {
        switch snapshot.status {
        case .pending:
            var copy = snapshot
            copy.queuePosition = queue.position(of: snapshot.id)
            return copy
        case .running:
            guard let run = runs[snapshot.id] else { return snapshot }
            return snapshot.advanced(to: run.progress)
        case .completed, .failed:
            return snapshot
        }
    }

    static func visible(_ snapshot: TaskSnapshot, to owner: String?) -> Bool {
        owner == nil || snapshot.owner == owner
    }

    func retryAfterEstimate() -> Int {
        let waves = Double(queue.count) / Double(max(1, configuration.maxWorkers))
        return min(60, max(1, Int((waves * meanRunSeconds).rounded(.up))))
    }
}
