import Foundation

/// How one run of a task's workflow ended.
enum RunOutcome: Sendable {
    case drafted(DraftReply)
    case failed(TaskErrorCode, String)
    case cancelled
    case timedOut
    /// Stopped by shutdown: goes back to pending so the next start resumes it.
    case interrupted
}

extension TaskManager {
    /// Runs the workers and the retention loop until `shutdown` or cancellation.
    public func run() async {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.retentionLoop() }
                await withTaskGroup(of: Void.self) { workers in
                    for _ in 0..<configuration.maxWorkers {
                        workers.addTask { await self.workerLoop() }
                    }
                }
                group.cancelAll()
            }
        } onCancel: {
            Task { await self.stopDispatching() }
        }
        finishAllSubscribers()
    }

    /// Stops accepting, lets running tasks finish for up to `grace`, then interrupts the rest,
    /// which go back to pending in the store so the next start resumes them. Pending tasks stay
    /// pending. `run()` returns after this.
    public func shutdown(grace: Duration) async {
        accepting = false
        stopDispatching()
        let interrupter = Task {
            try await Task.sleep(for: grace)
            await self.interruptRunning()
        }
        await waitUntilIdle()
        interrupter.cancel()
        logger.info("task manager stopped", metadata: ["pending_kept": "\(queue.count)"])
    }

    private func interruptRunning() {
        for signal in signals.values { signal.fire(.shutdown) }
    }

    func stopDispatching() {
        dispatching = false
        let waiting = idleWorkers
        idleWorkers.removeAll()
        for worker in waiting { worker.resume(returning: nil) }
    }

    private func waitUntilIdle() async {
        if signals.isEmpty { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }

    /// Puts a pending task in line and hands it to an idle worker if there is one.
    func enqueue(_ snapshot: TaskSnapshot) {
        live[snapshot.id] = snapshot
        queue.append(snapshot.id)
        publish(decorated(snapshot))
        if dispatching, !idleWorkers.isEmpty, let id = takeNext() {
            idleWorkers.removeFirst().resume(returning: id)
        }
    }

    private func takeNext() -> String? {
        guard let id = queue.popFirst() else { return nil }
        signals[id] = CancelSignal()
        return id
    }

    private func nextJob() async -> String? {
        guard dispatching else { return nil }
        if let id = takeNext() { return id }
        return await withCheckedContinuation { idleWorkers.append($0) }
    }

    private nonisolated func workerLoop() async {
        while let id = await nextJob() {
            await execute(id)
        }
    }

    private nonisolated func execute(_ id: String) async {
        guard let (task, signal) = await beginRunning(id) else { return }
        let started = ContinuousClock.now
        let outcome = await race(task, signal: signal)
        await finish(task, outcome: outcome, ranFor: ContinuousClock.now - started)
    }

    /// Marks the task running (persisted first); nil when it was cancelled before it started.
    private func beginRunning(_ id: String) async -> (TaskSnapshot, CancelSignal)? {
        guard var task = live[id], let signal = signals[id] else { return nil }
        if signal.reason != nil {
            await finish(task, outcome: signal.reason == .cancelled ? .cancelled : .interrupted, ranFor: .zero)
            return nil
        }
        task.status = .running
        task.startedAt = clock.now()
        task.attempts += 1
        do {
            try await store.save(task)
        } catch {
            await finish(task, outcome: .failed(.backend_error, FailureMessage.storage("\(error)")), ranFor: .zero)
            return nil
        }
        apply(task)
        return (task, signal)
    }

    /// Runs the workflow against the timeout and the cancel signal; the first to finish wins.
    private nonisolated func race(_ task: TaskSnapshot, signal: CancelSignal) async -> RunOutcome {
        let workflow = self.workflow
        let clock = self.clock
        let timeout = configuration.taskTimeout
        let id = task.id
        return await withTaskGroup(of: RunOutcome?.self) { group in
            group.addTask {
                do {
                    let draft = try await workflow.draft(task) { stage, progress, triage in
                        await self.report(id, stage: stage, progress: progress, triage: triage)
                    }
                    return .drafted(draft)
                } catch let error as BackendError {
                    return .failed(.backend_error, error.message)
                } catch is CancellationError {
                    return nil
                } catch {
                    return Task.isCancelled ? nil : .failed(.backend_error, "\(error)")
                }
            }
            group.addTask {
                do {
                    try await clock.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            group.addTask {
                await signal.wait()
                switch signal.reason {
                case .cancelled: return .cancelled
                case .shutdown: return .interrupted
                case nil: return nil
                }
            }
            var outcome: RunOutcome?
            while outcome == nil, let next = await group.next() {
                outcome = next
            }
            group.cancelAll()
            // Only a cancelled parent (forced stop) leaves no outcome.
            return outcome ?? .interrupted
        }
    }

    /// Records the end of a run: saves a completed turn, or persists the failure or the return to pending.
    private func finish(_ task: TaskSnapshot, outcome: RunOutcome, ranFor: Duration) async {
        var task = live[task.id] ?? task
        let now = clock.now()
        switch outcome {
        case .drafted(let draft):
            task.stage = .saving
            task.progress = max(task.progress, StageProgress.saving)
            task.triage = draft.triage.level
            apply(task)
            var completed = task
            completed.status = .completed
            completed.stage = .done
            completed.progress = StageProgress.done
            completed.completedAt = now
            do {
                completed.result = try await workflow.save(completed, draft: draft, at: now)
                settle(completed)
            } catch {
                await persistAndPublishFailure(task.failed(.backend_error, FailureMessage.storage("\(error)"), at: now))
            }
        case .failed(let code, let message):
            await persistAndPublishFailure(task.failed(code, message, at: now))
        case .cancelled:
            await persistAndPublishFailure(task.failed(.cancelled, FailureMessage.cancelled, at: now))
        case .timedOut:
            let message = FailureMessage.timeout(Int(configuration.taskTimeout.components.seconds))
            await persistAndPublishFailure(task.failed(.timeout, message, at: now))
        case .interrupted:
            try? await store.save(task.requeued())
            live[task.id] = nil
            releaseWorker(task.id)
        }
        meanRunSeconds = meanRunSeconds * 0.9 + max(Self.seconds(ranFor), 0.001) * 0.1
    }

    /// Persists a failed task and publishes it.
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
        releaseWorker(task.id)
        publish(task)
        logger.debug("task finished", metadata: [
            "task_id": "\(task.id)", "status": "\(task.status.rawValue)",
            "error_code": "\(task.errorCode?.rawValue ?? "")",
        ])
    }

    private func releaseWorker(_ id: String) {
        signals[id] = nil
        if signals.isEmpty {
            let waiters = drainWaiters
            drainWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    /// A running task's step and progress; progress never goes back and stays below 100 until completed.
    private func report(_ id: String, stage: TaskStage, progress: Int, triage: TriageLevel?) {
        guard var task = live[id], task.status == .running else { return }
        let newProgress = min(max(task.progress, progress), StageProgress.done - 1)
        if task.stage == stage, task.progress == newProgress, triage == nil || task.triage == triage { return }
        task.stage = stage
        task.progress = newProgress
        if let triage { task.triage = triage }
        apply(task)
    }

    /// Replaces a live task's snapshot and publishes it.
    func apply(_ task: TaskSnapshot) {
        live[task.id] = task
        publish(task)
    }
}
