import Foundation

/// How one run of a task's workflow ended.
enum RunOutcome: Sendable {
    case completed(CompletedTurn)
    case failed(TaskErrorCode, String)
    case cancelled
    case timedOut
    /// Stopped by shutdown: goes back to pending so the next start resumes it.
    case interrupted
}

/// Running tasks: each run is one task of its own (so it alone can be cancelled), started by the
/// actor when a worker place is free, ending with one hop back into the actor. Its transitions go
/// to the store without waiting; they are published when the store reports them committed.
extension TaskManager {
    /// Starts queued tasks (at most `maxWorkers` at once) and runs the timeout watchdog and the
    /// retention loop until `shutdown` or cancellation; returns once the last run has ended and
    /// its final transition is committed.
    public func run() async {
        // A shutdown that came first (before this task got going) stands.
        dispatching = !stopped
        dispatchRuns()
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.retentionLoop() }
                group.addTask { await self.watchdogLoop() }
                await waitUntilIdle()
                group.cancelAll()
            }
        } onCancel: {
            Task { await self.forceStop() }
        }
        finishAllSubscribers()
    }

    /// Stops accepting and starting tasks, lets running ones finish for up to `grace`, then
    /// interrupts the rest, which go back to pending in the store so the next start resumes them.
    /// Pending tasks stay pending. `run()` returns after this.
    public func shutdown(grace: Duration) async {
        accepting.store(false, ordering: .relaxed)
        stopDispatching()
        let interrupter = Task {
            try await Task.sleep(for: grace)
            self.interruptRuns()
        }
        await waitUntilIdle()
        interrupter.cancel()
        logger.info("task manager stopped", metadata: ["pending_kept": "\(queue.count)"])
    }

    private func forceStop() {
        stopDispatching()
        interruptRuns()
    }

    private func interruptRuns() {
        for run in runs.values { run.stop(.shutdown) }
    }

    private func stopDispatching() {
        stopped = true
        dispatching = false
        resumeIdleWaiters()
    }

    private var isIdle: Bool { !dispatching && runs.isEmpty && uncommittedWrites == 0 }

    private func waitUntilIdle() async {
        if isIdle { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func resumeIdleWaiters() {
        guard isIdle, !idleWaiters.isEmpty else { return }
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Puts a pending task found at start-up in line.
    func enqueueRecovered(_ task: TaskSnapshot) {
        live[task.id] = task
        queue.append(task.id)
        occupancy.add()
    }

    // MARK: - Starting and ending runs

    /// Starts queued tasks, oldest first, while worker places are free.
    func dispatchRuns() {
        while dispatching, activeRuns < configuration.maxWorkers, let id = queue.popFirst() {
            occupancy.release()
            start(id)
        }
    }

    /// Runs whose workflow is still going: what the worker bound counts.
    var activeRuns: Int { runs.count - finishingRuns }

    /// Marks the task running (published once persisted) and starts its workflow at once: the
    /// store commits writes in order, so the `running` row always lands before the outcome's.
    private func start(_ id: String) {
        guard var task = live[id] else { return }
        let now = clock.now()
        task.status = .running
        task.startedAt = now
        task.attempts += 1
        let run = RunControl(
            deadline: now.addingTimeInterval(Self.seconds(configuration.taskTimeout)), progressFloor: task.progress,
            watched: hasSubscribers(id))
        wakeWatchdog()
        runs[id] = run
        let running = task
        persist(.save(running)) { .started(running, $0.failure) }
        run.attach(Task.detached { await self.perform(running, run) })
    }

    /// The run's own task: the workflow, then one hop into the actor with the outcome.
    private nonisolated func perform(_ task: TaskSnapshot, _ run: RunControl) async {
        let started = ContinuousClock.now
        let outcome = await draft(task, run)
        await finish(task, run, outcome, ranFor: ContinuousClock.now - started)
    }

    private nonisolated func draft(_ task: TaskSnapshot, _ run: RunControl) async -> RunOutcome {
        let id = task.id
        do {
            let reply = try await workflow.draft(task) { stage, progress, triage in
                if run.record(stage: stage, progress: progress, triage: triage) { await self.publishProgress(id) }
            }
            return .completed(workflow.turn(for: task, draft: reply, at: clock.now()))
        } catch {
            switch run.stopReason {
            case .cancelled: return .cancelled
            case .timedOut: return .timedOut
            case .shutdown: return .interrupted
            case .storageFailed(let message): return .failed(.backend_error, message)
            case nil:
                if let error = error as? BackendError { return .failed(.backend_error, error.message) }
                // Only a forced stop cancels a run without a reason.
                if error is CancellationError || Task.isCancelled { return .interrupted }
                return .failed(.backend_error, "\(error)")
            }
        }
    }

    /// Frees the worker place and hands the run's final transition to the store.
    private func finish(_ running: TaskSnapshot, _ run: RunControl, _ outcome: RunOutcome, ranFor: Duration) {
        finishingRuns += 1
        run.markEnded()
        meanRunSeconds = meanRunSeconds * 0.9 + max(Self.seconds(ranFor), 0.001) * 0.1
        let task = running.advanced(to: run.progress)
        let now = clock.now()
        switch outcome {
        case .completed(let turn):
            if run.record(stage: .saving, progress: StageProgress.saving, triage: turn.triage) { publishProgress(running.id) }
            let saving = running.advanced(to: run.progress)
            persist(.complete(saving.completed(by: turn), messages: turn.messages, backend: turn.backend)) {
                .completed(saving, turn, $0.flatMap(Self.chatOfCompletion))
            }
        case .failed(let code, let message):
            persistFailure(task.failed(code, message, at: now))
        case .cancelled:
            persistFailure(task.failed(.cancelled, FailureMessage.cancelled, at: now))
        case .timedOut:
            let message = FailureMessage.timeout(Int(configuration.taskTimeout.components.seconds))
            persistFailure(task.failed(.timeout, message, at: now))
        case .interrupted:
            let requeued = task.requeued()
            persist(.save(requeued)) { .requeued(requeued, $0.failure) }
        }
        dispatchRuns()
    }

    private func persistFailure(_ failed: TaskSnapshot) {
        persist(.save(failed)) { .failed(failed, $0.failure) }
    }

    /// Hands a write for a live task to the store; `event` turns its commit into what the actor absorbs.
    private func persist(
        _ write: TaskWrite, as event: @escaping @Sendable (Result<TaskWriteResult, StoreError>) -> CommitEvent
    ) {
        uncommittedWrites += 1
        store.enqueue(write) { result in self.post(event(result)) }
    }

    private static func chatOfCompletion(_ result: TaskWriteResult) -> Result<ChatRecord, StoreError> {
        guard case .completed(let chat) = result else { return .failure(StoreError("unexpected completion result")) }
        return .success(chat)
    }

    // MARK: - Commit reports

    nonisolated func post(_ event: CommitEvent) {
        if inbox.post(event) { Task { await self.absorbCommits() } }
    }

    /// Takes in every commit report gathered so far, then starts what can start.
    private func absorbCommits() {
        while true {
            let events = inbox.take()
            if events.isEmpty { break }
            for event in events { absorb(event) }
        }
        dispatchRuns()
        resumeIdleWaiters()
    }

    private func absorb(_ event: CommitEvent) {
        switch event {
        case .inserted(let task, let outcome, let reply):
            switch outcome {
            case .success(.inserted):
                live[task.id] = task
                queue.append(task.id)
                let queued = current(task)
                publish(queued)
                reply.resume(returning: .queued(queued))
            case .success(let refused):
                occupancy.release()
                reply.resume(returning: .refused(refused))
            case .failure(let error):
                occupancy.release()
                reply.resume(throwing: error)
            }
        case .started(let task, let error):
            uncommittedWrites -= 1
            if let error {
                runs[task.id]?.stop(.storageFailed(FailureMessage.storage("\(error)")))
            } else if live[task.id]?.status == .pending {
                apply(task)
            }
        case .completed(let saving, let turn, let chat):
            uncommittedWrites -= 1
            switch chat {
            case .success(let chat):
                var done = saving.completed(by: turn)
                // Built only for subscribers: a status read rebuilds it from the store.
                if hasSubscribers(done.id) {
                    done.result = QAResult.completedTurn(
                        chat: chat, userType: done.request.userType, backend: turn.backend, triage: turn.triage,
                        messages: turn.messages)
                }
                settle(done)
            case .failure(let error):
                persistFailure(saving.failed(.backend_error, FailureMessage.storage("\(error)"), at: turn.completedAt))
            }
        case .failed(let task, let error):
            uncommittedWrites -= 1
            if let error {
                logger.error("could not persist failed task", metadata: ["task_id": "\(task.id)", "error": "\(error)"])
            }
            settle(task)
        case .requeued(let task, let error):
            uncommittedWrites -= 1
            if let error {
                logger.error("could not put interrupted task back in line", metadata: ["task_id": "\(task.id)", "error": "\(error)"])
            }
            live[task.id] = nil
            endRun(task.id)
        }
    }

    /// Persists a failed task (waiting for the commit) and publishes it.
    func persistAndPublishFailure(_ task: TaskSnapshot) async {
        do {
            try await store.save(task)
        } catch {
            logger.error("could not persist failed task", metadata: ["task_id": "\(task.id)", "error": "\(error)"])
        }
        settle(task)
    }

    /// A persisted terminal task leaves memory; subscribers get it last.
    private func settle(_ task: TaskSnapshot) {
        live[task.id] = nil
        finishedCounts[task.status, default: 0] += 1
        endRun(task.id)
        publish(task)
        logger.debug("task finished", metadata: [
            "task_id": "\(task.id)", "status": "\(task.status.rawValue)",
            "error_code": "\(task.errorCode?.rawValue ?? "")",
        ])
    }

    private func endRun(_ id: String) {
        guard let run = runs.removeValue(forKey: id) else { return }
        if run.hasEnded { finishingRuns -= 1 }
    }

    private func publishProgress(_ id: String) {
        guard let task = live[id], task.status == .running else { return }
        publish(task)
    }

    /// Replaces a live task's snapshot and publishes it.
    func apply(_ task: TaskSnapshot) {
        live[task.id] = task
        publish(task)
    }

    // MARK: - Timeouts

    /// One watchdog for all runs: it sleeps until the earliest deadline of a run still going and
    /// stops the runs past theirs. (Three child tasks per run, a timer among them, cost more than
    /// the whole workflow of the local engine.) Every run has the same timeout, so a run that starts
    /// later never has an earlier deadline: the watchdog is only woken when a run starts while it
    /// has no deadline to sleep to. When runs end it is left to wake at a deadline that no longer
    /// matters and find nothing to stop: waking it whenever the last run ended cost a timer and a
    /// task group per task when tasks finish in microseconds.
    nonisolated func watchdogLoop() async {
        let clock = self.clock
        while !Task.isCancelled {
            switch await watchdogPlan() {
            case .waitForRun(let wake):
                await wake.wait()
            case .sleep(let deadline):
                // Nothing wakes it early: no run can have an earlier deadline, and shutdown cancels the sleep.
                let wait = deadline.timeIntervalSince(clock.now())
                if wait > 0 { try? await clock.sleep(for: .seconds(wait)) }
                await expireOverdue()
            }
        }
    }

    private func watchdogPlan() -> WatchdogPlan {
        if let deadline = runs.values.lazy.filter(\.awaitsDeadline).map(\.deadline).min() {
            watchdogWake = nil
            return .sleep(until: deadline)
        }
        let wake = OneShotSignal()
        watchdogWake = wake
        return .waitForRun(wake)
    }

    private func expireOverdue() {
        let now = clock.now()
        for run in runs.values where run.awaitsDeadline && run.deadline <= now { run.stop(.timedOut) }
    }

    private func wakeWatchdog() {
        watchdogWake?.fire()
        watchdogWake = nil
    }

    func hasSubscribers(_ id: String) -> Bool {
        taskSubscribers[id] != nil || !allSubscribers.isEmpty
    }
}

/// What the timeout watchdog does next.
private enum WatchdogPlan: Sendable {
    /// Sleep until the earliest deadline of a run still going, then stop the runs past theirs.
    case sleep(until: Date)
    /// No run awaits a deadline: wait until one starts.
    case waitForRun(OneShotSignal)
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
