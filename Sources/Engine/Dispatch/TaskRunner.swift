import Foundation
import Logging

/// How one run of a task's workflow ended.
enum RunOutcome: Sendable {
    case completed(CompletedTurn)
    case failed(TaskErrorCode, String, detail: String?)
    case cancelled
    case timedOut
    /// Stopped by shutdown: goes back to pending so a node picks it up again.
    case interrupted
    /// The store no longer has this node holding the task: nothing is written.
    case lostClaim
}

/// One claimed task from start to its written outcome: the workflow, then the run's final write
/// (fenced on its claim), then the change published. Runs in the dispatcher's task group.
struct TaskRunner: Sendable {
    let configuration: EngineConfiguration
    let store: any TaskStore
    let workflow: QAWorkflow
    let registry: RunRegistry
    let hub: EventHub
    let counters: EngineCounters
    let clock: any EngineClock
    let logger: Logger

    /// `placeFreed` is called once the run's worker place is free (its final write queued).
    func perform(_ run: RunControl, placeFreed: @escaping @Sendable () -> Void) async {
        let id = run.claimed.id
        if hub.isWatching(id) { hub.publish(run.claimed) }
        let started = ContinuousClock.now
        // The workflow runs in a task of its own so that this one run can be cancelled; awaiting
        // it here keeps it inside the dispatcher's group, and the group's cancellation reaches it.
        let work = Task { await draft(run) }
        run.attach(cancel: { work.cancel() })
        let outcome = await withTaskCancellationHandler {
            await work.value
        } onCancel: {
            work.cancel()
        }
        counters.ran(for: (ContinuousClock.now - started).inSeconds)
        await conclude(run, outcome, placeFreed: placeFreed)
    }

    private func draft(_ run: RunControl) async -> RunOutcome {
        let task = run.claimed
        do {
            let reply = try await workflow.draft(task, observer: RunObserver(run: run, hub: hub))
            return .completed(workflow.turn(for: task, draft: reply, at: clock.now()))
        } catch {
            switch run.stopReason {
            case .cancelled: return .cancelled
            case .timedOut: return .timedOut
            case .shutdown: return .interrupted
            case .lostClaim: return .lostClaim
            case nil:
                if let error = error as? BackendError {
                    return .failed(.backend_error, error.message, detail: error.detail)
                }
                // The store was away (a database restart): the task goes back in line, like a run
                // a restart interrupted, unless it has had all its starts.
                if let error = error as? StoreError {
                    guard task.attempts < configuration.maxAttempts else {
                        return .failed(.interrupted, FailureMessage.storage, detail: "\(error)")
                    }
                    logger.warning(
                        "the store failed during a run; the task goes back in line",
                        metadata: [
                            "task_id": "\(task.id)", "error": "\(error)",
                        ])
                    return .interrupted
                }
                // Only a forced stop cancels a run without a reason.
                if error is CancellationError || Task.isCancelled { return .interrupted }
                return .failed(.backend_error, FailureMessage.backend, detail: "\(error)")
            }
        }
    }

    /// Writes the outcome, takes the run out of the registry, and publishes what was written.
    private func conclude(_ run: RunControl, _ outcome: RunOutcome, placeFreed: @escaping @Sendable () -> Void) async {
        let task = run.current
        let now = clock.now()
        let write: TaskWrite
        switch outcome {
        case .completed(let turn):
            if run.record(stage: .saving, progress: StageProgress.saving, triage: turn.triage), hub.isWatching(task.id)
            {
                hub.publish(run.current)
            }
            write = .complete(
                run.current.completed(by: turn), messages: turn.messages, backend: turn.backend, holder: run.holder)
        case .failed(let code, let message, let detail):
            write = .finish(task.failed(code, message, detail: detail, at: now), holder: run.holder)
        case .cancelled:
            write = .finish(task.failed(.cancelled, FailureMessage.cancelled, at: now), holder: run.holder)
        case .timedOut:
            let message = FailureMessage.timeout(Int(configuration.taskTimeout.components.seconds))
            write = .finish(task.failed(.timeout, message, at: now), holder: run.holder)
        case .interrupted:
            write = .finish(task.requeued(), holder: run.holder)
        case .lostClaim:
            registry.markEnded(run)
            placeFreed()
            logger.warning(
                "lost the claim on a running task; its outcome is not written", metadata: ["task_id": "\(task.id)"])
            registry.remove(run)
            return
        }
        let result = await persist(write, run: run, placeFreed: placeFreed)
        // Out of the registry before followers hear the end: a status read they make next comes
        // from the store, not from the run's last step.
        registry.remove(run)
        guard let result else { return }
        publish(result, of: write, turn: outcome)
    }

    /// Hands the write to the store, frees the worker place, and waits for the commit. A failed
    /// write (the database restarting, a full or read-only disk) is tried again until it goes in:
    /// the run stays registered meanwhile, so its lease keeps being renewed whenever the store takes
    /// writes, and the answer is saved once the store is back instead of the task running again.
    /// The write is fenced, so trying again is harmless should the task be taken from this node.
    /// Only a shutdown gives up: the task stays running in the store and the next start under
    /// this node's name (or another node, once its lease lapses) puts it back in line. Nil when
    /// it never went in.
    private func persist(_ write: TaskWrite, run: RunControl, placeFreed: @escaping @Sendable () -> Void) async
        -> TaskWriteResult?
    {
        var pause: Duration = .milliseconds(100)
        var failures = 0
        while true {
            let result = await withCheckedContinuation {
                (reply: CheckedContinuation<Result<TaskWriteResult, StoreError>, Never>) in
                store.enqueue(write) { reply.resume(returning: $0) }
                if failures == 0 {
                    // Queued first, so a claim for the freed place commits after this write.
                    registry.markEnded(run)
                    placeFreed()
                }
            }
            switch result {
            case .success(let written):
                if failures > 0 {
                    logger.notice(
                        "wrote a run's outcome once the store took writes again",
                        metadata: [
                            "task_id": "\(run.claimed.id)", "attempts": "\(failures + 1)",
                        ])
                }
                return written
            case .failure(let error):
                failures += 1
                guard !registry.isInterrupted, !Task.isCancelled else {
                    logger.error(
                        "could not write a run's outcome before shutdown; the task goes back in line at the next start",
                        metadata: [
                            "task_id": "\(run.claimed.id)", "error": "\(error)",
                        ])
                    return nil
                }
                // Warned once per outcome: the store's trouble shows in the log every few seconds anyway.
                logger.log(
                    level: failures == 1 ? .warning : .debug, "writing a run's outcome failed; trying again",
                    metadata: [
                        "task_id": "\(run.claimed.id)", "error": "\(error)",
                    ])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(2))
            }
        }
    }

    private func publish(_ result: TaskWriteResult, of write: TaskWrite, turn outcome: RunOutcome) {
        switch (result, write) {
        case (.completed(let chat), .complete(var done, let messages, let backend, _)):
            counters.finished(.completed)
            guard hub.isWatching(done.id), case .completed(let turn) = outcome else { return }
            // Built only for followers: a status read rebuilds it from the store.
            done.result = QAResult.completedTurn(
                chat: chat, userType: done.request.userType, backend: backend, triage: turn.triage.level,
                messages: messages)
            hub.publish(done)
        case (.saved, .finish(let task, _)):
            if task.status.isTerminal { counters.finished(task.status) }
            hub.publish(task)
        case (.lostClaim, _):
            logger.warning(
                "lost the claim on a task before its outcome was written; not written",
                metadata: [
                    "task_id": "\(write.taskID ?? "")"
                ])
        default:
            logger.error(
                "the store answered a run's outcome with another kind of result", metadata: ["result": "\(result)"])
        }
    }
}

/// Keeps a run's steps and answer text on its `RunControl` and tells the run's followers.
private struct RunObserver: DraftObserver {
    let run: RunControl
    let hub: EventHub

    func reached(_ stage: TaskStage, progress: Int, triage: TriageSummary?) async {
        if run.record(stage: stage, progress: progress, triage: triage), hub.isWatching(run.claimed.id) {
            hub.publish(run.current)
        }
    }

    func wrote(_ piece: String) async {
        run.write(piece)
        if hub.isWatching(run.claimed.id) { hub.publish(run.current) }
    }
}

extension TaskWrite {
    /// The task a run's write is about.
    var taskID: String? {
        switch self {
        case .finish(let task, _), .complete(let task, _, _, _): task.id
        case .insert, .claim, .progress: nil
        }
    }
}
