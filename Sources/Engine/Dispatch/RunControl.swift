import Foundation
import Synchronization

/// One run of a task on this node: the claim it runs under, the handle that stops it, why it was
/// stopped, its deadline, and the progress and answer text its workflow reports.
///
/// Progress is kept here, under a lock, rather than sent anywhere at every step: a run of the
/// local engine passes five steps in a few microseconds. Status reads merge it into the claimed
/// snapshot; the event hub is only told when someone follows the task; other nodes see it once
/// the progress reporter writes it to the store.
final class RunControl: Sendable {
    enum StopReason: Sendable, Equatable {
        case cancelled
        case timedOut
        /// Shutdown past its grace period (or a forced stop): the task goes back to pending.
        case shutdown
        /// The store no longer has this node holding the task: write nothing.
        case lostClaim
    }

    struct Progress: Sendable, Equatable {
        var stage: TaskStage
        var progress: Int
        var triage: TriageSummary?
        var answer: AnswerSoFar?
    }

    private struct State {
        var reason: StopReason?
        /// Cancels the task running the workflow.
        var cancelWork: (@Sendable () -> Void)?
        var progress: Progress
        /// The progress last written to the store, for other nodes.
        var reported: Progress
        /// The workflow has returned; only its final write is outstanding.
        var ended = false
    }

    /// The task as claimed: `running`, with this node and attempt.
    let claimed: TaskSnapshot
    let holder: ClaimToken
    let deadline: Date
    private let state: Mutex<State>

    init(claimed: TaskSnapshot, holder: ClaimToken, deadline: Date) {
        self.claimed = claimed
        self.holder = holder
        self.deadline = deadline
        let start = Progress(stage: claimed.stage, progress: claimed.progress, triage: claimed.triage, answer: nil)
        state = Mutex(State(progress: start, reported: start))
    }

    var stopReason: StopReason? { state.withLock { $0.reason } }
    var progress: Progress { state.withLock { $0.progress } }
    var hasEnded: Bool { state.withLock { $0.ended } }
    /// Still going and not yet told to stop: what the timeout watchdog watches.
    var awaitsDeadline: Bool { state.withLock { $0.reason == nil && !$0.ended } }
    /// The task as it is now.
    var current: TaskSnapshot { claimed.advanced(to: progress) }

    func markEnded() {
        state.withLock { $0.ended = true }
    }

    /// How to cancel the task that runs the workflow; called at once when the run was stopped already.
    func attach(cancel: @escaping @Sendable () -> Void) {
        let stopped = state.withLock { state in
            state.cancelWork = cancel
            return state.reason != nil
        }
        if stopped { cancel() }
    }

    /// Stops the run (the workflow sees a cancelled task); the first reason given stands.
    func stop(_ reason: StopReason) {
        let cancel = state.withLock { state -> (@Sendable () -> Void)? in
            guard state.reason == nil else { return nil }
            state.reason = reason
            return state.cancelWork
        }
        cancel?()
    }

    /// Records a step: progress never goes back and stays below 100 until completed; triage is
    /// only ever raised (a lower finding adds nothing). Returns true when it changed something.
    func record(stage: TaskStage, progress: Int, triage: TriageSummary?) -> Bool {
        state.withLock { state in
            let held = state.progress.triage
            let next = Progress(
                stage: stage, progress: min(max(state.progress.progress, progress), StageProgress.done - 1),
                triage: triage.map { held?.raised(by: $0) ?? $0 } ?? held, answer: state.progress.answer)
            guard next != state.progress else { return false }
            state.progress = next
            return true
        }
    }

    /// Adds the next piece of the answer.
    func write(_ piece: String) {
        state.withLock { state in
            state.progress.answer = state.progress.answer?.adding(piece) ?? AnswerSoFar(text: piece, seq: 1)
        }
    }

    /// The step to write for other nodes, when it moved since the last one written.
    func unreportedProgress() -> RunProgress? {
        state.withLock { state in
            guard !state.ended, state.progress != state.reported else { return nil }
            state.reported = state.progress
            return RunProgress(
                taskID: claimed.id, holder: holder, stage: state.progress.stage, progress: state.progress.progress,
                triage: state.progress.triage, answer: state.progress.answer)
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
        task.answerSoFar = progress.answer
        return task
    }
}
