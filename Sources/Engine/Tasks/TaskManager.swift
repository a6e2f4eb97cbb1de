import Foundation
import Logging

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

    /// Pending and running tasks.
    var live: [String: TaskSnapshot] = [:]
    var queue = PendingQueue()
    /// Tasks handed to a worker (starting or running), with the signal that stops them.
    var signals: [String: CancelSignal] = [:]
    var idleWorkers: [CheckedContinuation<String?, Never>] = []
    /// Submissions between the queue check and the insert committing, counted against `maxQueue`.
    var inFlightSubmissions = 0
    var accepting = true
    var dispatching = true
    var finishedCounts: StatusCounts = [:]
    /// Mean run time of recent tasks, for `Retry-After` estimates.
    var meanRunSeconds = 1.0
    var drainWaiters: [CheckedContinuation<Void, Never>] = []

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

    /// Accepts a question: validates it, persists a pending task and returns at once.
    public func submit(
        _ request: QARequest, owner: String? = nil, idempotencyKey: String? = nil
    ) async throws -> Submission {
        guard accepting else { throw TaskManagerError.shuttingDown }
        let request = try RequestValidation.validated(request)
        guard queue.count + inFlightSubmissions < configuration.maxQueue else {
            throw TaskManagerError.queueFull(retryAfter: retryAfterEstimate())
        }
        let chatID = request.chatID ?? RequestValidation.newChatID(maternalID: request.maternalID, userType: request.userType)
        let snapshot = TaskSnapshot(
            id: TaskSnapshot.newID(), status: .pending, stage: .queued, progress: StageProgress.queued,
            createdAt: clock.now(), request: request, chatID: chatID, owner: owner)
        let claim = idempotencyKey.map { IdempotencyClaim(key: $0, requestDigest: RequestDigest.of(request)) }

        inFlightSubmissions += 1
        let outcome: InsertOutcome
        do {
            outcome = try await store.insert(snapshot, claim: claim)
            inFlightSubmissions -= 1
        } catch {
            inFlightSubmissions -= 1
            throw TaskManagerError.storage("\(error)")
        }
        switch outcome {
        case .inserted:
            enqueue(snapshot)
            return Submission(snapshot: decorated(live[snapshot.id] ?? snapshot), isNew: true)
        case .existing(let earlier):
            return Submission(snapshot: try await status(earlier.id, owner: owner), isNew: false)
        case .idempotencyConflict:
            throw TaskManagerError.idempotencyConflict
        case .chatOwnedByOther:
            throw TaskManagerError.chatOwnedByOther(chatID: chatID)
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
            let failed = snapshot.failed(.cancelled, FailureMessage.cancelled, at: clock.now())
            await persistAndPublishFailure(failed)
            return failed
        }
        signals[id]?.fire(.cancelled)
        if let ended = try await waitForTerminal(id, owner: owner, timeout: nil) { return ended }
        return try await status(id, owner: owner)
    }

    /// Tasks newest first, filtered and paged; live tasks show their current progress.
    public func list(_ query: TaskQuery) async throws -> TaskPage {
        if let cursor = query.cursor, Int64(cursor) == nil { throw TaskManagerError.invalidInput("cursor 无效") }
        var page: TaskPage
        do { page = try await store.tasks(query) } catch { throw TaskManagerError.storage("\(error)") }
        page.tasks = page.tasks.map { stored in live[stored.id].map(decorated) ?? stored }
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
            running: signals.count, pending: queue.count,
            completed: finishedCounts[.completed] ?? 0, failed: finishedCounts[.failed] ?? 0,
            maxWorkers: configuration.maxWorkers, backend: backendName)
    }

    /// Pending and running tasks, oldest first (for a UI that starts after tasks were submitted).
    public func liveTasks() -> [TaskSnapshot] {
        live.values.sorted { $0.createdAt < $1.createdAt }.map(decorated)
    }

    // MARK: - Helpers shared by the extensions

    func status(liveSnapshot snapshot: TaskSnapshot, owner: String?) throws -> TaskSnapshot {
        guard Self.visible(snapshot, to: owner) else { throw TaskManagerError.notFound }
        return decorated(snapshot)
    }

    /// Adds the queue position to a pending snapshot.
    func decorated(_ snapshot: TaskSnapshot) -> TaskSnapshot {
        guard snapshot.status == .pending else { return snapshot }
        var copy = snapshot
        copy.queuePosition = queue.position(of: snapshot.id)
        return copy
    }

    static func visible(_ snapshot: TaskSnapshot, to owner: String?) -> Bool {
        owner == nil || snapshot.owner == owner
    }

    func retryAfterEstimate() -> Int {
        let waves = Double(queue.count) / Double(max(1, configuration.maxWorkers))
        return min(60, max(1, Int((waves * meanRunSeconds).rounded(.up))))
    }
}
