import Foundation
import Synchronization

/// One run of a task: the handle that stops it, why it was stopped, its deadline, and the progress
/// its workflow reports.
///
/// Progress is kept here, under a lock, rather than sent to the manager actor at every step: a run
/// of the local engine passes five steps in a few microseconds, and an actor hop per step was a
/// large part of a task's cost. The manager reads it when asked and merges it into the snapshot;
/// only runs someone subscribed to are pushed to the actor as they move.
final class RunControl: Sendable {
    enum StopReason: Sendable, Equatable {
        case cancelled
        case timedOut
        /// Shutdown past its grace period (or a forced stop): the task goes back to pending.
        case shutdown
        /// Its `running` transition could not be persisted.
        case storageFailed(String)
    }

    struct Progress: Sendable, Equatable {
        var stage: TaskStage
        var progress: Int
        var triage: TriageLevel?
    }

    private struct State {
        var reason: StopReason?
        var handle: Task<Void, Never>?
        var progress: Progress
        var watched: Bool
        /// The workflow has returned; only its final write is outstanding.
        var ended = false
    }

    let deadline: Date
    private let state: Mutex<State>

    init(deadline: Date, progressFloor: Int, watched: Bool) {
        self.deadline = deadline
        state = Mutex(State(
            progress: Progress(stage: .queued, progress: progressFloor, triage: nil), watched: watched))
    }

    var stopReason: StopReason? { state.withLock { $0.reason } }
    var progress: Progress { state.withLock { $0.progress } }
    var hasEnded: Bool { state.withLock { $0.ended } }
    /// Still going and not yet told to stop: what the timeout watchdog watches.
    var awaitsDeadline: Bool { state.withLock { $0.reason == nil && !$0.ended } }

    func markEnded() {
        state.withLock { $0.ended = true }
    }

    /// The task that runs the workflow; cancelled at once when the run was stopped already.
    func attach(_ handle: Task<Void, Never>) {
        let stopped = state.withLock { state in
            state.handle = handle
            return state.reason != nil
        }
        if stopped { handle.cancel() }
    }

    /// Stops the run (the workflow sees a cancelled task); the first reason given stands.
    func stop(_ reason: StopReason) {
        let handle = state.withLock { state -> Task<Void, Never>? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            return state.handle
        }
        handle?.cancel()
    }

    /// Pushes this run's steps to the manager from now on.
    func watch() {
        state.withLock { $0.watched = true }
    }

    /// Records a step: progress never goes back and stays below 100 until completed. Returns true
    /// when it changed something a subscriber is waiting to see.
    func record(stage: TaskStage, progress: Int, triage: TriageLevel?) -> Bool {
        state.withLock { state in
            let next = Progress(
                stage: stage, progress: min(max(state.progress.progress, progress), StageProgress.done - 1),
                triage: triage ?? state.progress.triage)
            guard next != state.progress else { return false }
            state.progress = next
            return state.watched
        }
    }
}

extension TaskSnapshot {
    /// This running task with the step its run has reached.
    func advanced(to progress: RunControl.Progress) -> TaskSnapshot {
        var task = self
        task.stage = progress.stage
        task.progress = max(task.progress, progress.progress)
        if let triage = progress.triage { task.triage = triage }
        return task
    }
}
