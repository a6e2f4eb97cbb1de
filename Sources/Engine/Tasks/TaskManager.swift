import Foundation
import Logging
import ServiceLifecycle

/// The one door into the engine for front ends: submit, read, cancel, list and follow tasks, and
/// run this node's share of the work. It holds no queue of its own: the queue is the store, which
/// any number of nodes (processes, machines) share. Behind it:
/// - `TaskIntake` puts questions into the store;
/// - `Dispatcher` claims them while worker places are free and runs them (`TaskRunner`);
/// - `EventHub` hands changes to followers, `ClusterFollower` brings in other nodes' changes;
/// - maintenance services, run by ServiceLifecycle: `LeaseKeeper`, `Rescuer`, `Pruner`,
///   `ProgressReporter`, `TimeoutWatchdog`, `StoreSignalListener`, `ClaimRetrier`.
public final class TaskManager: Sendable {
    public let configuration: EngineConfiguration
    public let backendName: String
    let store: any TaskStore
    let clock: any EngineClock
    let logger: Logger
    let registry = RunRegistry()
    let counters = EngineCounters()
    let occupancy = QueueOccupancy()
    let hub: EventHub
    let intake: TaskIntake
    let dispatcher: Dispatcher
    let maintenance: [any Service]
    private let stopped = OneShotSignal()

    init(
        configuration: EngineConfiguration, store: any TaskStore, workflow: QAWorkflow,
        clock: any EngineClock, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.backendName = workflow.backendName
        self.clock = clock
        self.logger = logger
        let registry = self.registry
        let counters = self.counters
        let occupancy = self.occupancy
        let hub = EventHub { [registry, counters, occupancy] in
            Self.stats(
                configuration: configuration, registry: registry, counters: counters, occupancy: occupancy,
                backend: workflow.backendName)
        }
        self.hub = hub
        let watchdog = TimeoutWatchdog(registry: registry, clock: clock)
        let runner = TaskRunner(
            configuration: configuration, store: store, workflow: workflow, registry: registry, hub: hub,
            counters: counters, clock: clock, logger: logger)
        let dispatcher = Dispatcher(
            configuration: configuration, store: store, registry: registry, runner: runner, occupancy: occupancy,
            watchdog: watchdog, clock: clock, logger: logger)
        self.dispatcher = dispatcher
        let workArrived: @Sendable () -> Void = { dispatcher.claimIfFree() }
        intake = TaskIntake(
            configuration: configuration, store: store, occupancy: occupancy, counters: counters, hub: hub,
            clock: clock,
            workArrived: workArrived)
        let leaseKeeper = LeaseKeeper(configuration: configuration, store: store, registry: registry, logger: logger)
        maintenance = [
            watchdog,
            ClaimRetrier(dispatcher: dispatcher),
            ClaimPoll(dispatcher: dispatcher),
            leaseKeeper,
            ProgressReporter(store: store, registry: registry),
            Rescuer(
                configuration: configuration, store: store, counters: counters, workArrived: workArrived,
                renewOwnLeases: { await leaseKeeper.renew() }, logger: logger),
            Pruner(configuration: configuration, store: store, counters: counters, clock: clock, logger: logger),
            StoreSignalListener(
                configuration: configuration, store: store, registry: registry, occupancy: occupancy,
                workArrived: workArrived, logger: logger),
            ClusterFollower(
                node: configuration.node, store: store, registry: registry, hub: hub, counters: counters,
                occupancy: occupancy, logger: logger),
        ]
    }

    /// Creates the manager over `store`. Tasks this node name left running in an earlier life are
    /// put back in line (or fail `interrupted` past `max_attempts`); other nodes' running tasks
    /// are left to their leases. Call `run()` next.
    public static func open(
        configuration: EngineConfiguration, store: any TaskStore, backend: any InferenceBackend,
        knowledgeBase: KnowledgeBase, clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "maternal-qa.engine")
    ) async throws -> TaskManager {
        let workflow = QAWorkflow(store: store, backend: backend, knowledgeBase: knowledgeBase)
        let manager = TaskManager(
            configuration: configuration, store: store, workflow: workflow, clock: clock, logger: logger)
        let report = try await store.rescue(.node(configuration.node), maxAttempts: configuration.maxAttempts)
        manager.counters.observe(try await store.countByStatus())
        manager.occupancy.observe(pending: try await store.pendingCount())
        logger.info(
            "task manager ready",
            metadata: [
                "node": "\(configuration.node)", "pending": "\(manager.occupancy.pending)",
                "requeued_running": "\(report.requeued.count)", "failed_interrupted": "\(report.interrupted.count)",
                "backend": "\(workflow.backendName)", "max_workers": "\(configuration.maxWorkers)",
                "lease_seconds": "\(configuration.lease.components.seconds)",
            ])
        return manager
    }

    // MARK: - Running

    /// Claims and runs tasks, and runs the maintenance services, until `shutdown` or cancellation;
    /// returns once the last run has ended and written its outcome.
    public func run() async {
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: maintenance.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [], cancellationSignals: [], logger: logger))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await services.run()
                } catch {
                    self.logger.error("a maintenance service failed", metadata: ["error": "\(error)"])
                }
            }
            await dispatcher.run()
            await services.triggerGracefulShutdown()
        }
        hub.close()
        // Logged here, not in `shutdown`: a service group ends (and the process may exit) as soon as this returns.
        let pending = (try? await store.pendingCount()).map(String.init) ?? "unknown"
        logger.info("task manager stopped", metadata: ["node": "\(configuration.node)", "pending_kept": "\(pending)"])
        stopped.fire()
    }

    /// Stops accepting and claiming, lets running tasks finish for up to `grace`, then interrupts
    /// the rest, which go back to pending in the store for any node to pick up. `run()` returns
    /// after this.
    public func shutdown(grace: Duration) async {
        intake.close()
        dispatcher.stopClaiming()
        let registry = self.registry
        let interrupter = Task {
            try await Task.sleep(for: grace)
            registry.interruptAll()
        }
        await stopped.wait()
        interrupter.cancel()
    }

    // MARK: - Front-end API

    /// Accepts a question: validates it, stores a pending task and returns once it is durable.
    public func submit(_ request: QARequest, owner: String? = nil, idempotencyKey: String? = nil) async throws
        -> Submission
    {
        let (snapshot, outcome) = try await intake.submit(request, owner: owner, idempotencyKey: idempotencyKey)
        switch outcome {
        case .inserted:
            return Submission(snapshot: snapshot, isNew: true)
        case .existing(let earlier):
            return Submission(snapshot: try await status(earlier.id, owner: owner), isNew: false)
        case .idempotencyConflict:
            throw TaskManagerError.idempotencyConflict
        case .chatOwnedByOther:
            throw TaskManagerError.chatOwnedByOther(chatID: snapshot.chatID)
        case .chatOfAnotherKey:
            throw TaskManagerError.chatOfAnotherKey(chatID: snapshot.chatID)
        }
    }

    /// The task as it is now, wherever it runs. With an `owner`, tasks of other owners are not found.
    public func status(_ id: String, owner: String? = nil) async throws -> TaskSnapshot {
        let task: TaskSnapshot?
        if let run = registry.run(id) {
            task = run.current
        } else {
            do { task = try await store.task(id: id) } catch { throw TaskManagerError(storeFailure: error) }
        }
        guard let task, Self.visible(task, to: owner) else { throw TaskManagerError.notFound }
        return task
    }

    /// Cancels a task on any node: a pending one ends at once; a running one stops at its next
    /// step (its backend request is cancelled) and this returns once it has ended (or, when it
    /// runs on a node that does not answer, once its lease would have lapsed). Finished tasks:
    /// `alreadyTerminal`.
    public func cancel(_ id: String, owner: String? = nil) async throws -> TaskSnapshot {
        let current = try await status(id, owner: owner)
        if current.status.isTerminal { throw TaskManagerError.alreadyTerminal(current) }
        let request: CancelRequest
        do { request = try await store.requestCancel(taskID: id) } catch { throw TaskManagerError(storeFailure: error) }
        switch request {
        case .cancelledPending(let cancelled):
            occupancy.left(1)
            counters.finished(.failed)
            hub.publish(cancelled)
            return cancelled
        case .flagged(let running):
            await stopLocalRun(running)
            let wait = configuration.lease + ClusterFollower.interval * 4
            if let ended = try await waitForTerminal(id, owner: owner, timeout: wait) { return ended }
            return try await status(id, owner: owner)
        case .finished(let finished):
            throw TaskManagerError.alreadyTerminal(finished)
        case .notFound:
            throw TaskManagerError.notFound
        }
    }

    /// Tasks newest first, filtered and paged; this node's runs show their current step.
    public func list(_ query: TaskQuery) async throws -> TaskPage {
        if let cursor = query.cursor, Int64(cursor) == nil { throw TaskManagerError.invalidInput("cursor 无效") }
        var page: TaskPage
        do { page = try await store.tasks(query) } catch { throw TaskManagerError(storeFailure: error) }
        page.tasks = page.tasks.map { stored in registry.run(stored.id)?.current ?? stored }
        return page
    }

    /// A chat and its messages, oldest first; nil when there is no such chat.
    public func messages(chatID: String) async throws -> (ChatRecord, [ChatMessage])? {
        do {
            guard let chat = try await store.chat(id: chatID) else { return nil }
            return (chat, try await store.messages(chatID: chatID, limit: nil))
        } catch {
            throw TaskManagerError(storeFailure: error)
        }
    }

    /// This node's runs, the cluster's pending tasks, and the stored finished ones.
    public func stats() -> EngineStats {
        Self.stats(
            configuration: configuration, registry: registry, counters: counters, occupancy: occupancy,
            backend: backendName)
    }

    /// The claims this node made: what the benchmark reports.
    public var claimCounts: ClaimCounts { dispatcher.claimCounts }

    /// Stored tasks by status, across every node (one count query).
    public func storedCounts() async throws -> StatusCounts {
        do { return try await store.countByStatus() } catch { throw TaskManagerError(storeFailure: error) }
    }

    /// Pending and running tasks of the whole cluster, oldest first (for a UI or `resume` that
    /// starts after tasks were submitted).
    public func liveTasks() async throws -> [TaskSnapshot] {
        do {
            return try await store.unfinishedTasks().map { registry.run($0.id)?.current ?? $0 }
        } catch {
            throw TaskManagerError(storeFailure: error)
        }
    }

    /// The task's snapshots: the current one first, then one per change, finishing after the
    /// terminal one. Tasks run by other nodes are followed through the store (about twice a second).
    public func updates(of id: String, owner: String? = nil) async throws -> AsyncStream<TaskSnapshot> {
        hub.subscribe(to: try await status(id, owner: owner))
    }

    /// Every change of every task in the cluster, with the engine's counts: what the TUI follows.
    public func allUpdates() -> AsyncStream<TaskUpdate> {
        hub.subscribeAll()
    }

    /// Waits until the task is completed or failed; nil when `timeout` passes first.
    public func waitForTerminal(_ id: String, owner: String? = nil, timeout: Duration?) async throws -> TaskSnapshot? {
        let stream = try await updates(of: id, owner: owner)
        let clock = self.clock
        return await withTaskGroup(of: TaskSnapshot?.self) { group in
            group.addTask {
                for await snapshot in stream where snapshot.status.isTerminal { return snapshot }
                return nil
            }
            if let timeout {
                group.addTask {
                    try? await clock.sleep(for: timeout)
                    return nil
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    // MARK: - Helpers

    /// Stops the run when this node runs the task. A claim by this node may still be on its way
    /// back from the store: the run then shows up within moments.
    private func stopLocalRun(_ task: TaskSnapshot) async {
        guard task.node == configuration.node else { return }
        for _ in 0..<100 {
            if let run = registry.run(task.id), run.holder.attempt == task.attempts {
                run.stop(.cancelled)
                return
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    static func visible(_ snapshot: TaskSnapshot, to owner: String?) -> Bool {
        owner == nil || snapshot.owner == owner
    }

    private static func stats(
        configuration: EngineConfiguration, registry: RunRegistry, counters: EngineCounters, occupancy: QueueOccupancy,
        backend: String
    ) -> EngineStats {
        let finished = counters.finishedCounts
        return EngineStats(
            running: registry.activeCount, pending: occupancy.pending, completed: finished[.completed] ?? 0,
            failed: finished[.failed] ?? 0, maxWorkers: configuration.maxWorkers, backend: backend)
    }
}
